import { describe, expect, test } from 'vitest'
import { normalizeConfig } from '../../src/core/config'
import { makeState, uniform } from '../../src/core/state'
import { buildReceipt, configHash, pageUrl, RECEIPT_SCHEMA } from '../../src/transport/receipt'

const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const ID = '3f2b8c1e-9d4a-4b6e-8f01-23456789abcd'
const base = {
  revision: 2,
  categories: {
    necessary: { title: 'Necessary', required: true },
    analytics: { title: 'Analytics', description: 'Counts visits', services: { ga: { title: 'GA' } } },
  },
}
const hashOf = (options: Record<string, unknown>) => configHash(normalizeConfig(options).config)

describe('pageUrl', () => {
  test('origin and path, no query, no fragment', () => {
    expect(pageUrl(new URL('https://shop.example.com/cart/checkout?email=a@b.c&token=x#step-2'))).toBe('https://shop.example.com/cart/checkout')
    expect(pageUrl(new URL('http://localhost:3000/'))).toBe('http://localhost:3000/')
  })

  test('works on window.location', () => {
    const url = pageUrl(location)
    expect(url).toBe(location.origin + location.pathname)
    expect(url).not.toContain('?')
    expect(url).not.toContain('#')
  })
})

describe('configHash', () => {
  test('8 lowercase hex digits, stable', () => {
    expect(hashOf(base)).toMatch(/^[0-9a-f]{8}$/)
    expect(hashOf(base)).toBe(hashOf(JSON.parse(JSON.stringify(base))))
  })

  test('changes with what the visitor was shown', () => {
    const h = hashOf(base)
    const variants = [
      { ...base, revision: 3 },
      { ...base, categories: { ...base.categories, analytics: { ...base.categories.analytics, title: 'Stats' } } },
      { ...base, categories: { ...base.categories, analytics: { ...base.categories.analytics, description: 'Counts visitors' } } },
      { ...base, categories: { ...base.categories, analytics: { ...base.categories.analytics, required: true } } },
      { ...base, categories: { ...base.categories, analytics: { ...base.categories.analytics, services: { ga: { title: 'Google Analytics' } } } } },
      { ...base, categories: { ...base.categories, analytics: { ...base.categories.analytics, services: { ga: { title: 'GA', description: 'x' } } } } },
      { ...base, categories: { ...base.categories, analytics: { ...base.categories.analytics, services: { ga4: { title: 'GA' } } } } },
      { ...base, categories: { ...base.categories, marketing: { title: 'Marketing' } } },
    ]
    const hashes = variants.map(hashOf)
    for (const v of hashes) expect(v).not.toBe(h)
    expect(new Set(hashes).size).toBe(hashes.length)
  })

  test('does not change with settings the visitor does not see', () => {
    const h = hashOf(base)
    expect(hashOf({ ...base, endpoint: '/api', cookie: { maxAgeDays: 10 }, lang: 'ko', theme: 'dark', googleConsentMode: false })).toBe(h)
  })
})

describe('buildReceipt', () => {
  const { config } = normalizeConfig(base)
  const state = makeState(config, uniform(config, true), 'accept-all', ID, Date.parse('2025-01-02T03:04:05.678Z'))

  test('fields', () => {
    const r = buildReceipt(state, config, 'https://example.com/page', 'ko')
    expect(r).toEqual({
      schema: 'consent-gate.receipt/1',
      receiptId: expect.stringMatching(UUID4),
      consentId: ID,
      revision: 2,
      categories: { necessary: true, analytics: true },
      services: { ga: true },
      method: 'accept-all',
      timestamp: '2025-01-02T03:04:05.000Z',
      url: 'https://example.com/page',
      language: 'ko',
      profile: 'eu',
      gpc: false,
      configHash: configHash(config),
    })
    expect(RECEIPT_SCHEMA).toBe('consent-gate.receipt/1')
  })

  test('the GPC flag and the re-confirmation date, when the state has them', () => {
    const { config: kr } = normalizeConfig({ ...base, profile: 'kr', categories: { ...base.categories, marketing: { title: 'Ads' } } })
    const s = makeState(kr, uniform(kr, true), 'accept-all', ID, Date.parse('2025-01-02T03:04:05Z'), true)
    const r = buildReceipt(s, kr, 'https://example.com/page', 'ko')
    expect([r.profile, r.gpc, r.reconfirm]).toEqual(['kr', true, '2027-01-02T03:04:05.000Z' /* 730 days later */])
  })

  test('each receipt has its own id', () => {
    const ids = new Set(Array.from({ length: 50 }, () => buildReceipt(state, config, 'u', 'en').receiptId))
    expect(ids.size).toBe(50)
    for (const id of ids) expect(id).not.toBe(ID)
  })

  test('the receipt survives JSON', () => {
    const r = buildReceipt(state, config, 'https://example.com/', 'en')
    expect(JSON.parse(JSON.stringify(r))).toEqual(r)
  })
})

describe('buildReceipt matches schema/receipt.schema.json', () => {
  test('exactly the required properties, each matching its pattern and type', async () => {
    const schema: any = (await import('../../schema/receipt.schema.json')).default
    const { config } = normalizeConfig(base)
    const state = makeState(config, uniform(config, false), 'reject-all', ID, Date.now())
    const r: Record<string, any> = buildReceipt(state, config, pageUrl(new URL('https://example.com/a?b=c')), 'en')
    // And the profile and GPC flag, optional in the schema (receipts of SDKs before profiles have neither).
    expect(Object.keys(r).sort()).toEqual([...schema.required, 'profile', 'gpc'].sort())
    for (const key of Object.keys(r)) {
      const p = schema.properties[key]
      expect(p, key).toBeDefined()
      if (p.const) expect(r[key]).toBe(p.const)
      if (p.type === 'string') expect(typeof r[key], key).toBe('string')
      if (p.type === 'integer') expect(Number.isInteger(r[key]), key).toBe(true)
      if (p.pattern) expect(r[key], key).toMatch(new RegExp(p.pattern))
      if (p.type === 'object') {
        for (const [k, v] of Object.entries(r[key])) {
          expect(k).toMatch(new RegExp(p.propertyNames.pattern))
          expect(typeof v).toBe('boolean')
        }
      }
    }
    expect(Number.isNaN(Date.parse(r.timestamp))).toBe(false)
    expect(r.timestamp.endsWith('.000Z')).toBe(true)
  })
})
