import { afterEach, beforeEach, describe, expect, test, vi, type MockInstance } from 'vitest'
import { createConsentGate } from '../../src/create-consent-gate'
import { decodeRecord, encodeState } from '../../src/storage/codec'
import { deliverReceipts } from '../../src/transport/deliver-receipts'
import type { ConsentGateOptions, ConsentState } from '../../src/types'

const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
type W = Window & { dataLayer?: any[]; gtag?: unknown }
const w = window as W

function cookies(): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of document.cookie ? document.cookie.split('; ') : []) {
    const eq = part.indexOf('=')
    out[part.slice(0, eq)] = part.slice(eq + 1)
  }
  return out
}
function clearCookies() {
  for (const name of Object.keys(cookies())) {
    document.cookie = name + '=; Path=/; Max-Age=0'
    document.cookie = name + '=; Path=/; Domain=localhost; Max-Age=0'
  }
}
const tick = () => new Promise((r) => setTimeout(r, 0))

const OPTIONS: ConsentGateOptions = {
  reloadOnRevoke: false,
  categories: {
    necessary: { title: 'Necessary', required: true },
    analytics: { title: 'Analytics', cookies: ['_ga*'], services: { ga: { title: 'GA', cookies: ['_gid'] }, hotjar: { title: 'Hotjar' } } },
    marketing: { title: 'Marketing', cookies: ['_fbp'] },
  },
}
const gate = (extra: ConsentGateOptions = {}) => createConsentGate({ ...OPTIONS, ...extra })

let errorSpy: MockInstance<typeof console.error>
beforeEach(() => {
  clearCookies()
  delete w.dataLayer
  delete w.gtag
  localStorage.clear()
  document.body.innerHTML = ''
  errorSpy = vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
})
const errors = () => errorSpy.mock.calls.map((c) => c.map(String).join(' '))

describe('decisions', () => {
  test('undecided: get() is null, only required purposes are granted', () => {
    const g = gate()
    expect(g.get()).toBeNull()
    expect(g.has('necessary')).toBe(true)
    expect(g.has('analytics')).toBe(false)
    expect(g.has('ga')).toBe(false)
    expect(cookies().consent_gate).toBeUndefined()
  })

  test('acceptAll grants everything and returns the state get() returns', () => {
    const g = gate()
    const s = g.acceptAll()
    expect(g.get()).toBe(s)
    expect(s.id).toMatch(UUID4)
    expect(s.revision).toBe(1)
    expect(s.method).toBe('accept-all')
    expect(s.categories).toEqual({ necessary: true, analytics: true, marketing: true })
    expect(s.services).toEqual({ ga: true, hotjar: true })
    expect(s.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/)
    expect(Math.abs(Date.parse(s.timestamp) - Date.now())).toBeLessThan(5000)
    expect(Date.parse(s.expires) - Date.parse(s.timestamp)).toBe(182 * 86400e3)
    for (const id of ['necessary', 'analytics', 'marketing', 'ga', 'hotjar']) expect(g.has(id), id).toBe(true)
  })

  test('rejectAll grants only required purposes', () => {
    const g = gate()
    const s = g.rejectAll()
    expect(s.method).toBe('reject-all')
    expect(s.categories).toEqual({ necessary: true, analytics: false, marketing: false })
    expect(s.services).toEqual({ ga: false, hotjar: false })
    expect(g.has('necessary')).toBe(true)
    expect(g.has('analytics')).toBe(false)
    expect(g.has('ga')).toBe(false)
  })

  test('update on an undecided visitor: what is not named stays denied', () => {
    const g = gate()
    const s = g.update({ analytics: true })
    expect(s.method).toBe('custom')
    expect(s.categories).toEqual({ necessary: true, analytics: true, marketing: false })
    expect(s.services).toEqual({ ga: true, hotjar: true })
  })

  test('update merges into the current decision', () => {
    const g = gate()
    g.acceptAll()
    const s = g.update({ marketing: false, hotjar: false })
    expect(s.categories).toEqual({ necessary: true, analytics: true, marketing: false })
    expect(s.services).toEqual({ ga: true, hotjar: false })
  })

  test('update with a service switches its category on; a required purpose cannot be switched off', () => {
    const g = gate()
    g.rejectAll()
    const s = g.update({ ga: true, necessary: false })
    expect(s.categories).toEqual({ necessary: true, analytics: true, marketing: false })
    expect(s.services).toEqual({ ga: true, hotjar: false })
    expect(g.has('ga')).toBe(true)
    expect(g.has('hotjar')).toBe(false)
  })

  test('update: a custom method word is kept, an invalid one becomes custom', () => {
    const g = gate()
    expect(g.update({ analytics: true }, 'banner-v2').method).toBe('banner-v2')
    expect(g.update({ analytics: true }, 'Not Valid!').method).toBe('custom')
    expect(g.update({ analytics: true }, 5 as any).method).toBe('custom')
  })

  test('update with unknown ids logs them and applies the rest', () => {
    const g = gate()
    const s = g.update({ analytics: true, nope: true })
    expect(s.categories.analytics).toBe(true)
    expect('nope' in s.categories || 'nope' in s.services).toBe(false)
    expect(errors().some((e) => e.includes('[ConsentGate]') && e.includes('nope'))).toBe(true)
  })

  test('update with a non-object does not throw', () => {
    const g = gate()
    expect(() => g.update(null as any)).not.toThrow()
    expect(g.get()!.categories).toEqual({ necessary: true, analytics: false, marketing: false })
  })

  test('has() is false for unknown ids and non-strings', () => {
    const g = gate()
    g.acceptAll()
    expect(g.has('unknown')).toBe(false)
    expect(g.has('toString')).toBe(false)
    expect(g.has(undefined as any)).toBe(false)
    expect(g.has(1 as any)).toBe(false)
  })

  test('the returned state cannot be used to change the decision', () => {
    const g = gate()
    const s = g.rejectAll()
    try {
      ;(s.categories as any).analytics = true
    } catch {
      /* frozen is fine */
    }
    expect(g.has('analytics')).toBe(false)
  })
})

