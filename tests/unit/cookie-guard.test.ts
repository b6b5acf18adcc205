/**
 * The cookie guard's logic (`src/auto/cookie-guard.ts`, the auto core) and its lazy chunk's lookup
 * (`src/cookies-chunk.ts`, the Open Cookie Database), apart from a page: what is written to
 * `document.cookie`, what waits for the chunk, and what is dropped, reported and recorded.
 */
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { cookieGuard, type GuardedMarks, type MakeCookieGuard } from '../../src/auto/cookie-guard'
import { autoOptions } from '../../src/auto/options'
import { makeCookieGuard, makeCookieLookup } from '../../src/cookies-chunk'
import { inspect } from '../../src/debug/inspect'
import type { GateInternals } from '../../src/integrations/integration'
import type { ConsentGate, ResolvedConfig } from '../../src/types'

const original = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!
const jar = () => (document.cookie ? document.cookie.split('; ') : []).sort()

const categories = {
  necessary: { required: true, cookies: ['sid'] },
  analytics: { cookies: ['_ga*'] },
  marketing: { cookies: ['_ttp'], services: { meta: { cookies: ['_fbc'] } } },
}
const config = (cats: object = categories) => ({ categories: cats, cookie: { name: 'consent_gate' }, extra: {} }) as unknown as ResolvedConfig

/** A guard on this document with `granted` ids, its chunk's load under the test's control. */
function guard(options: { unclassified?: 'allow' | 'drop' } = {}, cats: object = categories) {
  const granted = new Set<string>(['necessary'])
  const report = vi.fn()
  const marks: GuardedMarks = new Map()
  let arrive!: (make: MakeCookieGuard) => void
  let fail!: (e: unknown) => void
  const load = vi.fn(
    () =>
      new Promise<MakeCookieGuard>((resolve, reject) => {
        arrive = resolve
        fail = reject
      }),
  )
  const api = { has: (id: string) => granted.has(id), config: config(cats) } as unknown as ConsentGate
  const gate = { api, config: api.config, report, marks, hook() {} }
  cookieGuard(gate as GateInternals, options, autoOptions(api.config)[3], load)
  const settled = () => new Promise((r) => setTimeout(r))
  return {
    granted,
    marks,
    load,
    reported: () => report.mock.calls.map((c) => c[0].join(' ')),
    arrive: async (make: MakeCookieGuard = makeCookieGuard) => {
      arrive(make)
      await settled()
    },
    fail: async () => {
      fail('consent-gate-cookies.js')
      await settled()
    },
  }
}

beforeEach(() => {
  for (const c of jar()) document.cookie = c.split('=')[0] + '=; Max-Age=0'
})
afterEach(() => {
  Object.defineProperty(Document.prototype, 'cookie', original)
  for (const c of jar()) document.cookie = c.split('=')[0] + '=; Max-Age=0'
})

test('the lookup: exact names, the longest prefix, necessary and security cookies need nothing, an unknown name nothing', () => {
  const lookup = makeCookieLookup(config({ analytics: {}, marketing: {}, functional: {} }))
  expect(lookup('_fbp')).toBe('marketing')
  expect(lookup('_ga')).toBe('analytics')
  expect(lookup('_ga_ABC123')).toBe('analytics')
  expect(lookup('XSRF-TOKEN')).toBe('')
  expect(lookup('my_own_cookie')).toBeUndefined()
  expect(lookup('__proto__')).toBeUndefined()
  // A name the database puts in a category the config does not have is unclassified.
  expect(makeCookieLookup(config({ analytics: {} }))('_fbp')).toBeUndefined()
  expect(makeCookieLookup(config({ analytics: {} }))('XSRF-TOKEN')).toBe('')
})

test('the consent cookie, deletions and a listed name while its purposes are granted pass at once, without the chunk', () => {
  const g = guard()
  g.granted.add('analytics')
  document.cookie = 'consent_gate=1; path=/'
  document.cookie = 'sid=2; path=/'
  document.cookie = '_ga=3; path=/'
  expect(jar()).toEqual(['_ga=3', 'consent_gate=1', 'sid=2'])
  g.granted.delete('analytics')
  document.cookie = '_ga=; Max-Age=0; path=/'
  document.cookie = 'sid=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
  expect(jar()).toEqual(['consent_gate=1'])
  expect(g.load).not.toHaveBeenCalled()
  expect(g.reported()).toEqual([])
})

