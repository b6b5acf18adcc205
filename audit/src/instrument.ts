/**
 * What runs in every page and frame before the page's own scripts: it watches `dataLayer` for
 * Consent Mode calls and the document for Google tags that run, and reports both through a binding
 * with the page's clock, so the order is the page's own.
 */

/** The binding the page reports through (context.exposeBinding). */
export const BINDING = '__consentGateAudit'

/** Google tags: gtag.js, GTM's container, and the older analytics.js / ga.js. */
export const GOOGLE_TAG = /^https?:\/\/(www\.)?(googletagmanager\.com\/(gtag\/js|gtm\.js)|google-analytics\.com\/(analytics|ga)\.js)/

export type PageEvent =
  | { t: 'consent'; command: string; params: Record<string, string | number | boolean>; at: number; doc: string }
  | { t: 'tag'; url: string; at: number; doc: string }

/**
 * The init script. It must be self-contained (Playwright sends its source). gtag queues
 * `arguments` objects, GTM plain objects; a site may assign `window.dataLayer` more than once and
 * gtag.js replaces `dataLayer.push` with its own: every array ever assigned is wrapped, and so is
 * every `push` assigned to it, so each call is seen once, in order.
 */
export function instrument(options: { binding: string; googleTag: string }) {
  const w = window as unknown as Record<string, unknown>
  // Names this document, so what it reports is told apart from the reloaded page's.
  const doc = Math.random().toString(36).slice(2)
  const send = (event: Record<string, unknown>) => {
    try {
      const b = w[options.binding]
      if (typeof b === 'function') b({ ...event, doc })
    } catch {
      /* the page's own trouble is not the audit's */
    }
  }
  const tag = new RegExp(options.googleTag)
  const plain = (o: unknown) => {
    const out: Record<string, unknown> = {}
    if (o && typeof o === 'object')
      for (const k of Object.keys(o)) {
        const v = (o as Record<string, unknown>)[k]
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v
      }
    return out
  }
  const record = (entry: unknown) => {
    const isArgs = Object.prototype.toString.call(entry) === '[object Arguments]' || Array.isArray(entry)
    if (!isArgs) return
    const a = entry as ArrayLike<unknown>
    if (a[0] === 'consent' && (a[1] === 'default' || a[1] === 'update')) send({ t: 'consent', command: a[1], params: plain(a[2]), at: Date.now() })
  }
  const wrapped = new WeakSet<object>()
  // A push calling the push it replaced (gtag.js keeps the one it found) is one call, seen once.
  let depth = 0
  const recording = (fn: (...items: unknown[]) => number) =>
    function (this: unknown, ...items: unknown[]) {
      if (depth === 0) for (const e of items) record(e)
      depth++
      try {
        return fn.apply(this, items)
      } finally {
        depth--
      }
    }
  const wrap = (arr: unknown) => {
    if (!Array.isArray(arr) || wrapped.has(arr)) return
    wrapped.add(arr)
    for (const e of arr) record(e)
    let push: unknown = recording(arr.push)
    try {
      Object.defineProperty(arr, 'push', {
        configurable: true,
        get: () => push,
        // Whatever replaces push is wrapped in turn, so calls through it are still seen.
        set: (fn) => {
          push = typeof fn === 'function' ? recording(fn) : fn
        },
      })
    } catch {
      /* a frozen array: nothing more to see */
    }
  }
  let dataLayer: unknown = w.dataLayer
  wrap(dataLayer)
  try {
    Object.defineProperty(w, 'dataLayer', {
      configurable: true,
      get: () => dataLayer,
      set: (v) => {
        dataLayer = v
        wrap(v)
      },
    })
  } catch {
    /* defined unconfigurable by something earlier: leave it */
  }
  // A script's `load` fires right after it ran; load events do not bubble, so listen in capture.
  document.addEventListener(
    'load',
    (e) => {
      const el = e.target as HTMLScriptElement | null
      if (el && el.tagName === 'SCRIPT' && tag.test(el.src)) send({ t: 'tag', url: el.src, at: Date.now() })
    },
    true,
  )
}
