import { describe, expect, test } from 'vitest'
import { DEFAULTS, isSafeUrl, normalizeConfig } from '../../src/core/config'

describe('normalizeConfig: defaults', () => {
  test('no input gives the full default config and no errors', () => {
    const { config, errors } = normalizeConfig(undefined)
    expect(errors).toEqual([])
    expect(Object.keys(config.categories)).toEqual(['necessary', 'functional', 'analytics', 'personalization', 'marketing'])
    expect(config.categories.necessary.required).toBe(true)
    expect(config.categories.analytics.required).toBe(false)
    expect(config.revision).toBe(1)
    expect(config.cookie).toEqual({ name: 'consent_gate', domain: undefined, path: '/', sameSite: 'Lax', maxAgeDays: 182 })
    expect(config.endpoint).toBeUndefined()
    expect(config.policyUrl).toBeUndefined()
    expect(config.lang).toBe('auto')
    expect(config.reloadOnRevoke).toBe(true)
    expect(config.extra).toEqual({})
    expect(config.googleConsentMode).not.toBe(false)
    if (config.googleConsentMode === false) throw new Error('unreachable')
    expect(config.googleConsentMode.mapping).toEqual(DEFAULTS.consentModeMapping)
    expect(config.googleConsentMode.waitForUpdate).toBe(500)
  })

  test('null and an empty object are the same as no input', () => {
    expect(normalizeConfig(null)).toEqual(normalizeConfig(undefined))
    expect(normalizeConfig({})).toEqual(normalizeConfig(undefined))
  })

  test.each([['a string'], [42], [true], [[1, 2]]])('non-object input %j gives one error and the defaults', (input) => {
    const { config, errors } = normalizeConfig(input)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^config: expected an object/)
    expect(config).toEqual(normalizeConfig(undefined).config)
  })

  test('normalizing does not mutate DEFAULTS', () => {
    const before = JSON.stringify(DEFAULTS)
    const { config } = normalizeConfig({ googleConsentMode: { mapping: { analytics: [] } } })
    ;(config.categories as any).necessary.required = false
    normalizeConfig({ categories: {} })
    expect(JSON.stringify(DEFAULTS)).toBe(before)
  })
})

describe('normalizeConfig: valid input is kept', () => {
  test('every known field', () => {
    const { config, errors } = normalizeConfig({
      categories: {
        necessary: { title: 'Necessary', required: true, cookies: ['sid'] },
        stats: { title: 'Stats', description: 'd', cookies: ['_ga*', { name: '_gid', purpose: 'x' }], services: { ga: { title: 'GA' } } },
      },
      revision: 3,
      cookie: { name: 'my.cookie', domain: '.example.com', path: '/app', sameSite: 'Strict', maxAgeDays: 30 },
      endpoint: 'https://api.example.com/consents',
      googleConsentMode: { waitForUpdate: 0 },
      lang: 'ko-KR',
      policyUrl: '/privacy',
      reloadOnRevoke: false,
    })
    expect(errors).toEqual([])
    expect(Object.keys(config.categories)).toEqual(['necessary', 'stats'])
    expect(config.categories.stats.services!.ga.title).toBe('GA')
    expect(config.categories.stats.cookies).toEqual(['_ga*', { name: '_gid', purpose: 'x' }])
    expect(config.revision).toBe(3)
    expect(config.cookie).toEqual({ name: 'my.cookie', domain: '.example.com', path: '/app', sameSite: 'Strict', maxAgeDays: 30 })
    expect(config.endpoint).toBe('https://api.example.com/consents')
    expect(config.lang).toBe('ko-KR')
    expect(config.policyUrl).toBe('/privacy')
    expect(config.reloadOnRevoke).toBe(false)
    expect(config.googleConsentMode && config.googleConsentMode.waitForUpdate).toBe(0)
  })

  test('revision 0 is valid', () => {
    const { config, errors } = normalizeConfig({ revision: 0 })
    expect(errors).toEqual([])
    expect(config.revision).toBe(0)
  })

  test('a category title defaults to its id', () => {
    const { config, errors } = normalizeConfig({ categories: { stats: {} } })
    expect(errors).toEqual([])
    expect(config.categories.stats.title).toBe('stats')
    expect(config.categories.stats.required).toBe(false)
  })

  test('googleConsentMode: false turns it off', () => {
    const { config, errors } = normalizeConfig({ googleConsentMode: false })
    expect(errors).toEqual([])
    expect(config.googleConsentMode).toBe(false)
  })

  test('floatingButton is validated and kept for the UI in config.extra', () => {
    const { config, errors } = normalizeConfig({ floatingButton: true })
    expect(errors).toEqual([])
    expect(config.extra).toEqual({ floatingButton: true })
  })

  test('extra keys go to config.extra, known ones do not', () => {
    const texts = { en: { title: 'Cookies' } }
    const { config, errors } = normalizeConfig({ texts, theme: 'dark', revision: 2 })
    expect(errors).toEqual([])
    expect(config.extra).toEqual({ texts, theme: 'dark' })
    expect(config.extra.texts).toBe(texts)
    expect('texts' in config).toBe(false)
  })
})