describe('the cookie', () => {
  test('is written on a decision and decodes to the same state', () => {
    const g = gate()
    const s = g.update({ analytics: true, hotjar: false })
    const value = cookies().consent_gate
    expect(value).toBe(encodeState(s))
    const r = decodeRecord(value)!
    expect(r.id).toBe(s.id)
    expect(r.categories).toEqual(s.categories)
    expect(r.services).toEqual(s.services)
  })

  test('a custom cookie name is used', () => {
    gate({ cookie: { name: 'cg' } }).acceptAll()
    expect(cookies().cg).toBeDefined()
    expect(cookies().consent_gate).toBeUndefined()
  })

  test('a cookie the browser drops (cookie.domain not covering this host) is reported; the decision holds for the page', () => {
    const g = gate({ cookie: { domain: '.example.com' } })
    const s = g.acceptAll()
    expect(cookies().consent_gate).toBeUndefined()
    expect(g.get()).toBe(s)
    expect(g.has('analytics')).toBe(true)
    expect(errors().some((e) => e.includes('[ConsentGate]') && e.includes('cookie'))).toBe(true)
  })

  test('a second gate restores the same state', () => {
    const s = gate().update({ ga: true })
    const again = gate()
    expect(again.get()).toEqual(s)
    expect(again.has('ga')).toBe(true)
    expect(again.has('hotjar')).toBe(false)
  })

  test('a stored decision of another revision is not one', () => {
    gate({ revision: 1 }).acceptAll()
    const g = gate({ revision: 2 })
    expect(g.get()).toBeNull()
    expect(g.has('analytics')).toBe(false)
  })

  test('a garbage or edited cookie is no decision and does not throw', () => {
    document.cookie = 'consent_gate=garbage; Path=/'
    expect(gate().get()).toBeNull()
    const s = gate().acceptAll()
    document.cookie = 'consent_gate=' + encodeState(s).replace('marketing:1', 'marketing:0') + '; Path=/'
    expect(gate().get()).toBeNull()
  })

  test('a category added since the decision is denied', () => {
    gate().acceptAll()
    const g = gate({ categories: { ...OPTIONS.categories, personalization: { title: 'P' } } })
    expect(g.get()!.categories).toEqual({ necessary: true, analytics: true, marketing: true, personalization: false })
    expect(g.has('personalization')).toBe(false)
  })
})

