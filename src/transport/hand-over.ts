import type { ConsentState, ResolvedConfig } from '../types'
import type { RecordReceipt } from './receipts'
import { guard } from '../util/guard'
import { QUEUE_KEY } from './receipt-store'

/**
 * Decisions the script-tag core made before the receipts chunk arrived, under this localStorage
 * key, each with the URL of its page. The chunk turns them into receipts and removes them.
 */
export const PENDING_KEY = 'consent_gate_pending'
export type Pending = [state: ConsentState, url: string]
/**
 * What the receipts chunk exports: start with the config and the decisions kept in memory. The
 * same recorder on every call (the page chunk may start it for leftovers, the core for a decision).
 */
export type StartChunk = (config: ResolvedConfig, unsaved: Pending[]) => RecordReceipt

/**
 * The script-tag core's side of receipts: hand each decision to the receipts chunk, loading the
 * chunk on first use. Until it is there, a decision is kept in localStorage synchronously, so a
 * page left or reloaded right after the decision still gets its receipt sent, on the next load.
 * Receipts or decisions left by an earlier page are the page chunk's to send (`leftovers`).
 */
export function handOver(config: ResolvedConfig, load: () => Promise<StartChunk>): (state: ConsentState) => void {
  let record: RecordReceipt | null = null
  /** Decisions localStorage refused (blocked, full): handed over in memory. */
  const unsaved: Pending[] = []
  // `load` requests the chunk once (again after a failure, when decisions stay kept for the next try).
  const start = () =>
    load().then(
      // A chunk that throws on start is logged, not left as an unhandled rejection.
      guard((chunk: StartChunk) => {
        record = record || chunk(config, unsaved)
      }),
      () => undefined,
    )
  return (state) => {
    const url = location.origin + location.pathname // origin and path only: a query may carry personal data
    if (record) return record(state, url)
    try {
      localStorage.setItem(PENDING_KEY, JSON.stringify(JSON.parse(localStorage.getItem(PENDING_KEY) || '[]').concat([[state, url]])))
    } catch {
      unsaved.push([state, url])
    }
    start()
  }
}

/** Whether an earlier page left decisions or receipts to send (the page chunk then loads the receipts chunk). */
export function leftovers(): boolean {
  try {
    return !!(localStorage.getItem(PENDING_KEY) || localStorage.getItem(QUEUE_KEY))
  } catch {
    return false // no localStorage: nothing left from earlier pages
  }
}
