import { afterEach, describe, expect, test } from 'vitest'
import { STORES, admin, receipt, testApp, type TestApp } from './support/stores'
import { validateReceipt } from '../../log-server/src/receipt-validator'

/**
 * The schema and the README promise that a receipt's `url` is the page's origin and path only. An
 * older or modified SDK may still send a query (`?email=…`), a fragment or credentials in the URL:
 * the server keeps the origin and path, and refuses a url that does not parse.
 */
describe.each(STORES)('receipt url on %s', (kind) => {
  let t: TestApp
  afterEach(async () => {
    await t?.close()
  })

  test('query, fragment and user:pass@ are stripped before storing; GET and the export show origin and path only', async () => {
    t = await testApp(kind)
    const r = receipt({ url: 'https://alice:s3cret@shop.example/checkout/step-2?email=alice%40mail.example&token=abc#card' })
    const res = await t.app.inject({ method: 'POST', url: '/api/consents', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(r) })
    expect(res.statusCode).toBe(201)
    const history = (await t.app.inject({ method: 'GET', url: `/api/consents/${r.consentId}` })).json()
    expect(history.receipts[0].url).toBe('https://shop.example/checkout/step-2')
    for (const format of ['ndjson', 'csv']) {
      const body = (await t.app.inject({ method: 'GET', url: `/api/export?format=${format}`, headers: admin })).body
      expect(body).toContain('https://shop.example/checkout/step-2')
      for (const secret of ['alice', 's3cret', 'email', 'token', 'card', '?', '#']) expect(body.includes(secret), `${format} ${secret}`).toBe(false)
    }
  })

  test('a url that does not parse is refused with 400 naming the field, and nothing is stored', async () => {
    t = await testApp(kind)
    for (const url of ['http://shop.example:99999/', 'https://', 'http://[::1/p']) {
      const r = receipt({ url })
      const res = await t.app.inject({ method: 'POST', url: '/api/consents', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(r) })
      expect(res.statusCode, url).toBe(400)
      expect(res.json().field, url).toBe('url')
      expect((await t.app.inject({ method: 'GET', url: `/api/consents/${r.consentId}` })).statusCode).toBe(404)
    }
  })
})

test('validateReceipt keeps origin and path, whatever else the url holds', () => {
  const now = Date.now()
  const table: [string, string][] = [
    ['https://shop.example/p', 'https://shop.example/p'],
    ['https://shop.example', 'https://shop.example/'],
    ['HTTPS://Shop.Example:443/a/b?x=1', 'https://shop.example/a/b'],
    ['http://u@shop.example:8080/#top', 'http://shop.example:8080/'],
    ['https://shop.example/a%20b?q', 'https://shop.example/a%20b'],
  ]
  for (const [input, kept] of table) {
    const v = validateReceipt(receipt({ url: input }), now)
    expect(v.ok && v.receipt.url, input).toBe(kept)
  }
})
