// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { hasConsent, parseConsentCookie, readConsent, type RequestConsent } from '../../src/server/index'
import { encodeState } from '../../src/storage/codec'
import type { ConsentState } from '../../src/types'

const ID = '3f2b8c1e-9d4a-4b6e-8f01-23456789abcd'
const NOW = Date.parse('2025-06-01T00:00:00.000Z')
const state: ConsentState = {
  id: ID,
  revision: 2,
  categories: { necessary: true, analytics: true, marketing: false },
  services: { ga: true, pixel: false },
  method: 'custom',
  timestamp: '2025-05-01T00:00:00.000Z',
  expires: '2025-11-01T00:00:00.000Z',
  profile: 'eu',
}
const value = encodeState(state)
const opts = { now: NOW }

describe('parseConsentCookie', () => {
  test('reads the cookie written by the browser SDK', () => {
    expect(parseConsentCookie('consent_gate=' + value, opts)).toEqual(state)
  })

  test('among other cookies, with or without spaces', () => {
    expect(parseConsentCookie(`_ga=GA1.1.2.3; consent_gate=${value}; sid=abc`, opts)).toEqual(state)
    expect(parseConsentCookie(`_ga=GA1.1.2.3;consent_gate=${value};sid=abc`, opts)).toEqual(state)
    expect(parseConsentCookie(`  consent_gate=${value}  `, opts)).toEqual(state)
  })

  test('a cookie whose name only ends or starts with the name is not it', () => {
    expect(parseConsentCookie(`my_consent_gate=${value}`, opts)).toBeNull()
    expect(parseConsentCookie(`consent_gate_v2=${value}`, opts)).toBeNull()
    expect(parseConsentCookie(`x_consent_gate=${value}; consent_gate=${value}`, opts)).toEqual(state)
  })

  test('quoted and URL-encoded values', () => {
    expect(parseConsentCookie(`consent_gate="${value}"`, opts)).toEqual(state)
    expect(parseConsentCookie(`consent_gate=${encodeURIComponent(value)}`, opts)).toEqual(state)
    expect(parseConsentCookie(`a=1; consent_gate="${encodeURIComponent(value)}"`, opts)).toEqual(state)
  })

  test('an array of headers', () => {
    expect(parseConsentCookie(['a=1', `consent_gate=${value}`], opts)).toEqual(state)
    expect(parseConsentCookie([`consent_gate=${value}; b=2`], opts)).toEqual(state)
  })

  test('a custom cookie name', () => {
    expect(parseConsentCookie(`cg=${value}`, { ...opts, name: 'cg' })).toEqual(state)
    expect(parseConsentCookie(`consent_gate=${value}`, { ...opts, name: 'cg' })).toBeNull()
  })

  test('revision: matching or not given → the state; other → null', () => {
    expect(parseConsentCookie('consent_gate=' + value, { ...opts, revision: 2 })).toEqual(state)
    expect(parseConsentCookie('consent_gate=' + value, { ...opts, revision: 3 })).toBeNull()
    expect(parseConsentCookie('consent_gate=' + value, { ...opts, revision: 0 })).toBeNull()
  })

  test('expired → null (also exactly at expiry)', () => {
    expect(parseConsentCookie('consent_gate=' + value, { now: Date.parse(state.expires) + 1000 })).toBeNull()
    expect(parseConsentCookie('consent_gate=' + value, { now: Date.parse(state.expires) })).toBeNull()
    expect(parseConsentCookie('consent_gate=' + value, { now: Date.parse(state.expires) - 1000 })).toEqual(state)
  })

  test('dated in the future (more than a day) → null, as the browser SDK treats it', () => {
    const future = encodeState({ ...state, timestamp: '2025-06-10T00:00:00.000Z', expires: '2025-12-10T00:00:00.000Z' })
    expect(parseConsentCookie('consent_gate=' + future, opts)).toBeNull()
    const skew = encodeState({ ...state, timestamp: '2025-06-01T01:00:00.000Z', expires: '2025-12-10T00:00:00.000Z' })
    expect(parseConsentCookie('consent_gate=' + skew, opts)).not.toBeNull()
  })

  test('now defaults to the real clock', () => {
    const fresh = encodeState({ ...state, timestamp: new Date(Date.now() - 60e3).toISOString(), expires: new Date(Date.now() + 86400e3).toISOString() })
    const stale = encodeState({ ...state, timestamp: new Date(Date.now() - 3 * 86400e3).toISOString(), expires: new Date(Date.now() - 86400e3).toISOString() })
    expect(parseConsentCookie('consent_gate=' + fresh)).not.toBeNull()
    expect(parseConsentCookie('consent_gate=' + stale)).toBeNull()
  })

  test.each([
    ['no such cookie', 'a=1; b=2'],
    ['empty header', ''],
    ['garbage', 'consent_gate=garbage'],
    ['empty value', 'consent_gate='],
    ['bad percent-encoding', 'consent_gate=%E0%A4%A'],
    ['edited', 'consent_gate=' + value.replace('ga:1', 'ga:0')],
    ['truncated', 'consent_gate=' + value.slice(0, -1)],
    ['semicolons only', ';;;;'],
    ['name without value', 'consent_gate'],
  ])('%s → null', (_, header) => {
    expect(parseConsentCookie(header, opts)).toBeNull()
  })

  test.each([[undefined], [null], [42], [{}], [[]]])('header %j → null without throwing', (header) => {
    expect(parseConsentCookie(header as any, opts)).toBeNull()
  })
})

