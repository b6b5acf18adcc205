/**
 * `dist/consent-gate-receipts.js`: receipts (build, localStorage queue, delivery), loaded by the
 * core when a decision is made with an `endpoint` or when something is left to send.
 */
import { deliverReceipts } from './transport/deliver-receipts'
import { PENDING_KEY, type Pending, type StartChunk } from './transport/hand-over'
import { startReceipts, type RecordReceipt } from './transport/receipts'
import { registerChunk } from './util/load-chunk'

/** One recorder per page: the page chunk may start it for what earlier pages left, the core's hand-over for a decision. */
let record: RecordReceipt | undefined

const start: StartChunk = (config, unsaved) => {
  record = record || startReceipts(config, () => Promise.resolve(deliverReceipts))
  // On every call: the hand-over keeps decisions here until the chunk takes them.
  let kept: Pending[] = []
  try {
    const list = JSON.parse(localStorage.getItem(PENDING_KEY) || '[]')
    if (Array.isArray(list)) kept = list
    localStorage.removeItem(PENDING_KEY)
  } catch {
    /* blocked or garbled: nothing kept */
  }
  // Queued synchronously, in the order they were made; `removeItem` above runs in the same task,
  // so a page left now cannot both lose them and keep them.
  for (const p of kept.concat(unsaved.splice(0))) if (Array.isArray(p) && p[0] && typeof p[1] === 'string') record(p[0], p[1])
  return record
}

registerChunk('receipts', start)
