import type { ServerConfig } from '../config'
import { PostgresStore } from './postgres'
import { SqliteStore } from './sqlite'
import type { Store } from './store'

/** The store the configuration names: PostgreSQL when `databaseUrl` is set, else the SQLite file. Migrated. */
export async function openStore(config: Pick<ServerConfig, 'db' | 'databaseUrl'>, options: { schema?: string } = {}): Promise<Store> {
  const store = config.databaseUrl ? new PostgresStore(config.databaseUrl, options) : new SqliteStore(config.db)
  try {
    await store.migrate()
  } catch (e) {
    await store.close().catch(() => undefined)
    throw e
  }
  return store
}
