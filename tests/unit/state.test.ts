import { describe, expect, test } from 'vitest'
import { normalizeConfig } from '../../src/core/config'
import { applyChanges, grantsDiffer, isRevocation, makeState, stateFromRecord, uniform } from '../../src/core/state'
import type { CookieRecord } from '../../src/storage/codec'

const { config } = normalizeConfig({
  revision: 3,
  cookie: { maxAgeDays: 10 },
  categories: {
    necessary: { required: true, services: { csrf: {} } },
    analytics: { services: { ga: {}, hotjar: {} } },
    marketing: { services: { pixel: {} } },
    functional: {},
  },
})
const ID = '3f2b8c1e-9d4a-4b6e-8f01-23456789abcd'
const NOW = Date.parse('2025-06-01T10:00:00.000Z')

describe('uniform', () => {
  test('all on', () => {
    expect(uniform(config, true)).toEqual({
      categories: { necessary: true, analytics: true, marketing: true, functional: true },
      services: { csrf: true, ga: true, hotjar: true, pixel: true },
    })
  })

  test('all off keeps required categories and their services on', () => {
    expect(uniform(config, false)).toEqual({
      categories: { necessary: true, analytics: false, marketing: false, functional: false },
      services: { csrf: true, ga: false, hotjar: false, pixel: false },
    })
  })
})

describe('applyChanges', () => {
  const off = uniform(config, false)
  const on = uniform(config, true)

  test('a category switched on takes its services along', () => {
    const { choices, unknown } = applyChanges(config, off, { analytics: true })
    expect(unknown).toEqual([])
    expect(choices.categories.analytics).toBe(true)
    expect(choices.services).toEqual({ csrf: true, ga: true, hotjar: true, pixel: false })
  })

  test('a category switched off takes its services along', () => {
    const { choices } = applyChanges(config, on, { analytics: false })
    expect(choices.categories.analytics).toBe(false)
    expect(choices.services).toEqual({ csrf: true, ga: false, hotjar: false, pixel: true })
  })

  test('a category switched on with one of its services named keeps that service as named', () => {
    const { choices } = applyChanges(config, off, { analytics: true, hotjar: false })
    expect(choices.categories.analytics).toBe(true)
    expect(choices.services.ga).toBe(true)
    expect(choices.services.hotjar).toBe(false)
    // Order of the keys does not matter.
    expect(applyChanges(config, off, { hotjar: false, analytics: true }).choices).toEqual(choices)
  })

  test('a service switched on switches its category on, its siblings stay off', () => {
    const { choices } = applyChanges(config, off, { ga: true })
    expect(choices.categories.analytics).toBe(true)
    expect(choices.services).toEqual({ csrf: true, ga: true, hotjar: false, pixel: false })
  })

  test('a service switched off leaves its category on', () => {
    const { choices } = applyChanges(config, on, { ga: false })
    expect(choices.categories.analytics).toBe(true)
    expect(choices.services.ga).toBe(false)
    expect(choices.services.hotjar).toBe(true)
  })

  test('a service cannot be granted while its category is denied', () => {
    for (const changes of [
      { analytics: false, ga: true },
      { ga: true, analytics: false },
      { analytics: false },
      { ga: true, hotjar: true, analytics: false },
    ]) {
      const { choices } = applyChanges(config, uniform(config, true), changes)
      for (const [sid, cat] of [
        ['ga', 'analytics'],
        ['hotjar', 'analytics'],
        ['pixel', 'marketing'],
      ])
        if (choices.services[sid]) expect(choices.categories[cat], JSON.stringify(changes) + ' ' + sid).toBe(true)
    }
  })

  test('a service switched on wins over its category switched off in the same change, whatever the key order', () => {
    const a = applyChanges(config, off, { analytics: false, ga: true }).choices
    const b = applyChanges(config, off, { ga: true, analytics: false }).choices
    expect(a.categories.analytics).toBe(true)
    expect(a.services.ga).toBe(true)
    expect(a.services.hotjar).toBe(false)
    expect(b).toEqual(a)
  })

  test('a granted service in the base is dropped when its category is denied', () => {
    const base = { categories: { ...off.categories }, services: { ...off.services, pixel: true } }
    expect(applyChanges(config, base, {}).choices.services.pixel).toBe(false)
  })

  test('required categories and their services stay on', () => {
    const { choices } = applyChanges(config, on, { necessary: false, csrf: false })
    expect(choices.categories.necessary).toBe(true)
    expect(choices.services.csrf).toBe(true)
  })

  test('unknown ids are returned and ignored', () => {
    const { choices, unknown } = applyChanges(config, off, { nope: true, analytics: true, 'also-nope': false })
    expect(unknown).toEqual(['nope', 'also-nope'])
    expect(Object.keys(choices.categories)).toEqual(['necessary', 'analytics', 'marketing', 'functional'])
    expect(Object.keys(choices.services)).toEqual(['csrf', 'ga', 'hotjar', 'pixel'])
  })

  test('ids inherited from Object.prototype are unknown, not categories', () => {
    const { choices, unknown } = applyChanges(config, off, { toString: true, constructor: true })
    expect(unknown).toEqual(['toString', 'constructor'])
    expect(choices).toEqual(off)
  })

  test('values are read as truthy / falsy', () => {
    const { choices } = applyChanges(config, off, { analytics: 1, marketing: 0 })
    expect(choices.categories.analytics).toBe(true)
    expect(choices.categories.marketing).toBe(false)
  })

  test('the base is not mutated', () => {
    const base = uniform(config, false)
    const copy = JSON.parse(JSON.stringify(base))
    applyChanges(config, base, { analytics: true, pixel: true })
    expect(base).toEqual(copy)
  })
})