describe('the consent id', () => {
  test('is kept across decisions', () => {
    const g = gate()
    const id = g.acceptAll().id
    expect(g.rejectAll().id).toBe(id)
    expect(g.update({ analytics: true }).id).toBe(id)
  })

  test('is kept across page loads and across a revision bump', () => {
    const id = gate({ revision: 1 }).acceptAll().id
    expect(gate({ revision: 1 }).rejectAll().id).toBe(id)
    const bumped = gate({ revision: 2 })
    expect(bumped.get()).toBeNull()
    const s = bumped.acceptAll()
    expect(s.id).toBe(id)
    expect(s.revision).toBe(2)
  })

  test('is new after reset()', () => {
    const g = gate()
    const id = g.acceptAll().id
    g.reset()
    expect(g.get()).toBeNull()
    expect(cookies().consent_gate).toBeUndefined()
    const next = g.acceptAll().id
    expect(next).toMatch(UUID4)
    expect(next).not.toBe(id)
    // and a new gate after a reset does not bring the old one back
    g.reset()
    expect(gate().acceptAll().id).not.toBe(next)
  })

  test('two visitors (no cookie) get different ids', () => {
    const a = gate().acceptAll().id
    clearCookies()
    expect(gate().acceptAll().id).not.toBe(a)
  })
})

describe('events', () => {
  test('ready fires once the page is ready, with the state, also on window', async () => {
    const s = gate().acceptAll()
    await tick() // the first gate's own ready has fired
    const g = gate()
    const heard: unknown[] = []
    const onWindow: unknown[] = []
    const winListener = (e: Event) => onWindow.push((e as CustomEvent).detail)
    window.addEventListener('consentgate:ready', winListener)
    g.on('ready', (d) => heard.push(d))
    await tick()
    window.removeEventListener('consentgate:ready', winListener)
    expect(heard).toEqual([s])
    expect(onWindow).toEqual([s])
  })

  test('ready is replayed to a listener added late, with null when undecided', async () => {
    const g = gate()
    await tick()
    const heard: unknown[] = []
    g.on('ready', (d) => heard.push(d))
    await tick()
    expect(heard).toEqual([null])
  })

  test('consent fires on every decision, change only when grants differ', () => {
    const g = gate()
    const consent: ConsentState[] = []
    const change: (ConsentState | null)[] = []
    g.on('consent', (s) => consent.push(s))
    g.on('change', (s) => change.push(s))
    const a = g.acceptAll()
    const b = g.acceptAll()
    const c = g.update({ marketing: false })
    const d = g.update({ marketing: false })
    expect(consent).toEqual([a, b, c, d])
    expect(change).toEqual([a, c])
  })

  test('rejectAll by an undecided visitor is a consent but not a change', () => {
    const g = gate()
    const change: unknown[] = []
    const consent: unknown[] = []
    g.on('change', (s) => change.push(s))
    g.on('consent', (s) => consent.push(s))
    g.rejectAll()
    expect(consent).toHaveLength(1)
    expect(change).toEqual([])
  })

  test('reset emits change(null) when grants were given, and show', () => {
    const g = gate()
    g.acceptAll()
    const change: unknown[] = []
    const show: unknown[] = []
    g.on('change', (s) => change.push(s))
    g.on('show', (v) => show.push(v))
    g.reset()
    expect(change).toEqual([null])
    expect(show).toEqual([{ view: 'banner' }])
  })

  test('window CustomEvents consentgate:* carry the same detail', () => {
    const g = gate()
    const seen: [string, unknown][] = []
    const types = ['consent', 'change', 'show', 'hide']
    const listeners = types.map((t) => {
      const l = (e: Event) => seen.push([e.type, (e as CustomEvent).detail])
      window.addEventListener('consentgate:' + t, l)
      return [t, l] as const
    })
    const s = g.acceptAll()
    g.showPreferences()
    g.hide()
    g.show()
    for (const [t, l] of listeners) window.removeEventListener('consentgate:' + t, l)
    expect(seen).toEqual([
      ['consentgate:consent', s],
      ['consentgate:change', s],
      ['consentgate:show', { view: 'preferences' }],
      ['consentgate:hide', null],
      ['consentgate:show', { view: 'banner' }],
    ])
  })

  test('on() returns an unsubscribe', () => {
    const g = gate()
    const heard: unknown[] = []
    const off = g.on('consent', (s) => heard.push(s))
    g.acceptAll()
    off()
    g.rejectAll()
    expect(heard).toHaveLength(1)
    off()
  })

  test('a listener that throws does not stop the others nor the decision', () => {
    const g = gate()
    const heard: string[] = []
    g.on('consent', () => heard.push('first'))
    g.on('consent', () => {
      throw new Error('boom')
    })
    g.on('consent', () => heard.push('third'))
    let s!: ConsentState
    expect(() => (s = g.acceptAll())).not.toThrow()
    expect(heard).toEqual(['first', 'third'])
    expect(g.get()).toBe(s)
    expect(cookies().consent_gate).toBe(encodeState(s))
    expect(errors().some((e) => e.includes('boom') || e.includes('listener'))).toBe(true)
  })
})

