#!/usr/bin/env node
/**
 * `npm run bench:server`: autocannon against `POST /api/consents` of the real server (a child
 * process, so the load generator and the server each get a core), on SQLite and, when a database
 * is given, on PostgreSQL. Prints receipts/s, p50/p99 latency, errors and the server's memory.
 * A benchmark, not a test: it prints figures and judges them against the target
 * (≥ 5,000 receipts/s on SQLite, p99 < 50 ms, zero errors) without failing the build.
 *
 *   npm run bench:server
 *   BENCH_DATABASE_URL=postgres://user:pass@127.0.0.1/db npm run bench:server
 *   BENCH_SECONDS=20 BENCH_CONNECTIONS=64 npm run bench:server
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import autocannon from 'autocannon'

const ROOT = new URL('..', import.meta.url).pathname
const SECONDS = Number(process.env.BENCH_SECONDS || 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 32)
const PG = process.env.BENCH_DATABASE_URL || process.env.CONSENT_GATE_TEST_DATABASE_URL || ''

const rss = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024
  } catch {
    return NaN
  }
}

function receipt() {
  return JSON.stringify({
    schema: 'consent-gate.receipt/1',
    receiptId: randomUUID(),
    consentId: randomUUID(),
    revision: 3,
    categories: { necessary: true, functional: true, analytics: Math.random() < 0.6, personalization: false, marketing: Math.random() < 0.4 },
    services: { youtube: true },
    method: 'custom',
    timestamp: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(),
    url: 'https://shop.example/products/espresso',
    language: 'en',
    configHash: '1a2b3c4d',
  })
}

async function startServer(env) {
  const child = spawn(process.execPath, [join(ROOT, 'log-server/bin/consent-gate-log.mjs'), 'serve'], {
    // The per-address limit would stop a load test from one address at 120/min: raise it.
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'warn',
      CONSENT_GATE_RATE_LIMIT: '10000000',
      CONSENT_GATE_ADMIN_TOKEN: 'bench-admin-token-0000000000',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'pipe'],
  })
  let err = ''
  const url = await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d
      const m = /consent log on (http:\/\/\S+)/.exec(err)
      if (m) resolve(m[1])
    })
    child.on('exit', () => reject(new Error(`server exited: ${err}`)))
  })
  return { child, url }
}

async function run(name, env) {
  const { child, url } = await startServer(env)
  try {
    // Warm up (JIT, connections, the first pages of the database).
    await autocannon({
      url: url + '/api/consents',
      connections: 8,
      duration: 2,
      requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (r) => ({ ...r, body: receipt() }) }],
    })
    const before = rss(child.pid)
    const r = await autocannon({
      url: url + '/api/consents',
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: receipt() }) }],
    })
    const after = rss(child.pid)
    const ok = r['2xx']
    const perSecond = ok / SECONDS
    const errors = r.errors + r.timeouts + r.non2xx
    console.log(
      `${name.padEnd(10)} ${Math.round(perSecond).toString().padStart(6)} receipts/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms   ` +
        `errors ${errors} (${r.errors} socket, ${r.timeouts} timeouts, ${r.non2xx} non-2xx)   server RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB`,
    )
    return { name, perSecond, p99: r.latency.p99, errors }
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.on('exit', resolve))
  }
}

console.log(`POST /api/consents, ${CONNECTIONS} connections, ${SECONDS} s per store, one unique receipt per request`)
const results = []
const dir = mkdtempSync(join(tmpdir(), 'cg-bench-'))
try {
  results.push(await run('SQLite', { CONSENT_GATE_DB: join(dir, 'bench.db') }))
} finally {
  rmSync(dir, { recursive: true, force: true })
}
if (PG) {
  // A fresh schema of its own, so the benchmark never touches real data.
  const schema = 'bench_' + Date.now()
  const u = new URL(PG)
  u.searchParams.set('options', `-c search_path=${schema}`)
  const pg = (await import('pg')).default
  const admin = new pg.Client({ connectionString: PG })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  try {
    results.push(await run('PostgreSQL', { DATABASE_URL: u.toString() }))
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`)
    await admin.end()
  }
} else {
  console.log('PostgreSQL  not run: set BENCH_DATABASE_URL=postgres://… to include it')
}
const sqlite = results[0]
const met = sqlite.perSecond >= 5000 && sqlite.p99 < 50 && sqlite.errors === 0
console.log(`target (SQLite ≥ 5000 receipts/s, p99 < 50 ms, 0 errors): ${met ? 'met' : 'NOT met'}`)