describe('normalizeConfig: each invalid field gives one error naming it and falls back', () => {
  const defaults = normalizeConfig(undefined).config

  test.each([
    [{ revision: -1 }, 'config.revision: expected', (c: any) => c.revision, 1],
    [{ revision: 1.5 }, 'config.revision: expected', (c: any) => c.revision, 1],
    [{ revision: '2' }, 'config.revision: expected', (c: any) => c.revision, 1],
    [{ cookie: { maxAgeDays: 0 } }, 'config.cookie.maxAgeDays: expected', (c: any) => c.cookie.maxAgeDays, 182],
    [{ cookie: { maxAgeDays: 401 } }, 'config.cookie.maxAgeDays: expected', (c: any) => c.cookie.maxAgeDays, 182],
    [{ cookie: { maxAgeDays: '30' } }, 'config.cookie.maxAgeDays: expected', (c: any) => c.cookie.maxAgeDays, 182],
    [{ cookie: { name: 'bad name;' } }, 'config.cookie.name: expected', (c: any) => c.cookie.name, 'consent_gate'],
    [{ cookie: { domain: 'exa mple.com' } }, 'config.cookie.domain: expected', (c: any) => c.cookie.domain, undefined],
    [{ cookie: { path: 'app' } }, 'config.cookie.path: expected', (c: any) => c.cookie.path, '/'],
    [{ cookie: { sameSite: 'sometimes' } }, 'config.cookie.sameSite: expected', (c: any) => c.cookie.sameSite, 'Lax'],
    [{ cookie: 'x' }, 'config.cookie: expected', (c: any) => c.cookie.name, 'consent_gate'],
    [{ endpoint: 'javascript:alert(1)' }, 'config.endpoint: expected', (c: any) => c.endpoint, undefined],
    [{ endpoint: 42 }, 'config.endpoint: expected', (c: any) => c.endpoint, undefined],
    [{ policyUrl: 'data:text/html,hi' }, 'config.policyUrl: expected', (c: any) => c.policyUrl, undefined],
    [{ lang: 'english please' }, 'config.lang: expected', (c: any) => c.lang, 'auto'],
    [{ reloadOnRevoke: 'no' }, 'config.reloadOnRevoke: expected', (c: any) => c.reloadOnRevoke, true],
    // Named, and kept as given: the UI turns the button on only for `true`.
    [{ floatingButton: 'yes' }, 'config.floatingButton: expected', (c: any) => c.extra.floatingButton, 'yes'],
    [{ googleConsentMode: 'yes' }, 'config.googleConsentMode: expected', (c: any) => c.googleConsentMode.waitForUpdate, 500],
    [{ googleConsentMode: { waitForUpdate: -5 } }, 'config.googleConsentMode.waitForUpdate: expected', (c: any) => c.googleConsentMode.waitForUpdate, 500],
    [{ googleConsentMode: { waitForUpdate: 60001 } }, 'config.googleConsentMode.waitForUpdate: expected', (c: any) => c.googleConsentMode.waitForUpdate, 500],
    [
      { googleConsentMode: { mapping: { analytics: ['bogus_storage'] } } },
      'config.googleConsentMode.mapping: expected',
      (c: any) => c.googleConsentMode.mapping,
      DEFAULTS.consentModeMapping,
    ],
    [
      { googleConsentMode: { mapping: { nosuchcat: ['ad_storage'] } } },
      'config.googleConsentMode.mapping: expected',
      (c: any) => c.googleConsentMode.mapping,
      DEFAULTS.consentModeMapping,
    ],
    [
      { googleConsentMode: { mapping: { analytics: 'analytics_storage' } } },
      'config.googleConsentMode.mapping: expected',
      (c: any) => c.googleConsentMode.mapping,
      DEFAULTS.consentModeMapping,
    ],
    [{ categories: [] }, 'config.categories: expected', (c: any) => Object.keys(c.categories), Object.keys(DEFAULTS.categories)],
    [{ categories: {} }, 'config.categories: expected', (c: any) => Object.keys(c.categories), Object.keys(DEFAULTS.categories)],
  ])('%j', (input, message, pick, fallback) => {
    const { config, errors } = normalizeConfig(input)
    expect(errors).toHaveLength(1)
    expect(errors[0].startsWith(message)).toBe(true)
    expect(pick(config)).toEqual(fallback)
    // Nothing else is affected.
    expect(config.categories).toEqual(defaults.categories)
  })

  test('sameSite is case-normalized', () => {
    expect(normalizeConfig({ cookie: { sameSite: 'NONE' } }).config.cookie.sameSite).toBe('None')
    expect(normalizeConfig({ cookie: { sameSite: 'lax' } }).config.cookie.sameSite).toBe('Lax')
  })

  test('several invalid fields give one error each, the valid ones are kept', () => {
    const { config, errors } = normalizeConfig({ revision: 'x', endpoint: 'javascript:void 0', lang: 'fr', cookie: { maxAgeDays: -1, name: 'ok' } })
    expect(errors).toHaveLength(3)
    expect(errors.some((e) => e.startsWith('config.revision:'))).toBe(true)
    expect(errors.some((e) => e.startsWith('config.endpoint:'))).toBe(true)
    expect(errors.some((e) => e.startsWith('config.cookie.maxAgeDays:'))).toBe(true)
    expect(config.lang).toBe('fr')
    expect(config.cookie.name).toBe('ok')
  })
})

