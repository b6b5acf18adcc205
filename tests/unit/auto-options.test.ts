import { describe, expect, test } from 'vitest'
import { normalizeConfig, validateConfig } from '../../src/core/config'
import { asksAuto, autoOptions } from '../../src/auto/options'
import { compile } from '../../src/auto/auto-block'
import { storageLists } from '../../src/auto/storage'
import { GOOGLE_TAGS, VENDORS } from '../../src/auto/vendors'

/** What consent-gate.auto.js makes of the options, and what the page chunk's checks name. */
const read = (input: Record<string, unknown>) => {
  const { config, problems } = validateConfig(input)
  const [block, guard, storage, cookies] = autoOptions(config)
  return { config, block, guard, storage, cookies, named: problems.filter((p) => p[0] === 'auto').map((p) => p[1]) }
}

describe('autoBlock and cookieGuard are read the way that fails closed, and what is wrong is named', () => {
  test('absent or false: off, nothing named', () => {
    expect(read({})).toMatchObject({ block: null, guard: null, named: [] })
    expect(read({ autoBlock: false, cookieGuard: false })).toMatchObject({ block: null, guard: null, named: [] })
  })

  test('a mistyped value is on (the known vendors held, the guard on), and named', () => {
    expect(read({ autoBlock: 'yes', cookieGuard: 1 })).toMatchObject({ block: {}, guard: {}, named: ['autoBlock', 'cookieGuard'] })
  })

  test('a vendor is switched off only by false; a non-boolean is named and keeps it blocked', () => {
    const { block, named } = read({ autoBlock: { vendors: { hotjar: 'off', 'meta-pixel': false } } })
    expect(named).toEqual(['autoBlock.vendors'])
    const services = new Set(compile(block!).map((p) => p[3]))
    expect(services.has('hotjar')).toBe(true)
    expect(services.has('meta-pixel')).toBe(false)
  })

  test('unusable patterns are named and hold nothing a decision grants; the usable ones are used', () => {
    const patterns = [
      { match: 'cdn.example.com/track.js', category: 'analytics' },
      { match: 'not a host', category: 'analytics' },
      { match: 'stats.example.org', category: 5 },
      { match: 'ads.example.net', category: 'marketing', service: '__proto__' },
      'cdn.example.com',
    ]
    const { block, named } = read({ autoBlock: { patterns } })
    expect(named).toEqual(['autoBlock.patterns'])
    // The usable one is used; an unusable one either matches no URL or gates by an id no decision grants.
    const own = compile(block!).filter((p) => p[0].includes('example.') || p[0] === 'not a host')
    expect(own[0]).toEqual(['cdn.example.com', '/track.js', 'analytics', 'analytics'])
    expect(own.slice(1).map((p) => p[2])).toEqual(['analytics', 5, 'marketing'])
    expect(read({ autoBlock: { patterns: 'cdn.example.com' } }).named).toEqual(['autoBlock.patterns'])
  })

  test('cookieGuard.unclassified other than allow or drop is named; only "drop" drops', () => {
    expect(read({ cookieGuard: { unclassified: 'block' } })).toMatchObject({ guard: { unclassified: 'block' }, named: ['cookieGuard.unclassified'] })
    expect(read({ cookieGuard: { unclassified: 'drop' } }).named).toEqual([])
    // Only the string: a list holding it is not 'drop' to the guard, so it is named.
    expect(read({ cookieGuard: { unclassified: ['drop'] } })).toMatchObject({ guard: { unclassified: ['drop'] }, named: ['cookieGuard.unclassified'] })
  })

  test('a storage list keeps its usable keys; one that is not a list of names is named by its path', () => {
    const { config, storage, named } = read({
      categories: {
        analytics: { storage: ['_hj*', 3, ''], services: { hotjar: { storage: '_hj*' } } },
        marketing: { storage: ['_fb*'] },
      },
    })
    expect(storage).toBe(true)
    expect(storageLists(config)).toEqual({ analytics: ['_hj*'], marketing: ['_fb*'] })
    expect(named).toEqual(['categories.analytics.storage', 'categories.analytics.services.hotjar.storage'])
  })

  test('the sentence names the field and the docs', () => {
    expect(normalizeConfig({ autoBlock: { patterns: [{ match: '' }] } }).errors).toEqual([
      expect.stringMatching(/^config\.autoBlock\.patterns: expected .*docs\/auto-block\.md/),
    ])
  })
})

describe("the vendor table's Google tags", () => {
  test("are its first GOOGLE_TAGS rows: in Consent Mode's basic mode exactly their patterns wait for google", () => {
    expect(VENDORS.slice(0, GOOGLE_TAGS).map((row) => row.split(' ')[0])).toEqual(['google-analytics', 'google-tag-manager', 'google-ads'])
    const byService = (basic: boolean) =>
      new Set(
        compile({ vendors: { 'meta-pixel': false } }, basic)
          .filter((p) => p[2] === 'google')
          .map((p) => p[3]),
      )
    expect([...byService(true)]).toEqual(['google-analytics', 'google-tag-manager', 'google-ads'])
    expect(byService(false).size).toBe(0)
    // A site's own pattern keeps the category it names.
    expect(compile({ patterns: [{ match: 'example.com', category: 'analytics', service: 'google-analytics' }] }, true)[0][2]).toBe('analytics')
  })
})

describe('asksAuto: what makes the plain core release nothing', () => {
  test('autoBlock or cookieGuard of any value but absent or false', () => {
    expect([{}, { autoBlock: false }, { autoBlock: null, cookieGuard: false }].map(asksAuto)).toEqual([false, false, false])
    expect([{ autoBlock: true }, { autoBlock: 0 }, { cookieGuard: '' }, { cookieGuard: {} }].map(asksAuto)).toEqual([true, true, true, true])
  })
})
