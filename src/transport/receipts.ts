import { primary } from '../i18n'
import type { ConsentState, ResolvedConfig } from '../types'
import type { deliverReceipts, Delivery } from './deliver-receipts'
import { buildReceipt } from './receipt'
import { createReceiptStore } from './receipt-store'
import { failed } from '../util/guard'

/**
 * Record a decision made on the page at `url` (origin and path): build its receipt, queue it, send
 * it. `stop` removes the sender's listeners (what is queued stays queued).
 */
export type RecordReceipt = ((state: ConsentState, url: string) => void) & { stop?: () => void }

/** The receipt language: the primary subtag of `lang` (or, with `auto`, of the page, then the browser); `und` for anything odd. */
export function receiptLanguage(configured: string): string {
  const tag = configured !== 'auto' ? configured : document.documentElement.lang || navigator.language || 'en'
  const lang = primary(tag)
  return /^[a-z]{2,3}$/.test(lang) ? lang : 'und'
}

/**
 * Receipts of the decisions made with `config`: each one is queued in localStorage synchronously
 * (so that a reload right after, as on a withdrawal, cannot lose it) and then sent by the sender
 * `loadDelivery` gives, loaded on first use. Receipts queued by earlier page loads go out now.
 */
export function startReceipts(config: ResolvedConfig, loadDelivery: () => Promise<typeof deliverReceipts>): RecordReceipt {
  const store = createReceiptStore()
  // biome-ignore lint/suspicious/noConfusingVoidType: the caught branch of the chain resolves with nothing
  let delivery: Promise<Delivery | void> | null = null

  function deliver() {
    delivery =
      delivery ||
      loadDelivery()
        .then((create) => create(config.endpoint!, store))
        .catch((e) => {
          delivery = null
          console.error('[ConsentGate] could not load the receipt sender; receipts stay queued:', e)
        })
    delivery.then((d) => d && d.flush()).catch(failed)
  }

  if (store.load().length) deliver()
  const record: RecordReceipt = (state, url) => {
    store.save(store.load().concat(buildReceipt(state, config, url, receiptLanguage(config.lang))))
    deliver()
  }
  record.stop = () => {
    if (delivery) delivery.then((d) => d && d.stop())
    delivery = Promise.resolve() // nothing is sent any more
  }
  return record
}
