import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { STORES, receipt, testApp, type TestApp } from './support/stores'

/** The public receipt API: POST a receipt, view and erase a consent ID's history. On both stores. */
describe.each(STORES)('consent API on %s', (kind) => {
  let t: TestApp
  beforeEach(async () => {
    t = await testApp(kind)
  })
  afterEach(async () => {
    await t.close()
  })

  const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    t.app.inject({ method: 'POST', url: '/api/consents', headers, payload: typeof body === 'string' ? body : JSON.stringify(body) })
  const history = (id: string) => t.app.inject({ method: 'GET', url: `/api/consents/${id}` })

  test('a valid receipt is stored: 201, and its history shows it with the server receivedAt', async () => {
    const r = receipt()
    const res = await post(r)
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ receiptId: r.receiptId, consentId: r.consentId, seq: 1, duplicate: false })
    const h = await history(r.consentId)
    expect(h.statusCode).toBe(200)
    const [stored] = h.json().receipts
    expect(stored).toMatchObject({ ...r, seq: 1 })
    expect(Math.abs(Date.parse(stored.receivedAt) - t.clock.now)).toBeLessThan(1000)
  })

  test('sendBeacon bodies (text/plain carrying JSON) are accepted', async () => {
    const r = receipt()
    const res = await post(r, { 'content-type': 'text/plain;charset=UTF-8' })
    expect(res.statusCode).toBe(201)
    expect((await history(r.consentId)).json().receipts).toHaveLength(1)
  })

  test('a retry with a known receiptId answers 200 and stores nothing twice', async () => {
    const r = receipt()
    expect((await post(r)).statusCode).toBe(201)
    const again = await post(r)
    expect(again.statusCode).toBe(200)
    expect(again.json().duplicate).toBe(true)
    expect((await history(r.consentId)).json().receipts).toHaveLength(1)
  })

  test('concurrent copies of one receipt store it once', async () => {
    const r = receipt()
    const codes = (await Promise.all(Array.from({ length: 8 }, () => post(r)))).map((x) => x.statusCode).sort()
    expect(codes).toEqual([200, 200, 200, 200, 200, 200, 200, 201])
    expect((await history(r.consentId)).json().receipts).toHaveLength(1)
  })

  test('a receiptId reused under another consent ID is a 409, not an overwrite', async () => {
    const r = receipt()
    await post(r)
    const res = await post({ ...r, consentId: receipt().consentId })
    expect(res.statusCode).toBe(409)
    expect(res.json().field).toBe('receiptId')
    expect((await history(r.consentId)).json().receipts[0].categories).toEqual(r.categories)
  })

  test('each decision of a consent ID extends its history in order', async () => {
    const first = receipt({ method: 'accept-all' })
    await post(first)
    await post(receipt({ consentId: first.consentId, method: 'reject-all' }))
    await post(receipt({ consentId: first.consentId, method: 'withdraw' }))
    const list = (await history(first.consentId)).json().receipts
    expect(list.map((x: any) => [x.seq, x.method])).toEqual([
      [1, 'accept-all'],
      [2, 'reject-all'],
      [3, 'withdraw'],
    ])
  })

  test.each([
    [
      'a missing field',
      (r: any) => {
        delete r.consentId
        return r
      },
      'consentId',
    ],
    ['a wrong type', (r: any) => ({ ...r, revision: 'one' }), 'revision'],
    ['a non-boolean category', (r: any) => ({ ...r, categories: { analytics: 'yes' } }), 'categories.analytics'],
    ['an unknown field', (r: any) => ({ ...r, extra: 1 }), 'extra'],
    ['a bad UUID', (r: any) => ({ ...r, receiptId: 'abc' }), 'receiptId'],
    ['a bad timestamp', (r: any) => ({ ...r, timestamp: 'yesterday' }), 'timestamp'],
    ['a timestamp far in the future', (r: any) => ({ ...r, timestamp: '2999-01-01T00:00:00Z' }), 'timestamp'],
    ['a javascript: URL', (r: any) => ({ ...r, url: 'javascript:alert(1)' }), 'url'],
    ['a wrong schema', (r: any) => ({ ...r, schema: 'other/1' }), 'schema'],
  ])('%s is a 400 naming the field', async (_name, edit, field) => {
    const res = await post(edit(receipt()))
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'invalid_receipt', field })
    expect(res.json().message).toContain(field)
  })

  test('a body that is not JSON, or not an object, is a 400', async () => {
    for (const body of ['{"receiptId":', '[1,2]', '"text"', 'null']) {
      const res = await post(body)
      expect(res.statusCode, body).toBe(400)
      expect(res.json().field).toBe('(body)')
    }
  })

  test('a body over 16 kB is a 413, whatever it holds', async () => {
    const big = receipt({ url: 'https://shop.example/' + 'a'.repeat(17 * 1024) })
    const res = await post(big)
    expect(res.statusCode).toBe(413)
    expect(res.json().error).toBe('too_large')
  })

  test('other content types are a 415', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml']) {
      const res = await post(receipt(), { 'content-type': type })
      expect(res.statusCode, type).toBe(415)
    }
  })

  test('unknown and malformed consent IDs are a 404', async () => {
    expect((await history(receipt().consentId)).statusCode).toBe(404)
    expect((await history('not-a-uuid')).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/consents/${receipt().consentId}` })).statusCode).toBe(404)
  })

  test('DELETE erases the history (204), leaving only a tombstone without the consent ID', async () => {
    const r = receipt()
    await post(r)
    await post(receipt({ consentId: r.consentId }))
    const del = await t.app.inject({ method: 'DELETE', url: `/api/consents/${r.consentId}` })
    expect(del.statusCode).toBe(204)
    const after = await history(r.consentId)
    expect(after.statusCode).toBe(404)
    expect(after.json()).toMatchObject({ erased: true })
    expect(Date.parse(after.json().erasedAt)).toBeGreaterThan(0)
    // Nothing in the database holds the consent ID any more.
    const dump = await t.app.inject({ method: 'GET', url: '/api/export', headers: { authorization: 'Bearer test-admin-token-0123456789' } })
    expect(dump.body).not.toContain(r.consentId)
    const tomb: any = await t.fresh.sql('SELECT COUNT(*) FROM tombstones WHERE subject = ?', [r.consentId])
    expect(JSON.stringify(tomb)).not.toContain(r.consentId)
    // Erasing again is still a 204; the visitor can start a new history under the same ID.
    expect((await t.app.inject({ method: 'DELETE', url: `/api/consents/${r.consentId}` })).statusCode).toBe(204)
    expect((await post(receipt({ consentId: r.consentId }))).statusCode).toBe(201)
    expect((await history(r.consentId)).json().receipts.map((x: any) => x.seq)).toEqual([1])
  })

  test('the IP address and user agent are not stored by default', async () => {
    const r = receipt()
    await t.app.inject({
      method: 'POST',
      url: '/api/consents',
      remoteAddress: '203.0.113.77',
      headers: { 'content-type': 'application/json', 'user-agent': 'TestBrowser/1.0' },
      payload: JSON.stringify(r),
    })
    const dump = await t.app.inject({ method: 'GET', url: '/api/export?format=ndjson', headers: { authorization: 'Bearer test-admin-token-0123456789' } })
    const row = JSON.parse(dump.body.trim())
    expect(row.ip).toBeNull()
    expect(row.userAgent).toBeNull()
    expect(dump.body).not.toContain('203.0.113')
    expect(dump.body).not.toContain('TestBrowser')
  })

  test('API answers are not cacheable', async () => {
    const res = await post(receipt())
    expect(res.headers['cache-control']).toBe('no-store')
  })
})

describe.each(STORES)('optional IP and user-agent keeping on %s', (kind) => {
  test('truncated keeps a /24 prefix; hashed keeps a keyed hash, never the address', async () => {
    for (const [mode, expectIp] of [
      ['truncated', (ip: string) => expect(ip).toBe('203.0.113.0')],
      ['hashed', (ip: string) => expect(ip).toMatch(/^[0-9a-f]{32}$/)],
    ] as const) {
      const t = await testApp(kind, { CONSENT_GATE_STORE_IP: mode, CONSENT_GATE_STORE_USER_AGENT: 'true' })
      try {
        await t.app.inject({
          method: 'POST',
          url: '/api/consents',
          remoteAddress: '203.0.113.77',
          headers: { 'content-type': 'application/json', 'user-agent': 'TestBrowser/1.0' },
          payload: JSON.stringify(receipt()),
        })
        const dump = await t.app.inject({ method: 'GET', url: '/api/export', headers: { authorization: 'Bearer test-admin-token-0123456789' } })
        const row = JSON.parse(dump.body.trim())
        expectIp(row.ip)
        expect(dump.body).not.toContain('203.0.113.77')
        expect(row.userAgent).toBe('TestBrowser/1.0')
      } finally {
        await t.close()
      }
    }
  })
})