describe('config problems', () => {
  test('an invalid config logs each problem and still gives a working gate', () => {
    let g!: ReturnType<typeof createConsentGate>
    expect(() => (g = createConsentGate({ revision: 'two' as any, cookie: { maxAgeDays: 9999 }, reloadOnRevoke: false }))).not.toThrow()
    expect(errors().some((e) => e.includes('[ConsentGate]') && e.includes('config.revision'))).toBe(true)
    expect(errors().some((e) => e.includes('config.cookie.maxAgeDays'))).toBe(true)
    expect(g.config.revision).toBe(1)
    expect(g.acceptAll().categories.analytics).toBe(true)
  })

  test('a non-object config logs and uses the defaults', () => {
    const g = createConsentGate('nope' as any)
    expect(errors().some((e) => e.includes('[ConsentGate] config'))).toBe(true)
    expect(Object.keys(g.config.categories)).toEqual(['necessary', 'functional', 'analytics', 'personalization', 'marketing'])
  })

  test('a valid config logs nothing', () => {
    gate().acceptAll()
    expect(errors()).toEqual([])
  })
})

describe('Google Consent Mode through the gate', () => {
  const signals = (entry: any) => Array.from(entry as ArrayLike<unknown>)

  test('default on creation, update on a decision and on reset', () => {
    const g = gate()
    expect(w.dataLayer).toHaveLength(1)
    expect(signals(w.dataLayer![0]).slice(0, 2)).toEqual(['consent', 'default'])
    g.update({ analytics: true })
    expect(signals(w.dataLayer![1]).slice(0, 2)).toEqual(['consent', 'update'])
    expect(signals(w.dataLayer![1])[2]).toMatchObject({ analytics_storage: 'granted', ad_storage: 'denied', security_storage: 'granted' })
    expect(w.dataLayer![2]).toMatchObject({ event: 'consent_gate_update' })
    g.reset()
    expect(signals(w.dataLayer![3])[2]).toMatchObject({ analytics_storage: 'denied' })
  })

  test('with a stored decision: default then update at creation', () => {
    gate().acceptAll()
    delete w.dataLayer
    delete w.gtag
    gate()
    expect(w.dataLayer!.map((e) => (Object.prototype.toString.call(e) === '[object Arguments]' ? signals(e)[1] : e.event))).toEqual([
      'default',
      'update',
      'consent_gate_update',
    ])
    expect(signals(w.dataLayer![1])[2]).toMatchObject({ ad_storage: 'granted', analytics_storage: 'granted' })
  })

  test('googleConsentMode: false pushes nothing', () => {
    gate({ googleConsentMode: false }).acceptAll()
    expect(w.dataLayer).toBeUndefined()
  })
})

describe('Consent Mode’s mode and the page’s Google tags (`google`)', () => {
  test('advanced (the default): google is granted before any decision', () => {
    expect(gate().has('google')).toBe(true)
    expect(gate({ googleConsentMode: { mode: 'advanced' } }).has('google')).toBe(true)
  })

  test('basic: google waits for analytics or marketing, and a withdrawal takes it back', () => {
    const g = gate({ googleConsentMode: { mode: 'basic' } })
    expect(g.has('google')).toBe(false)
    g.update({ analytics: true })
    expect(g.has('google')).toBe(true)
    g.update({ analytics: false })
    expect(g.has('google')).toBe(false)
    g.update({ marketing: true })
    expect(g.has('google')).toBe(true)
    g.rejectAll()
    expect(g.has('google')).toBe(false)
  })

  test('without Consent Mode google is no id: never granted, and the markup naming it is reported', async () => {
    const g = gate({ googleConsentMode: false })
    g.acceptAll()
    expect(g.has('google')).toBe(false)
    document.body.innerHTML = '<script type="text/plain" data-category="google">window.__ran = 1</script>'
    await tick()
    await tick()
    expect((window as { __ran?: number }).__ran).toBeUndefined()
    expect(errors().join('\n')).toContain('data-category/data-service "google" is not a configured category or service')
  })

  test('a site’s own category named google wins over Consent Mode’s', () => {
    const g = createConsentGate({
      reloadOnRevoke: false,
      categories: { necessary: { title: 'Necessary', required: true }, google: { title: 'Google' }, analytics: { title: 'Analytics' } },
    })
    expect(g.has('google')).toBe(false)
    g.update({ analytics: true })
    expect(g.has('google')).toBe(false)
    g.update({ google: true })
    expect(g.has('google')).toBe(true)
  })

  test('a mode that is neither advanced nor basic is named and falls back to advanced', () => {
    const g = gate({ googleConsentMode: { mode: 'strict' as never } })
    expect(g.has('google')).toBe(true)
    expect(errors().join('\n')).toContain('config.googleConsentMode.mode: expected "advanced" or "basic"')
  })

  test('a mode that only reads as basic once made a string (["basic"]) is named, and is advanced', () => {
    const g = gate({ googleConsentMode: { mode: ['basic'] as never } })
    expect(g.has('google')).toBe(true)
    expect(errors().join('\n')).toContain('config.googleConsentMode.mode: expected "advanced" or "basic"')
  })
})