describe('makeState', () => {
  test('whole seconds, expires = timestamp + maxAgeDays', () => {
    const s = makeState(config, uniform(config, true), 'accept-all', ID, NOW + 789)
    expect(s.timestamp).toBe('2025-06-01T10:00:00.000Z')
    expect(s.expires).toBe('2025-06-11T10:00:00.000Z')
    expect(s.id).toBe(ID)
    expect(s.revision).toBe(3)
    expect(s.method).toBe('accept-all')
    expect(s.categories).toEqual(uniform(config, true).categories)
    expect(s.services).toEqual(uniform(config, true).services)
  })

  test('fractional maxAgeDays gives whole seconds', () => {
    const half = normalizeConfig({ cookie: { maxAgeDays: 0.5 } }).config
    const s = makeState(half, uniform(half, false), 'reject-all', ID, NOW)
    expect(Date.parse(s.expires) - Date.parse(s.timestamp)).toBe(12 * 3600 * 1000)
  })
})

describe('stateFromRecord', () => {
  const record = (over: Partial<CookieRecord> = {}): CookieRecord => ({
    id: ID,
    revision: 3,
    method: 'custom',
    timestamp: NOW - 86400e3,
    expires: NOW + 86400e3,
    categories: { necessary: true, analytics: true, marketing: false, functional: false },
    services: { csrf: true, ga: true, hotjar: false, pixel: false },
    profile: 'eu',
    gpc: false,
    ...over,
  })

  test('a valid record becomes the state', () => {
    expect(stateFromRecord(config, record(), NOW)).toEqual({
      id: ID,
      revision: 3,
      method: 'custom',
      timestamp: '2025-05-31T10:00:00.000Z',
      expires: '2025-06-02T10:00:00.000Z',
      categories: { necessary: true, analytics: true, marketing: false, functional: false },
      services: { csrf: true, ga: true, hotjar: false, pixel: false },
      profile: 'eu',
      gpc: false,
    })
  })

  test('a decision made under an opt-out profile does not count where consent is asked for', () => {
    expect(stateFromRecord(config, record({ profile: 'us' }), NOW)).toBeNull()
    expect(stateFromRecord(config, record({ profile: 'none' }), NOW)).toBeNull()
    expect(stateFromRecord(config, record({ profile: 'uk' }), NOW)).not.toBeNull()
  })

  test('a marketing consent due for re-confirmation is denied, with its services; the rest stands', () => {
    const s = stateFromRecord(config, record({ categories: { analytics: true, marketing: true }, services: { pixel: true }, reconfirm: NOW - 1000 }), NOW)
    expect(s && [s.categories.marketing, s.services.pixel, s.categories.analytics, s.reconfirm]).toEqual([false, false, true, undefined])
  })

  test('null record → null', () => {
    expect(stateFromRecord(config, null, NOW)).toBeNull()
  })

  test('another revision → null', () => {
    expect(stateFromRecord(config, record({ revision: 2 }), NOW)).toBeNull()
    expect(stateFromRecord(config, record({ revision: 4 }), NOW)).toBeNull()
  })

  test('expired → null, including exactly at expiry', () => {
    expect(stateFromRecord(config, record({ expires: NOW - 1000 }), NOW)).toBeNull()
    expect(stateFromRecord(config, record({ expires: NOW }), NOW)).toBeNull()
    expect(stateFromRecord(config, record({ expires: NOW + 1000 }), NOW)).not.toBeNull()
  })

  test('timestamp in the future (beyond a day of clock skew) → null', () => {
    expect(stateFromRecord(config, record({ timestamp: NOW + 2 * 86400e3, expires: NOW + 10 * 86400e3 }), NOW)).toBeNull()
    expect(stateFromRecord(config, record({ timestamp: NOW + 60e3 }), NOW)).not.toBeNull()
  })

  test('expires not after timestamp → null', () => {
    expect(stateFromRecord(config, record({ timestamp: NOW + 3600e3, expires: NOW + 3600e3 }), NOW)).toBeNull()
  })

  test('a category missing from the record is denied, with its services', () => {
    const s = stateFromRecord(config, record({ categories: { necessary: true, analytics: true }, services: { ga: true, pixel: true } }), NOW)!
    expect(s.categories).toEqual({ necessary: true, analytics: true, marketing: false, functional: false })
    expect(s.services).toEqual({ csrf: true, ga: true, hotjar: false, pixel: false })
  })

  test('required categories are on even when the record says otherwise', () => {
    const s = stateFromRecord(config, record({ categories: { necessary: false } }), NOW)!
    expect(s.categories.necessary).toBe(true)
    expect(s.services.csrf).toBe(true)
  })

  test('a service granted under a denied category is denied', () => {
    const s = stateFromRecord(config, record({ categories: { analytics: false }, services: { ga: true } }), NOW)!
    expect(s.services.ga).toBe(false)
  })

  test('unknown ids in the record are dropped', () => {
    const s = stateFromRecord(config, record({ categories: { analytics: true, retired: true }, services: { ga: true, oldtool: true } }), NOW)!
    expect(Object.keys(s.categories)).toEqual(['necessary', 'analytics', 'marketing', 'functional'])
    expect(Object.keys(s.services)).toEqual(['csrf', 'ga', 'hotjar', 'pixel'])
  })
})

