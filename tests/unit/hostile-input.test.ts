/**
 * Issue #8, a hostile probe of the SDK: prototype pollution through config, cookies and event
 * names; gating attributes that name nothing; a forged cookie that never expires; out-of-range
 * revisions.
 */
import { afterEach, beforeEach, describe, expect, test, type MockInstance } from 'vitest'
import { disconnectObservers, log, ran, releaseDom, resetDom, tick } from './support/dom'
import { normalizeConfig } from '../../src/core/config'
import { stateFromRecord } from '../../src/core/state'
import { createConsentGate } from '../../src/create-consent-gate'
import { createEmitter } from '../../src/core/emitter'
import { decodeRecord, encodeState, isCurrent, type CookieRecord } from '../../src/storage/codec'
import { parseConsentCookie, hasConsent } from '../../src/server'
import type { ConsentGate, ConsentGateOptions } from '../../src/types'

const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort()
const PROTO_KEYS = protoKeys()

let errorSpy: MockInstance<typeof console.error>
const errors = () => errorSpy.mock.calls.map((c) => c.map(String).join(' '))
beforeEach(() => {
  errorSpy = resetDom()
})
afterEach(() => {
  releaseDom()
  // Whatever a test did, Object.prototype must be as it was.
  expect(protoKeys()).toEqual(PROTO_KEYS)
})

describe('config: ids that reach a prototype', () => {
  test('a __proto__ category from JSON is named in an error, pollutes nothing, and the other categories still work', () => {
    const input = JSON.parse('{"categories":{"necessary":{"required":true},"__proto__":{"title":"Evil","required":true},"analytics":{}}}')
    const { config, errors } = normalizeConfig(input)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^config\.categories\.__proto__: .*dropped/)
    expect(Object.keys(config.categories)).toEqual(['necessary', 'analytics'])
    expect(({} as any).title).toBeUndefined()
    expect(Object.getPrototypeOf(config.categories) === null || Object.getPrototypeOf(config.categories) === Object.prototype).toBe(true)
    expect((config.categories as any).title).toBeUndefined()
    expect((config.categories as any).required).toBeUndefined()
  })

  test.each(['__proto__', 'constructor', 'prototype'])('category id %s is refused with an error naming it (the server refuses it too)', (id) => {
    const input = JSON.parse(`{"categories":{"necessary":{"required":true},"${id}":{"title":"X"},"ok":{}}}`)
    const { config, errors } = normalizeConfig(input)
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^config\\.categories\\.${id}: .*dropped`))])
    expect(Object.keys(config.categories)).toEqual(['necessary', 'ok'])
  })

  test.each(['__proto__', 'constructor', 'prototype'])('service id %s is refused with an error naming it', (id) => {
    const input = JSON.parse(`{"categories":{"stats":{"services":{"${id}":{"title":"X"},"ga":{}}}}}`)
    const { config, errors } = normalizeConfig(input)
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^config\\.categories\\.stats\\.services\\.${id}: .*dropped`))])
    expect(Object.keys(config.categories.stats.services!)).toEqual(['ga'])
  })

  test('a __proto__ written in an object literal (it sets the prototype) is named, not dropped silently', () => {
    const { config, errors } = normalizeConfig({ categories: { analytics: {}, __proto__: { marketing: { title: 'M' } } } as any })
    expect(errors).toEqual([expect.stringMatching(/^config\.categories\.__proto__: /)])
    expect(Object.keys(config.categories)).toEqual(['analytics'])
    const services = normalizeConfig({ categories: { stats: { services: { ga: {}, __proto__: { px: {} } } as any } } })
    expect(services.errors).toEqual([expect.stringMatching(/^config\.categories\.stats\.services\.__proto__: /)])
  })

  test('a top-level __proto__ key does not give config.extra a prototype the UI would read from', () => {
    const { config } = normalizeConfig(JSON.parse('{"__proto__":{"ui":false,"floatingButton":true},"theme":"dark"}'))
    expect(config.extra.ui).toBeUndefined()
    expect(config.extra.floatingButton).toBeUndefined()
    expect(config.extra.theme).toBe('dark')
  })

  test('a gate configured with a __proto__ category logs it, and the other categories gate and grant as usual', async () => {
    document.body.innerHTML = `<script type="text/plain" data-category="analytics">${log('analytics')}</script>`
    const g = createConsentGate(
      JSON.parse('{"googleConsentMode":false,"categories":{"necessary":{"required":true},"__proto__":{"title":"Evil"},"analytics":{}}}'),
    )
    expect(errors().filter((e) => e.includes('config.categories.__proto__'))).toHaveLength(1)
    await tick()
    expect(ran()).toEqual([])
    g.acceptAll()
    await tick()
    expect(ran()).toEqual(['analytics'])
    expect(Object.keys(g.get()!.categories)).toEqual(['necessary', 'analytics'])
  })
})

