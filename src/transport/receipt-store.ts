import type { ConsentReceipt } from '../types'

/** Receipts waiting for delivery, in localStorage. */
export const QUEUE_KEY = 'consent_gate_receipts'
/** The outcome of the last delivery attempt, for the debug view (`ConsentGate.inspect().receipt`). */
export const LAST_RECEIPT_KEY = 'consent_gate_last_receipt'
const KEY = QUEUE_KEY
/** Enough for a visitor who changes their mind offline for weeks; the oldest are dropped first. */
const MAX_QUEUED = 50

export interface ReceiptStore {
  load(): ConsentReceipt[]
  save(list: ConsentReceipt[]): void
}

/**
 * Receipts waiting for a 2xx from the endpoint. They live in localStorage, written synchronously
 * when a decision is made, so that one whose delivery fails (network, 5xx, the page reloading or
 * closing) is sent again on a later page load. Without localStorage (blocked, private mode) they
 * live in memory for this page view.
 */
export function createReceiptStore(): ReceiptStore {
  let memory: ConsentReceipt[] = []
  /** Set once a write failed (quota, blocked): from then on the in-memory copy is the truth. */
  let inMemory = false
  return {
    load() {
      if (inMemory) return memory
      try {
        const list = JSON.parse(localStorage.getItem(KEY) || '[]')
        return Array.isArray(list) ? list.filter((r) => r && typeof r.receiptId === 'string') : []
      } catch {
        return memory
      }
    },
    save(list) {
      memory = list.slice(-MAX_QUEUED)
      try {
        if (memory.length) localStorage.setItem(KEY, JSON.stringify(memory))
        else localStorage.removeItem(KEY)
      } catch {
        inMemory = true // blocked or full: the in-memory copy still delivers on this page
      }
    },
  }
}
