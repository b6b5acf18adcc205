/**
 * One definition of a stored record: the column table below. The record's TypeScript type, the
 * SELECT and INSERT column lists, the row mapping (`fromRow`), the insert parameters (`toParams`),
 * the canonical form the hash chain seals, the record taken from a receipt, the public record of
 * `GET /api/consents/:id` and the export's fields and CSV header all come from it.
 *
 * The migrations (`migrations.ts`) keep their own SQL: a released migration is never edited, so
 * it cannot follow this table; a test checks that the migrated `receipts` table has these columns
 * in this order (tests/server/record.test.ts).
 *
 * The canonical form is what every existing seal was computed over: the sealed columns' values in
 * this order, in a JSON array. Reordering, adding or removing a sealed column breaks every chain.
 */
import { idMap, sorted } from './ids'

/** How a field is kept and shown. */
interface Kind<T> {
  /** The database's value (JSON text on SQLite, JSONB parsed by pg, BIGINT as a string) → the field. */
  read(v: unknown): T
  /** The field → the insert parameter. */
  write(v: T): unknown
  /** The field → its value in the canonical form (the seal). */
  seal(v: T): unknown
  /** The field → its value in the API and the export. */
  show(v: T): unknown
  /** A receipt's value → the field (receipt columns only). */
  take(v: unknown): T
}

const same = <T>(v: T) => v
const text: Kind<string> = { read: (v) => v as string, write: same, seal: same, show: same, take: (v) => v as string }
const int: Kind<number> = { read: Number, write: same, seal: same, show: same, take: (v) => v as number }
/** Milliseconds since the epoch; an ISO date-time in the API and the export. */
const millis: Kind<number> = { ...int, show: (v) => new Date(v).toISOString() }
/** Absent is null; so is a receipt's empty string. */
const optional: Kind<string | null> = { read: (v) => (v as string | null) ?? null, write: same, seal: same, show: same, take: (v) => (v as string) || null }
/**
 * A categories / services map, kept as JSON, read back as a null-prototype map: records stored
 * before ids like `__proto__` were refused still read back as data, never as a prototype. Sealed
 * with its keys sorted.
 */
const flags: Kind<Record<string, boolean>> = {
  read: (v) => idMap(Object.entries(typeof v === 'string' ? JSON.parse(v) : v || {})),
  write: (v) => JSON.stringify(v),
  seal: sorted,
  show: same,
  take: (v) => sorted(v as Record<string, boolean>),
}

/**
 * Where a field comes from: the visitor's `receipt`; the `server` (its place in the chain, when it
 * arrived, what it kept of the request); the `chain` (the seals, not sealed themselves).
 * `shown`: part of the public record.
 */
type Source = 'receipt' | 'server' | 'chain'
interface Column<F extends string = string, T = any, S extends Source = Source> {
  field: F
  name: string
  kind: Kind<T>
  source: S
  shown: boolean
}
const column = <const F extends string, T, const S extends Source>(field: F, name: string, kind: Kind<T>, source: S, shown: boolean): Column<F, T, S> => ({
  field,
  name,
  kind,
  source,
  shown,
})

/** The `receipts` table after its generated `row`, in column order. */
export const RECORD = [
  column('receiptId', 'receipt_id', text, 'receipt', true),
  column('consentId', 'consent_id', text, 'receipt', true),
  column('seq', 'seq', int, 'server', true),
  column('revision', 'revision', int, 'receipt', true),
  column('method', 'method', text, 'receipt', true),
  column('categories', 'categories', flags, 'receipt', true),
  column('services', 'services', flags, 'receipt', true),
  column('timestamp', 'decided_at', text, 'receipt', true),
  column('receivedAt', 'received_at', millis, 'server', true),
  column('url', 'url', text, 'receipt', true),
  column('language', 'language', text, 'receipt', true),
  column('configHash', 'config_hash', text, 'receipt', true),
  column('profile', 'profile', optional, 'receipt', true),
  column('ip', 'ip', optional, 'server', false),
  column('userAgent', 'user_agent', optional, 'server', false),
  column('prevHash', 'prev_hash', text, 'chain', false),
  column('hash', 'hash', text, 'chain', true),
] as const

type AnyColumn = (typeof RECORD)[number]
type FieldsOf<C extends AnyColumn> = { [K in C as K['field']]: K['kind'] extends Kind<infer T> ? T : never }

/** A stored record: the receipt, the server's additions and its place in the hash chain. */
export type StoredRecord = FieldsOf<AnyColumn>
/** The sealed content of a record: exactly what the proof of consent rests on. */
export type Sealable = FieldsOf<Extract<AnyColumn, { source: 'receipt' | 'server' }>>
/** A record to store. `seq`, `receivedAt`, `prevHash` and `hash` are assigned inside the store's transaction. */
export type NewRecord = Omit<StoredRecord, 'seq' | 'receivedAt' | 'prevHash' | 'hash'>

type Field = keyof StoredRecord
const get = (r: object, f: string): any => (r as Record<string, unknown>)[f]
/** A column's kind, whichever its field's type (the loops below handle every column alike). */
const kind = (c: AnyColumn): Kind<any> => c.kind
const SEALED = RECORD.filter((c) => c.source !== 'chain')
const FROM_RECEIPT = RECORD.filter((c) => c.source === 'receipt')

/** `SELECT` list: the internal row id (export pages by it), then every field's column. */
export const SELECT_COLUMNS = ['row', ...RECORD.map((c) => c.name)].join(', ')
/** The columns an INSERT names: all but the generated `row`. */
export const INSERT_COLUMNS = RECORD.map((c) => c.name).join(', ')
/** The export's fields, in column order: the CSV header, and the keys of each NDJSON line. */
export const EXPORT_HEADER: readonly Field[] = RECORD.map((c) => c.field)

export function fromRow(row: any): StoredRecord {
  const out: Record<string, unknown> = {}
  for (const c of RECORD) out[c.field] = kind(c).read(row[c.name])
  return out as StoredRecord
}

/** Insert parameters in column order (without `row`). */
export const toParams = (r: StoredRecord): unknown[] => RECORD.map((c) => kind(c).write(get(r, c.field)))

/** What the chain seals: the sealed fields' values, in column order, as one JSON array. */
export const canonical = (r: Sealable): string => JSON.stringify(SEALED.map((c) => kind(c).seal(get(r, c.field))))

/** The record of a validated receipt, with what the server keeps of the request. */
export function recordOf(receipt: object, kept: Pick<NewRecord, 'ip' | 'userAgent'>): NewRecord {
  const out: Record<string, unknown> = {}
  for (const c of FROM_RECEIPT) out[c.field] = kind(c).take(get(receipt, c.field))
  return { ...(out as Omit<NewRecord, 'ip' | 'userAgent'>), ...kept }
}

/** The receipt's `schema` id, which the API's records carry like the receipts they came from. */
const RECEIPT_SCHEMA_ID = 'consent-gate.receipt/1'

/** The record as the API shows it: the receipt's own fields and what the server added, never what it kept of the request; empty ones left out. */
export function publicRecord(r: StoredRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { schema: RECEIPT_SCHEMA_ID }
  for (const c of RECORD) {
    const v = get(r, c.field)
    if (c.shown && v != null) out[c.field] = kind(c).show(v)
  }
  return out
}

/** A record for the export: every field, times as ISO date-times. */
export function exportedRecord(r: StoredRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const c of RECORD) out[c.field] = kind(c).show(get(r, c.field))
  return out
}
