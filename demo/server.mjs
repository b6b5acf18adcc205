#!/usr/bin/env node
/**
 * The ConsentGate demo: the "Acme Coffee Roasters" site, mounted on the real consent-log server
 * (`@consent-gate/log-server` in `log-server/`, built to log-server/dist/index.mjs), so the site and its endpoint share one origin as a
 * real deployment would (the server's re-issued consent cookie is then first-party).
 *
 * - `GET /…`                 the pages in `demo/public/` (`/` is `index.html`);
 * - `GET /consent-gate*.js`  the built SDK, both cores and every lazy chunk of src/chunks.ts (+ `.map`);
 * - `/api/consents…`, `/api/stats`, `/api/export`, `/api/verify`, `/healthz`: the consent-log server;
 * - `POST /collect`          beacons of the stand-in trackers in `demo/public/vendor/`;
 * - `GET /api/debug`         `{ receipts, collected }`: what this run received, for the page's live panel.
 *
 * - `GET /dashboard`          the consent dashboard, signed in with the admin token printed at start.
 *
 * Receipts are kept in SQLite (`CONSENT_GATE_DB`, default ./data/consent-gate.db; `DATABASE_URL`
 * for PostgreSQL). `npm start` seeds an empty log with four weeks of sample decisions, so the
 * dashboard's charts show something on the first visit (`DEMO_SEED=0`: none). The panel's lists
 * live in memory. Logs one line per receipt and per beacon, never an IP address.
 *
 *   npm start                      # build, then serve on http://127.0.0.1:3000/
 *   PORT=8080 HOST=0.0.0.0 node demo/server.mjs
 *   DEMO_SEED=0 npm start          # an empty consent log
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { CHUNKS, chunkFile } from '../scripts/chunks.mjs'

const HERE = fileURLToPath(new URL('.', import.meta.url))
const PUBLIC = resolve(HERE, 'public')
const DIST = resolve(HERE, '..', 'dist')
const SERVER_BUNDLE = resolve(HERE, '..', 'log-server', 'dist', 'index.mjs')

/**
 * The built files a site serves; nothing else in `dist/` is exposed: both cores and every lazy chunk
 * of the map (src/chunks.ts, the one list: a chunk added there is served here), with their maps.
 */
const SDK_FILES = new Set(['consent-gate.js', 'consent-gate.auto.js', ...Object.keys(CHUNKS).map(chunkFile)].flatMap((f) => [f, f + '.map']))

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
}

/** Largest receipt body the consent log accepts, in bytes. */
export const MAX_RECEIPT_BYTES = 16 * 1024
/** Largest tracker beacon accepted, in bytes. */
const MAX_BEACON_BYTES = 2 * 1024
/** Memory caps of the live panel: the oldest entries go first. */
const MAX_LISTED = 500

const ID = /^[\w.:-]{1,128}$/
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v)
const short = (id) => (id.length > 8 ? id.slice(0, 8) + '…' : id)

/**
 * Start the demo: the consent-log server with the site mounted on it. `port: 0` picks a free port
 * (tests); `db: ':memory:'` keeps nothing on disk. Resolves once it listens.
 *
 * `seed: true` adds four weeks of sample decisions to an empty consent log (never to one that
 * holds anything, never twice); tests leave it off, so they count only their own receipts.
 *
 * @param {{ port?: number, host?: string, db?: string, databaseUrl?: string, seed?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<{ url: string, adminToken: string, generatedToken: boolean, seeded: number, close: () => Promise<void> }>}
 */