describe('normalizeConfig: categories and services', () => {
  test('a category with a bad id or a non-object value is dropped with an error', () => {
    const { config, errors } = normalizeConfig({ categories: { 'bad id': { title: 'x' }, stats: 'nope', ok: { title: 'OK' } } })
    expect(Object.keys(config.categories)).toEqual(['ok'])
    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatch(/^config\.categories\.bad id: .*dropped/)
    expect(errors[1]).toMatch(/^config\.categories\.stats: .*dropped/)
  })

  test('when every category is dropped the defaults are used', () => {
    const { config, errors } = normalizeConfig({ categories: { 'a b': {} } })
    expect(errors).toHaveLength(1)
    expect(Object.keys(config.categories)).toEqual(Object.keys(DEFAULTS.categories))
  })

  test('invalid category fields fall back with an error naming the path', () => {
    const { config, errors } = normalizeConfig({ categories: { stats: { title: 5, required: 'yes', cookies: ['a b'], description: {} } } })
    expect(errors).toHaveLength(4)
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^config\.categories\.stats\.title: expected/),
        expect.stringMatching(/^config\.categories\.stats\.required: expected/),
        expect.stringMatching(/^config\.categories\.stats\.cookies: expected/),
        expect.stringMatching(/^config\.categories\.stats\.description: expected/),
      ]),
    )
    expect(config.categories.stats.title).toBe('stats')
    expect(config.categories.stats.required).toBe(false)
    expect(config.categories.stats.cookies).toBeUndefined()
    expect(config.categories.stats.description).toBeUndefined()
  })

  test.each([['with space'], ['semi;colon'], ['mid*star'], ['eq=ual'], ['']])('cookie name %j is rejected', (name) => {
    const { errors } = normalizeConfig({ categories: { stats: { cookies: [name] } } })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^config\.categories\.stats\.cookies: expected/)
  })

  test('invalid service fields name the service path', () => {
    const { config, errors } = normalizeConfig({ categories: { stats: { services: { ga: { title: 1 }, 'bad id': {} } } } })
    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatch(/^config\.categories\.stats\.services\.ga\.title: expected/)
    expect(errors[1]).toMatch(/^config\.categories\.stats\.services\.bad id: .*dropped/)
    expect(Object.keys(config.categories.stats.services!)).toEqual(['ga'])
    expect(config.categories.stats.services!.ga.title).toBe('ga')
  })

  test('services that is not an object gives an error and no services', () => {
    const { config, errors } = normalizeConfig({ categories: { stats: { services: ['ga'] } } })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^config\.categories\.stats\.services: expected/)
    expect(Object.keys(config.categories.stats.services || {})).toEqual([])
  })

  test('a service id colliding with a category declared after it is dropped', () => {
    const { config, errors } = normalizeConfig({
      categories: { stats: { services: { marketing: { title: 'M' }, ga: { title: 'GA' } } }, marketing: { title: 'Marketing' } },
    })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^config\.categories\.stats\.services\.marketing: .*dropped/)
    expect(Object.keys(config.categories.stats.services!)).toEqual(['ga'])
    expect(config.categories.marketing.title).toBe('Marketing')
  })

  test('a service id colliding with a category declared before it is dropped', () => {
    const { config, errors } = normalizeConfig({ categories: { stats: {}, ads: { services: { stats: { title: 'S' } } } } })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^config\.categories\.ads\.services\.stats: .*dropped/)
    expect(Object.keys(config.categories.ads.services || {})).toEqual([])
    expect(config.categories.stats.title).toBe('stats')
  })

  test('the same service id in two categories is kept only once', () => {
    const { config, errors } = normalizeConfig({ categories: { a: { services: { x: {} } }, b: { services: { x: {} } } } })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^config\.categories\.b\.services\.x: /)
    expect(Object.keys(config.categories.a.services!)).toEqual(['x'])
    expect(Object.keys(config.categories.b.services || {})).toEqual([])
  })
})

