import { beforeEach, describe, expect, test } from 'vitest'
import { normalizeConfig } from '../../src/core/config'
import { makeState, uniform, applyChanges } from '../../src/core/state'
import { consentSignals, pushConsentDefault, pushConsentUpdate } from '../../src/integrations/google-consent-mode'

const TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage', 'security_storage']

function gcmOf(options: Record<string, unknown> = {}) {
  const { config, errors } = normalizeConfig(options)
  expect(errors).toEqual([])
  if (config.googleConsentMode === false) throw new Error('Consent Mode is off')
  return { config, gcm: config.googleConsentMode }
}

const { config, gcm } = gcmOf()
const ID = '3f2b8c1e-9d4a-4b6e-8f01-23456789abcd'
const stateOf = (changes: Record<string, boolean>) => makeState(config, applyChanges(config, uniform(config, false), changes).choices, 'custom', ID, Date.now())

describe('consentSignals', () => {
  test('undecided: all seven types, everything denied but security_storage', () => {
    const s = consentSignals(gcm, null)
    expect(Object.keys(s).sort()).toEqual([...TYPES].sort())
    expect(s).toEqual({
      ad_storage: 'denied',
      ad_user_data: 'denied',
      ad_personalization: 'denied',
      analytics_storage: 'denied',
      functionality_storage: 'denied',
      personalization_storage: 'denied',
      security_storage: 'granted',
    })
  })

  test('all granted', () => {
    const s = consentSignals(gcm, uniform(config, true))
    for (const t of TYPES) expect(s[t as keyof typeof s], t).toBe('granted')
  })

  test('all rejected: security_storage still granted', () => {
    const s = consentSignals(gcm, uniform(config, false))
    for (const t of TYPES) expect(s[t as keyof typeof s], t).toBe(t === 'security_storage' ? 'granted' : 'denied')
  })

  test('default mapping, category by category', () => {
    expect(consentSignals(gcm, stateOf({ analytics: true }))).toMatchObject({
      analytics_storage: 'granted',
      ad_storage: 'denied',
      functionality_storage: 'denied',
    })
    expect(consentSignals(gcm, stateOf({ marketing: true }))).toMatchObject({
      ad_storage: 'granted',
      ad_user_data: 'granted',
      ad_personalization: 'granted',
      analytics_storage: 'denied',
    })
    expect(consentSignals(gcm, stateOf({ personalization: true }))).toMatchObject({ personalization_storage: 'granted', ad_personalization: 'denied' })
    expect(consentSignals(gcm, stateOf({ functional: true }))).toMatchObject({ functionality_storage: 'granted', personalization_storage: 'denied' })
  })

  test('a custom mapping is used; a type mapped from two categories needs both', () => {
    const custom = gcmOf({ googleConsentMode: { mapping: { analytics: ['analytics_storage', 'ad_user_data'] } } }).gcm
    const choices = (c: Record<string, boolean>) => ({ categories: c, services: {} })
    // ad_user_data is mapped from analytics and (by default) marketing.
    expect(consentSignals(custom, choices({ analytics: true })).ad_user_data).toBe('denied')
    expect(consentSignals(custom, choices({ analytics: true })).analytics_storage).toBe('granted')
    expect(consentSignals(custom, choices({ marketing: true })).ad_user_data).toBe('denied')
    expect(consentSignals(custom, choices({ analytics: true, marketing: true })).ad_user_data).toBe('granted')
  })

  test('an unmapped type is denied even when everything is granted', () => {
    const custom = gcmOf({ googleConsentMode: { mapping: { functional: [] } } }).gcm
    const s = consentSignals(custom, uniform(config, true))
    expect(s.functionality_storage).toBe('denied')
    expect(s.analytics_storage).toBe('granted')
  })

  test('a custom category can drive a type (default mappings of categories the site does not have do not block it)', () => {
    const { config: c2, gcm: g2 } = gcmOf({
      categories: { necessary: { required: true }, stats: {} },
      googleConsentMode: { mapping: { stats: ['analytics_storage'] } },
    })
    expect(consentSignals(g2, uniform(c2, true)).analytics_storage).toBe('granted')
    expect(consentSignals(g2, uniform(c2, false)).analytics_storage).toBe('denied')
  })
})