describe('nothing inherited from a polluted Object.prototype is a grant', () => {
  const config = normalizeConfig({ categories: { necessary: { required: true }, analytics: {}, marketing: { services: { px: {} } } } }).config
  afterEach(() => {
    delete (Object.prototype as any).marketing
    delete (Object.prototype as any).px
    delete (Object.prototype as any).nosuch
  })

  test('a cookie that does not name marketing leaves it denied', () => {
    const now = Date.now()
    const value = encodeState({
      id: '3f2b8c1e-9d4a-4b6e-8f01-23456789abcd',
      revision: 1,
      method: 'custom',
      timestamp: new Date(now).toISOString(),
      expires: new Date(now + 86400e3).toISOString(),
      categories: { necessary: true, analytics: true },
      services: {},
    })
    ;(Object.prototype as any).marketing = true
    ;(Object.prototype as any).px = true
    const s = stateFromRecord(config, decodeRecord(value), now)!
    expect(s.categories.marketing).toBe(false)
    expect(s.services.px).toBe(false)
  })

  test('has() and gated markup do not take an unconfigured id from the prototype', async () => {
    document.body.innerHTML = `<script type="text/plain" data-category="nosuch">${log('nosuch')}</script>`
    ;(Object.prototype as any).nosuch = true
    const g = createConsentGate({ googleConsentMode: false, reloadOnRevoke: false })
    g.acceptAll()
    await tick()
    expect(g.has('nosuch')).toBe(false)
    expect(ran()).toEqual([])
  })

  test('consent-gate/server does not take an id from the prototype either', () => {
    ;(Object.prototype as any).nosuch = true
    expect(hasConsent({ categories: {}, services: {} } as any, 'nosuch')).toBe(false)
  })
})

describe("dictionaries keyed by the page's words", () => {
  test('on("constructor") and on("__proto__") are event types like any other: no exception, and the listener is called', () => {
    const g = createConsentGate({ googleConsentMode: false })
    expect(() => g.on('constructor' as any, () => undefined)).not.toThrow()
    expect(() => g.on('__proto__' as any, () => undefined)).not.toThrow()
    const emitter = createEmitter(() => undefined)
    const heard: string[] = []
    for (const type of ['constructor', '__proto__', 'toString']) emitter.on(type, (d) => heard.push(type + ':' + d))
    for (const type of ['constructor', '__proto__', 'toString']) emitter.emit(type, 1)
    expect(heard).toEqual(['constructor:1', '__proto__:1', 'toString:1'])
  })

  test('a consent cookie named "constructor" keeps the decision across page loads', () => {
    const options: ConsentGateOptions = { googleConsentMode: false, cookie: { name: 'constructor' } }
    const first = createConsentGate(options).acceptAll()
    disconnectObservers()
    expect(createConsentGate(options).get()).toEqual(first)
  })
})

describe('gating attributes that name nothing fail closed', () => {
  const options: ConsentGateOptions = {
    reloadOnRevoke: false,
    googleConsentMode: false,
    ui: false,
    categories: { necessary: { title: 'N', required: true }, analytics: { title: 'A', services: { ga: { title: 'GA' } } } },
  }
  const CASES: [string, string][] = [
    ['data-category=""', `<script type="text/plain" data-category="">${log('empty')}</script>`],
    ['data-category=" "', `<script type="text/plain" data-category=" ">${log('space')}</script>`],
    ['data-service=""', `<script type="text/plain" data-service="">${log('service')}</script>`],
    ['a category and an empty data-service', `<script type="text/plain" data-category="analytics" data-service="">${log('half')}</script>`],
  ]

  test.each(CASES)('a script with %s never runs, not even after acceptAll, and is named in a console error', async (_what, markup) => {
    document.body.innerHTML = markup + `<script type="text/plain" data-category="analytics">${log('control')}</script>`
    const g = createConsentGate(options)
    await tick()
    expect(ran()).toEqual([])
    g.acceptAll()
    await tick()
    expect(ran()).toEqual(['control'])
    const opening = markup.slice(0, markup.indexOf('>') + 1)
    expect(errors().filter((e) => e.includes(opening) && e.includes('no id'))).toHaveLength(1)
  })

  test.each([
    ['iframe', '<iframe data-category="" data-src="https://v.example/1"></iframe>'],
    ['img', '<img data-service=" " data-src="https://px.example/p.gif">'],
  ])('an %s with an empty gating attribute never gets its src', async (tag, markup) => {
    document.body.innerHTML = markup
    const g = createConsentGate(options)
    g.acceptAll()
    g.update({ analytics: true, ga: true })
    await tick()
    expect(document.querySelector(tag)!.hasAttribute('src')).toBe(false)
    expect(errors().filter((e) => e.includes('<' + tag) && e.includes('no id'))).toHaveLength(1)
  })

  test('an element added later with an empty attribute stays blocked too', async () => {
    const g = createConsentGate(options)
    g.acceptAll()
    const s = document.createElement('script')
    s.type = 'text/plain'
    s.setAttribute('data-category', '')
    s.text = log('late')
    document.body.appendChild(s)
    await tick()
    expect(ran()).toEqual([])
  })
})

