/** Mapping between a database row (snake_case, JSON text or JSONB) and a `StoredRecord`. Shared by both stores. */
import { GENESIS, idMap } from '../chain'
import type { NewRecord, Sealer, StoredRecord } from './store'

export const COLUMNS =
  'row, receipt_id, consent_id, seq, revision, method, categories, services, decided_at, received_at, url, language, config_hash, profile, ip, user_agent, prev_hash, hash'

/**
 * A stored categories / services map (JSON text on SQLite, JSONB already parsed by pg) as a
 * null-prototype map: records stored before ids like `__proto__` were refused still read back as
 * data, never as a prototype.
 */
const ids = (v: unknown): Record<string, boolean> => idMap(Object.entries(typeof v === 'string' ? JSON.parse(v) : v || {}))

export function fromRow(r: any): StoredRecord {
  return {
    receiptId: r.receipt_id,
    consentId: r.consent_id,
    seq: Number(r.seq),
    revision: Number(r.revision),
    method: r.method,
    categories: ids(r.categories),
    services: ids(r.services),
    timestamp: r.decided_at,
    receivedAt: Number(r.received_at),
    url: r.url,
    language: r.language,
    configHash: r.config_hash,
    profile: r.profile ?? null,
    ip: r.ip ?? null,
    userAgent: r.user_agent ?? null,
    prevHash: r.prev_hash,
    hash: r.hash,
  }
}

/** The columns an INSERT names: all but the generated `row`. */
export const INSERT_COLUMNS = COLUMNS.replace('row, ', '')

/**
 * The record that extends a chain whose last record (or purge anchor) is `head`; with no head it
 * starts a new chain. Both stores call this under their per-chain lock.
 */
export function nextInChain(record: NewRecord, head: { seq: number; hash: string } | undefined, sealer: Sealer, receivedAt: number): StoredRecord {
  const sealed = { ...record, seq: head ? Number(head.seq) + 1 : 1, receivedAt }
  const prevHash = head ? head.hash : GENESIS
  return { ...sealed, prevHash, hash: sealer(prevHash, sealed) }
}

/** Insert parameters in column order (without `row`). */
export function toParams(s: StoredRecord): unknown[] {
  return [
    s.receiptId,
    s.consentId,
    s.seq,
    s.revision,
    s.method,
    JSON.stringify(s.categories),
    JSON.stringify(s.services),
    s.timestamp,
    s.receivedAt,
    s.url,
    s.language,
    s.configHash,
    s.profile,
    s.ip,
    s.userAgent,
    s.prevHash,
    s.hash,
  ]
}

/** Thrown when writes pile up faster than the database commits them: the caller answers 503. */
export class OverloadedError extends Error {
  constructor() {
    super('too many writes waiting')
  }
}
