/**
 * The store for scale: PostgreSQL through `pg`, the same schema and behaviour as the SQLite store.
 * Nothing is kept in the server process, so any number of instances can share the database:
 * - a chain is extended under a transaction-scoped advisory lock on its consent ID, so two
 *   instances receiving records of the same visitor at once still produce one unbroken chain;
 * - migrations run under a session advisory lock, so instances starting together migrate once.
 * Group commit, as on SQLite: receipts waiting together are written in one transaction, and
 * nobody is answered before it commits: "2xx means committed".
 */
import pg from 'pg'
import { MIGRATIONS } from './migrations'
import { COLUMNS, INSERT_COLUMNS, OverloadedError, fromRow, nextInChain, toParams } from './rows'
import {
  warnMaintenance,
  type AggregateRow,
  type Anchor,
  type GroupBy,
  type InsertOutcome,
  type MaintenanceErrorHandler,
  type NewRecord,
  type Sealer,
  type Store,
  type StoredRecord,
} from './store'

/** The same receiptId committed at the same moment under another consent ID (by another instance). */
const isReceiptIdTaken = (e: unknown) => {
  const err = e as { code?: string; constraint?: string } | null
  return !!err && err.code === '23505' && String(err.constraint || '').includes('receipt_id')
}

/** Arbitrary constant naming the migration lock. */
const MIGRATION_LOCK = 7_427_110_001
/** Inserts waiting for their batch past this are refused (503) rather than held in memory. */
const MAX_PENDING = 20_000
/** Receipts per batch transaction (17 parameters each; PostgreSQL allows 65,535 per statement). */
const MAX_BATCH = 500
/** Batch transactions in flight at once; the rest of the pool serves reads. */
const MAX_BATCHES = 3

interface Job {
  record: NewRecord
  sealer: Sealer
  receivedAt: number
  resolve: (o: InsertOutcome) => void
  reject: (e: unknown) => void
}

