import { afterEach, describe, expect, test } from 'vitest'
import { buildApp } from '../../log-server/src/app'
import { loadConfig } from '../../log-server/src/config'
import { PostgresStore } from '../../log-server/src/store/postgres'
import { SqliteStore } from '../../log-server/src/store/sqlite'
import { ADMIN, KEY, PG_URL, STORES, admin, freshStore, receipt, type Fresh } from './support/stores'

/** Another connection to the same database, as a second server instance would open. */
const another = (fresh: Fresh) => (fresh.schema ? new PostgresStore(PG_URL, { schema: fresh.schema }) : new SqliteStore(fresh.env.CONSENT_GATE_DB))

/**
 * Several server instances behind a load balancer share one PostgreSQL database and keep no state
 * of their own: receipts of one visitor spread over all of them still form one unbroken chain.
 * (Several processes on one SQLite file behave the same, one writer at a time.)
 */
describe.each(STORES)('several instances on one %s database', (kind) => {
  let fresh: Fresh
  afterEach(async () => {
    await fresh?.drop()
  })

  test('three instances writing one chain at once produce one unbroken chain, and retries are deduplicated across them', async () => {
    fresh = await freshStore(kind)
    const config = loadConfig({}, { CONSENT_GATE_RATE_LIMIT: '0' })
    const apps = await Promise.all(
      [1, 2, 3].map(async () => {
        const store = another(fresh)
        await store.migrate() // concurrent migrations are serialised by a lock: a no-op here
        return buildApp({ config, store, key: KEY, adminToken: ADMIN, logger: false })
      }),
    )
    try {
      const consentId = receipt().consentId
      const receipts = Array.from({ length: 60 }, () => receipt({ consentId }))
      const post = (i: number, r: unknown) =>
        apps[i % 3].inject({ method: 'POST', url: '/api/consents', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(r) })
      const first = await Promise.all(receipts.map((r, i) => post(i, r)))
      expect(first.map((r) => r.statusCode)).toEqual(receipts.map(() => 201))
      // The same receipts again, each to another instance.
      const again = await Promise.all(receipts.map((r, i) => post(i + 1, r)))
      expect(again.map((r) => r.statusCode)).toEqual(receipts.map(() => 200))

      const history = (await apps[2].inject({ method: 'GET', url: `/api/consents/${consentId}` })).json().receipts
      expect(history.map((r: any) => r.seq)).toEqual(receipts.map((_, i) => i + 1))
      const verify = (await apps[0].inject({ method: 'GET', url: '/api/verify', headers: admin })).json()
      expect(verify).toMatchObject({ ok: true, chains: 1, records: 60 })
    } finally {
      for (const app of apps) {
        await app.close()
        await app.consentGate.store.close()
      }
    }
  })

  test('one receiptId sent at the same moment to two instances under two consent IDs: one 201, one 409, one record', async () => {
    fresh = await freshStore(kind)
    const config = loadConfig({}, { CONSENT_GATE_RATE_LIMIT: '0' })
    const apps = await Promise.all(
      [1, 2].map(async () => {
        const store = another(fresh)
        await store.migrate()
        return buildApp({ config, store, key: KEY, adminToken: ADMIN, logger: false })
      }),
    )
    try {
      for (let round = 0; round < 10; round++) {
        const a = receipt()
        const b = { ...a, consentId: receipt().consentId }
        // Other receipts in the same batches: a failed batch must not cost them their answer.
        const bystanders = [receipt(), receipt()]
        const send = (i: number, r: unknown) =>
          apps[i].inject({ method: 'POST', url: '/api/consents', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(r) })
        const [ra, rb, ...others] = await Promise.all([send(0, a), send(1, b), send(0, bystanders[0]), send(1, bystanders[1])])
        expect([ra.statusCode, rb.statusCode].sort()).toEqual([201, 409])
        expect(others.map((r) => r.statusCode)).toEqual([201, 201])
        const winner = ra.statusCode === 201 ? a : b
        const loser = ra.statusCode === 201 ? b : a
        expect((await apps[0].inject({ method: 'GET', url: `/api/consents/${winner.consentId}` })).json().receipts).toHaveLength(1)
        expect((await apps[1].inject({ method: 'GET', url: `/api/consents/${loser.consentId}` })).statusCode).toBe(404)
      }
    } finally {
      for (const app of apps) {
        await app.close()
        await app.consentGate.store.close()
      }
    }
  })

  test('instances starting together against an empty database migrate it once', async () => {
    fresh = await freshStore(kind)
    for (const table of ['receipts', 'chain_anchors', 'tombstones', 'impressions', 'meta', 'schema_migrations']) await fresh.sql(`DROP TABLE ${table}`)
    const stores = [1, 2, 3, 4].map(() => another(fresh))
    await Promise.all(stores.map((s) => s.migrate()))
    const stored = await stores[0].metaSetIfAbsent('probe', 'x')
    expect(stored).toBe('x')
    const res: any = await fresh.sql('DELETE FROM schema_migrations')
    expect(res.rowCount ?? res.changes).toBe(1)
    await Promise.all(stores.map((s) => s.close()))
  })
})
