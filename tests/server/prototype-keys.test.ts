import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { seal } from '../../log-server/src/chain'
import type { NewRecord } from '../../log-server/src/store/store'
import { KEY, STORES, admin, receipt, testApp, type TestApp } from './support/stores'

/**
 * Issue #8, item 1: ids chosen by a visitor (category and service ids, method, profile) are keys of
 * the statistics and of stored JSON. A key such as `__proto__` must never reach Object.prototype of
 * the server process (which would make every later receipt a 400), and keys named like
 * Object.prototype's members (`constructor`, `toString`) must be counted like any other.
 */
const POLLUTED = ['granted', 'decisions', 'optInRate']

/** Whatever a failing run wrote onto Object.prototype goes again, so later tests are not poisoned. */
function cleanPrototype() {
  for (const k of POLLUTED) delete (Object.prototype as any)[k]
}

describe.each(STORES)('keys named like Object.prototype members on %s', (kind) => {
  let t: TestApp
  beforeEach(async () => {
    t = await testApp(kind)
  })
  afterEach(async () => {
    cleanPrototype()
    await t.close()
  })

  const post = (body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/api/consents',
      headers: { 'content-type': 'application/json' },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    })
  // The whole of today (UTC): the default range ends at "now", which excludes a record received at that instant.
  const stats = () => {
    const day = new Date(t.clock.now).toISOString().slice(0, 10)
    return t.app.inject({ method: 'GET', url: `/api/stats?from=${day}&to=${day}`, headers: admin })
  }

  test.each([
    ['a category', '__proto__', 'categories'],
    ['a category', 'constructor', 'categories'],
    ['a category', 'prototype', 'categories'],
    ['a service', '__proto__', 'services'],
    ['a service', 'constructor', 'services'],
    ['a service', 'prototype', 'services'],
  ])('%s id %s is refused with a 400 naming the field', async (_what, id, where) => {
    // Written as text: an object literal with `__proto__` would set a prototype, not a key.
    const r = receipt()
    const body = JSON.stringify(r).replace(`"${where}":{`, `"${where}":{"${id}":true${where === 'services' ? '' : ','}`)
    expect(JSON.parse(body)[where]).toHaveProperty([id])
    const res = await post(body)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'invalid_receipt', field: `${where}.${id}` })
    expect((await t.app.inject({ method: 'GET', url: `/api/consents/${r.consentId}` })).statusCode).toBe(404)
  })

  test('a record stored by an older version with __proto__ and constructor ids neither pollutes nor breaks the log', async () => {
    // Straight into the store, as a version without the schema's refusal would have stored it.
    const parsed = JSON.parse('{"__proto__": true, "constructor": false, "analytics": true}')
    const record: NewRecord = {
      receiptId: receipt().receiptId,
      consentId: receipt().consentId,
      revision: 1,
      method: '__proto__',
      categories: parsed,
      services: JSON.parse('{"__proto__": false, "constructor": true}'),
      timestamp: new Date().toISOString(),
      url: 'https://shop.example/',
      language: 'en',
      configHash: 'a1b2c3d4',
      profile: '__proto__',
      ip: null,
      userAgent: null,
    }
    const out = await t.fresh.store.insert(record, (prev, s) => seal(KEY, prev, s), t.clock.now)
    expect(out.status).toBe('created')

    const res = await stats()
    expect(res.statusCode).toBe(200)
    // Nothing reached the prototype of every object in the process.
    for (const k of POLLUTED) expect(({} as any)[k], k).toBeUndefined()
    const s = res.json()
    expect(s.total.categories).toEqual({
      ['__proto__']: { granted: 1, decisions: 1, optInRate: 1 },
      constructor: { granted: 0, decisions: 1, optInRate: 0 },
      analytics: { granted: 1, decisions: 1, optInRate: 1 },
    })
    expect(Object.keys(s.total.services).sort()).toEqual(['__proto__', 'constructor'])
    expect(s.total.services.constructor).toEqual({ granted: 1, decisions: 1, optInRate: 1 })
    expect(Object.keys(s.total.methods)).toEqual(['__proto__'])
    expect(Object.keys(s.total.profiles)).toEqual(['__proto__'])

    // The next visitor's receipt is still stored.
    expect((await post(receipt())).statusCode).toBe(201)

    // The history, the export and the verification read the record back intact.
    const h = (await t.app.inject({ method: 'GET', url: `/api/consents/${record.consentId}` })).json()
    expect(Object.keys(h.receipts[0].categories).sort()).toEqual(['__proto__', 'analytics', 'constructor'])
    const nd = (await t.app.inject({ method: 'GET', url: '/api/export', headers: admin })).body
    const exported = nd
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((x) => x.consentId === record.consentId)
    expect(Object.keys(exported.categories).sort()).toEqual(['__proto__', 'analytics', 'constructor'])
    expect((await t.app.inject({ method: 'GET', url: '/api/verify', headers: admin })).json()).toMatchObject({ ok: true, records: 2 })
    for (const k of POLLUTED) expect(({} as any)[k], k).toBeUndefined()
  })

  test('categories, services, methods and profiles named toString, hasOwnProperty, valueOf, constructor are counted', async () => {
    const cats = { toString: true, hasOwnProperty: false, valueOf: true, isPrototypeOf: true, analytics: false }
    const one = await post(receipt({ categories: cats, services: { toString: true, valueOf: false }, method: 'constructor', profile: 'constructor' }))
    expect(one.statusCode, one.body).toBe(201)
    const two = await post(receipt({ categories: { ...cats, toString: false }, services: { toString: true }, method: 'constructor' }))
    expect(two.statusCode, two.body).toBe(201)
    const s = (await stats()).json()
    expect(s.total.decisions).toBe(2)
    expect(s.total.categories).toEqual({
      toString: { granted: 1, decisions: 2, optInRate: 0.5 },
      hasOwnProperty: { granted: 0, decisions: 2, optInRate: 0 },
      valueOf: { granted: 2, decisions: 2, optInRate: 1 },
      isPrototypeOf: { granted: 2, decisions: 2, optInRate: 1 },
      analytics: { granted: 0, decisions: 2, optInRate: 0 },
    })
    expect(s.total.services).toEqual({ toString: { granted: 2, decisions: 2, optInRate: 1 }, valueOf: { granted: 0, decisions: 1, optInRate: 0 } })
    expect(s.total.methods).toEqual({ constructor: 2 })
    expect(s.total.profiles).toEqual({ constructor: 1, default: 1 })
    expect(s.series[0].methods).toEqual({ constructor: 2 })
  })
})
