import { afterEach, beforeEach, describe, expect, test, vi, type MockInstance } from 'vitest'
import { createConsentGate } from '../../src/create-consent-gate'
import type { ConsentGate, ConsentGateOptions } from '../../src/types'

const w = window as any
const GLOBALS = ['uetq', 'clarity', 'fbq', '_fbq', 'ttq', '_paq', 'TiktokAnalyticsObject']

/** The vendors' official snippets, as they run on a page (their loader scripts left out). */
const snippets = {
  uet() {
    // bat.bing.com's snippet: the queue, later replaced by the library (`libraryLoads`).
    w.uetq = w.uetq || []
  },
  clarity() {
    ;((c: any, a: string) => {
      c[a] =
        c[a] ||
        ((...args: unknown[]) => {
          // biome-ignore lint/suspicious/noAssignInExpressions: Microsoft's snippet
          ;(c[a].q = c[a].q || []).push(args)
        })
    })(w, 'clarity')
  },
  meta() {
    ;((f: any) => {
      if (f.fbq) return
      // biome-ignore lint/suspicious/noAssignInExpressions: Meta's snippet
      const n: any = (f.fbq = (...args: unknown[]) => (n.callMethod ? n.callMethod(...args) : n.queue.push(args)))
      if (!f._fbq) f._fbq = n
      n.push = n
      n.loaded = true
      n.version = '2.0'
      n.queue = []
    })(w)
    w.fbq('init', '123')
    w.fbq('track', 'PageView')
  },
  tiktok() {
    ;((w: any, t: string) => {
      w.TiktokAnalyticsObject = t
      // biome-ignore lint/suspicious/noAssignInExpressions: TikTok's snippet
      const ttq = (w[t] = w[t] || [])
      ttq.methods = ['page', 'track', 'identify', 'holdConsent', 'revokeConsent', 'grantConsent']
      ttq.setAndDefer = (o: any, e: string) => {
        o[e] = (...args: unknown[]) => o.push([e, ...args])
      }
      for (const m of ttq.methods) ttq.setAndDefer(ttq, m)
      ttq.load = () => undefined
      ttq.load('ABC')
      ttq.page()
    })(w, 'ttq')
  },
  matomo() {
    // `var _paq = window._paq = window._paq || []`: the global assigned twice.
    w._paq = w._paq || []
    // biome-ignore lint/correctness/noSelfAssign: the snippet's `var _paq =` assigns it again
    w._paq = w._paq
    w._paq.push(['trackPageView'])
    w._paq.push(['enableLinkTracking'])
  },
}
const all = () => {
  for (const s of Object.values(snippets)) s()
}
/** What each queue received, as lists of calls. */
const uet = () => w.uetq as unknown[]
const clarity = () => (w.clarity.q as unknown[][]).map((a) => [...a])
const fbq = () => (w.fbq.queue as unknown[][]).map((a) => [...a])
const ttq = () => [...w.ttq] as unknown[]
const paq = () => [...w._paq] as unknown[]

const OPTIONS: ConsentGateOptions = {
  reloadOnRevoke: false,
  googleConsentMode: false,
  categories: {
    necessary: { title: 'Necessary', required: true },
    analytics: { title: 'Analytics' },
    marketing: { title: 'Marketing' },
  },
}
let gate: ConsentGate | undefined
const start = (extra: ConsentGateOptions = {}) => (gate = createConsentGate({ ...OPTIONS, ...extra }))

/** Removes the globals (and the gate's accessors); one the page made non-configurable stays. */
const clear = () => {
  for (const g of GLOBALS)
    try {
      delete w[g]
    } catch {}
}

let errorSpy: MockInstance<typeof console.error>
beforeEach(() => {
  for (const name of document.cookie
    .split('; ')
    .map((p) => p.split('=')[0])
    .filter(Boolean))
    document.cookie = name + '=; Path=/; Max-Age=0'
  clear()
  errorSpy = vi.spyOn(console, 'error').mockImplementation(() => undefined)
})
afterEach(() => {
  gate?.destroy?.()
  gate = undefined
  clear()
  errorSpy.mockRestore()
})

const DENIED_DEFAULT = {
  uet: ['consent', 'default', { ad_storage: 'denied' }],
  clarity: [['consentv2', { ad_Storage: 'denied', analytics_Storage: 'denied' }]],
  meta: [['consent', 'revoke']],
  tiktok: [['holdConsent']],
  matomo: [['requireCookieConsent']],
}

