/**
 * The embedded default store: one SQLite file through better-sqlite3, in WAL mode with
 * `synchronous=FULL`, so a commit is on disk before the server answers.
 *
 * Group commit (`batch.ts`): inserts that arrive in the same turn of the event loop are written in
 * one transaction (each in its own savepoint, so one bad record cannot sink the others), and every
 * one of them resolves only after that transaction has committed.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { BatchQueue, nextInChain, type InsertJob, type JobResult } from './batch'
import { MIGRATIONS } from './migrations'
import { DIALECTS, SQL, aggregateSql, insertRecords } from './queries'
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

/**
 * Writes waiting past 20,000 are refused (503); a batch is at most 2,000 (keeps each commit, and
 * the wait of those behind it, short); one writer at a time, as SQLite has.
 */
const LIMITS = { maxPending: 20_000, maxBatch: 2_000, maxConcurrent: 1 }
/** Checkpoint attempts after an erasure before a blocked one is reported (backoff 100 ms to 5 s: about a minute). */
const SCRUB_RETRIES = 16

const DIALECT = DIALECTS.sqlite

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const
  private db: Database.Database
  private queue = new BatchQueue((jobs) => this.writeBatch(jobs), LIMITS)
  private closed = false
  private s!: Record<string, Database.Statement>
  private scrubTimer: ReturnType<typeof setTimeout> | undefined
  private scrubAttempts = 0
  private scrubWaiters: (() => void)[] = []

  constructor(
    readonly file: string,
    /** Where a failed scrub of erased data is reported (the server passes its logger). */
    private onMaintenanceError: MaintenanceErrorHandler = warnMaintenance,
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.pragma('busy_timeout = 5000')
    // Deleted content is overwritten with zeros (cells, index entries, freed pages), not just
    // unlinked: an erased visitor's record must not stay readable in the file's free space.
    // Per connection: every connection that deletes must have it, so this is the only place
    // the store opens one.
    this.db.pragma('secure_delete = ON')
  }

  /**
   * After an erasure or a purge: copy the WAL into the main file and truncate it. Until then the
   * WAL holds the page images from before the delete, erased data included. A reader in another
   * process (an operator's shell, `consent-gate verify`) can hold the WAL; the checkpoint then
   * does not wait on it (that would block the event loop for the busy timeout) but is retried
   * with backoff, and reported if it still cannot finish.
   */
  private scrub(): void {
    if (this.file === ':memory:' || this.closed) return
    clearTimeout(this.scrubTimer)
    this.scrubTimer = undefined
    let done = false
    try {
      this.db.pragma('busy_timeout = 0')
      const [r] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[]
      done = r.busy === 0
    } catch (e) {
      // SQLITE_BUSY from a writer in another process: retried like a busy reader.
      if ((e as { code?: string } | null)?.code !== 'SQLITE_BUSY') this.onMaintenanceError('WAL checkpoint after an erasure failed', e)
    } finally {
      this.db.pragma('busy_timeout = 5000')
    }
    if (done) {
      this.scrubAttempts = 0
      for (const w of this.scrubWaiters.splice(0)) w()
      return
    }
    if (++this.scrubAttempts > SCRUB_RETRIES) {
      this.onMaintenanceError(
        `WAL checkpoint after an erasure blocked by another connection ${SCRUB_RETRIES} times; erased data stays in ${this.file}-wal until a checkpoint completes`,
        null,
      )
      this.scrubAttempts = 0
      for (const w of this.scrubWaiters.splice(0)) w()
      // Still pending: the next erasure, purge or close tries again.
      return
    }
    this.scrubTimer = setTimeout(() => this.scrub(), Math.min(50 * 2 ** this.scrubAttempts, 5000))
    this.scrubTimer.unref?.()
  }

  /** Resolves once the erasures so far are out of the WAL (tests and shutdown wait on it). */
  scrubbed(): Promise<void> {
    if (this.scrubTimer === undefined && !this.scrubAttempts) return Promise.resolve()
    return new Promise((resolve) => this.scrubWaiters.push(resolve))
  }

  async migrate(): Promise<void> {
    const db = this.db
    this.open()
    db.exec(DIALECT.migrationsTable)
    const applied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck()
    for (const m of MIGRATIONS) {
      // Checked inside the write lock: another process on the same file may have just applied it.
      db.transaction(() => {
        if (applied.get(m.version)) return
        db.exec(m.sqlite)
        db.prepare(SQL.migrationApplied).run(m.version, m.name, Date.now())
      }).immediate()
    }
    this.prepare()
  }

  private prepare() {
    const p = (sql: string) => this.db.prepare(sql)
    this.s = {
      byReceipt: p(SQL.byReceipt),
      head: p(SQL.head),
      anchor: p(SQL.anchor),
      insert: p(insertRecords(1)),
      history: p(SQL.history),
      metaGet: p(SQL.metaGet).pluck(),
      metaPut: p(SQL.metaPut),
      eraseRecords: p(SQL.eraseRecords),
      eraseAnchor: p(SQL.eraseAnchor),
      tombstonePut: p(SQL.tombstonePut),
      tombstoneGet: p(SQL.tombstoneGet),
      anchorPurged: p(SQL.anchorPurged),
      purge: p(SQL.purge),
      dropEmptyAnchors: p(SQL.dropEmptyAnchors),
      chainFirst: p(SQL.chainFirst),
      chainAfter: p(SQL.chainAfter),
      exportPage: p(SQL.exportPage),
      impression: p(SQL.impression),
      ping: p(SQL.ping),
    }
  }

  /** Every operation after `close()` fails with this, not with the driver's own words. */
  private open(): void {
    if (this.closed) throw new Error('store is closed')
  }

  async metaSetIfAbsent(key: string, value: string): Promise<string> {
    this.open()
    this.s.metaPut.run(key, value)
    return this.s.metaGet.get(key) as string
  }

  insert(record: NewRecord, sealer: Sealer, receivedAt: number): Promise<InsertOutcome> {
    if (this.closed) return Promise.reject(new Error('store is closed'))
    return this.queue.push({ record, sealer, receivedAt })
  }

  private insertOne(job: InsertJob): InsertOutcome {
    const { record, sealer, receivedAt } = job
    const known = this.s.byReceipt.get(record.receiptId)
    if (known) {
      const stored = fromRow(known)
      return stored.consentId === record.consentId ? { status: 'duplicate', record: stored } : { status: 'conflict' }
    }
    const head = (this.s.head.get(record.consentId) || this.s.anchor.get(record.consentId)) as { seq: number; hash: string } | undefined
    const stored = nextInChain(record, head, sealer, receivedAt)
    this.s.insert.run(...toParams(stored))
    return { status: 'created', record: stored }
  }

  /** One transaction for a batch, each job in a savepoint of its own. */
  private writeBatch(jobs: InsertJob[]): JobResult[] {
    const results: JobResult[] = []
    // If the commit itself fails, this throws: nothing of the batch is stored, so nobody gets a 2xx.
    this.db
      .transaction(() => {
        for (const job of jobs) {
          try {
            // A nested transaction is a savepoint: a failing record rolls back alone.
            results.push(this.db.transaction(() => this.insertOne(job))())
          } catch (error) {
            results.push({ error })
          }
        }
      })
      .immediate()
    return results
  }

  async history(consentId: string): Promise<StoredRecord[]> {
    this.open()
    return this.s.history.all(consentId).map(fromRow)
  }

  async erase(consentId: string, subject: string, at: number): Promise<number> {
    this.open()
    const n = this.db
      .transaction(() => {
        const n = this.s.eraseRecords.run(consentId).changes
        this.s.eraseAnchor.run(consentId)
        this.s.tombstonePut.run(subject, at, n)
        return n
      })
      .immediate()
    if (n) this.scrub()
    return n
  }

  async tombstone(subject: string) {
    this.open()
    const t = this.s.tombstoneGet.get(subject) as { erased_at: number; records: number } | undefined
    return t ? { erasedAt: Number(t.erased_at), records: Number(t.records) } : null
  }

  async purgeBefore(cutoff: number): Promise<number> {
    this.open()
    const n = this.db
      .transaction(() => {
        this.s.anchorPurged.run(cutoff, cutoff)
        const n = this.s.purge.run(cutoff).changes
        // A chain purged whole keeps no anchor: nothing of it is left to verify, and the anchor
        // would keep the consent ID past the retention period. (Inside the write transaction, so
        // no insert can extend the chain from that anchor meanwhile.)
        this.s.dropEmptyAnchors.run()
        return n
      })
      .immediate()
    if (n) this.scrub()
    return n
  }

  async chainPage(after: { consentId: string; seq: number } | null, limit: number): Promise<StoredRecord[]> {
    this.open()
    const rows = after ? this.s.chainAfter.all(after.consentId, after.seq, limit) : this.s.chainFirst.all(limit)
    return rows.map(fromRow)
  }

  async anchors(consentIds: string[]): Promise<Map<string, Anchor>> {
    this.open()
    const out = new Map<string, Anchor>()
    for (const id of consentIds) {
      const a = this.s.anchor.get(id) as { consent_id: string; seq: number; hash: string } | undefined
      if (a) out.set(id, { consentId: a.consent_id, seq: a.seq, hash: a.hash })
    }
    return out
  }

  async exportPage(afterRow: number, limit: number) {
    this.open()
    return this.s.exportPage.all(afterRow, limit).map((r: any) => ({ row: Number(r.row), record: fromRow(r) }))
  }

  async aggregate(from: number, to: number, groupBy: GroupBy): Promise<AggregateRow[]> {
    this.open()
    const sql = aggregateSql(DIALECT, groupBy)
    return (this.db.prepare(sql).all(from, to, from, to) as any[]).map((r) => ({
      period: r.period,
      dim: r.dim,
      key: String(r.key),
      count: Number(r.count),
      granted: Number(r.granted),
    }))
  }

  async countImpression(day: string, revision: number, language: string, profile: string): Promise<void> {
    this.open()
    this.s.impression.run(day, revision, language, profile)
  }

  async ping(): Promise<void> {
    this.open()
    this.s.ping.get()
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    // Whatever is queued still gets its commit before the file closes.
    await this.queue.drained()
    clearTimeout(this.scrubTimer)
    this.scrubTimer = undefined
    // Closing the last connection checkpoints and deletes the WAL, a pending scrub included.
    this.db.close()
    for (const w of this.scrubWaiters.splice(0)) w()
  }
}
