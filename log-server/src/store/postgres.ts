/**
 * The store for scale: PostgreSQL through `pg`, the same schema and behaviour as the SQLite store.
 * Nothing is kept in the server process, so any number of instances can share the database:
 * - a chain is extended under a transaction-scoped advisory lock on its consent ID, so two
 *   instances receiving records of the same visitor at once still produce one unbroken chain;
 * - migrations run under a session advisory lock, so instances starting together migrate once.
 * Group commit, as on SQLite (`batch.ts`): receipts waiting together are written in one
 * transaction, and nobody is answered before it commits: "2xx means committed".
 */
import pg from 'pg'
import { BatchQueue, nextInChain, type InsertJob, type JobResult } from './batch'
import { MIGRATIONS } from './migrations'
import { DIALECTS, SQL, aggregateSql, insertRecords, numbered } from './queries'
import { fromRow, toParams } from './record'
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
/**
 * Inserts waiting past 20,000 are refused (503); a batch is at most 500 receipts (17 parameters
 * each; PostgreSQL allows 65,535 per statement); 3 batch transactions at once, the rest of the
 * pool serves reads.
 */
const LIMITS = { maxPending: 20_000, maxBatch: 500, maxConcurrent: 3 }
const DIALECT = DIALECTS.postgres

/** The SQL texts with PostgreSQL's `$n` placeholders, derived once. */
const Q = Object.fromEntries(Object.entries(SQL).map(([k, v]) => [k, numbered(v)])) as Record<keyof typeof SQL, string>

export interface PostgresOptions {
  /** A schema to use instead of `public` (created when missing): tests give each suite its own. */
  schema?: string
  max?: number
  /** Where a failed VACUUM after an erasure is reported (the server passes its logger). */
  onMaintenanceError?: MaintenanceErrorHandler
}

