import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { parseConsentCookie } from '../../src/server/index'
import { encodeState } from '../../src/storage/codec'
import { receipt, testApp, type TestApp } from './support/stores'

/**
 * The answer to a receipt re-issues the consent cookie with its full remaining lifetime (Safari
 * caps script-written cookies at 7 days), and never rolls a decision back.
 */
describe('Set-Cookie on a receipt', () => {
  let t: TestApp
  beforeEach(async () => {
    t = await testApp('sqlite')
  })
  afterEach(async () => {
    await t.close()
  })

  const DAY = 864e5
  const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString()
  const cookieFor = (r: any, decidedAt: number, days = 182) =>
    encodeState({
      id: r.consentId,
      revision: r.revision,
      method: r.method,
      timestamp: iso(decidedAt),
      expires: iso(decidedAt + days * DAY),
      categories: r.categories,
      services: r.services,
    } as any)
  const post = (r: any, cookie?: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/consents',
      headers: { 'content-type': 'text/plain', 'sec-fetch-site': 'same-origin', ...(cookie ? { cookie: `other=1; consent_gate=${cookie}` } : {}), ...headers },
      payload: JSON.stringify(r),
    })
  const setCookie = (res: any) => [res.headers['set-cookie']].flat().filter(Boolean)[0] as string | undefined

  test('the cookie the browser wrote comes back unchanged, with the lifetime it has left', async () => {
    const now = t.clock.now
    const decided = now - 10 * DAY
    const r = receipt({ timestamp: iso(decided) })
    const value = cookieFor(r, decided)
    const res = await post(r, value)
    const sc = setCookie(res)!
    expect(sc.startsWith(`consent_gate=${value};`)).toBe(true)
    const maxAge = Number(/Max-Age=(\d+)/.exec(sc)![1])
    expect(Math.abs(maxAge - 172 * 86400)).toBeLessThan(5)
    expect(sc).toContain('Path=/')
    expect(sc).toContain('SameSite=Lax')
    expect(sc).not.toContain('Secure')
  })

  test('Secure over https (behind a trusted proxy), and the configured domain and SameSite', async () => {
    await t.close()
    t = await testApp('sqlite', { CONSENT_GATE_TRUST_PROXY: 'true', CONSENT_GATE_COOKIE_DOMAIN: 'shop.example', CONSENT_GATE_COOKIE_SAMESITE: 'None' })
    const r = receipt()
    const res = await post(r, cookieFor(r, Date.parse(r.timestamp as string)), { 'x-forwarded-proto': 'https' })
    const sc = setCookie(res)!
    expect(sc).toContain('Domain=shop.example')
    expect(sc).toContain('SameSite=None')
    expect(sc.split(/; */)).toContain('Secure')
  })

  test('with no cookie in the request, a new receipt issues its own decision', async () => {
    const r = receipt({ categories: { necessary: true, analytics: true, marketing: false } })
    const sc = setCookie(await post(r))!
    const state = parseConsentCookie(sc.split(';')[0])!
    expect(state).toMatchObject({ id: r.consentId, categories: r.categories, method: r.method })
  })

  test("an issued cookie carries the receipt's profile, GPC flag and re-confirmation date; an unknown profile becomes eu", async () => {
    const reconfirm = iso(t.clock.now + 730 * DAY)
    const r = receipt({ categories: { necessary: true, marketing: true }, profile: 'kr', gpc: true, reconfirm })
    const state = parseConsentCookie(setCookie(await post(r))!.split(';')[0])!
    expect(state).toMatchObject({ profile: 'kr', gpc: true, reconfirm })
    const other = parseConsentCookie(setCookie(await post(receipt({ profile: 'ccpa' })))!.split(';')[0])!
    expect(other).toMatchObject({ profile: 'eu' })
  })

  test('a late retry of an older receipt never overwrites a newer decision (and re-issues nothing it does not carry)', async () => {
    const now = t.clock.now
    const old = receipt({ method: 'accept-all', categories: { analytics: true }, timestamp: iso(now - 60_000) })
    const current = cookieFor({ ...old, method: 'reject-all', categories: { analytics: false } }, now - 1000)
    // The browser keeps its newer cookie: the answer sets none.
    expect(setCookie(await post(old, current))).toBeUndefined()
  })

  test('a retried receipt, or one for another consent ID, sets no cookie', async () => {
    const r = receipt()
    await post(r)
    expect(setCookie(await post(r))).toBeUndefined()
    const other = receipt()
    expect(setCookie(await post(receipt(), cookieFor(other, Date.parse(other.timestamp as string))))).toBeUndefined()
  })

  test('an unreadable or edited cookie is left alone', async () => {
    const r = receipt()
    const edited = cookieFor(r, Date.parse(r.timestamp as string)).replace('analytics:1', 'analytics:0')
    expect(setCookie(await post(r, edited))).toBeUndefined()
    expect(setCookie(await post(receipt(), 'garbage'))).toBeUndefined()
  })
})
