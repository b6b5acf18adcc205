import type { ServerConfig } from '../config'
import { PostgresStore } from './postgres'
import { SqliteStore } from './sqlite'
import type { MaintenanceErrorHandler, Store } from './store'

/**
 * The store the configuration names: PostgreSQL when `databaseUrl` is set, else the SQLite file. Migrated.
 * `onMaintenanceError` hears when erased data could not be scrubbed from the files yet (default: a process warning).
 */
export async function openStore(
  config: Pick<ServerConfig, 'db' | 'databaseUrl'>,
  options: { schema?: string; onMaintenanceError?: MaintenanceErrorHandler } = {},
): Promise<Store> {
  const store = config.databaseUrl ? new PostgresStore(config.databaseUrl, options) : new SqliteStore(config.db, options.onMaintenanceError)
  try {
    await store.migrate()
  } catch (e) {
    await store.close().catch(() => undefined)
    throw e
  }
  return store
}
