import type { Choices } from '../core/state'
import type { ConsentGateOptions, VendorConsentConfig } from '../types'
import { EMBED } from '../util/build'
import type { Integration, Teardown } from './integration'

// biome-ignore lint/suspicious/noExplicitAny: a vendor's global, of whatever shape the page gave it
type Q = any
/** A vendor's call: `k` the choices' categories (it reads its own), `u` an update (else the default, sent once). */
type Call = (q: Q, k: Choices['categories'], u?: 1) => void

const sig = (b: boolean) => (b ? 'granted' : 'denied')

/**
 * The vendors: config key, window global, the call (naming the categories it reads: UET, Meta and
 * TikTok marketing, Matomo analytics, Clarity both). Clarity and Meta send the same call as
 * default and update; TikTok's methods are missing while its snippet runs, so then the entry
 * form `[name]` goes on its queue; Matomo's default asks for consent first.
 */
export const VENDORS: [keyof VendorConsentConfig, string, Call][] = [
  ['uet', 'uetq', (q, k, u) => q.push('consent', u ? 'update' : 'default', { ad_storage: sig(k.marketing) })],
  ['clarity', 'clarity', (q, k) => q('consentv2', { ad_Storage: sig(k.marketing), analytics_Storage: sig(k.analytics) })],
  ['meta', 'fbq', (q, k) => q('consent', k.marketing ? 'grant' : 'revoke')],
  [
    'tiktok',
    'ttq',
    (q, k, u) => {
      const m = k.marketing ? 'grantConsent' : u ? 'revokeConsent' : 'holdConsent'
      typeof q[m] === 'function' ? q[m]() : q.push([m])
    },
  ],
  [
    'matomo',
    '_paq',
    (q, k, u) => {
      if (!u) q.push(['requireCookieConsent'])
      if (u || k.analytics) q.push([k.analytics ? 'rememberCookieConsentGiven' : 'forgetCookieConsentGiven'])
    },
  ],
]

const define = Object.defineProperty

/**
 * The vendors' own consent APIs (docs/vendor-consent.md). Vendor globals are never created (Meta's
 * snippet skips loading when `fbq` exists): each is watched through an accessor on `window`, and
 * the first object the page puts there gets the default at once, before the snippet's own calls,
 * then the stored decision; every decision after goes to whatever object is there then.
 */
export const vendorConsent: Integration = ({ api, config, hook, undecided }) => {
  // Not an object: every vendor gets its signals (fail closed); `lintConfig` names it.
  const on = (config.extra as ConsentGateOptions).vendorConsent
  // biome-ignore lint/suspicious/noExplicitAny: window's vendor globals
  const w = window as any
  /** `destroy()` (npm entry only): the watched globals become plain properties again, with their values. */
  const stops: Teardown[] = []
  for (const [key, g, call] of VENDORS)
    if (!on || on[key] !== false) {
      const found = w[g]
      let value: Q
      // To the object there now. Vendor code may throw; no object there yet, or no state (`c` null),
      // throws here: nothing is sent.
      const send = (c: Choices | null | undefined, u?: 1) => {
        try {
          call(w[g], c!.categories, u)
        } catch {}
      }
      const first = () => {
        send(undecided)
        send(api.get(), 1)
      }
      // The default goes to the first object only: the snippet assigns its queue twice, the library
      // replaces it with its own object (UET's bat.js), which has had the default through the queue.
      const set = (q: Q) => {
        const had = value
        value = q
        if (q && !had)
          try {
            // Meta's snippet sets `fbq` before the `queue` its function pushes to: wait for that.
            key === 'meta' && !('queue' in q)
              ? define(q, 'queue', {
                  configurable: true,
                  set(v) {
                    define(q, 'queue', { value: v, writable: true, configurable: true })
                    first()
                  },
                })
              : first()
          } catch {
            first()
          }
      }
      try {
        define(w, g, { get: () => value, set, configurable: true })
      } catch {}
      set(found)
      hook('settle', (s) => send(s.after, 1))
      if (!EMBED)
        stops.push(() => {
          try {
            define(w, g, { value: w[g], writable: true, configurable: true, enumerable: true })
          } catch {}
        })
    }
  return EMBED ? undefined : () => stops.map((stop) => stop())
}
