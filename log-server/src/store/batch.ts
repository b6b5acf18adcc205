/**
 * Group commit, for both stores: inserts wait in one queue, and those waiting together are
 * written in one transaction by the store's `write`; nobody is answered before it commits
 * ("2xx means committed"), and the fsync is paid once per batch instead of once per receipt.
 * Batches start on the next turn of the event loop, so receipts arriving in the same turn share
 * one. Past `maxPending` waiting, an insert is refused (503) rather than held in memory.
 */
import { GENESIS } from '../chain'
import type { NewRecord, StoredRecord } from './record'
import type { InsertOutcome, Sealer } from './store'

/** Thrown when writes pile up faster than the database commits them: the caller answers 503. */
export class OverloadedError extends Error {
  constructor() {
    super('too many writes waiting')
  }
}

export interface InsertJob {
  record: NewRecord
  sealer: Sealer
  receivedAt: number
}

/** One job's result: its outcome, or the error that job alone failed with. */
export type JobResult = InsertOutcome | { error: unknown }

export interface BatchLimits {
  /** Inserts waiting past this are refused with an `OverloadedError`. */
  maxPending: number
  /** Jobs per transaction. */
  maxBatch: number
  /** Transactions in flight at once. */
  maxConcurrent: number
}

interface Waiting extends InsertJob {
  resolve: (o: InsertOutcome) => void
  reject: (e: unknown) => void
}

export class BatchQueue {
  private waiting: Waiting[] = []
  private running = 0
  private scheduled = false
  private idle: (() => void)[] = []

  /**
   * `write` commits a batch and gives each job's result in order; when it throws (or rejects),
   * nothing of the batch was stored and every job of it fails with that error.
   */
  constructor(
    private readonly write: (jobs: InsertJob[]) => JobResult[] | Promise<JobResult[]>,
    private readonly limits: BatchLimits,
  ) {}

  push(job: InsertJob): Promise<InsertOutcome> {
    if (this.waiting.length >= this.limits.maxPending) return Promise.reject(new OverloadedError())
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...job, resolve, reject })
      this.schedule()
    })
  }

  /** Resolves once every job queued so far has been committed (or has failed) and answered. */
  drained(): Promise<void> {
    if (!this.waiting.length && !this.running && !this.scheduled) return Promise.resolve()
    return new Promise((resolve) => this.idle.push(resolve))
  }

  private schedule() {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      this.pump()
    })
  }

  private pump() {
    while (this.running < this.limits.maxConcurrent && this.waiting.length) {
      const jobs = this.waiting.splice(0, this.limits.maxBatch)
      this.running++
      Promise.resolve()
        .then(() => this.write(jobs))
        // Committed: only now does anyone get an answer.
        .then(
          (results) =>
            jobs.forEach((job, i) => {
              const r = results[i]
              if ('error' in r) job.reject(r.error)
              else job.resolve(r)
            }),
          (error) => {
            for (const job of jobs) job.reject(error)
          },
        )
        .finally(() => {
          this.running--
          if (this.waiting.length) this.schedule()
          else if (!this.running && !this.scheduled) for (const w of this.idle.splice(0)) w()
        })
    }
  }
}

/**
 * The record that extends a chain whose last record (or purge anchor) is `head`; with no head it
 * starts a new chain. Both stores call this under their per-chain lock.
 */
export function nextInChain(record: NewRecord, head: { seq: number; hash: string } | undefined, sealer: Sealer, receivedAt: number): StoredRecord {
  const sealed = { ...record, seq: head ? Number(head.seq) + 1 : 1, receivedAt }
  const prevHash = head ? head.hash : GENESIS
  return { ...sealed, prevHash, hash: sealer(prevHash, sealed) }
}