describe('isRevocation', () => {
  const off = uniform(config, false)
  const on = uniform(config, true)

  test('granting more is not a revocation', () => {
    expect(isRevocation(off, on)).toBe(false)
    expect(isRevocation(off, off)).toBe(false)
    expect(isRevocation(on, on)).toBe(false)
  })

  test('withdrawing a category or a service is', () => {
    expect(isRevocation(on, off)).toBe(true)
    expect(isRevocation(on, applyChanges(config, on, { ga: false }).choices)).toBe(true)
    expect(isRevocation(on, applyChanges(config, on, { functional: false }).choices)).toBe(true)
  })

  test('swapping one grant for another is', () => {
    const a = applyChanges(config, off, { analytics: true }).choices
    const b = applyChanges(config, off, { marketing: true }).choices
    expect(isRevocation(a, b)).toBe(true)
  })
})

describe('grantsDiffer', () => {
  const off = uniform(config, false)
  const on = uniform(config, true)

  test('same grants → false; different → true', () => {
    expect(grantsDiffer(off, uniform(config, false))).toBe(false)
    expect(grantsDiffer(on, uniform(config, true))).toBe(false)
    expect(grantsDiffer(off, on)).toBe(true)
    expect(grantsDiffer(on, applyChanges(config, on, { hotjar: false }).choices)).toBe(true)
  })

  test('a category and a service of the same name are not confused', () => {
    expect(grantsDiffer({ categories: { a: true }, services: {} }, { categories: {}, services: { a: true } })).toBe(true)
  })

  test('denied entries do not count, only grants', () => {
    expect(grantsDiffer({ categories: { a: true, b: false }, services: {} }, { categories: { a: true }, services: { x: false } })).toBe(false)
  })

  test('key order does not matter', () => {
    expect(
      grantsDiffer({ categories: { a: true, b: true }, services: { x: true, y: true } }, { categories: { b: true, a: true }, services: { y: true, x: true } }),
    ).toBe(false)
  })
})
