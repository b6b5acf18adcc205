import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createConsentGate } from '../../src/create-consent-gate'
import { impressionCounter } from '../../src/ui/impressions'
import { laterChecks } from '../../src/core/lint'
import { mountUI } from '../../src/ui/mount'
import { en } from '../../src/i18n/en'
import type { ConsentGate, ConsentGateOptions } from '../../src/types'
import { releaseDom, resetDom } from './support/dom'

// The counter on a real gate in jsdom, with `navigator.sendBeacon` replaced by a recorder; the
// real beacon reaching the real consent-log server is tests/e2e/impressions.test.ts.

let beacons: [string, unknown][]
let gate: ConsentGate
beforeEach(() => {
  resetDom()
  beacons = []
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: (url: string, body: unknown) => beacons.push([url, body]),
  })
})
afterEach(() => {
  gate?.destroy()
  delete (navigator as { sendBeacon?: unknown }).sendBeacon
  releaseDom()
})

const make = (options: Record<string, unknown>) => (gate = createConsentGate({ reloadOnRevoke: false, ...options } as ConsentGateOptions))

describe('where impressions go', () => {
  const urlFor = (options: Record<string, unknown>) => {
    gate?.destroy()
    beacons = []
    impressionCounter(make(options))('en')
    return beacons.map(([url]) => url)[0]
  }
  test('beside an endpoint ending in /consents, with or without a trailing slash, keeping a query', () => {
    expect(urlFor({ endpoint: '/api/consents' })).toBe('/api/impressions')
    expect(urlFor({ endpoint: 'https://log.example/api/consents/' })).toBe('https://log.example/api/impressions')
    expect(urlFor({ endpoint: 'https://log.example/consents?site=shop' })).toBe('https://log.example/impressions?site=shop')
  })
  test('impressionsEndpoint wins; an endpoint that is not the consent log’s gets none', () => {
    expect(urlFor({ endpoint: '/api/consents', impressionsEndpoint: 'https://stats.example/hit' })).toBe('https://stats.example/hit')
    expect(urlFor({ endpoint: '/receipts' })).toBeUndefined()
    expect(urlFor({ endpoint: '/api/consents-v2' })).toBeUndefined()
    expect(urlFor({ endpoint: '/api/consents/x' })).toBeUndefined()
    expect(urlFor({})).toBeUndefined()
  })
  test('impressions: false turns them off, whatever the URLs', () => {
    expect(urlFor({ endpoint: '/api/consents', impressions: false })).toBeUndefined()
    expect(urlFor({ impressionsEndpoint: '/hit', impressions: false })).toBeUndefined()
  })
  test('a bad value is named like a config field and ignored; a javascript: URL is never used', () => {
    const options = { endpoint: '/api/consents', impressions: 'no', impressionsEndpoint: 'javascript:alert(1)' }
    expect(urlFor(options)).toBe('/api/impressions')
    const named: unknown[] = []
    laterChecks(gate.config, options, (p) => named.push(p))
    expect(named).toEqual([
      ['required', 'impressions'],
      ['endpoint', 'impressionsEndpoint'],
    ])
  })
})

describe('what is sent', () => {
  test('{ revision, language, profile } as text, no identifier', () => {
    impressionCounter(make({ endpoint: '/api/consents', revision: 7 }))('ko')
    expect(beacons).toEqual([['/api/impressions', '{"revision":7,"language":"ko","profile":"eu"}']])
    gate.destroy()
    beacons = []
    impressionCounter(make({ endpoint: '/api/consents', profile: 'uk' }))('en')
    expect(JSON.parse(beacons[0][1] as string)).toEqual({ revision: 1, language: 'en', profile: 'uk' })
  })
  test('once per page view, and never once a decision exists', () => {
    const count = impressionCounter(make({ endpoint: '/api/consents' }))
    count('en')
    count('en')
    expect(beacons.length).toBe(1)
    gate.destroy()
    beacons = []
    const decided = impressionCounter(make({ endpoint: '/api/consents' }))
    gate.acceptAll()
    decided('en')
    expect(beacons).toEqual([])
  })
  test('a missing or throwing sendBeacon is silent', () => {
    delete (navigator as { sendBeacon?: unknown }).sendBeacon
    expect(() => impressionCounter(make({ endpoint: '/api/consents' }))('en')).not.toThrow()
    gate.destroy()
    Object.defineProperty(navigator, 'sendBeacon', {
      configurable: true,
      value: () => {
        throw new TypeError('refused')
      },
    })
    expect(() => impressionCounter(make({ endpoint: '/api/consents' }))('en')).not.toThrow()
    expect(console.error).not.toHaveBeenCalled()
  })
})

describe('from the UI', () => {
  test('the banner drawn for an undecided visitor counts once, in the language drawn, however often it is shown', async () => {
    const ui = mountUI(make({ endpoint: '/api/consents', lang: 'en' }), '', (() => Promise.resolve(en)) as never, vi.fn())
    expect(beacons).toEqual([])
    ui.show('banner')
    ui.hide()
    ui.show('banner')
    await new Promise((r) => setTimeout(r, 0))
    expect(beacons).toEqual([['/api/impressions', '{"revision":1,"language":"en","profile":"eu"}']])
  })
  test('the preferences alone, or the banner shown again after a decision, count nothing', () => {
    const g = make({ endpoint: '/api/consents', lang: 'en' })
    const ui = mountUI(g, '', (() => new Promise(() => {})) as never, vi.fn())
    ui.show('preferences')
    g.rejectAll()
    ui.show('banner')
    expect(beacons).toEqual([])
  })
})
