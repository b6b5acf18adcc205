import { fnv1a } from '../util/hash'
import { uuid4 } from '../util/uuid'
import type { ConsentReceipt, ConsentState, ResolvedConfig } from '../types'

export const RECEIPT_SCHEMA = 'consent-gate.receipt/1'

/**
 * A fingerprint of what the visitor was asked: the revision and each category and service with
 * its title, description and required flag. Two receipts with the same hash were given under the
 * same wording. FNV-1a (see `util/hash`): stable and cheap, not a security measure.
 */
export function configHash(config: ResolvedConfig): string {
  const cats = config.categories
  return fnv1a(
    JSON.stringify([
      config.revision,
      Object.keys(cats).map((id) => [
        id,
        cats[id].title,
        cats[id].description || '',
        !!cats[id].required,
        Object.keys(cats[id].services || {}).map((sid) => [sid, cats[id].services![sid].title, cats[id].services![sid].description || '']),
      ]),
    ]),
  )
}

/** Origin and path only: a query string or fragment may carry personal data. */
export function pageUrl(loc: { origin: string; pathname: string }): string {
  return loc.origin + loc.pathname
}

export function buildReceipt(state: ConsentState, config: ResolvedConfig, url: string, language: string): ConsentReceipt {
  return {
    schema: RECEIPT_SCHEMA,
    receiptId: uuid4(),
    consentId: state.id,
    revision: state.revision,
    categories: state.categories,
    services: state.services,
    method: state.method,
    timestamp: state.timestamp,
    url,
    language,
    profile: state.profile,
    gpc: !!state.gpc,
    ...(state.reconfirm ? { reconfirm: state.reconfirm } : {}),
    configHash: configHash(config),
  }
}
