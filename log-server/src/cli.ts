/**
 * `consent-gate-log`: the command line of the consent-log server.
 *
 *   consent-gate-log serve [--port 3000] [--db ./data/consent-gate.db] [--database-url postgres://…] …
 *   consent-gate-log verify   walk the hash chains, print the report, exit 1 when a link is broken
 *   consent-gate-log purge    run the retention purge once (for cron), print how many records went
 *   consent-gate-log seed     fill an empty store with four weeks of sample decisions (to try the dashboard)
 *
 * Its messages start with `consent-gate:`, the product's name, as they did before the command was renamed.
 *
 * Exit codes: 0 done, 1 failed, 2 bad usage or configuration (one line on stderr, no stack trace).
 */
import { ConfigError, helpText, loadConfig, parseFlags, type ServerConfig } from './config'
import { startServer } from './start'
import { openStore } from './store/open'
import { verifyChains } from './verify'
import { chainKey, seal } from './chain'
import { purgeExpired } from './store/store'
import { seedSampleDecisions } from './seed'

declare const __VERSION__: string

export interface CliIO {
  env?: Record<string, string | undefined>
  out?: (line: string) => void
  err?: (line: string) => void
}

export async function main(argv: string[], io: CliIO = {}): Promise<number> {
  const out = io.out || ((l) => process.stdout.write(l + '\n'))
  const err = io.err || ((l) => process.stderr.write(l + '\n'))
  const [command, ...rest] = argv
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(helpText())
    return command ? 0 : 2
  }
  if (command === '--version' || command === '-v') {
    out(typeof __VERSION__ === 'string' ? __VERSION__ : 'dev')
    return 0
  }
  let config: ServerConfig
  try {
    if (!['serve', 'verify', 'purge', 'seed'].includes(command)) throw new ConfigError(`unknown command "${command}"; try consent-gate-log --help`)
    config = loadConfig(parseFlags(rest), io.env || process.env)
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`consent-gate: ${e.message}`)
      return 2
    }
    throw e
  }

  if (command === 'verify' || command === 'purge' || command === 'seed') {
    try {
      const store = await openStore(config)
      try {
        if (command === 'purge') {
          const n = await purgeExpired(store, config.retentionDays, Date.now())
          out(`purged ${n} record(s) older than ${config.retentionDays} days`)
          return 0
        }
        if (command === 'seed') {
          const r = await seedSampleDecisions({ store, config })
          // Not seeding a store that holds data is the promise, not a failure.
          out(
            r.seeded
              ? `seeded ${r.receipts} sample decisions and ${r.impressions} banner impressions`
              : `not seeded: the store ${r.reason === 'not_empty' ? 'already holds receipts or impressions' : 'was seeded once before'}`,
          )
          return 0
        }
        const key = await chainKey(config, store)
        const report = await verifyChains(store, (prev, r) => seal(key, prev, r))
        out(JSON.stringify(report, null, 2))
        return report.ok ? 0 : 1
      } finally {
        await store.close()
      }
    } catch (e) {
      err(`consent-gate: ${(e as Error).message}`)
      return 1
    }
  }

  let server: Awaited<ReturnType<typeof startServer>>
  try {
    server = await startServer(config)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    err(`consent-gate: could not start: ${code === 'EADDRINUSE' ? `port ${config.port} is in use` : (e as Error).message}`)
    return 1
  }
  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite ${config.db}`
  if (server.generatedToken) err(`consent-gate: admin token (generated; set CONSENT_GATE_ADMIN_TOKEN to keep one): ${server.adminToken}`)
  // Last line of the start: scripts and tests wait for it.
  err(`consent-gate: consent log on ${server.url} (${where})`)
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      err(`consent-gate: ${signal}: finishing requests in flight, then stopping`)
      server!.close().then(resolve, (e) => {
        err(`consent-gate: error while stopping: ${e.message}`)
        resolve()
      })
    }
    process.once('SIGTERM', () => stop('SIGTERM'))
    process.once('SIGINT', () => stop('SIGINT'))
  })
  return 0
}