// `__proto__`, `constructor` and `prototype` are refused (see hostile-input.test.ts); other names
// of Object.prototype members are ordinary ids.
test('ids that are also names of Object.prototype members are ordinary ids', () => {
  const { config, errors } = normalizeConfig({ categories: { necessary: { required: true }, valueOf: { services: { toString: {}, hasOwnProperty: {} } } } })
  expect(errors).toEqual([])
  expect(Object.keys(config.categories)).toEqual(['necessary', 'valueOf'])
  expect(Object.keys((config.categories as any).valueOf.services || {})).toEqual(['toString', 'hasOwnProperty'])
})

describe('normalizeConfig: Google Consent Mode mapping', () => {
  test('a user mapping is merged over the defaults', () => {
    const { config, errors } = normalizeConfig({ googleConsentMode: { mapping: { analytics: ['analytics_storage', 'ad_user_data'] } } })
    expect(errors).toEqual([])
    if (config.googleConsentMode === false) throw new Error('unreachable')
    expect(config.googleConsentMode.mapping).toEqual({ ...DEFAULTS.consentModeMapping, analytics: ['analytics_storage', 'ad_user_data'] })
    expect(config.googleConsentMode.mapping.marketing).toEqual(['ad_storage', 'ad_user_data', 'ad_personalization'])
  })

  test('[] unmaps one category, a custom category can be mapped', () => {
    const { config, errors } = normalizeConfig({
      categories: { necessary: { required: true }, marketing: {}, stats: {} },
      googleConsentMode: { mapping: { marketing: [], stats: ['analytics_storage'] } },
    })
    expect(errors).toEqual([])
    if (config.googleConsentMode === false) throw new Error('unreachable')
    expect(config.googleConsentMode.mapping.marketing).toEqual([])
    expect(config.googleConsentMode.mapping.stats).toEqual(['analytics_storage'])
  })

  test('googleConsentMode: true uses the defaults', () => {
    const { config } = normalizeConfig({ googleConsentMode: true })
    if (config.googleConsentMode === false) throw new Error('unreachable')
    expect(config.googleConsentMode.mapping).toEqual(DEFAULTS.consentModeMapping)
    expect(config.googleConsentMode.waitForUpdate).toBe(500)
  })
})

