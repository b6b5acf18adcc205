import { afterEach, describe, expect, test } from 'vitest'
import { STORES, receipt, testApp, type TestApp } from './support/stores'

/**
 * Cross-site request forgery: a page on another site can make the visitor's browser POST a
 * receipt (a text/plain form, fetch no-cors, sendBeacon) or DELETE nothing but by CORS; whatever
 * it sends, the browser adds its real `Origin` and `Sec-Fetch-Site`. The state-changing public
 * endpoints refuse a foreign origin with 403 and store nothing; the cookie is re-issued only to the
 * server's own origin.
 */
describe.each(STORES)('cross-site requests on %s', (kind) => {
  let t: TestApp
  afterEach(async () => {
    await t?.close()
  })

  const HOST = 'shop.example'
  const post = (r: unknown, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/api/consents', headers: { host: HOST, 'content-type': 'text/plain', ...headers }, payload: JSON.stringify(r) })
  const history = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/consents/${id}` })).statusCode
  const setCookie = (res: any) => res.headers['set-cookie']

  test('a receipt from a foreign origin, a null origin or a cross-site fetch without Origin is refused with 403 and not stored', async () => {
    t = await testApp(kind, { CONSENT_GATE_ORIGINS: 'https://partner.example' })
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      // A look-alike of the server's own host, and its own host on another port.
      { origin: 'http://shop.example.evil.example' },
      { origin: 'http://shop.example:8080' },
      { origin: 'not a url' },
    ]
    for (const headers of attempts) {
      const r = receipt({ method: 'accept-all' })
      const res = await post(r, headers)
      expect(res.statusCode, JSON.stringify(headers)).toBe(403)
      expect(res.json()).toMatchObject({ error: 'forbidden_origin' })
      expect(setCookie(res), JSON.stringify(headers)).toBeUndefined()
      expect(await history(r.consentId as string)).toBe(404)
    }
  })

  test("the server's own origin, a same-origin fetch and a client without Origin (curl) may post; only the first two get the cookie", async () => {
    t = await testApp(kind)
    const own = await post(receipt(), { origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' })
    expect(own.statusCode).toBe(201)
    expect(setCookie(own)).toMatch(/^consent_gate=/)
    // Behind a proxy that rewrites Host the origin cannot be compared, but the browser's
    // Sec-Fetch-Site: same-origin (a header no page can forge) still vouches for it.
    const rewritten = await post(receipt(), { host: '127.0.0.1:3000', origin: `https://${HOST}`, 'sec-fetch-site': 'same-origin' })
    expect(rewritten.statusCode).toBe(201)
    expect(setCookie(rewritten)).toMatch(/^consent_gate=/)
    const curl = await post(receipt(), {})
    expect(curl.statusCode).toBe(201)
  })

  test("an allowlisted origin may post receipts, but gets no Set-Cookie for the server's host", async () => {
    t = await testApp(kind, { CONSENT_GATE_ORIGINS: 'https://partner.example' })
    const r = receipt()
    const res = await post(r, { origin: 'https://partner.example', 'sec-fetch-site': 'cross-site' })
    expect(res.statusCode).toBe(201)
    expect(res.headers['access-control-allow-origin']).toBe('https://partner.example')
    expect(setCookie(res)).toBeUndefined()
    expect(await history(r.consentId as string)).toBe(200)
  })

  test('behind a trusted proxy the own origin is https when X-Forwarded-Proto says so', async () => {
    t = await testApp(kind, { CONSENT_GATE_TRUST_PROXY: '1' })
    const res = await post(receipt(), { origin: `https://${HOST}`, 'x-forwarded-proto': 'https' })
    expect(res.statusCode).toBe(201)
    expect(setCookie(res)).toMatch(/Secure/)
    // An http page may not post to the https server (a downgrade).
    expect((await post(receipt(), { origin: `http://${HOST}`, 'x-forwarded-proto': 'https' })).statusCode).toBe(403)
  })

  test('DELETE of a consent record and POST of an impression from a foreign origin are refused; the record stays', async () => {
    t = await testApp(kind)
    const r = receipt()
    expect((await post(r, {})).statusCode).toBe(201)
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }]) {
      const del = await t.app.inject({ method: 'DELETE', url: `/api/consents/${r.consentId}`, headers: { host: HOST, ...headers } })
      expect(del.statusCode).toBe(403)
      expect(del.json().error).toBe('forbidden_origin')
      const imp = await t.app.inject({
        method: 'POST',
        url: '/api/impressions',
        headers: { host: HOST, 'content-type': 'text/plain', ...headers },
        payload: JSON.stringify({ revision: 1, language: 'en' }),
      })
      expect(imp.statusCode).toBe(403)
    }
    expect(await history(r.consentId as string)).toBe(200)
    const stats = await t.app.inject({ method: 'GET', url: '/api/stats', headers: { authorization: 'Bearer test-admin-token-0123456789' } })
    expect(JSON.stringify(stats.json())).not.toMatch(/"impressions":[1-9]/)
    const own = await t.app.inject({
      method: 'DELETE',
      url: `/api/consents/${r.consentId}`,
      headers: { host: HOST, origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' },
    })
    expect(own.statusCode).toBe(204)
  })
})
