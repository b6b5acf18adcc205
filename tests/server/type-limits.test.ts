import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { connect } from 'node:net'
import { STORES, admin, receipt, testApp, type TestApp } from './support/stores'

/**
 * Issue #8, item 9: no input may reach a database type limit and come back as a 500. PostgreSQL's
 * INTEGER ends at 2^31 - 1 and its text and JSONB refuse NUL characters; SQLite takes both, so a
 * receipt must be refused (400, naming the field) or stored alike on both stores.
 */
const INT_MAX = 2 ** 31 - 1
const NUL = '\u0000'

describe.each(STORES)('type limits on %s', (kind) => {
  let t: TestApp
  beforeEach(async () => {
    t = await testApp(kind)
  })
  afterEach(async () => {
    await t.close()
  })
  const post = (body: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/consents', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) })
  const impression = (body: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/impressions', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) })

  test('revision 2^31 - 1, the largest both stores hold, is stored and read back', async () => {
    const r = receipt({ revision: INT_MAX })
    expect((await post(r)).statusCode).toBe(201)
    const h = (await t.app.inject({ method: 'GET', url: `/api/consents/${r.consentId}` })).json()
    expect(h.receipts[0].revision).toBe(INT_MAX)
    expect((await t.app.inject({ method: 'GET', url: '/api/verify', headers: admin })).json()).toMatchObject({ ok: true, records: 1 })
  })

  test.each([2 ** 31, 2 ** 32, 2 ** 53 + 2, 1e300])('revision %d is a 400 naming revision', async (revision) => {
    const res = await post(receipt({ revision }))
    expect(res.statusCode).toBe(400)
    expect(res.json().field).toBe('revision')
  })

  test.each([
    ['language', { language: `e${NUL}` }, 'language'],
    ['url', { url: `https://shop.example/a${NUL}b` }, 'url'],
    ['url host', { url: `https://shop${NUL}.example/` }, 'url'],
    ['receiptId', { receiptId: `${receipt().receiptId.slice(0, 35)}${NUL}` }, 'receiptId'],
    ['consentId', { consentId: `${NUL}${receipt().consentId.slice(1)}` }, 'consentId'],
    ['method', { method: `custom${NUL}` }, 'method'],
    ['profile', { profile: `gdpr${NUL}` }, 'profile'],
    ['configHash', { configHash: `a1b2c3d${NUL}` }, 'configHash'],
    ['timestamp', { timestamp: `2026-01-01T00:00:00${NUL}Z` }, 'timestamp'],
    ['a category id', { categories: { [`ana${NUL}lytics`]: true } }, `categories.ana${NUL}lytics`],
    ['a service id', { services: { [`yt${NUL}`]: true } }, `services.yt${NUL}`],
  ])('a NUL character in %s is a 400 naming the field', async (_what, patch, field) => {
    const r = receipt(patch)
    const res = await post(r)
    expect(res.statusCode).toBe(400)
    expect(res.json().field).toBe(field)
  })

  test('a NUL character as a top-level key is a 400, not a 500', async () => {
    const res = await post({ ...receipt(), [NUL]: 1 })
    expect(res.statusCode).toBe(400)
    expect(res.json().field).toBe(NUL)
  })

  test('impressions: revision up to 2^31 - 1 is counted, beyond it is a 400; NUL in language or profile is a 400', async () => {
    expect((await impression({ revision: INT_MAX, language: 'en' })).statusCode).toBe(204)
    for (const revision of [2 ** 31, 2 ** 53 + 2, 1e300]) expect((await impression({ revision, language: 'en' })).statusCode, String(revision)).toBe(400)
    expect((await impression({ revision: 1, language: `e${NUL}` })).statusCode).toBe(400)
    expect((await impression({ revision: 1, language: 'en', profile: `gdpr${NUL}` })).statusCode).toBe(400)
    const day = new Date(t.clock.now).toISOString().slice(0, 10)
    expect((await t.app.inject({ method: 'GET', url: `/api/stats?from=${day}&to=${day}`, headers: admin })).json().total.impressions).toBe(1)
  })

  test('a NUL character in the User-Agent header (kept with CONSENT_GATE_STORE_USER_AGENT) never reaches the store', async () => {
    const kept = await testApp(kind, { CONSENT_GATE_STORE_USER_AGENT: 'true' })
    try {
      await kept.app.listen({ port: 0, host: '127.0.0.1' })
      const { port } = kept.app.server.address() as { port: number }
      const body = JSON.stringify(receipt())
      // Raw bytes on the wire: an HTTP client would refuse to send this header.
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.end(
            `POST /api/consents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nUser-Agent: evil${NUL}agent\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
          )
        })
        let out = ''
        socket.on('data', (d) => (out += d))
        socket.on('end', () => resolve(out))
        socket.on('error', reject)
      })
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1])
      expect([201, 400], answer).toContain(status)
    } finally {
      await kept.close()
    }
  })

  test('stats ranges at the ends of what the parser takes are answered, not a 500', async () => {
    for (const q of ['from=0001-01-01&to=0001-01-02', 'from=9999-12-30&to=9999-12-31', 'from=2026-02-31&to=2026-03-01', `from=2026-01-01${NUL}`]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/stats?${q.replace(NUL, '%00')}`, headers: admin })
      expect([200, 400], `${q}: ${res.body}`).toContain(res.statusCode)
    }
  })
})