describe('pushConsentDefault / pushConsentUpdate', () => {
  type W = Window & { dataLayer?: any[]; gtag?: (...args: unknown[]) => void }
  const w = window as W
  beforeEach(() => {
    delete w.dataLayer
    delete w.gtag
  })
  const isArguments = (x: unknown) => Object.prototype.toString.call(x) === '[object Arguments]'

  test('default without a state: one Arguments entry with all denied and wait_for_update', () => {
    pushConsentDefault(w, gcm, null)
    expect(w.dataLayer).toHaveLength(1)
    const entry = w.dataLayer![0]
    expect(isArguments(entry)).toBe(true)
    expect(Array.from(entry)).toEqual(['consent', 'default', { ...consentSignals(gcm, null), wait_for_update: 500 }])
  })

  test('waitForUpdate from the config', () => {
    const g = gcmOf({ googleConsentMode: { waitForUpdate: 1200 } }).gcm
    pushConsentDefault(w, g, null)
    expect(Array.from(w.dataLayer![0])[2]).toMatchObject({ wait_for_update: 1200 })
  })

  test('default with a stored state: default, then update, then the event object', () => {
    const state = stateOf({ analytics: true })
    pushConsentDefault(w, gcm, state)
    expect(w.dataLayer).toHaveLength(3)
    const [d, u, e] = w.dataLayer!
    expect(isArguments(d)).toBe(true)
    expect(isArguments(u)).toBe(true)
    expect(Array.from(d).slice(0, 2)).toEqual(['consent', 'default'])
    expect(Array.from(d)[2]).toMatchObject({ analytics_storage: 'denied' })
    expect(Array.from(u)).toEqual(['consent', 'update', consentSignals(gcm, state)])
    expect(Array.from(u)[2]).toMatchObject({ analytics_storage: 'granted', ad_storage: 'denied', security_storage: 'granted' })
    expect(isArguments(e)).toBe(false)
    expect(e).toEqual({ event: 'consent_gate_update', consentGate: state })
  })

  test('update carries all seven types, and null means all denied', () => {
    pushConsentUpdate(w, gcm, uniform(config, true) as any)
    pushConsentUpdate(w, gcm, null)
    const entries = w.dataLayer!
    expect(entries).toHaveLength(4)
    expect(Object.keys(Array.from(entries[0])[2] as object).sort()).toEqual([...TYPES].sort())
    expect(Object.values(Array.from(entries[0])[2] as object).every((v) => v === 'granted')).toBe(true)
    expect(entries[1]).toEqual({ event: 'consent_gate_update', consentGate: uniform(config, true) })
    expect(Array.from(entries[2])).toEqual(['consent', 'update', consentSignals(gcm, null)])
    expect(entries[3]).toEqual({ event: 'consent_gate_update', consentGate: null })
  })

  test('an existing dataLayer is appended to, not replaced', () => {
    const existing: any[] = [{ event: 'gtm.js' }]
    w.dataLayer = existing
    pushConsentDefault(w, gcm, null)
    expect(w.dataLayer).toBe(existing)
    expect(existing).toHaveLength(2)
    expect(existing[0]).toEqual({ event: 'gtm.js' })
  })

  test("the site's own gtag is reused", () => {
    const calls: unknown[][] = []
    w.dataLayer = []
    const siteGtag = (...args: unknown[]) => {
      calls.push(args)
    }
    w.gtag = siteGtag
    const state = stateOf({ marketing: true })
    pushConsentDefault(w, gcm, state)
    expect(w.gtag).toBe(siteGtag)
    expect(calls.map((c) => c.slice(0, 2))).toEqual([
      ['consent', 'default'],
      ['consent', 'update'],
    ])
    expect(calls[1][2]).toEqual(consentSignals(gcm, state))
    // The site's gtag decides what reaches the dataLayer; the event object is pushed directly.
    expect(w.dataLayer).toEqual([{ event: 'consent_gate_update', consentGate: state }])
  })

  test('a gtag is installed when missing and pushes Arguments objects', () => {
    pushConsentDefault(w, gcm, null)
    expect(typeof w.gtag).toBe('function')
    w.gtag!('event', 'x')
    expect(isArguments(w.dataLayer![1])).toBe(true)
    expect(Array.from(w.dataLayer![1])).toEqual(['event', 'x'])
  })
})

