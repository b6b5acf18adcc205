/**
 * The embedded default store: one SQLite file through better-sqlite3, in WAL mode with
 * `synchronous=FULL`, so a commit is on disk before the server answers.
 *
 * Group commit: inserts that arrive in the same turn of the event loop are written in one
 * transaction (each in its own savepoint, so one bad record cannot sink the others), and every one
 * of them resolves only after that transaction has committed. That keeps "2xx means committed"
 * while paying for one fsync per batch instead of one per receipt.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
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

/** Writes waiting for their batch past this are refused (503) rather than held in memory. */
const MAX_PENDING = 20_000
/** Largest batch in one transaction: keeps each commit, and the wait of those behind it, short. */
const MAX_BATCH = 2_000
/** Checkpoint attempts after an erasure before a blocked one is reported (backoff 100 ms to 5 s: about a minute). */
const SCRUB_RETRIES = 16

interface Job {
  record: NewRecord
  sealer: Sealer
  receivedAt: number
  resolve: (o: InsertOutcome) => void
  reject: (e: unknown) => void
}

const PERIOD: Record<GroupBy, (col: string) => string> = {
  day: (c) => `strftime('%Y-%m-%d', ${c} / 1000, 'unixepoch')`,
  // 'weekday 0' moves to the coming Sunday (or stays on one); six days back is that week's Monday.
  week: (c) => `date(${c} / 1000, 'unixepoch', 'weekday 0', '-6 days')`,
  month: (c) => `strftime('%Y-%m', ${c} / 1000, 'unixepoch')`,
}
const DAY_PERIOD: Record<GroupBy, string> = {
  day: 'day',
  week: `date(day, 'weekday 0', '-6 days')`,
  month: 'substr(day, 1, 7)',
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const
  private db: Database.Database
  private queue: Job[] = []
  private scheduled = false
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
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)')
    const applied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck()
    for (const m of MIGRATIONS) {
      // Checked inside the write lock: another process on the same file may have just applied it.
      db.transaction(() => {
        if (applied.get(m.version)) return
        db.exec(m.sqlite)
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now())
      }).immediate()
    }
    this.prepare()
  }

  private prepare() {
    const p = (sql: string) => this.db.prepare(sql)
    this.s = {
      byReceipt: p(`SELECT ${COLUMNS} FROM receipts WHERE receipt_id = ?`),
      head: p('SELECT seq, hash FROM receipts WHERE consent_id = ? ORDER BY seq DESC LIMIT 1'),
      anchor: p('SELECT consent_id, seq, hash FROM chain_anchors WHERE consent_id = ?'),
      insert: p(`INSERT INTO receipts (${INSERT_COLUMNS}) VALUES (${Array(17).fill('?').join(', ')})`),
      history: p(`SELECT ${COLUMNS} FROM receipts WHERE consent_id = ? ORDER BY seq`),
      metaGet: p('SELECT value FROM meta WHERE key = ?').pluck(),
      metaPut: p('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING'),
      eraseRecords: p('DELETE FROM receipts WHERE consent_id = ?'),
      eraseAnchor: p('DELETE FROM chain_anchors WHERE consent_id = ?'),
      tombstonePut: p(
        'INSERT INTO tombstones (subject, erased_at, records) VALUES (?, ?, ?) ON CONFLICT (subject) DO UPDATE SET erased_at = excluded.erased_at, records = tombstones.records + excluded.records',
      ),
      tombstoneGet: p('SELECT erased_at, records FROM tombstones WHERE subject = ?'),
      anchorPurged: p(`
        INSERT INTO chain_anchors (consent_id, seq, hash)
        SELECT r.consent_id, r.seq, r.hash FROM receipts r
        WHERE r.received_at < @cutoff AND r.seq = (SELECT MAX(seq) FROM receipts x WHERE x.consent_id = r.consent_id AND x.received_at < @cutoff)
        ON CONFLICT (consent_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`),
      purge: p('DELETE FROM receipts WHERE received_at < ?'),
      dropEmptyAnchors: p('DELETE FROM chain_anchors WHERE NOT EXISTS (SELECT 1 FROM receipts r WHERE r.consent_id = chain_anchors.consent_id)'),
      chainFirst: p(`SELECT ${COLUMNS} FROM receipts ORDER BY consent_id, seq LIMIT ?`),
      chainAfter: p(`SELECT ${COLUMNS} FROM receipts WHERE (consent_id, seq) > (?, ?) ORDER BY consent_id, seq LIMIT ?`),
      exportPage: p(`SELECT ${COLUMNS} FROM receipts WHERE row > ? ORDER BY row LIMIT ?`),
      impression: p(
        'INSERT INTO impressions (day, revision, language, profile, count) VALUES (?, ?, ?, ?, 1) ON CONFLICT (day, revision, language, profile) DO UPDATE SET count = impressions.count + 1',
      ),
    }
  }

  async metaSetIfAbsent(key: string, value: string): Promise<string> {
    this.s.metaPut.run(key, value)
    return this.s.metaGet.get(key) as string
  }

  insert(record: NewRecord, sealer: Sealer, receivedAt: number): Promise<InsertOutcome> {
    if (this.closed) return Promise.reject(new Error('store is closed'))
    if (this.queue.length >= MAX_PENDING) return Promise.reject(new OverloadedError())
    return new Promise((resolve, reject) => {
      this.queue.push({ record, sealer, receivedAt, resolve, reject })
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => this.flush())
      }
    })
  }

  private insertOne(job: Job): InsertOutcome {
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

  /** Commit everything queued so far in one transaction, then answer each caller. */
  private flush() {
    this.scheduled = false
    const jobs = this.queue.splice(0, MAX_BATCH)
    if (this.queue.length) {
      this.scheduled = true
      setImmediate(() => this.flush())
    }
    if (!jobs.length) return
    const results: (InsertOutcome | { error: unknown })[] = []
    try {
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
    } catch (error) {
      // The commit itself failed: nothing of this batch is stored, so nobody gets a 2xx.
      for (const job of jobs) job.reject(error)
      return
    }
    jobs.forEach((job, i) => {
      const r = results[i]
      if ('error' in r) job.reject(r.error)
      else job.resolve(r)
    })
  }

  async history(consentId: string): Promise<StoredRecord[]> {
    return this.s.history.all(consentId).map(fromRow)
  }

  async erase(consentId: string, subject: string, at: number): Promise<number> {
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
    const t = this.s.tombstoneGet.get(subject) as { erased_at: number; records: number } | undefined
    return t ? { erasedAt: Number(t.erased_at), records: Number(t.records) } : null
  }

  async purgeBefore(cutoff: number): Promise<number> {
    const n = this.db
      .transaction(() => {
        this.s.anchorPurged.run({ cutoff })
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
    const rows = after ? this.s.chainAfter.all(after.consentId, after.seq, limit) : this.s.chainFirst.all(limit)
    return rows.map(fromRow)
  }

  async anchors(consentIds: string[]): Promise<Map<string, Anchor>> {
    const out = new Map<string, Anchor>()
    for (const id of consentIds) {
      const a = this.s.anchor.get(id) as { consent_id: string; seq: number; hash: string } | undefined
      if (a) out.set(id, { consentId: a.consent_id, seq: a.seq, hash: a.hash })
    }
    return out
  }

  async exportPage(afterRow: number, limit: number) {
    return this.s.exportPage.all(afterRow, limit).map((r: any) => ({ row: Number(r.row), record: fromRow(r) }))
  }

  async aggregate(from: number, to: number, groupBy: GroupBy): Promise<AggregateRow[]> {
    const P = PERIOD[groupBy]('received_at')
    const W = 'received_at >= @from AND received_at < @to'
    const sql = `
      SELECT ${P} AS period, 'decisions' AS dim, '' AS key, COUNT(*) AS count, 0 AS granted FROM receipts WHERE ${W} GROUP BY 1
      UNION ALL SELECT ${P}, 'method', method, COUNT(*), 0 FROM receipts WHERE ${W} GROUP BY 1, 3
      UNION ALL SELECT ${P}, 'revision', CAST(revision AS TEXT), COUNT(*), 0 FROM receipts WHERE ${W} GROUP BY 1, 3
      UNION ALL SELECT ${P}, 'language', language, COUNT(*), 0 FROM receipts WHERE ${W} GROUP BY 1, 3
      UNION ALL SELECT ${P}, 'profile', COALESCE(profile, 'default'), COUNT(*), 0 FROM receipts WHERE ${W} GROUP BY 1, 3
      UNION ALL SELECT ${P}, 'category', j.key, COUNT(*), SUM(j.value) FROM receipts, json_each(receipts.categories) j WHERE ${W} GROUP BY 1, 3
      UNION ALL SELECT ${P}, 'service', j.key, COUNT(*), SUM(j.value) FROM receipts, json_each(receipts.services) j WHERE ${W} GROUP BY 1, 3
      UNION ALL SELECT ${DAY_PERIOD[groupBy]}, 'impressions', '', SUM(count), 0 FROM impressions
        WHERE day >= strftime('%Y-%m-%d', @from / 1000, 'unixepoch') AND day <= strftime('%Y-%m-%d', (@to - 1) / 1000, 'unixepoch') GROUP BY 1`
    return (this.db.prepare(sql).all({ from, to }) as any[]).map((r) => ({
      period: r.period,
      dim: r.dim,
      key: String(r.key),
      count: Number(r.count),
      granted: Number(r.granted),
    }))
  }

  async countImpression(day: string, revision: number, language: string, profile: string): Promise<void> {
    this.s.impression.run(day, revision, language, profile)
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get()
  }

  async close(): Promise<void> {
    if (this.closed) return
    // Whatever is queued still gets its commit before the file closes.
    while (this.queue.length) this.flush()
    clearTimeout(this.scrubTimer)
    this.scrubTimer = undefined
    this.closed = true
    // Closing the last connection checkpoints and deletes the WAL, a pending scrub included.
    this.db.close()
    for (const w of this.scrubWaiters.splice(0)) w()
  }
}
