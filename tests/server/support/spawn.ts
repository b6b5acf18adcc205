/**
 * Run the real command, `log-server/bin/consent-gate-log.mjs serve`, as a child process on a free port, against
 * a test store. Tests that kill it or stop it use this; the rest use `app.inject`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import type { Fresh } from './stores'
import { ADMIN } from './stores'

export const BIN = join(import.meta.dirname, '..', '..', '..', 'log-server', 'bin', 'consent-gate-log.mjs')

export interface Spawned {
  child: ChildProcess
  url: string
  stderr: () => string
  stdout: () => string
  exited: Promise<number | null>
}

/** The environment that points a spawned server at a test store (PostgreSQL: its own schema, via the URL). */
export function storeEnv(fresh: Fresh): Record<string, string> {
  if (!fresh.schema) return fresh.env
  const url = new URL(fresh.env.DATABASE_URL)
  url.searchParams.set('options', `-c search_path=${fresh.schema}`)
  return { DATABASE_URL: url.toString() }
}

export async function spawnServer(env: Record<string, string>, args: string[] = ['serve']): Promise<Spawned> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, PORT: '0', CONSENT_GATE_ADMIN_TOKEN: ADMIN, CONSENT_GATE_RATE_LIMIT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  let out = ''
  child.stderr!.on('data', (d) => (err += d))
  child.stdout!.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 15_000)
    const check = () => {
      const m = /consent log on (http:\/\/\S+)/.exec(err)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    child.stderr!.on('data', check)
    exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`server exited: ${err}`))
    })
  })
  return { child, url, stderr: () => err, stdout: () => out, exited }
}
