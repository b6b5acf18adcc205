/** `dist/consent-gate-receipts.js`: the receipt sender, loaded by the core when a receipt is queued. */
import { deliverReceipts } from './transport/deliver-receipts'
import { registerChunk } from './util/load-chunk'

registerChunk('receipts', deliverReceipts)
