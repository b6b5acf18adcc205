/**
 * What the server needs from a database. Two implementations with the same behaviour and the same
 * tests: SQLite (embedded default, `sqlite.ts`) and PostgreSQL (`postgres.ts`). The server keeps no
 * state of its own, so several instances can share one PostgreSQL database.
 */
import type { NewRecord, Sealable, StoredRecord } from './record'

export type { NewRecord, StoredRecord } from './record'

export type InsertOutcome =
  | { status: 'created'; record: StoredRecord }
  | { status: 'duplicate'; record: StoredRecord }
  /** The receiptId is already used by another consent ID. */
  | { status: 'conflict' }

/** Seal a record given its predecessor's hash: the store calls it under its per-chain lock. */
export type Sealer = (prevHash: string, record: Sealable) => string

export interface Anchor {
  consentId: string
  seq: number
  hash: string
}

/**
 * The largest integer both stores keep in an INTEGER column (PostgreSQL's is 32-bit; SQLite's
 * 64-bit). Every integer from outside (a receipt's or an impression's revision) is checked
 * against it before it reaches a store: beyond it PostgreSQL answers an error, i.e. a 500.
 * The receipt schema says the same (`revision.maximum`).
 */
export const MAX_INTEGER = 2_147_483_647

export type GroupBy = 'day' | 'week' | 'month'

/** One aggregate: `dim` is decisions | category | service | method | revision | language | profile | impressions. */
export interface AggregateRow {
  period: string
  dim: string
  key: string
  count: number
  granted: number
}

/**
 * Told when the store could not scrub erased data from its files (a WAL checkpoint blocked, a
 * VACUUM failed): the erasure itself is committed, but its bytes remain until a later attempt.
 */
export type MaintenanceErrorHandler = (message: string, error: unknown) => void

/** The default handler: a process warning on stderr. */
export const warnMaintenance: MaintenanceErrorHandler = (message, error) =>
  process.emitWarning(error ? `${message}: ${(error as Error).message ?? error}` : message, 'ConsentGateMaintenance')

export interface Store {
  readonly kind: 'sqlite' | 'postgres'
  /** Apply pending migrations (idempotent, safe with several instances starting at once). */
  migrate(): Promise<void>
  /** The stored value of `key`, or `value` stored now if there was none (first writer wins). */
  metaSetIfAbsent(key: string, value: string): Promise<string>
  /** Store a record and link it to its chain. Resolves only once committed. */
  insert(record: NewRecord, sealer: Sealer, receivedAt: number): Promise<InsertOutcome>
  history(consentId: string): Promise<StoredRecord[]>
  /**
   * Erase every record of a consent ID, leaving a tombstone under `subject`. Resolves to the number
   * erased. The bytes are scrubbed too: SQLite overwrites them and truncates its WAL, PostgreSQL
   * runs a VACUUM right after (see `scrubbed`).
   */
  erase(consentId: string, subject: string, at: number): Promise<number>
  tombstone(subject: string): Promise<{ erasedAt: number; records: number } | null>
  /**
   * Remove records received before `cutoff` (ms), keeping each shortened chain's anchor; a chain
   * purged whole keeps none (nothing is left to verify, and it would keep the consent ID). Scrubbed
   * like an erasure.
   */
  purgeBefore(cutoff: number): Promise<number>
  /** Records in chain order (consentId, seq) after the given position, for verification. */
  chainPage(after: { consentId: string; seq: number } | null, limit: number): Promise<StoredRecord[]>
  anchors(consentIds: string[]): Promise<Map<string, Anchor>>
  /** Records in arrival order after the given internal row id, for export. */
  exportPage(afterRow: number, limit: number): Promise<{ row: number; record: StoredRecord }[]>
  aggregate(from: number, to: number, groupBy: GroupBy): Promise<AggregateRow[]>
  countImpression(day: string, revision: number, language: string, profile: string): Promise<void>
  /** Resolves once the scrubbing after the erasures and purges so far is done (or has given up and reported). */
  scrubbed(): Promise<void>
  ping(): Promise<void>
  close(): Promise<void>
}

/** The retention purge: records older than `days` before `now` go; `days` 0 keeps everything. */
export function purgeExpired(store: Store, days: number, now: number): Promise<number> {
  return days > 0 ? store.purgeBefore(now - days * 864e5) : Promise.resolve(0)
}
