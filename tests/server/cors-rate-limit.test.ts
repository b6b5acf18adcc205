import { afterEach, describe, expect, test } from 'vitest'
import { STORES, receipt, testApp, type TestApp } from './support/stores'

describe.each(STORES)('CORS and rate limit on %s', (kind) => {
  let t: TestApp
  afterEach(async () => {
    await t?.close()
  })

  test('an allowed origin gets a CORS grant with credentials; any other origin gets none', async () => {
    t = await testApp(kind, { CONSENT_GATE_ORIGINS: 'https://shop.example, https://www.shop.example' })
    const pre = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/consents',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    })
    expect(pre.statusCode).toBe(204)
    expect(pre.headers['access-control-allow-origin']).toBe('https://shop.example')
    expect(pre.headers['access-control-allow-credentials']).toBe('true')
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/consents',
      headers: { origin: 'https://www.shop.example', 'content-type': 'application/json' },
      payload: JSON.stringify(receipt()),
    })
    expect(ok.headers['access-control-allow-origin']).toBe('https://www.shop.example')
    for (const origin of ['https://evil.example', 'http://shop.example', 'https://shop.example.evil.example']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/consents',
        headers: { origin, 'content-type': 'application/json' },
        payload: JSON.stringify(receipt()),
      })
      expect(res.headers['access-control-allow-origin'], origin).toBeUndefined()
      const p = await t.app.inject({ method: 'OPTIONS', url: '/api/consents', headers: { origin, 'access-control-request-method': 'POST' } })
      expect(p.headers['access-control-allow-origin'], origin).toBeUndefined()
    }
  })

  test('with no allowlist, no origin gets a grant', async () => {
    t = await testApp(kind)
    const res = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/consents',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    })
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
  })

  test('past the per-address limit the API answers 429; another address is unaffected', async () => {
    t = await testApp(kind, { CONSENT_GATE_RATE_LIMIT: '5' })
    const send = (ip: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/consents',
        remoteAddress: ip,
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(receipt()),
      })
    const codes = []
    for (let i = 0; i < 7; i++) codes.push((await send('198.51.100.1')).statusCode)
    expect(codes).toEqual([201, 201, 201, 201, 201, 429, 429])
    const limited = await send('198.51.100.1')
    expect(limited.json().error).toBe('rate_limited')
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0)
    expect((await send('198.51.100.2')).statusCode).toBe(201)
    // The rights endpoints are limited too (no enumeration of consent IDs).
    for (let i = 0; i < 5; i++) await t.app.inject({ method: 'GET', url: `/api/consents/${receipt().consentId}`, remoteAddress: '198.51.100.3' })
    expect((await t.app.inject({ method: 'GET', url: `/api/consents/${receipt().consentId}`, remoteAddress: '198.51.100.3' })).statusCode).toBe(429)
  })

  test('the default limit is on, at 120 a minute', async () => {
    t = await testApp(kind, { CONSENT_GATE_RATE_LIMIT: '' })
    expect(t.config.rateLimit).toBe(120)
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/consents',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(receipt()),
    })
    expect(res.headers['x-ratelimit-limit']).toBe('120')
  })
})
