/**
 * The stores' SQL, one text per query, written with `?` placeholders; PostgreSQL's `$1, $2, …`
 * are derived from it (`numbered`). Where the two databases need different SQL for the same
 * answer, the difference is named here too: the dialect's pieces (`DIALECTS`), and the few
 * queries of PostgreSQL alone, which serve several instances sharing one database (advisory locks,
 * a batch of receipts read with `= ANY(?)`).
 */
import { INSERT_COLUMNS, RECORD, SELECT_COLUMNS } from './record'
import type { GroupBy } from './store'

/** `?` → `$1`, `$2`, … in order (no query here has a `?` in a string literal). */
export function numbered(sql: string): string {
  let i = 0
  return sql.replace(/\?/g, () => `$${++i}`)
}

const tuple = `(${RECORD.map(() => '?').join(', ')})`
/** One statement inserting `rows` records. */
export const insertRecords = (rows: number) => `INSERT INTO receipts (${INSERT_COLUMNS}) VALUES ${Array(rows).fill(tuple).join(', ')}`

export const SQL = {
  migrationApplied: 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  metaPut: 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
  metaGet: 'SELECT value FROM meta WHERE key = ?',
  history: `SELECT ${SELECT_COLUMNS} FROM receipts WHERE consent_id = ? ORDER BY seq`,
  eraseRecords: 'DELETE FROM receipts WHERE consent_id = ?',
  eraseAnchor: 'DELETE FROM chain_anchors WHERE consent_id = ?',
  tombstonePut:
    'INSERT INTO tombstones (subject, erased_at, records) VALUES (?, ?, ?) ON CONFLICT (subject) DO UPDATE SET erased_at = excluded.erased_at, records = tombstones.records + excluded.records',
  tombstoneGet: 'SELECT erased_at, records FROM tombstones WHERE subject = ?',
  /** Before a purge: each shortened chain's anchor moves to its last purged record. Parameters: cutoff, cutoff. */
  anchorPurged: `
    INSERT INTO chain_anchors (consent_id, seq, hash)
    SELECT r.consent_id, r.seq, r.hash FROM receipts r
    WHERE r.received_at < ? AND r.seq = (SELECT MAX(seq) FROM receipts x WHERE x.consent_id = r.consent_id AND x.received_at < ?)
    ON CONFLICT (consent_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
  purge: 'DELETE FROM receipts WHERE received_at < ?',
  chainFirst: `SELECT ${SELECT_COLUMNS} FROM receipts ORDER BY consent_id, seq LIMIT ?`,
  chainAfter: `SELECT ${SELECT_COLUMNS} FROM receipts WHERE (consent_id, seq) > (?, ?) ORDER BY consent_id, seq LIMIT ?`,
  exportPage: `SELECT ${SELECT_COLUMNS} FROM receipts WHERE row > ? ORDER BY row LIMIT ?`,
  impression:
    'INSERT INTO impressions (day, revision, language, profile, count) VALUES (?, ?, ?, ?, 1) ON CONFLICT (day, revision, language, profile) DO UPDATE SET count = impressions.count + 1',
  ping: 'SELECT 1',

  // SQLite: one receipt at a time, synchronously, inside its savepoint (one writer at a time).
  byReceipt: `SELECT ${SELECT_COLUMNS} FROM receipts WHERE receipt_id = ?`,
  head: 'SELECT seq, hash FROM receipts WHERE consent_id = ? ORDER BY seq DESC LIMIT 1',
  anchor: 'SELECT consent_id, seq, hash FROM chain_anchors WHERE consent_id = ?',
  /** A chain purged whole keeps no anchor (inside the purge's write transaction). */
  dropEmptyAnchors: 'DELETE FROM chain_anchors WHERE NOT EXISTS (SELECT 1 FROM receipts r WHERE r.consent_id = chain_anchors.consent_id)',

  // PostgreSQL: a batch at a time, under advisory locks on the chains it touches.
  lockChain: 'SELECT pg_advisory_xact_lock(hashtextextended(?, 0))',
  lockChains: 'SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(x, 0) AS h FROM unnest(?::text[]) AS x) AS l ORDER BY h',
  byReceipts: `SELECT ${SELECT_COLUMNS} FROM receipts WHERE receipt_id = ANY(?)`,
  anchors: 'SELECT consent_id, seq, hash FROM chain_anchors WHERE consent_id = ANY(?)',
  heads: 'SELECT DISTINCT ON (consent_id) consent_id, seq, hash FROM receipts WHERE consent_id = ANY(?) ORDER BY consent_id, seq DESC',
  emptyAnchors: 'SELECT consent_id FROM chain_anchors a WHERE NOT EXISTS (SELECT 1 FROM receipts r WHERE r.consent_id = a.consent_id) LIMIT ?',
  dropAnchors: 'DELETE FROM chain_anchors a WHERE consent_id = ANY(?) AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.consent_id = a.consent_id)',
  migrationLock: 'SELECT pg_advisory_lock(?)',
  migrationUnlock: 'SELECT pg_advisory_unlock(?)',
} as const

/** What differs between the two databases' SQL for the same answer. */
export interface Dialect {
  /** `schema_migrations` (the type of a millisecond time differs). */
  migrationsTable: string
  /** The period a millisecond time falls in. */
  period: Record<GroupBy, (ms: string) => string>
  /** The period a `YYYY-MM-DD` day column falls in. */
  dayPeriod: Record<GroupBy, string>
  /** The UTC day (`YYYY-MM-DD`) of a millisecond time. */
  day: (ms: string) => string
  /** A categories / services column as rows of (key, value), named `j`, and the sum of its granted values. */
  eachFlag: (col: string) => { from: string; granted: string }
}

const dayPg = (ms: string) => `to_char(to_timestamp(${ms} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`

export const DIALECTS: Record<'sqlite' | 'postgres', Dialect> = {
  sqlite: {
    migrationsTable: 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    period: {
      day: (c) => `strftime('%Y-%m-%d', ${c} / 1000, 'unixepoch')`,
      // 'weekday 0' moves to the coming Sunday (or stays on one); six days back is that week's Monday.
      week: (c) => `date(${c} / 1000, 'unixepoch', 'weekday 0', '-6 days')`,
      month: (c) => `strftime('%Y-%m', ${c} / 1000, 'unixepoch')`,
    },
    dayPeriod: { day: 'day', week: `date(day, 'weekday 0', '-6 days')`, month: 'substr(day, 1, 7)' },
    day: (ms) => `strftime('%Y-%m-%d', ${ms} / 1000, 'unixepoch')`,
    eachFlag: (col) => ({ from: `json_each(w.${col}) j`, granted: 'SUM(j.value)' }),
  },
  postgres: {
    migrationsTable: 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
    period: {
      day: dayPg,
      week: (c) => `to_char(date_trunc('week', to_timestamp(${c} / 1000.0) AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`,
      month: (c) => `to_char(to_timestamp(${c} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM')`,
    },
    dayPeriod: { day: 'day', week: `to_char(date_trunc('week', day::date), 'YYYY-MM-DD')`, month: 'substr(day, 1, 7)' },
    day: dayPg,
    eachFlag: (col) => ({ from: `LATERAL jsonb_each_text(w.${col}) j`, granted: "SUM(CASE WHEN j.value = 'true' THEN 1 ELSE 0 END)" }),
  },
}

/**
 * `GET /api/stats`' aggregates in one query: decisions and their counts per method, revision,
 * language, profile, category and service, per period, over the receipts received in
 * [from, to), and the banner impressions of those days. Parameters: from, to, from, to.
 */
export function aggregateSql(d: Dialect, groupBy: GroupBy): string {
  const P = d.period[groupBy]('w.received_at')
  const cat = d.eachFlag('categories')
  const svc = d.eachFlag('services')
  return `
    WITH w AS (SELECT * FROM receipts WHERE received_at >= ? AND received_at < ?)
    SELECT ${P} AS period, 'decisions' AS dim, '' AS key, COUNT(*) AS count, 0 AS granted FROM w GROUP BY 1
    UNION ALL SELECT ${P}, 'method', method, COUNT(*), 0 FROM w GROUP BY 1, 3
    UNION ALL SELECT ${P}, 'revision', CAST(revision AS TEXT), COUNT(*), 0 FROM w GROUP BY 1, 3
    UNION ALL SELECT ${P}, 'language', language, COUNT(*), 0 FROM w GROUP BY 1, 3
    UNION ALL SELECT ${P}, 'profile', COALESCE(profile, 'default'), COUNT(*), 0 FROM w GROUP BY 1, 3
    UNION ALL SELECT ${P}, 'category', j.key, COUNT(*), ${cat.granted} FROM w CROSS JOIN ${cat.from} GROUP BY 1, 3
    UNION ALL SELECT ${P}, 'service', j.key, COUNT(*), ${svc.granted} FROM w CROSS JOIN ${svc.from} GROUP BY 1, 3
    UNION ALL SELECT ${d.dayPeriod[groupBy]}, 'impressions', '', SUM(count), 0 FROM impressions
      WHERE day >= ${d.day('CAST(? AS BIGINT)')} AND day <= ${d.day('(CAST(? AS BIGINT) - 1)')} GROUP BY 1`
}
