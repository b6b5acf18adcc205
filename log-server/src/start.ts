/**
 * Start a consent-log server from a configuration: open and migrate the store, settle the HMAC key
 * and the admin token, listen, schedule the retention purge, and stop cleanly.
 */
import { chainKey } from './chain'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { buildApp, newToken } from './app'
import type { ServerConfig } from './config'
import { openStore } from './store/open'
import type { Store } from './store/store'

/** How often the retention purge runs (and once at start). */
const PURGE_EVERY_MS = 60 * 60 * 1000

export interface RunningServer {
  app: FastifyInstance
  store: Store
  url: string
  adminToken: string
  /** True when the token was generated because none was configured. */
  generatedToken: boolean
  /** Stop accepting, let in-flight requests finish, close the store. */
  close(): Promise<void>
}

export interface StartOptions {
  logger?: FastifyServerOptions['logger']
  /** Add routes before listening (the demo site mounts itself this way). */
  extend?: (app: FastifyInstance) => void | Promise<void>
  /** PostgreSQL schema (tests). */
  schema?: string
  now?: () => number
}

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const store = await openStore(config, { schema: options.schema })
  let app: FastifyInstance | undefined
  try {
    const key = await chainKey(config, store)
    const adminToken = config.adminToken || newToken()
    app = await buildApp({ config, store, key, adminToken, logger: options.logger, now: options.now })
    if (options.extend) await options.extend(app)
    await app.listen({ port: config.port, host: config.host })
    const address = app.server.address()
    const port = typeof address === 'object' && address ? address.port : config.port
    const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host

    const purge = () =>
      app!.consentGate.purgeExpired().then(
        (n) => n && app!.log.info({ purged: n }, 'retention purge'),
        (e) => app!.log.error({ err: { message: e.message } }, 'retention purge failed'),
      )
    void purge()
    const timer = setInterval(purge, PURGE_EVERY_MS)
    timer.unref()

    let closing: Promise<void> | null = null
    const running: RunningServer = {
      app,
      store,
      url: `http://${shown}:${port}`,
      adminToken,
      generatedToken: !config.adminToken,
      close: () =>
        (closing ||= (async () => {
          clearInterval(timer)
          await app!.close()
          await store.close()
        })()),
    }
    return running
  } catch (e) {
    await app?.close().catch(() => undefined)
    await store.close().catch(() => undefined)
    throw e
  }
}