describe('a first visit: snippets that run after the gate get the default first', () => {
  test('each queue starts with the denied default, before the snippet’s own calls', () => {
    start()
    all()
    expect(uet()).toEqual(DENIED_DEFAULT.uet)
    expect(clarity()).toEqual(DENIED_DEFAULT.clarity)
    expect(fbq()).toEqual([
      ['consent', 'revoke'],
      ['init', '123'],
      ['track', 'PageView'],
    ])
    expect(ttq()).toEqual([['holdConsent'], ['page']])
    expect(paq()).toEqual([['requireCookieConsent'], ['trackPageView'], ['enableLinkTracking']])
    expect(errorSpy).not.toHaveBeenCalled()
  })

  test('Meta: the default waits for the snippet’s queue, and fbq is the snippet’s own function', () => {
    start()
    expect(w.fbq).toBeUndefined() // the snippet's `if (f.fbq) return` must not skip
    snippets.meta()
    expect(w.fbq.loaded).toBe(true)
    expect(Object.getOwnPropertyDescriptor(w.fbq, 'queue')).toMatchObject({ writable: true })
    w.fbq.queue = ['replaced'] // a plain property again
    expect(w.fbq.queue).toEqual(['replaced'])
  })

  test('Accept all, then a withdrawal: an update each time, at the end of each queue', () => {
    start()
    all()
    gate!.acceptAll()
    expect(uet().slice(3)).toEqual(['consent', 'update', { ad_storage: 'granted' }])
    expect(clarity().at(-1)).toEqual(['consentv2', { ad_Storage: 'granted', analytics_Storage: 'granted' }])
    expect(fbq().at(-1)).toEqual(['consent', 'grant'])
    expect(ttq().at(-1)).toEqual(['grantConsent'])
    expect(paq().at(-1)).toEqual(['rememberCookieConsentGiven'])
    gate!.update({ marketing: false, analytics: false })
    expect(uet().slice(6)).toEqual(['consent', 'update', { ad_storage: 'denied' }])
    expect(clarity().at(-1)).toEqual(['consentv2', { ad_Storage: 'denied', analytics_Storage: 'denied' }])
    expect(fbq().at(-1)).toEqual(['consent', 'revoke'])
    expect(ttq().at(-1)).toEqual(['revokeConsent'])
    expect(paq().at(-1)).toEqual(['forgetCookieConsentGiven'])
  })

  test('one category each: analytics alone reaches Clarity’s analytics_Storage and Matomo only', () => {
    start()
    all()
    gate!.update({ analytics: true })
    expect(clarity().at(-1)).toEqual(['consentv2', { ad_Storage: 'denied', analytics_Storage: 'granted' }])
    expect(paq().at(-1)).toEqual(['rememberCookieConsentGiven'])
    expect(fbq().at(-1)).toEqual(['consent', 'revoke'])
    expect(uet().at(-1)).toEqual({ ad_storage: 'denied' })
  })
})

describe('the globals', () => {
  test('a global there before the gate starts gets the default at once', () => {
    w._paq = [['trackPageView']]
    w.uetq = []
    start()
    expect(paq()).toEqual([['trackPageView'], ['requireCookieConsent']])
    expect(uet()).toEqual(DENIED_DEFAULT.uet)
    gate!.acceptAll()
    expect(paq().at(-1)).toEqual(['rememberCookieConsentGiven'])
  })

  test('UET’s library replacing the queue: no second default, updates go to the library', () => {
    start()
    snippets.uet()
    const queue = uet()
    const lib = { calls: [] as unknown[][], push: (...a: unknown[]) => lib.calls.push(a) }
    w.uetq = lib // bat.js: window.uetq = new UET({ q: window.uetq })
    expect(lib.calls).toEqual([])
    expect(queue).toEqual(DENIED_DEFAULT.uet)
    gate!.acceptAll()
    expect(lib.calls).toEqual([['consent', 'update', { ad_storage: 'granted' }]])
    expect(queue).toHaveLength(3)
  })

  test('TikTok: the method is called once the snippet (or library) defines it', () => {
    const calls: string[] = []
    w.ttq = { push: () => calls.push('push'), grantConsent: () => calls.push('grant'), holdConsent: () => calls.push('hold') }
    start()
    expect(calls).toEqual(['hold'])
    gate!.acceptAll()
    expect(calls).toEqual(['hold', 'grant'])
  })

  test('vendor code that throws, or odd values, never throws into the page', () => {
    start()
    expect(() => {
      w.clarity = () => {
        throw new Error('vendor')
      }
      w.uetq = 5
      w.fbq = Object.freeze(() => undefined)
      w.ttq = 'x'
    }).not.toThrow()
    expect(() => gate!.acceptAll()).not.toThrow()
    expect(w.uetq).toBe(5)
  })
})