/** Anchors of chains purged whole, dropped per transaction (each locks its chains). */
const ANCHOR_BATCH = 500

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const
  private pool: pg.Pool
  private queue = new BatchQueue((jobs) => this.writeBatch(jobs), LIMITS)
  private closed = false
  private closing: Promise<void> | null = null
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

  /** Every operation after `close()` fails with this, not with the pool's own words. */
  private open(): void {
    if (this.closed) throw new Error('store is closed')
  }

  private q(sql: string, params: unknown[] = []) {
    return this.pool.query(sql, params)
  }

  async migrate(): Promise<void> {
    this.open()
    const client = await this.pool.connect()
    try {
      if (this.options.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.options.schema}`)
      await client.query(Q.migrationLock, [MIGRATION_LOCK])
      try {
        await client.query(DIALECT.migrationsTable)
        const done = new Set((await client.query('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)))
        for (const m of MIGRATIONS) {
          if (done.has(m.version)) continue
          await client.query('BEGIN')
          try {
            await client.query(m.postgres)
            await client.query(Q.migrationApplied, [m.version, m.name, Date.now()])
            await client.query('COMMIT')
          } catch (e) {
            await client.query('ROLLBACK')
            throw e
          }
        }
      } finally {
        await client.query(Q.migrationUnlock, [MIGRATION_LOCK])
      }
    } finally {
      client.release()
    }
  }

  async metaSetIfAbsent(key: string, value: string): Promise<string> {
    this.open()
    await this.q(Q.metaPut, [key, value])
    return (await this.q(Q.metaGet, [key])).rows[0].value
  }

  insert(record: NewRecord, sealer: Sealer, receivedAt: number): Promise<InsertOutcome> {
    if (this.closed) return Promise.reject(new Error('store is closed'))
    return this.queue.push({ record, sealer, receivedAt })
  }

  /** A batch in one transaction; if it is rolled back, each receipt is tried again in a transaction of its own. */
  private async writeBatch(jobs: InsertJob[]): Promise<JobResult[]> {
    try {
      return await this.writeTogether(jobs)
    } catch {
      return Promise.all(
        jobs.map((job) =>
          this.writeTogether([job]).then(
            ([outcome]) => outcome,
            (error): JobResult => (isReceiptIdTaken(error) ? { status: 'conflict' } : { error }),
          ),
        ),
      )
    }
  }

  /**
   * One transaction for a batch: lock every chain it touches (in a fixed order, so two batches,
   * on this instance or another, cannot deadlock), read the known receipts and the chain heads in
   * one query each, seal in order, insert every new record in one statement, commit. Resolves to
   * each job's outcome once committed; rejects, rolled back, if anything fails.
   */
  private async writeTogether(jobs: InsertJob[]): Promise<InsertOutcome[]> {
    const ids = [...new Set(jobs.map((j) => j.record.consentId))]
    const receiptIds = jobs.map((j) => j.record.receiptId)
    return this.tx(async (c) => {
      await c.query(Q.lockChains, [ids])
      const known = new Map<string, StoredRecord>()
      for (const row of (await c.query(Q.byReceipts, [receiptIds])).rows) known.set(row.receipt_id, fromRow(row))
      const heads = new Map<string, { seq: number; hash: string }>()
      for (const row of (await c.query(Q.anchors, [ids])).rows) heads.set(row.consent_id, row)
      const latest = await c.query(Q.heads, [ids])
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
        await c.query(numbered(insertRecords(fresh.length)), fresh.flatMap(toParams))
      }
      return outcomes
    })
  }

  async history(consentId: string): Promise<StoredRecord[]> {
    this.open()
    return (await this.q(Q.history, [consentId])).rows.map(fromRow)
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
    this.open()
    const n = await this.tx(async (c) => {
      await c.query(Q.lockChain, [consentId])
      const n = (await c.query(Q.eraseRecords, [consentId])).rowCount || 0
      await c.query(Q.eraseAnchor, [consentId])
      await c.query(Q.tombstonePut, [subject, at, n])
      return n
    })
    if (n) this.vacuumSoon()
    return n
  }

  async tombstone(subject: string) {
    this.open()
    const t = (await this.q(Q.tombstoneGet, [subject])).rows[0]
    return t ? { erasedAt: Number(t.erased_at), records: Number(t.records) } : null
  }

  async purgeBefore(cutoff: number): Promise<number> {
    this.open()
    const n = await this.tx(async (c) => {
      await c.query(Q.anchorPurged, [cutoff, cutoff])
      return (await c.query(Q.purge, [cutoff])).rowCount || 0
    })
    // A chain purged whole keeps no anchor: nothing of it is left to verify, and the anchor would
    // keep the consent ID past the retention period. Under the chains' locks, so an insert that
    // is extending such a chain from its anchor right now commits first and the anchor stays.
    for (;;) {
      const picked = await this.tx(async (c) => {
        const ids = (await c.query(Q.emptyAnchors, [ANCHOR_BATCH])).rows.map((r) => r.consent_id)
        if (!ids.length) return 0
        await c.query(Q.lockChains, [ids])
        await c.query(Q.dropAnchors, [ids])
        return ids.length
      })
      if (picked < ANCHOR_BATCH) break
    }
    if (n) this.vacuumSoon()
    return n
  }

  async chainPage(after: { consentId: string; seq: number } | null, limit: number): Promise<StoredRecord[]> {
    this.open()
    const r = after ? await this.q(Q.chainAfter, [after.consentId, after.seq, limit]) : await this.q(Q.chainFirst, [limit])
    return r.rows.map(fromRow)
  }

  async anchors(consentIds: string[]): Promise<Map<string, Anchor>> {
    this.open()
    const out = new Map<string, Anchor>()
    if (!consentIds.length) return out
    const r = await this.q(Q.anchors, [consentIds])
    for (const a of r.rows) out.set(a.consent_id, { consentId: a.consent_id, seq: Number(a.seq), hash: a.hash })
    return out
  }

  async exportPage(afterRow: number, limit: number) {
    this.open()
    const r = await this.q(Q.exportPage, [afterRow, limit])
    return r.rows.map((row) => ({ row: Number(row.row), record: fromRow(row) }))
  }

  async aggregate(from: number, to: number, groupBy: GroupBy): Promise<AggregateRow[]> {
    this.open()
    const sql = numbered(aggregateSql(DIALECT, groupBy))
    const r = await this.q(sql, [from, to, from, to])
    return r.rows.map((x) => ({ period: x.period, dim: x.dim, key: String(x.key), count: Number(x.count), granted: Number(x.granted) }))
  }

  async countImpression(day: string, revision: number, language: string, profile: string): Promise<void> {
    this.open()
    await this.q(Q.impression, [day, revision, language, profile])
  }

  async ping(): Promise<void> {
    this.open()
    await this.q(Q.ping)
  }

  /** Let every queued and running batch commit (their callers may still be owed an answer), then close the pool. */
  close(): Promise<void> {
    this.closed = true
    if (!this.closing) {
      this.closing = (async () => {
        await this.queue.drained()
        // The VACUUM owed to the last erasures still runs before the pool goes.
        await this.scrubbed()
        await this.pool.end()
      })()
    }
    return this.closing
  }
}