describe('regions, ads_data_redaction, url_passthrough', () => {
  type W = Window & { dataLayer?: any[]; gtag?: (...args: unknown[]) => void }
  const w = window as W
  beforeEach(() => {
    delete w.dataLayer
    delete w.gtag
  })
  const entries = () => w.dataLayer!.map((e) => Array.from(e as ArrayLike<unknown>))

  test('off by default: one default, no set calls', () => {
    pushConsentDefault(w, gcm, null)
    expect(entries()).toEqual([['consent', 'default', { ...consentSignals(gcm, null), wait_for_update: 500 }]])
  })

  test('a regional default per region, overriding the general signals, before the general default; then the set calls', () => {
    const g = gcmOf({
      googleConsentMode: {
        regions: { US: { analytics_storage: 'granted' }, 'US-CA': { ad_storage: 'granted' } },
        ads_data_redaction: true,
        url_passthrough: true,
      },
    }).gcm
    pushConsentDefault(w, g, stateOf({ analytics: true }))
    const base = consentSignals(g, null)
    const all = entries()
    expect(all.slice(0, 5)).toEqual([
      ['consent', 'default', { ...base, analytics_storage: 'granted', region: ['US'], wait_for_update: 500 }],
      ['consent', 'default', { ...base, ad_storage: 'granted', region: ['US-CA'], wait_for_update: 500 }],
      ['consent', 'default', { ...base, wait_for_update: 500 }],
      ['set', 'ads_data_redaction', true],
      ['set', 'url_passthrough', true],
    ])
    expect(all[5].slice(0, 2)).toEqual(['consent', 'update'])
  })

  test('a region may deny what an opt-out profile grants by default', () => {
    const { config: c, gcm: g } = gcmOf({ profile: 'us', googleConsentMode: { regions: { 'US-CA': { ad_storage: 'denied' } } } })
    const undecided = uniform(c, true)
    pushConsentDefault(w, g, null, undecided)
    const [regional, general] = entries()
    expect(regional[2]).toMatchObject({ ad_storage: 'denied', analytics_storage: 'granted', region: ['US-CA'] })
    expect(general[2]).toMatchObject({ ad_storage: 'granted' })
    expect(general[2]).not.toHaveProperty('region')
  })

  test.each([
    [{ regions: { 'us-ca': { ad_storage: 'granted' } } }, 'regions'],
    [{ regions: { USA: { ad_storage: 'granted' } } }, 'regions'],
    [{ regions: { 'US-CALI': { ad_storage: 'granted' } } }, 'regions'],
    [{ regions: { US: { ad_storage: 'yes' } } }, 'regions'],
    [{ regions: { US: { cookies: 'granted' } } }, 'regions'],
    [{ regions: { US: 'granted' } }, 'regions'],
    [{ regions: ['US'] }, 'regions'],
    [{ ads_data_redaction: 'true' }, 'ads_data_redaction'],
    [{ url_passthrough: 'yes' }, 'url_passthrough'],
    [{ url_passthrough: {} }, 'url_passthrough'],
    [{ mode: 'basik' }, 'mode'],
    [{ mode: true }, 'mode'],
  ])('%j is named and falls back to its default', (options, field) => {
    const { config: c, errors } = normalizeConfig({ googleConsentMode: options })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(new RegExp('^config\\.googleConsentMode\\.' + field + ': expected '))
    if (c.googleConsentMode === false) throw new Error('Consent Mode is off')
    pushConsentDefault(w, c.googleConsentMode, null)
    expect(entries()).toEqual([['consent', 'default', { ...consentSignals(gcm, null), wait_for_update: 500 }]])
  })

  test('valid region keys: a country, a subdivision of 1 to 3 letters or digits', () => {
    for (const key of ['DE', 'US-CA', 'ES-M', 'FR-75C', 'GB-ENG'])
      expect(normalizeConfig({ googleConsentMode: { regions: { [key]: {} } } }).errors, key).toEqual([])
  })
})