describe('cookies of denied purposes are deleted', () => {
  test('on rejectAll the listed cookies go, others and the consent cookie stay', () => {
    document.cookie = '_ga=GA1.1; Path=/'
    document.cookie = '_ga_XYZ=GS1; Path=/'
    document.cookie = '_gid=1; Path=/'
    document.cookie = '_fbp=fb; Path=/'
    document.cookie = 'site_pref=dark; Path=/'
    const g = gate()
    g.acceptAll()
    expect(Object.keys(cookies())).toEqual(expect.arrayContaining(['_ga', '_ga_XYZ', '_gid', '_fbp', 'site_pref', 'consent_gate']))
    g.rejectAll()
    const left = Object.keys(cookies())
    expect(left).not.toContain('_ga')
    expect(left).not.toContain('_ga_XYZ')
    expect(left).not.toContain('_gid')
    expect(left).not.toContain('_fbp')
    expect(left).toEqual(expect.arrayContaining(['site_pref', 'consent_gate']))
  })

  test('a denied service loses its cookies while its granted category keeps its own', () => {
    document.cookie = '_ga=GA1.1; Path=/'
    document.cookie = '_gid=1; Path=/'
    gate().update({ analytics: true, ga: false })
    expect(Object.keys(cookies())).toContain('_ga')
    expect(Object.keys(cookies())).not.toContain('_gid')
  })

  test('at load with a stored refusal, in a task after the first tick', async () => {
    gate().rejectAll()
    document.cookie = '_fbp=fb; Path=/'
    gate()
    await tick()
    expect(Object.keys(cookies())).not.toContain('_fbp')
  })
})

describe('receipts through the gate', () => {
  test('a decision queues a receipt and POSTs it to the endpoint', async () => {
    const bodies: any[] = []
    vi.stubGlobal(
      'fetch',
      vi.fn((_url: string, init: RequestInit) => {
        bodies.push(JSON.parse(init.body as string))
        return Promise.resolve(new Response(null, { status: 503 }))
      }),
    )
    const g = createConsentGate({ ...OPTIONS, endpoint: '/api/consents', lang: 'ko-KR' }, () => Promise.resolve(deliverReceipts))
    const s = g.update({ analytics: true })
    const queued = JSON.parse(localStorage.getItem('consent_gate_receipts')!)
    expect(queued).toHaveLength(1)
    expect(queued[0]).toMatchObject({ consentId: s.id, method: 'custom', categories: s.categories, language: 'ko', url: location.origin + location.pathname })
    await tick()
    await tick()
    expect(bodies).toEqual(queued)
    // 503: still queued for later
    expect(JSON.parse(localStorage.getItem('consent_gate_receipts')!)).toHaveLength(1)
  })

  test('without an endpoint nothing is queued or sent', async () => {
    const fetchSpy = vi.fn()
    vi.stubGlobal('fetch', fetchSpy)
    createConsentGate(OPTIONS, () => Promise.resolve(deliverReceipts)).acceptAll()
    await tick()
    expect(localStorage.getItem('consent_gate_receipts')).toBeNull()
    expect(fetchSpy).not.toHaveBeenCalled()
  })

  test('a sender that fails to load leaves the receipt queued and logs', async () => {
    const g = createConsentGate({ ...OPTIONS, endpoint: '/api/consents' }, () => Promise.reject(new Error('chunk 404')))
    expect(() => g.acceptAll()).not.toThrow()
    await tick()
    expect(JSON.parse(localStorage.getItem('consent_gate_receipts')!)).toHaveLength(1)
    expect(errors().some((e) => e.includes('receipt'))).toBe(true)
  })
})
