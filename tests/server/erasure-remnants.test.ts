import { afterEach, describe, expect, test, vi } from 'vitest'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { STORES, receipt, testApp, type TestApp } from './support/stores'

/**
 * Issue #8, item 4: erased personal data must not survive in the database files. A DELETE, or the
 * retention purge, that only unlinks rows leaves their bytes in free space of the SQLite file and
 * in old page images in its WAL; these tests read the raw bytes of both files.
 */
const DAY = 864e5

function occurrences(file: string, needle: string): number {
  if (!existsSync(file)) return 0
  const hay = readFileSync(file)
  const n = Buffer.from(needle, 'utf8')
  let count = 0
  for (let i = hay.indexOf(n); i !== -1; i = hay.indexOf(n, i + 1)) count++
  return count
}

/** Copies of each needle in the main file and in its WAL. */
function remnants(db: string, needles: string[]) {
  return Object.fromEntries(needles.map((s) => [s, { main: occurrences(db, s), wal: occurrences(db + '-wal', s) }]))
}
const none = (needles: string[]) => Object.fromEntries(needles.map((s) => [s, { main: 0, wal: 0 }]))

/** A visitor with a user agent and a page URL nobody else has, so any copy of them is theirs. */
function visitor() {
  const tag = randomBytes(8).toString('hex')
  const r = receipt({ url: `https://shop.example/only-${tag}` })
  return { r, ua: `VictimAgent/${tag}`, needles: [r.consentId, `VictimAgent/${tag}`, `https://shop.example/only-${tag}`] }
}

describe('erasure leaves no copy in the SQLite files', () => {
  let t: TestApp
  afterEach(async () => {
    await t.close()
  })
  const post = (r: unknown, ua = 'Bystander/1.0') =>
    t.app.inject({ method: 'POST', url: '/api/consents', headers: { 'content-type': 'application/json', 'user-agent': ua }, payload: JSON.stringify(r) })

  /** Other visitors around the victim's records, so the victim's rows share pages with rows that stay. */
  async function bystanders(n: number, timestamp?: string) {
    const ids: string[] = []
    for (let i = 0; i < n; i++) {
      const r = receipt(timestamp ? { timestamp } : {})
      ids.push(r.consentId)
      expect((await post(r)).statusCode).toBe(201)
    }
    return ids
  }

  test('DELETE /api/consents/:id: no copy of the consent ID, user agent or URL in the main file or the WAL', async () => {
    t = await testApp('sqlite', { CONSENT_GATE_STORE_USER_AGENT: 'true' })
    const db = t.fresh.env.CONSENT_GATE_DB
    const v = visitor()
    const others = await bystanders(20)
    for (let i = 0; i < 5; i++) {
      expect((await post({ ...receipt({ consentId: v.r.consentId, url: v.r.url }), method: `m${i}` }, v.ua)).statusCode).toBe(201)
      await bystanders(5)
    }
    // The scan sees what is there: the records are in the files before the erasure.
    const before = remnants(db, v.needles)
    expect(
      Object.values(before).every((c) => c.main + c.wal > 0),
      JSON.stringify(before),
    ).toBe(true)

    expect((await t.app.inject({ method: 'DELETE', url: `/api/consents/${v.r.consentId}` })).statusCode).toBe(204)
    expect(remnants(db, v.needles)).toEqual(none(v.needles))
    // The others' records stay, readable.
    expect(occurrences(db, others[0]) + occurrences(db + '-wal', others[0])).toBeGreaterThan(0)
    expect((await t.app.inject({ method: 'GET', url: `/api/consents/${others[0]}` })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: `/api/consents/${v.r.consentId}` })).json()).toMatchObject({ erased: true })
  })

  test('the retention purge: no copy of a purged record, nor the consent ID of a chain purged whole', async () => {
    t = await testApp('sqlite', { CONSENT_GATE_STORE_USER_AGENT: 'true', CONSENT_GATE_RETENTION_DAYS: '30' })
    const db = t.fresh.env.CONSENT_GATE_DB
    const start = Date.parse('2026-01-01T00:00:00Z')
    t.clock.now = start
    const whole = visitor()
    const part = visitor()
    const ts = '2026-01-01T00:00:00Z'
    expect((await post({ ...whole.r, timestamp: ts }, whole.ua)).statusCode).toBe(201)
    expect((await post({ ...part.r, timestamp: ts }, part.ua)).statusCode).toBe(201)
    await bystanders(20, ts)
    t.clock.now = start + 20 * DAY
    // The partly purged chain keeps a later record (with another URL and user agent).
    expect((await post(receipt({ consentId: part.r.consentId, timestamp: '2026-01-21T00:00:00Z' }), 'Later/2.0')).statusCode).toBe(201)
    const kept = await bystanders(5, '2026-01-21T00:00:00Z')

    t.clock.now = start + 31 * DAY
    expect(await t.app.consentGate.purgeExpired()).toBe(22)
    // Everything of the chain purged whole, and the purged record's user agent and URL of the other.
    const gone = [...whole.needles, part.ua, part.r.url]
    expect(remnants(db, gone)).toEqual(none(gone))
    expect(occurrences(db, kept[0]) + occurrences(db + '-wal', kept[0])).toBeGreaterThan(0)
    expect((await t.app.inject({ method: 'GET', url: `/api/consents/${part.r.consentId}` })).json().receipts.map((r: any) => r.seq)).toEqual([2])
  })

  test('a reader holding the WAL delays the scrub; it completes once the reader lets go', async () => {
    t = await testApp('sqlite', { CONSENT_GATE_STORE_USER_AGENT: 'true' })
    const db = t.fresh.env.CONSENT_GATE_DB
    const v = visitor()
    expect((await post(v.r, v.ua)).statusCode).toBe(201)
    await bystanders(10)
    // Another process (an operator's sqlite3 shell, `consent-gate verify`) in a read transaction.
    const reader = new Database(db, { readonly: true })
    try {
      reader.prepare('BEGIN').run()
      reader.prepare('SELECT COUNT(*) FROM receipts').get()
      const began = Date.now()
      expect((await t.app.inject({ method: 'DELETE', url: `/api/consents/${v.r.consentId}` })).statusCode).toBe(204)
      // The answer does not wait on the reader (the busy timeout is 5 s).
      expect(Date.now() - began).toBeLessThan(2000)
      reader.prepare('COMMIT').run()
    } finally {
      reader.close()
    }
    await vi.waitFor(() => expect(remnants(db, v.needles)).toEqual(none(v.needles)), { timeout: 15_000, interval: 100 })
  })
})