export async function startDemoServer({ port = 3000, host = '127.0.0.1', db, databaseUrl, seed = false, log = (line) => console.log(line) } = {}) {
  if (!existsSync(SERVER_BUNDLE)) throw new Error('log-server/dist/index.mjs is missing: run `npm run build` first.')
  const { startServer, loadConfig, seedSampleDecisions } = await import(pathToFileURL(SERVER_BUNDLE).href)
  /** What this run received, newest last, for the page's live panel. */
  const receipts = []
  const collected = []
  const remember = (list, entry) => {
    list.push(entry)
    if (list.length > MAX_LISTED) list.shift()
  }

  // The server's own settings come from the environment (CONSENT_GATE_*, DATABASE_URL); the
  // options given here win over them.
  const config = loadConfig({}, process.env)
  config.port = port
  config.host = host
  if (db) config.db = db
  if (databaseUrl) config.databaseUrl = databaseUrl
  if (!process.env.LOG_LEVEL) config.logLevel = 'warn'

  const server = await startServer(config, {
    extend(app) {
      // The live panel mirrors what the consent log accepted.
      app.addHook('onResponse', async (req, reply) => {
        if (req.method !== 'POST' || req.routeOptions.url !== '/api/consents') return
        const r = req.body
        if (reply.statusCode === 201 && isObject(r)) {
          remember(receipts, { ...r, receivedAt: new Date().toISOString() })
          const granted = isObject(r.categories) ? Object.keys(r.categories).filter((k) => r.categories[k] === true) : []
          const via = String(req.headers['content-type'] || '').split(';')[0]
          log(`receipt  new     ${short(r.receiptId)}  consent ${short(r.consentId)}  ${r.method}  granted: ${granted.join(', ') || 'none'}  (${via})`)
        } else if (reply.statusCode === 200) log(`receipt  known   ${short(String(r && r.receiptId))}`)
        else log(`receipt  refused ${reply.statusCode}`)
      })

      app.post('/collect', { bodyLimit: MAX_BEACON_BYTES }, async (req, reply) => {
        const b = req.body
        if (!isObject(b) || typeof b.tracker !== 'string' || !ID.test(b.tracker)) return reply.code(400).send({ error: 'expected { tracker, event }' })
        const entry = { tracker: b.tracker, event: typeof b.event === 'string' ? b.event.slice(0, 64) : 'event', at: new Date().toISOString() }
        remember(collected, entry)
        log(`beacon   ${entry.tracker}  ${entry.event}`)
        return reply.code(204).send()
      })
      app.get('/api/debug', async () => ({ receipts, collected }))

      const sendFile = async (reply, file) => {
        let data
        try {
          data = await readFile(file)
        } catch {
          return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n')
        }
        return (
          reply
            .type(TYPES[extname(file)] || 'application/octet-stream')
            // Always fresh: the SDK is rebuilt while the demo runs.
            .header('Cache-Control', 'no-store')
            .header('Referrer-Policy', 'same-origin')
            .send(data)
        )
      }
      app.get('/*', async (req, reply) => {
        let path
        try {
          path = decodeURIComponent(new URL(req.url, 'http://demo.invalid').pathname)
        } catch {
          return reply.code(400).type('text/plain; charset=utf-8').send('Bad request\n')
        }
        const name = path.slice(1)
        if (SDK_FILES.has(name)) {
          if (!existsSync(join(DIST, name)))
            return reply.code(404).type('text/plain; charset=utf-8').send(`dist/${name} is missing: run \`npm run build\` first.\n`)
          return sendFile(reply, join(DIST, name))
        }
        if (path.startsWith('/api/')) return reply.code(404).send({ error: 'not_found' })
        // Static pages: no dotfiles, nothing outside demo/public.
        const file = resolve(PUBLIC, '.' + (path.endsWith('/') ? path + 'index.html' : path))
        if (!file.startsWith(PUBLIC + sep) || /[\\/]\./.test(path) || path.includes('\0'))
          return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n')
        return sendFile(reply, file)
      })
    },
  })
  // Sample decisions through the receipts' own path (sealed in their chains: /api/verify stays OK).
  let seeded = 0
  if (seed) {
    try {
      const result = await seedSampleDecisions({ store: server.store, config })
      if (result.seeded) seeded = result.receipts
    } catch (e) {
      await server.close()
      throw e
    }
  }
  return { url: server.url + '/', adminToken: server.adminToken, generatedToken: server.generatedToken, seeded, close: () => server.close() }
}

async function main() {
  const port = process.env.PORT === undefined || process.env.PORT === '' ? 3000 : Number(process.env.PORT)
  const host = process.env.HOST || '127.0.0.1'
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a whole number from 0 to 65535, got ${JSON.stringify(process.env.PORT)}`)
    process.exit(1)
  }
  if (!existsSync(join(DIST, 'consent-gate.js'))) console.warn('dist/consent-gate.js is missing: run `npm run build` (or use `npm start`, which builds first).')
  let demo
  try {
    demo = await startDemoServer({ port, host, seed: process.env.DEMO_SEED !== '0' })
  } catch (e) {
    const hint = e && e.code === 'EADDRINUSE' ? ` (port ${port} is in use: set PORT to another one)` : ''
    console.error(`Could not start the demo on ${host}:${port}${hint}: ${e && e.message}`)
    process.exit(1)
  }
  const where = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `SQLite ${process.env.CONSENT_GATE_DB || './data/consent-gate.db'}`
  console.log(`ConsentGate demo:        ${demo.url}`)
  console.log(`Consent log:             ${demo.url}api/consents  (${where})`)
  if (demo.seeded) console.log(`  seeded with ${demo.seeded} sample decisions of the last four weeks (DEMO_SEED=0 for none)`)
  console.log(`Admin API token:         ${demo.adminToken}${demo.generatedToken ? '  (generated; set CONSENT_GATE_ADMIN_TOKEN to keep one)' : ''}`)
  console.log(`  e.g. curl -H "Authorization: Bearer ${demo.adminToken}" ${demo.url}api/stats`)
  // Last line of the start (tests wait for it): where to look at the figures, and the key.
  console.log(`Dashboard: ${demo.url}dashboard (admin token: ${demo.adminToken})`)
  let stopping = false
  const stop = (signal) => {
    if (stopping) process.exit(1) // a second Ctrl-C does not wait
    stopping = true
    console.log(`${signal}: closing the demo server`)
    demo.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main()
