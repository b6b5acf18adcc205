import { LAST_RECEIPT_KEY, type ReceiptStore } from './receipt-store'
import { guard } from '../util/guard'

export interface Delivery {
  /** Try to deliver every queued receipt now. */
  flush(): void
  /** Remove the page-hide listeners (`destroy()`); what is queued stays for the next page. */
  stop(): void
}

/**
 * Deliver queued receipts to `endpoint`: `fetch` with `keepalive` (so a request survives a reload
 * after a withdrawal), removing each receipt once a 2xx arrives; anything else leaves it queued
 * for the next page load, and the server deduplicates retries by `receiptId`.
 *
 * When the page is being hidden, what is still queued and not already on its way goes to
 * `sendBeacon`, which outlives the page. A beacon gets no answer, so those receipts stay queued
 * too. Its string body is sent as text/plain, which needs no CORS preflight.
 */
export function deliverReceipts(endpoint: string, store: ReceiptStore): Delivery {
  // Keyed by the receiptIds in localStorage, which anything on the origin can edit: no prototype.
  const inFlight: Record<string, 1> = Object.create(null)
  const beaconed: Record<string, 1> = Object.create(null)

  /** Leave the outcome of an attempt where the debug view reads it (best effort: storage may be blocked). */
  function outcome(receiptId: string, status: string, httpStatus?: number) {
    try {
      localStorage.setItem(LAST_RECEIPT_KEY, JSON.stringify({ receiptId, status, httpStatus, at: new Date().toISOString() }))
    } catch {
      /* no localStorage: the debug view shows the queue only */
    }
  }

  function send(id: string, body: string) {
    inFlight[id] = 1
    fetch(endpoint, {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body,
    })
      .then((res) => {
        outcome(id, res.ok ? 'delivered' : 'refused', res.status)
        if (res.ok) store.save(store.load().filter((r) => r.receiptId !== id))
      })
      .catch(() => outcome(id, 'failed'))
      .then(() => delete inFlight[id])
  }

  function beacon() {
    for (const r of store.load())
      if (!inFlight[r.receiptId] && !beaconed[r.receiptId]) {
        try {
          if (navigator.sendBeacon(endpoint, JSON.stringify(r))) {
            beaconed[r.receiptId] = 1
            outcome(r.receiptId, 'beaconed')
          }
        } catch {
          /* refused by the browser: it stays queued for the next load */
        }
      }
  }
  // Callbacks the browser calls are guarded: a built-in the page replaced must not throw into it.
  const hidden = guard(beacon)
  const change = guard(() => document.visibilityState === 'hidden' && beacon())
  addEventListener('pagehide', hidden)
  document.addEventListener('visibilitychange', change)

  return {
    stop() {
      removeEventListener('pagehide', hidden)
      document.removeEventListener('visibilitychange', change)
    },
    flush() {
      for (const r of store.load()) if (!inFlight[r.receiptId]) send(r.receiptId, JSON.stringify(r))
    },
  }
}