describe('a forged cookie that lasts too long counts as no decision', () => {
  const ID = '3f2b8c1e-9d4a-4b6e-8f01-23456789abcd'
  const NOW = Date.parse('2026-12-01T10:00:00.000Z')
  const config = normalizeConfig({ cookie: { maxAgeDays: 30 } }).config
  const record = (timestamp: number, expires: number): CookieRecord => ({
    id: ID,
    revision: 1,
    method: 'accept-all',
    timestamp,
    expires,
    categories: { necessary: true, analytics: true, marketing: true },
    services: {},
  })
  const Y5138 = Date.parse('5138-01-01T00:00:00.000Z')

  test('expires in the year 5138 is not current, with or without a max age given', () => {
    expect(isCurrent(record(NOW - 1000, Y5138), NOW)).toBe(false)
    expect(isCurrent(record(NOW - 1000, Y5138), NOW, 30 * 864e5)).toBe(false)
    expect(stateFromRecord(config, record(NOW - 1000, Y5138), NOW)).toBeNull()
  })

  test('expires later than timestamp + maxAgeDays → no decision; exactly at it → kept', () => {
    expect(stateFromRecord(config, record(NOW - 1000, NOW - 1000 + 30 * 864e5), NOW)).not.toBeNull()
    expect(stateFromRecord(config, record(NOW - 1000, NOW - 1000 + 30 * 864e5 + 1000), NOW)).toBeNull()
  })

  test('expires later than now + maxAgeDays (a timestamp up to a day ahead) → no decision', () => {
    expect(stateFromRecord(config, record(NOW + 3600e3, NOW + 3600e3 + 30 * 864e5), NOW)).toBeNull()
    expect(stateFromRecord(config, record(NOW + 3600e3, NOW + 30 * 864e5), NOW)).not.toBeNull()
  })

  test('consent-gate/server refuses the forged cookie too, and honours maxAgeDays', () => {
    const value = encodeState({
      id: ID,
      revision: 1,
      method: 'accept-all',
      timestamp: new Date(NOW).toISOString(),
      expires: new Date(Y5138).toISOString(),
      categories: { analytics: true },
      services: {},
    })
    expect(decodeRecord(value)).not.toBeNull() // a valid checksum: the format alone cannot tell
    expect(parseConsentCookie('consent_gate=' + value, { now: NOW })).toBeNull()
    const month = encodeState({
      id: ID,
      revision: 1,
      method: 'accept-all',
      timestamp: new Date(NOW).toISOString(),
      expires: new Date(NOW + 60 * 864e5).toISOString(),
      categories: { analytics: true },
      services: {},
    })
    expect(parseConsentCookie('consent_gate=' + month, { now: NOW })).not.toBeNull()
    expect(parseConsentCookie('consent_gate=' + month, { now: NOW, maxAgeDays: 30 })).toBeNull()
  })

  test('the gate asks again (no state) on a forged cookie with a valid checksum', () => {
    const now = Date.now()
    document.cookie =
      'consent_gate=' +
      encodeState({
        id: ID,
        revision: 1,
        method: 'accept-all',
        timestamp: new Date(Math.floor(now / 1000) * 1000).toISOString(),
        expires: new Date(Y5138).toISOString(),
        categories: { necessary: true, analytics: true },
        services: {},
      }) +
      '; Path=/'
    document.body.innerHTML = `<script type="text/plain" data-category="analytics">${log('analytics')}</script>`
    const g: ConsentGate = createConsentGate({ googleConsentMode: false })
    expect(g.get()).toBeNull()
    expect(g.has('analytics')).toBe(false)
    expect(ran()).toEqual([])
  })
})

describe('revision is a whole number from 0 to 2^31-1', () => {
  test.each([[0], [1], [2147483647]])('%d is kept', (revision) => {
    const { config, errors } = normalizeConfig({ revision })
    expect(errors).toEqual([])
    expect(config.revision).toBe(revision)
  })

  test.each([[2147483648], [-1], [1.5], [Number.MAX_SAFE_INTEGER], [Infinity]])('%d is a config error and falls back to 1', (revision) => {
    const { config, errors } = normalizeConfig({ revision })
    expect(errors).toEqual([expect.stringMatching(/^config\.revision: expected a whole number from 0 to 2147483647/)])
    expect(config.revision).toBe(1)
  })

  test('the largest revision survives the cookie', () => {
    const options: ConsentGateOptions = { googleConsentMode: false, revision: 2147483647 }
    const first = createConsentGate(options).acceptAll()
    disconnectObservers()
    expect(createConsentGate(options).get()).toEqual(first)
  })
})