test('every other write waits, in order, for the chunk (requested once); then it is written or dropped in order, later writes at once', async () => {
  const g = guard()
  document.cookie = 'theme=dark; path=/'
  document.cookie = '_fbp=fb.1; path=/'
  document.cookie = '_ga=1; path=/'
  document.cookie = 'theme=light; path=/'
  document.cookie = 'XSRF-TOKEN=t; path=/'
  // A listed name whose purposes are granted waits too once something waits before it.
  document.cookie = 'sid=s; path=/'
  expect(jar()).toEqual([])
  expect(g.load).toHaveBeenCalledTimes(1)
  expect(g.load).toHaveBeenCalledWith('cookies')
  await g.arrive()
  expect(jar()).toEqual(['XSRF-TOKEN=t', 'sid=s', 'theme=light'])
  expect(g.reported()).toEqual(['cookieUnknown theme', 'cookie _fbp', 'cookie _ga'])
  expect(g.marks.dropped!.map(([name, at, id]) => [name, typeof at, id])).toEqual([
    ['_fbp', 'number', 'marketing'],
    ['_ga', 'number', 'analytics'],
  ])
  g.granted.add('marketing')
  document.cookie = '_fbp=fb.2; path=/'
  document.cookie = '_fbc=c; path=/'
  document.cookie = '_ttp=t; path=/'
  expect(jar()).toEqual(['XSRF-TOKEN=t', '_fbp=fb.2', '_ttp=t', 'sid=s', 'theme=light'])
  // A service's cookie needs the service.
  expect(g.marks.dropped!.map(([name, , ...owner]) => [name, owner])).toContainEqual(['_fbc', ['marketing', 'meta']])
  expect(g.load).toHaveBeenCalledTimes(1)
})

test('the record of drops keeps the last 200', async () => {
  const g = guard()
  document.cookie = '_fbp=0; path=/'
  await g.arrive()
  for (let i = 1; i <= 250; i++) document.cookie = '_fbp=' + i + '; path=/'
  expect(g.marks.dropped).toHaveLength(200)
  expect(g.reported()).toEqual(['cookie _fbp'])
})

test('the queue is decided with the consent in force when the chunk arrives', async () => {
  const g = guard()
  document.cookie = '_gid=1; path=/'
  document.cookie = '_ga=2; path=/'
  g.granted.add('analytics')
  await g.arrive()
  expect(jar()).toEqual(['_ga=2', '_gid=1'])
  expect(g.reported()).toEqual([])
})

test('a chunk that fails: unlisted writes follow unclassified (allowed), the lists still drop what they name while denied', async () => {
  const g = guard()
  document.cookie = '_fbp=1; path=/'
  document.cookie = '_ttp=0; path=/'
  await g.fail()
  expect(jar()).toEqual(['_fbp=1'])
  document.cookie = '_ttp=2; path=/'
  document.cookie = 'other=3; path=/'
  expect(jar()).toEqual(['_fbp=1', 'other=3'])
  g.granted.add('marketing')
  document.cookie = '_ttp=4; path=/'
  expect(jar()).toEqual(['_fbp=1', '_ttp=4', 'other=3'])
})

test('unclassified: "drop" drops what no one classifies, also when the chunk fails', async () => {
  const g = guard({ unclassified: 'drop' })
  document.cookie = 'mine=1; path=/'
  document.cookie = 'XSRF-TOKEN=2; path=/'
  await g.arrive()
  expect(jar()).toEqual(['XSRF-TOKEN=2'])
  expect(g.reported()).toEqual(['cookie mine'])
  expect(g.marks.dropped!.map(([name, , id]) => [name, id])).toEqual([['mine', undefined]])
  Object.defineProperty(Document.prototype, 'cookie', original)
  const f = guard({ unclassified: 'drop' })
  document.cookie = 'other=1; path=/'
  await f.fail()
  document.cookie = 'another=1; path=/'
  expect(jar()).toEqual(['XSRF-TOKEN=2'])
})

test('a chunk that throws leaves no write unhandled, and nothing throws into the page', async () => {
  const g = guard()
  document.cookie = 'a=1; path=/'
  await g.arrive(() => () => {
    throw new Error('broken')
  })
  const hostile = {
    toString() {
      throw new Error('hostile')
    },
  }
  expect(() => {
    document.cookie = hostile as unknown as string
    document.cookie = 'b=2; path=/'
  }).not.toThrow()
  expect(jar()).toEqual([])
})

test('inspect() lists the dropped cookies, in order, with category, service and when', () => {
  const marks: GuardedMarks = new Map()
  const t = performance.timeOrigin + 1500
  marks.dropped = [
    ['_fbc', t, 'marketing', 'meta'],
    ['_fbp', t + 5, 'marketing'],
    ['mine', t + 10],
  ]
  const api = { config: config(), has: () => false, get: () => null } as unknown as ConsentGate
  expect(inspect(api, marks).droppedCookies).toEqual([
    { name: '_fbc', category: 'marketing', service: 'meta', at: 1500 },
    { name: '_fbp', category: 'marketing', service: null, at: 1505 },
    { name: 'mine', category: null, service: null, at: 1510 },
  ])
})