describe.each(STORES.filter((k) => k === 'postgres'))('erasure on %s', (kind) => {
  let t: TestApp
  afterEach(async () => {
    await t.close()
  })

  /** Manual VACUUMs of a table of this test's schema and its dead tuples, from PostgreSQL's statistics. */
  async function vacuumStats(table: string) {
    const res: any = await t.fresh.sql('SELECT vacuum_count, n_dead_tup FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = ?', [table])
    const row = res.rows[0]
    return { vacuums: Number(row.vacuum_count), dead: Number(row.n_dead_tup) }
  }

  test('DELETE and the retention purge are followed by a VACUUM of the tables they deleted from', async () => {
    t = await testApp(kind, { CONSENT_GATE_STORE_USER_AGENT: 'true', CONSENT_GATE_RETENTION_DAYS: '30' })
    const post = (r: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/consents', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(r) })
    const v = visitor()
    for (let i = 0; i < 3; i++) expect((await post({ ...receipt({ consentId: v.r.consentId }), method: `m${i}` })).statusCode).toBe(201)
    const before = await vacuumStats('receipts')
    expect((await t.app.inject({ method: 'DELETE', url: `/api/consents/${v.r.consentId}` })).statusCode).toBe(204)
    await vi.waitFor(async () => expect((await vacuumStats('receipts')).vacuums).toBeGreaterThan(before.vacuums), { timeout: 15_000, interval: 100 })
    expect((await vacuumStats('receipts')).dead).toBe(0)
    expect((await vacuumStats('chain_anchors')).vacuums).toBeGreaterThan(0)

    const start = Date.now()
    t.clock.now = start - 40 * DAY
    expect((await post(receipt({ timestamp: new Date(Math.floor(t.clock.now / 1000) * 1000).toISOString() }))).statusCode).toBe(201)
    t.clock.now = start
    const mid = await vacuumStats('receipts')
    expect(await t.app.consentGate.purgeExpired()).toBe(1)
    await vi.waitFor(async () => expect((await vacuumStats('receipts')).vacuums).toBeGreaterThan(mid.vacuums), { timeout: 15_000, interval: 100 })
    expect((await vacuumStats('receipts')).dead).toBe(0)
  })
})
