import { SELECTOR, type Mark } from '../blocker/gated-elements'
import { LAST_RECEIPT_KEY, QUEUE_KEY } from '../transport/receipt-store'
import { PENDING_KEY } from '../transport/hand-over'
import { readCookies } from '../storage/cookie-store'
import { cookieOwners } from '../storage/cookie-owner'
import type { ConsentGate, InspectedCookie, InspectedDroppedCookie, InspectedElement, InspectedReceipt, InspectedSignal, Inspection } from '../types'
import type { GuardedMarks } from '../auto/cookie-guard'
import { keys } from '../util/dict'

const SNIPPET = 80

/** ms since the navigation started, for a `Date.now()` time. */
const sinceStart = (at: number) => Math.round(at - performance.timeOrigin)

function describe(el: Element, state: InspectedElement['state'], at: number | null): InspectedElement {
  const tag = el.tagName.toLowerCase() as InspectedElement['tag']
  const url = el.getAttribute('data-src') || el.getAttribute('src')
  const text = tag === 'script' && !url ? (el.textContent || '').replace(/\s+/g, ' ').trim() : ''
  return {
    tag,
    url,
    snippet: url ? null : text.slice(0, SNIPPET),
    category: el.getAttribute('data-category'),
    service: el.getAttribute('data-service'),
    state,
    at: at == null ? null : sinceStart(at),
  }
}

/**
 * Every gated element: first those the blocker activated, in the order it activated them (the
 * queue's, which is document order), with their state and its time; then the gated markup still
 * inert in the document (blocked), in document order. A script is described by its gated
 * original (its live copy took its place).
 */
function elements(marks: Map<Element, Mark>): InspectedElement[] {
  const out: InspectedElement[] = []
  for (const [el, [at, outcome]] of marks) {
    const external = el.tagName === 'SCRIPT' && !!(el.getAttribute('data-src') || el.getAttribute('src'))
    // The blocker records no error for images: a finished image with no pixels failed.
    const failedImage = el instanceof HTMLImageElement && el.complete && el.naturalWidth === 0 && !!el.getAttribute('src')
    const state = outcome === 'error' || failedImage ? 'failed' : outcome === 'load' || !external ? 'loaded' : 'loading'
    out.push(describe(el, state, at))
  }
  for (const el of document.querySelectorAll(SELECTOR)) if (!marks.has(el)) out.push(describe(el, 'blocked', null))
  return out
}

/** `gtag('consent', …)` calls on `window.dataLayer` (gtag pushes its `arguments`; an array works too). */
function consentCalls(): InspectedSignal[] {
  const layer = (window as Window & { dataLayer?: unknown }).dataLayer
  const out: InspectedSignal[] = []
  if (Array.isArray(layer))
    for (const entry of layer)
      if (entry && typeof entry === 'object') {
        const e = entry as ArrayLike<unknown>
        if (e[0] === 'consent' && typeof e[1] === 'string') out.push({ command: e[1], signals: { ...(e[2] as object) } })
      }
  return out
}

/** Each cookie the page sees, with the category or service that lists it and whether the consent allows it. */
function cookies(api: ConsentGate): InspectedCookie[] {
  const config = api.config
  const ownerOf = cookieOwners(config)
  return keys(readCookies()).map((name) => {
    // The consent cookie is always allowed; it is no purpose's.
    if (name === config.cookie.name) return { name, category: null, service: null, allowed: true }
    const owner = ownerOf(name)
    if (!owner) return { name, category: null, service: null, allowed: null }
    const allowed = config.categories[owner.category].required === true || api.has(owner.service || owner.category)
    return { name, category: owner.category, service: owner.service, allowed }
  })
}

/** What the cookie guard dropped (it records on the marks: `src/auto/cookie-guard.ts`), in order. */
function dropped(marks: GuardedMarks): InspectedDroppedCookie[] {
  return (marks.dropped || []).map(([name, at, category, service]) => ({ name, category: category || null, service: service || null, at: sinceStart(at) }))
}

function read(key: string): unknown {
  try {
    return JSON.parse(localStorage.getItem(key) || 'null')
  } catch {
    return null
  }
}

/** The last delivery attempt the receipts chunk recorded, and what waits in the queue. */
function receipt(): InspectedReceipt {
  const queue = read(QUEUE_KEY)
  const pending = read(PENDING_KEY)
  const queued = (Array.isArray(queue) ? queue.length : 0) + (Array.isArray(pending) ? pending.length : 0)
  const last = read(LAST_RECEIPT_KEY) as Partial<InspectedReceipt> | null
  const ok = last && typeof last === 'object' && typeof last.status === 'string'
  return {
    status: ok ? last.status! : queued ? 'queued' : 'none',
    receiptId: ok && typeof last.receiptId === 'string' ? last.receiptId : null,
    httpStatus: ok && typeof last.httpStatus === 'number' ? last.httpStatus : null,
    at: ok && typeof last.at === 'string' ? last.at : null,
    queued,
  }
}

/** What `ConsentGate.inspect()` returns: a fresh copy of the page's consent facts, plain data only. */
export function inspect(api: ConsentGate, marks: Map<Element, Mark>): Inspection {
  return {
    elements: elements(marks),
    consentMode: consentCalls(),
    cookies: cookies(api),
    droppedCookies: dropped(marks),
    record: api.get(),
    receipt: receipt(),
    endpoint: api.config.endpoint || null,
  }
}
