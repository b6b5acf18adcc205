import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { parseConsentCookie } from '../../src/server/index'
import { encodeState } from '../../src/storage/codec'
import { reissuedCookie } from '../../log-server/src/reissue-cookie'
import { SERVER_DEFAULTS } from '../../log-server/src/config'
import { receipt, testApp, type TestApp } from './support/stores'

/**
 * The cookie's checksum is no secret: anyone can forge a well-formed cookie. The server's
 * re-issue must never turn such a forgery into a long-lived cookie, nor write a decision the
 * stored receipt does not carry.
 */
const DAY = 864e5
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString()
const cookieFor = (r: any, decidedAt: number, expiresAt: number, over: Record<string, unknown> = {}) =>
  encodeState({
    id: r.consentId,
    revision: r.revision,
    method: r.method,
    timestamp: iso(decidedAt),
    expires: iso(expiresAt),
    categories: r.categories,
    services: r.services,
    ...over,
  } as any)
const maxAgeOf = (sc: string) => Number(/Max-Age=(\d+)/.exec(sc)![1])

describe('re-issued cookie bounds', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await testApp('sqlite')
  })
  afterEach(async () => {
    await t.close()
  })
  const post = (r: any, cookie?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/consents',
      headers: { 'content-type': 'text/plain', 'sec-fetch-site': 'same-origin', ...(cookie ? { cookie: `consent_gate=${cookie}` } : {}) },
      payload: JSON.stringify(r),
    })
  const setCookie = (res: any) => [res.headers['set-cookie']].flat().filter(Boolean)[0] as string | undefined

  test('a forged cookie expiring in the year 5138 is not re-issued', async () => {
    const r = receipt()
    const decided = Date.parse(r.timestamp as string)
    const forged = cookieFor(r, decided, Date.UTC(5138, 0, 1))
    const res = await post(r, forged)
    expect(res.statusCode).toBe(201)
    expect(setCookie(res)).toBeUndefined()
  })

  test('a cookie just past maxAgeDays is not re-issued; one within it keeps what it has left', async () => {
    const r = receipt()
    const decided = Date.parse(r.timestamp as string)
    expect(setCookie(await post(r, cookieFor(r, decided, t.clock.now + 183 * DAY)))).toBeUndefined()
    const r2 = receipt()
    const sc = setCookie(await post(r2, cookieFor(r2, Date.parse(r2.timestamp as string), t.clock.now + 100 * DAY)))!
    expect(Math.abs(maxAgeOf(sc) - 100 * 86400)).toBeLessThan(5)
  })

  test('a receipt dated a day ahead gets no more than maxAgeDays of Max-Age', async () => {
    const r = receipt({ timestamp: iso(t.clock.now + DAY - 60_000) })
    const sc = setCookie(await post(r))!
    expect(maxAgeOf(sc)).toBeLessThanOrEqual(182 * 86400)
  })

  test('a carried cookie of the same consent ID and time but another decision is not re-issued', async () => {
    const r = receipt({ method: 'reject-all', categories: { necessary: true, analytics: false, marketing: false } })
    const decided = Date.parse(r.timestamp as string)
    const forged = cookieFor(r, decided, decided + 182 * DAY, { method: 'accept-all', categories: { necessary: true, analytics: true, marketing: true } })
    const res = await post(r, forged)
    expect(res.statusCode).toBe(201)
    const sc = setCookie(res)
    // Either nothing, or the receipt's own decision: never the cookie's "accept all".
    if (sc) expect(parseConsentCookie(sc.split(';')[0])!.categories).toEqual(r.categories)
    expect(sc ?? '').not.toContain('analytics:1')
  })
})

test('reissuedCookie never emits Max-Age beyond maxAgeDays, whatever the clock and the receipt', () => {
  const now = Date.now()
  for (const ahead of [0, DAY / 2, DAY - 1000]) {
    const r = receipt({ timestamp: iso(now + ahead) }) as any
    const sc = reissuedCookie(undefined, r, true, SERVER_DEFAULTS.cookie, false, now)!
    expect(maxAgeOf(sc)).toBeLessThanOrEqual(SERVER_DEFAULTS.cookie.maxAgeDays * 86400)
  }
})
