import { afterEach, describe, expect, test } from 'vitest'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { ADMIN, STORES, testApp, type TestApp } from './support/stores'
import { raw } from './support/raw'

/**
 * Every error answer, including the ones Node and Fastify write before any route runs (a bad
 * request line, a header too large, a bad URL, a path parameter too long), carries
 * `X-Content-Type-Options: nosniff` and `Cache-Control: no-store`, and never echoes the URL back
 * (it holds consent IDs). Admin authentication takes the scheme in any case and is rate limited.
 */
describe.each(STORES)('error answers and admin auth on %s', (kind) => {
  let t: TestApp
  afterEach(async () => {
    await t?.close()
  })
  const listen = async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    return (t.app.server.address() as AddressInfo).port
  }
  const expectSafe = (res: { headers: Record<string, any>; body?: string; text?: string }, id: string) => {
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.body ?? res.text).not.toContain(id)
  }

  test('the Authorization scheme is case-insensitive', async () => {
    t = await testApp(kind)
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/verify', headers: { authorization: `${scheme} ${ADMIN}` } })
      expect(res.statusCode, scheme).toBe(200)
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/verify', headers: { authorization: `Basic ${ADMIN}` } })).statusCode).toBe(401)
  })

  test('failed admin logins are limited per address: 429 after 10 a minute, even with the right token; other addresses unaffected', async () => {
    t = await testApp(kind)
    const login = (token: string, remoteAddress = '198.51.100.20') =>
      t.app.inject({ method: 'GET', url: '/api/stats', remoteAddress, headers: { authorization: `Bearer ${token}` } })
    const codes = []
    for (let i = 0; i < 12; i++) codes.push((await login(`wrong-token-${i}-0123456789`)).statusCode)
    expect(codes).toEqual([...new Array(10).fill(401), 429, 429])
    const locked = await login(ADMIN)
    expect(locked.statusCode).toBe(429)
    expect(locked.json().error).toBe('rate_limited')
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0)
    expect((await login(ADMIN, '198.51.100.21')).statusCode).toBe(200)
    // A minute later the address may try again.
    t.clock.now += 61_000
    expect((await login(ADMIN)).statusCode).toBe(200)
  })

  test('a path parameter too long (414) and a bad URL (400) answer without echoing the path', async () => {
    t = await testApp(kind)
    const id = randomUUID()
    const long = await t.app.inject({ method: 'GET', url: `/api/consents/${id}${'x'.repeat(200)}` })
    expect(long.statusCode).toBe(414)
    expectSafe(long, id)
    const bad = await t.app.inject({ method: 'GET', url: `/api/consents/${id}%zz` })
    expect(bad.statusCode).toBe(400)
    expectSafe(bad, id)
    expect(bad.body).not.toContain('%zz')
  })

  test('a bad request line (400) and headers too large (431) from Node carry both headers and no path', async () => {
    t = await testApp(kind)
    const port = await listen()
    const id = randomUUID()
    const garbage = await raw(port, `GET /api/consents/${id} HTTP/1.1 nonsense\r\n\r\n`)
    expect(garbage.status).toBe(400)
    expectSafe(garbage, id)
    const big = await raw(port, `GET /api/consents/${id} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
    expect(big.status).toBe(431)
    expectSafe(big, id)
    const longLine = await raw(port, `GET /api/consents/${id}?${'q'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)
    expect([414, 431]).toContain(longLine.status)
    expectSafe(longLine, id)
  })
})