describe('readConsent', () => {
  const header = `_ga=1; consent_gate=${value}`

  test('Node http.IncomingMessage-like request', () => {
    const req = { method: 'GET', url: '/', headers: { host: 'example.com', cookie: header } }
    expect(readConsent(req, opts)).toEqual(state)
  })

  test('Express-like request (headers plus cookies/get helpers)', () => {
    const req = { headers: { cookie: header }, cookies: {}, get: (n: string) => (n.toLowerCase() === 'cookie' ? header : undefined), path: '/x' }
    expect(readConsent(req as any, opts)).toEqual(state)
  })

  test('Fastify-like request', () => {
    const req = { id: 'req-1', raw: { headers: { cookie: header } }, headers: { cookie: header }, log: {} }
    expect(readConsent(req as any, { ...opts, revision: 2 })).toEqual(state)
    expect(readConsent(req as any, { ...opts, revision: 1 })).toBeNull()
  })

  test('a real node:http request', async () => {
    const http = await import('node:http')
    const seen = await new Promise<RequestConsent | null>((resolve, reject) => {
      const server = http.createServer((req, res) => {
        resolve(readConsent(req, opts))
        res.end()
        server.close()
      })
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number }
        http.get({ host: '127.0.0.1', port, path: '/', headers: { cookie: header } }, (res) => res.resume()).on('error', reject)
      })
    })
    expect(seen).toEqual(state)
  })

  test('no cookie header, no headers, no request → null', () => {
    expect(readConsent({ headers: {} }, opts)).toBeNull()
    expect(readConsent({} as any, opts)).toBeNull()
    expect(readConsent(null)).toBeNull()
    expect(readConsent(undefined)).toBeNull()
  })
})

describe('hasConsent', () => {
  const parsed = parseConsentCookie('consent_gate=' + value, opts)

  test('granted categories and services', () => {
    expect(hasConsent(parsed, 'analytics')).toBe(true)
    expect(hasConsent(parsed, 'necessary')).toBe(true)
    expect(hasConsent(parsed, 'ga')).toBe(true)
  })

  test('denied, unknown and inherited ids', () => {
    expect(hasConsent(parsed, 'marketing')).toBe(false)
    expect(hasConsent(parsed, 'pixel')).toBe(false)
    expect(hasConsent(parsed, 'functional')).toBe(false)
    expect(hasConsent(parsed, 'toString')).toBe(false)
    expect(hasConsent(parsed, '__proto__')).toBe(false)
  })

  test('null grants nothing', () => {
    expect(hasConsent(null, 'necessary')).toBe(false)
  })
})

describe('readConsent and Sec-GPC', () => {
  const cookie = `consent_gate=${value}`
  const now = Date.parse('2025-06-01T00:00:00Z')
  test('a request with Sec-GPC: 1 and no cookie says gpc: true and grants nothing', () => {
    const c = readConsent({ headers: { 'sec-gpc': '1' } })
    expect(c).toEqual({ id: null, categories: {}, services: {}, gpc: true })
    expect(hasConsent(c, 'analytics')).toBe(false)
  })
  test('with a cookie, the state carries gpc: true', () => {
    expect(readConsent({ headers: { cookie, 'sec-gpc': '1' } }, { now })).toEqual({ ...state, gpc: true })
  })
  test('any other value is no signal', () => {
    expect(readConsent({ headers: { 'sec-gpc': '0' } })).toBeNull()
    expect(readConsent({ headers: { 'sec-gpc': ['yes'] } })).toBeNull()
    expect(readConsent({ headers: { cookie } }, { now })).toEqual(state)
  })
})