describe('decisions and profiles', () => {
  test('a returning visitor’s stored grant: default, then the grant, before the snippets’ calls', () => {
    start().acceptAll()
    gate!.destroy!()
    clear()
    start()
    all()
    expect(uet()).toEqual(['consent', 'default', { ad_storage: 'denied' }, 'consent', 'update', { ad_storage: 'granted' }])
    expect(clarity()).toEqual([DENIED_DEFAULT.clarity[0], ['consentv2', { ad_Storage: 'granted', analytics_Storage: 'granted' }]])
    expect(fbq()).toEqual([
      ['consent', 'revoke'],
      ['consent', 'grant'],
      ['init', '123'],
      ['track', 'PageView'],
    ])
    expect(ttq()).toEqual([['holdConsent'], ['grantConsent'], ['page']])
    expect(paq()).toEqual([['requireCookieConsent'], ['rememberCookieConsentGiven'], ['trackPageView'], ['enableLinkTracking']])
  })

  test('profile us: granted defaults before a choice; the opt-out revokes', () => {
    start({ profile: 'us' })
    all()
    expect(uet()).toEqual(['consent', 'default', { ad_storage: 'granted' }])
    expect(clarity()).toEqual([['consentv2', { ad_Storage: 'granted', analytics_Storage: 'granted' }]])
    expect(fbq()[0]).toEqual(['consent', 'grant'])
    expect(ttq()[0]).toEqual(['grantConsent'])
    expect(paq().slice(0, 2)).toEqual([['requireCookieConsent'], ['rememberCookieConsentGiven']])
    gate!.update({ marketing: false }, 'opt-out')
    expect(fbq().at(-1)).toEqual(['consent', 'revoke'])
    expect(ttq().at(-1)).toEqual(['revokeConsent'])
    expect(paq().at(-1)).toEqual(['rememberCookieConsentGiven'])
  })

  test('reset(): back to the undecided choices', () => {
    start().acceptAll()
    all()
    gate!.reset()
    expect(fbq().at(-1)).toEqual(['consent', 'revoke'])
    expect(uet().at(-1)).toEqual({ ad_storage: 'denied' })
  })
  test('destroy(): the globals are plain properties again, keeping their values; nothing more is sent', () => {
    start()
    snippets.matomo()
    const queue = w._paq
    gate!.destroy!()
    expect(Object.getOwnPropertyDescriptor(w, '_paq')).toMatchObject({ value: queue, writable: true })
    expect(Object.getOwnPropertyDescriptor(w, 'fbq')).toMatchObject({ value: undefined, writable: true })
    snippets.meta()
    expect(fbq()).toEqual([
      ['init', '123'],
      ['track', 'PageView'],
    ])
  })
})

describe('config', () => {
  test('vendorConsent: { meta: false } leaves fbq alone; the others still get theirs', () => {
    start({ vendorConsent: { meta: false } })
    expect(Object.getOwnPropertyDescriptor(w, 'fbq')).toBeUndefined()
    all()
    gate!.acceptAll()
    expect(fbq()).toEqual([
      ['init', '123'],
      ['track', 'PageView'],
    ])
    expect(uet()[0]).toBe('consent')
  })

  test('each vendor can be switched off', () => {
    start({ vendorConsent: { uet: false, clarity: false, meta: false, tiktok: false, matomo: false } })
    for (const g of ['uetq', 'clarity', 'fbq', 'ttq', '_paq']) expect(Object.getOwnPropertyDescriptor(w, g), g).toBeUndefined()
    all()
    gate!.acceptAll()
    expect(paq()).toEqual([['trackPageView'], ['enableLinkTracking']])
    expect(ttq()).toEqual([['page']])
  })

  test('a vendorConsent that is not an object is reported; every vendor stays on', () => {
    start({ vendorConsent: 'off' as never })
    expect(errorSpy).toHaveBeenCalledWith('[ConsentGate] config.vendorConsent: expected { uet, clarity, meta, tiktok, matomo: true or false }')
    all()
    expect(fbq()[0]).toEqual(['consent', 'revoke'])
  })

  test('anything but false counts as on', () => {
    start({ vendorConsent: { meta: 0 as never, tiktok: 'no' as never } })
    all()
    expect(fbq()[0]).toEqual(['consent', 'revoke'])
    expect(ttq()[0]).toEqual(['holdConsent'])
  })
})

describe('last, since the page’s global cannot be removed after it', () => {
  test('a global the page made non-configurable is still sent to', () => {
    Object.defineProperty(w, '_paq', { value: [], writable: true, configurable: false })
    try {
      start()
      expect(paq()).toEqual([['requireCookieConsent']])
      gate!.acceptAll()
      expect(paq().at(-1)).toEqual(['rememberCookieConsentGiven'])
    } finally {
      w._paq = undefined
    }
  })
})
