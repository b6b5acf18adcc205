/**
 * The npm entry: named exports only, no side effects on import (safe during server-side rendering).
 * The script-tag build is `consent-gate/consent-gate.js`.
 */
import { createConsentGate as createGate } from './create-consent-gate'
import { deliverReceipts } from './transport/deliver-receipts'
import type { ConsentGate, ConsentGateOptions } from './types'

/**
 * Create a consent gate: validate the config, restore the stored decision, push the Google
 * Consent Mode default, gate `data-category` markup, and return the API of `window.ConsentGate`.
 * Without a DOM (server-side rendering) it keeps decisions in memory and touches nothing else.
 */
export function createConsentGate(options?: ConsentGateOptions): ConsentGate {
  return createGate(options, () => Promise.resolve(deliverReceipts))
}
export { normalizeConfig, DEFAULTS } from './core/config'
export { consentSignals } from './integrations/google-consent-mode'
export { RECEIPT_SCHEMA } from './transport/receipt'
export type * from './types'
