/**
 * The same server tests run against both stores: SQLite always, PostgreSQL when
 * `CONSENT_GATE_TEST_DATABASE_URL` names a server (`.ci/run` starts one). Each app gets a store of
 * its own: a fresh SQLite file, or a fresh PostgreSQL schema, dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes, randomUUID } from 'node:crypto'
import pg from 'pg'
import { buildApp } from '../../../log-server/src/app'
import { loadConfig, type ServerConfig } from '../../../log-server/src/config'
import { PostgresStore } from '../../../log-server/src/store/postgres'
import { SqliteStore } from '../../../log-server/src/store/sqlite'
import type { Store } from '../../../log-server/src/store/store'

export const PG_URL = process.env.CONSENT_GATE_TEST_DATABASE_URL || ''
export type StoreKind = 'sqlite' | 'postgres'
export const STORES: StoreKind[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite']

export const ADMIN = 'test-admin-token-0123456789'
export const KEY = 'k'.repeat(64)

export interface Fresh {
  store: Store
  /** For tests that tamper with rows behind the server's back. */
  sql(query: string, params?: unknown[]): Promise<unknown>
  /** Server options pointing at this store (for spawned servers). */
  env: Record<string, string>
  schema?: string
  drop(): Promise<void>
}

export async function freshStore(kind: StoreKind): Promise<Fresh> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cg-store-'))
    const file = join(dir, 'consents.db')
    const store = new SqliteStore(file)
    await store.migrate()
    const Database = (await import('better-sqlite3')).default
    return {
      store,
      env: { CONSENT_GATE_DB: file },
      async sql(query, params = []) {
        const db = new Database(file)
        try {
          return db.prepare(query).run(...(params as any[]))
        } finally {
          db.close()
        }
      },
      async drop() {
        await store.close().catch(() => undefined)
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const schema = 't_' + randomBytes(6).toString('hex')
  const store = new PostgresStore(PG_URL, { schema })
  await store.migrate()
  const client = async () => {
    const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` })
    await c.connect()
    return c
  }
  return {
    store,
    schema,
    env: { DATABASE_URL: PG_URL },
    async sql(query, params = []) {
      const c = await client()
      try {
        return await c.query(
          query.replace(
            /\?/g,
            (() => {
              let i = 0
              return () => `$${++i}`
            })(),
          ),
          params,
        )
      } finally {
        await c.end()
      }
    },
    async drop() {
      await store.close().catch(() => undefined)
      const c = new pg.Client({ connectionString: PG_URL })
      await c.connect()
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await c.end()
    },
  }
}

export interface TestApp {
  app: Awaited<ReturnType<typeof buildApp>>
  fresh: Fresh
  config: ServerConfig
  clock: { now: number }
  close(): Promise<void>
}

export async function testApp(kind: StoreKind, env: Record<string, string> = {}): Promise<TestApp> {
  const fresh = await freshStore(kind)
  const config = loadConfig({}, { CONSENT_GATE_RATE_LIMIT: '0', ...env })
  const clock = { now: Date.now() }
  const app = await buildApp({ config, store: fresh.store, key: KEY, adminToken: ADMIN, logger: false, now: () => clock.now })
  await app.ready()
  return {
    app,
    fresh,
    config,
    clock,
    async close() {
      await app.close()
      await fresh.drop()
    },
  }
}

/** A valid receipt as the SDK builds it; fields overridable. */
export function receipt(fields: Record<string, unknown> = {}) {
  return {
    schema: 'consent-gate.receipt/1',
    receiptId: randomUUID(),
    consentId: randomUUID(),
    revision: 1,
    categories: { necessary: true, functional: false, analytics: true, personalization: false, marketing: false },
    services: {},
    method: 'custom',
    timestamp: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(),
    url: 'https://shop.example/products',
    language: 'en',
    configHash: 'a1b2c3d4',
    ...fields,
  }
}

export const admin = { authorization: `Bearer ${ADMIN}` }