const PERIOD: Record<GroupBy, (col: string) => string> = {
  day: (c) => `to_char(to_timestamp(${c} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  week: (c) => `to_char(date_trunc('week', to_timestamp(${c} / 1000.0) AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`,
  month: (c) => `to_char(to_timestamp(${c} / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM')`,
}
const DAY_PERIOD: Record<GroupBy, string> = {
  day: 'day',
  week: `to_char(date_trunc('week', day::date), 'YYYY-MM-DD')`,
  month: 'substr(day, 1, 7)',
}

export interface PostgresOptions {
  /** A schema to use instead of `public` (created when missing): tests give each suite its own. */
  schema?: string
  max?: number
  /** Where a failed VACUUM after an erasure is reported (the server passes its logger). */
  onMaintenanceError?: MaintenanceErrorHandler
}

/** Anchors of chains purged whole, dropped per transaction (each locks its chains). */
const ANCHOR_BATCH = 500
const LOCK_CHAINS = 'SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(x, 0) AS h FROM unnest($1::text[]) AS x) AS l ORDER BY h'

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const
  private pool: pg.Pool
  private queue: Job[] = []
  private running = 0
  /** The VACUUM in progress, and whether another erasure came in since it started. */
  private vacuuming: Promise<void> | null = null
  private vacuumAgain = false

  constructor(
    url: string,
    private options: PostgresOptions = {},
  ) {
    if (options.schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(options.schema)) throw new Error('schema: lower-case letters, digits and _ only')
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      options: options.schema ? `-c search_path=${options.schema}` : undefined,
    })
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined)
  }

  private q(sql: string, params: unknown[] = []) {
    return this.pool.query(sql, params)
  }

  async migrate(): Promise<void> {
    const client = await this.pool.connect()
    try {
      if (this.options.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.options.schema}`)
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
      try {
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)')
        const done = new Set((await client.query('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)))
        for (const m of MIGRATIONS) {
          if (done.has(m.version)) continue
          await client.query('BEGIN')
          try {
            await client.query(m.postgres)
            await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, Date.now()])
            await client.query('COMMIT')
          } catch (e) {
            await client.query('ROLLBACK')
            throw e
          }
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK])
      }
    } finally {
      client.release()
    }
  }

  async metaSetIfAbsent(key: string, value: string): Promise<string> {
    await this.q('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value])
    return (await this.q('SELECT value FROM meta WHERE key = $1', [key])).rows[0].value
  }

  insert(record: NewRecord, sealer: Sealer, receivedAt: number): Promise<InsertOutcome> {
    if (this.queue.length >= MAX_PENDING) return Promise.reject(new OverloadedError())
    return new Promise((resolve, reject) => {
      this.queue.push({ record, sealer, receivedAt, resolve, reject })
      this.pump()
    })
  }

  /** Start batches while there is work and room: receipts waiting together share one transaction. */
  private pump() {
    while (this.running < MAX_BATCHES && this.queue.length) {
      const jobs = this.queue.splice(0, MAX_BATCH)
      this.running++
      this.writeBatch(jobs)
        // Committed: only now does anyone get an answer.
        .then(
          (outcomes) => {
            for (const [i, job] of jobs.entries()) job.resolve(outcomes[i])
          },
          // The batch was rolled back: each receipt is tried again in a transaction of its own.
          () =>
            Promise.all(
              jobs.map((job) =>
                this.writeBatch([job]).then(
                  ([outcome]) => job.resolve(outcome),
                  (e) => (isReceiptIdTaken(e) ? job.resolve({ status: 'conflict' }) : job.reject(e)),
                ),
              ),
            ),
        )
        .finally(() => {
          this.running--
          this.pump()
        })
    }
  }

  /**
   * One transaction for a batch: lock every chain it touches (in a fixed order, so two batches,
   * on this instance or another, cannot deadlock), read the known receipts and the chain heads in
   * one query each, seal in order, insert every new record in one statement, commit. Resolves to
   * each job's outcome once committed; rejects, rolled back, if anything fails.
   */
  private async writeBatch(jobs: Job[]): Promise<InsertOutcome[]> {
    const ids = [...new Set(jobs.map((j) => j.record.consentId))]
    const receiptIds = jobs.map((j) => j.record.receiptId)
    return this.tx(async (c) => {
      await c.query(LOCK_CHAINS, [ids])
      const known = new Map<string, StoredRecord>()
      for (const row of (await c.query(`SELECT ${COLUMNS} FROM receipts WHERE receipt_id = ANY($1)`, [receiptIds])).rows)
        known.set(row.receipt_id, fromRow(row))
      const heads = new Map<string, { seq: number; hash: string }>()
      for (const row of (await c.query('SELECT consent_id, seq, hash FROM chain_anchors WHERE consent_id = ANY($1)', [ids])).rows)
        heads.set(row.consent_id, row)
      const latest = await c.query(
        'SELECT DISTINCT ON (consent_id) consent_id, seq, hash FROM receipts WHERE consent_id = ANY($1) ORDER BY consent_id, seq DESC',
        [ids],
      )
      for (const row of latest.rows) heads.set(row.consent_id, row)

      const outcomes: InsertOutcome[] = []
      const fresh: StoredRecord[] = []
      for (const { record, sealer, receivedAt } of jobs) {
        const seen = known.get(record.receiptId)
        if (seen) {
          outcomes.push(seen.consentId === record.consentId ? { status: 'duplicate', record: seen } : { status: 'conflict' })
          continue
        }
        const stored = nextInChain(record, heads.get(record.consentId), sealer, receivedAt)
        heads.set(record.consentId, stored)
        known.set(record.receiptId, stored)
        fresh.push(stored)
        outcomes.push({ status: 'created', record: stored })
      }
      if (fresh.length) {
        const params: unknown[] = []
        const rows = fresh.map((r) => {
          const p = toParams(r)
          const at = params.length
          params.push(...p)
          return `(${p.map((_, i) => `$${at + i + 1}`).join(', ')})`
        })
        await c.query(`INSERT INTO receipts (${INSERT_COLUMNS}) VALUES ${rows.join(', ')}`, params)
      }
      return outcomes
    })
  }

  async history(consentId: string): Promise<StoredRecord[]> {
    return (await this.q(`SELECT ${COLUMNS} FROM receipts WHERE consent_id = $1 ORDER BY seq`, [consentId])).rows.map(fromRow)
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const out = await fn(client)
      await client.query('COMMIT')
      return out
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw e
    } finally {
      client.release()
    }
  }

  /**
   * Deleted rows stay in the table's pages until VACUUM, readable to anyone with the data files.
   * VACUUM cannot run inside a transaction, and can take a while on a large table, so it runs
   * after the erasure's commit without holding up the answer; erasures arriving meanwhile share
   * the next one. VACUUM makes the space reusable (new rows overwrite it in time) and drops empty
   * pages at the end of the table; it does not overwrite in place, and PostgreSQL's WAL, archives
   * and backups keep their history (see the operator notes).
   */
  private vacuumSoon(): void {
    if (this.vacuuming) {
      this.vacuumAgain = true
      return
    }
    this.vacuuming = (async () => {
      do {
        this.vacuumAgain = false
        try {
          await this.q('VACUUM receipts, chain_anchors')
        } catch (e) {
          ;(this.options.onMaintenanceError || warnMaintenance)(
            'VACUUM after an erasure failed; the erased rows stay in the table files until the next VACUUM (autovacuum will run one)',
            e,
          )
        }
      } while (this.vacuumAgain)
    })().finally(() => {
      this.vacuuming = null
    })
  }

  async scrubbed(): Promise<void> {
    while (this.vacuuming) await this.vacuuming
  }

  async erase(consentId: string, subject: string, at: number): Promise<number> {
    const n = await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [consentId])
      const n = (await c.query('DELETE FROM receipts WHERE consent_id = $1', [consentId])).rowCount || 0
      await c.query('DELETE FROM chain_anchors WHERE consent_id = $1', [consentId])
      await c.query(
        'INSERT INTO tombstones (subject, erased_at, records) VALUES ($1, $2, $3) ON CONFLICT (subject) DO UPDATE SET erased_at = excluded.erased_at, records = tombstones.records + excluded.records',
        [subject, at, n],
      )
      return n
    })
    if (n) this.vacuumSoon()
    return n
  }

  async tombstone(subject: string) {
    const t = (await this.q('SELECT erased_at, records FROM tombstones WHERE subject = $1', [subject])).rows[0]
    return t ? { erasedAt: Number(t.erased_at), records: Number(t.records) } : null
  }

  async purgeBefore(cutoff: number): Promise<number> {
    const n = await this.tx(async (c) => {
      await c.query(
        `INSERT INTO chain_anchors (consent_id, seq, hash)
         SELECT DISTINCT ON (consent_id) consent_id, seq, hash FROM receipts WHERE received_at < $1 ORDER BY consent_id, seq DESC
         ON CONFLICT (consent_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
        [cutoff],
      )
      return (await c.query('DELETE FROM receipts WHERE received_at < $1', [cutoff])).rowCount || 0
    })
    // A chain purged whole keeps no anchor: nothing of it is left to verify, and the anchor would
    // keep the consent ID past the retention period. Under the chains' locks, so an insert that
    // is extending such a chain from its anchor right now commits first and the anchor stays.
    for (;;) {
      const picked = await this.tx(async (c) => {
        const ids = (
          await c.query('SELECT consent_id FROM chain_anchors a WHERE NOT EXISTS (SELECT 1 FROM receipts r WHERE r.consent_id = a.consent_id) LIMIT $1', [
            ANCHOR_BATCH,
          ])
        ).rows.map((r) => r.consent_id)
        if (!ids.length) return 0
        await c.query(LOCK_CHAINS, [ids])
        await c.query('DELETE FROM chain_anchors a WHERE consent_id = ANY($1) AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.consent_id = a.consent_id)', [
          ids,
        ])
        return ids.length
      })
      if (picked < ANCHOR_BATCH) break
    }
    if (n) this.vacuumSoon()
    return n
  }

  async chainPage(after: { consentId: string; seq: number } | null, limit: number): Promise<StoredRecord[]> {
    const r = after
      ? await this.q(`SELECT ${COLUMNS} FROM receipts WHERE (consent_id, seq) > ($1, $2) ORDER BY consent_id, seq LIMIT $3`, [
          after.consentId,
          after.seq,
          limit,
        ])
      : await this.q(`SELECT ${COLUMNS} FROM receipts ORDER BY consent_id, seq LIMIT $1`, [limit])
    return r.rows.map(fromRow)
  }

  async anchors(consentIds: string[]): Promise<Map<string, Anchor>> {
    const out = new Map<string, Anchor>()
    if (!consentIds.length) return out
    const r = await this.q('SELECT consent_id, seq, hash FROM chain_anchors WHERE consent_id = ANY($1)', [consentIds])
    for (const a of r.rows) out.set(a.consent_id, { consentId: a.consent_id, seq: Number(a.seq), hash: a.hash })
    return out
  }

  async exportPage(afterRow: number, limit: number) {
    const r = await this.q(`SELECT ${COLUMNS} FROM receipts WHERE row > $1 ORDER BY row LIMIT $2`, [afterRow, limit])
    return r.rows.map((row) => ({ row: Number(row.row), record: fromRow(row) }))
  }

  async aggregate(from: number, to: number, groupBy: GroupBy): Promise<AggregateRow[]> {
    const P = PERIOD[groupBy]('received_at')
    const W = 'received_at >= $1 AND received_at < $2'
    const sql = `
      SELECT ${P} AS period, 'decisions' AS dim, '' AS key, COUNT(*) AS count, 0 AS granted FROM receipts WHERE ${W} GROUP BY 1
      UNION ALL SELECT ${P}, 'method', method, COUNT(*), 0 FROM receipts WHERE ${W} GROUP BY 1, 3
      UNION ALL SELECT ${P}, 'revision', revision::text, COUNT(*), 0 FROM receipts WHERE ${W} GROUP BY 1, 3
      UNION ALL SELECT ${P}, 'language', language, COUNT(*), 0 FROM receipts WHERE ${W} GROUP BY 1, 3
      UNION ALL SELECT ${P}, 'profile', COALESCE(profile, 'default'), COUNT(*), 0 FROM receipts WHERE ${W} GROUP BY 1, 3
      UNION ALL SELECT ${P}, 'category', j.key, COUNT(*), SUM(CASE WHEN j.value = 'true' THEN 1 ELSE 0 END) FROM receipts CROSS JOIN LATERAL jsonb_each_text(categories) j WHERE ${W} GROUP BY 1, 3
      UNION ALL SELECT ${P}, 'service', j.key, COUNT(*), SUM(CASE WHEN j.value = 'true' THEN 1 ELSE 0 END) FROM receipts CROSS JOIN LATERAL jsonb_each_text(services) j WHERE ${W} GROUP BY 1, 3
      UNION ALL SELECT ${DAY_PERIOD[groupBy]}, 'impressions', '', SUM(count), 0 FROM impressions
        WHERE day >= to_char(to_timestamp($1 / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD')
          AND day <= to_char(to_timestamp(($2 - 1) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD') GROUP BY 1`
    const r = await this.q(sql, [from, to])
    return r.rows.map((x) => ({ period: x.period, dim: x.dim, key: String(x.key), count: Number(x.count), granted: Number(x.granted) }))
  }

  async countImpression(day: string, revision: number, language: string, profile: string): Promise<void> {
    await this.q(
      'INSERT INTO impressions (day, revision, language, profile, count) VALUES ($1, $2, $3, $4, 1) ON CONFLICT (day, revision, language, profile) DO UPDATE SET count = impressions.count + 1',
      [day, revision, language, profile],
    )
  }

  async ping(): Promise<void> {
    await this.q('SELECT 1')
  }

  /** Let every queued and running batch commit (their callers may still be owed an answer), then close the pool. */
  async close(): Promise<void> {
    while (this.queue.length || this.running) await new Promise((resolve) => setTimeout(resolve, 5))
    // The VACUUM owed to the last erasures still runs before the pool goes.
    await this.scrubbed()
    await this.pool.end()
  }
}