describe('isSafeUrl', () => {
  test.each([['https://example.com/a'], ['http://example.com'], ['HTTPS://EXAMPLE.COM'], ['/api/consents'], ['consents'], ['//cdn.example.com/x'], ['?q=1']])(
    'accepts %j',
    (url) => expect(isSafeUrl(url)).toBe(true),
  )

  test.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)'],
    ['  javascript:alert(1)'],
    ['data:text/html,x'],
    ['vbscript:x'],
    ['ftp://example.com'],
    [''],
    ['   '],
    [null],
    [undefined],
    [42],
    [{}],
  ])('rejects %j', (url) => expect(isSafeUrl(url)).toBe(false))
})

describe('isSafeUrl agrees with how a browser parses the URL', () => {
  // The WHATWG URL parser strips ASCII tab and newline anywhere in the input and C0 controls at
  // its ends, so these are javascript: URLs once they reach an `href` or a `fetch`.
  const sneaky = ['java\tscript:alert(1)', 'java\nscript:alert(1)', 'javascript\r:alert(1)', '\x01javascript:alert(1)', '\x00javascript:alert(1)']

  test.each(sneaky.map((s) => [s]))('rejects %j, which the URL parser reads as javascript:', (url) => {
    expect(new URL(url, 'https://example.com/').protocol).toBe('javascript:')
    expect(isSafeUrl(url)).toBe(false)
  })

  test.each(sneaky.map((s) => [s]))('normalizeConfig drops policyUrl %j with an error', (url) => {
    const { config, errors } = normalizeConfig({ policyUrl: url, endpoint: url })
    expect(config.policyUrl).toBeUndefined()
    expect(config.endpoint).toBeUndefined()
    expect(errors).toHaveLength(2)
  })
})

describe('normalizeConfig: profiles', () => {
  const notice = { purpose: 'p', items: 'i', retention: 'r', refusalConsequence: 'c' }
  test('eu by default; each profile is kept; anything else is named and falls back to eu', () => {
    expect(normalizeConfig({}).config.profile).toBe('eu')
    for (const profile of ['eu', 'uk', 'kr', 'us', 'none']) expect(normalizeConfig({ profile }).config.profile).toBe(profile)
    const { config, errors } = normalizeConfig({ profile: 'ccpa' })
    expect(config.profile).toBe('eu')
    expect(errors).toEqual(['config.profile: expected "eu", "uk", "kr", "us" or "none"'])
  })
  test('kr names each non-required category and each missing PIPA field; recipients only where there are services', () => {
    const { errors } = normalizeConfig({
      profile: 'kr',
      categories: {
        necessary: { required: true },
        analytics: { ...notice, items: '' },
        marketing: { purpose: 'p', items: 'i', retention: 'r', services: { ads: {} } },
        functional: notice,
      },
    })
    expect(errors).toEqual([
      'config.categories.analytics.items: expected a string (the kr profile requires the PIPA notice)',
      'config.categories.marketing.refusalConsequence: expected a string (the kr profile requires the PIPA notice)',
      'config.categories.marketing.recipients: expected a string (the kr profile requires the PIPA notice)',
    ])
  })
  test('kr never bundles marketing into the required purposes: it falls back to not required, named', () => {
    const { config, errors } = normalizeConfig({
      profile: 'kr',
      categories: { necessary: { required: true }, marketing: { ...notice, required: true } },
    })
    expect(config.categories.marketing.required).toBe(false)
    expect(errors).toEqual(['config.categories.marketing.required: expected false: under the kr profile marketing is a consent of its own'])
    // Outside kr a site may still make it required.
    expect(normalizeConfig({ categories: { marketing: { required: true } } }).config.categories.marketing.required).toBe(true)
  })
  test('kr speaks Korean unless the site chose a language', () => {
    expect(normalizeConfig({ profile: 'kr', categories: { necessary: { required: true } } }).config.lang).toBe('ko')
    expect(normalizeConfig({ profile: 'kr', lang: 'en', categories: { necessary: { required: true } } }).config.lang).toBe('en')
    expect(normalizeConfig({ profile: 'us' }).config.lang).toBe('auto')
  })
})
