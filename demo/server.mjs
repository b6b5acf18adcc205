#!/usr/bin/env node
/**
 * The ConsentGate demo site: a dependency-free Node `http` server.
 *
 * - `GET /…`                        the pages in `demo/public/` (`/` is `index.html`);
 * - `GET /consent-gate.js`, `/consent-gate-receipts.js`, `/consent-gate-ui.js` (+ `.map`): the built SDK;
 * - `POST /api/consents`            a stand-in consent log (the real one is a later issue): JSON or
 *                                   text/plain bodies up to 16 kB, kept in memory, deduplicated by
 *                                   `receiptId` (201 new, 200 already known);
 * - `GET /api/consents/:consentId`  that consent ID's receipts (404 when unknown);
 * - `DELETE /api/consents/:consentId` forget them (204);
 * - `POST /collect`                 beacons of the stand-in trackers in `demo/public/vendor/`;
 * - `GET /api/debug`                `{ receipts, collected }` for the page's live panel.
 *
 * Everything lives in memory and is gone on restart. Logs one line per receipt and per beacon,
 * never an IP address.
 *
 *   npm start                      # build, then serve on http://127.0.0.1:3000/
 *   PORT=8080 HOST=0.0.0.0 node demo/server.mjs
 */
import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const HERE = fileURLToPath(new URL('.', import.meta.url))
const PUBLIC = resolve(HERE, 'public')
const DIST = resolve(HERE, '..', 'dist')

/** The built files a site serves; nothing else in `dist/` is exposed. */
const SDK_FILES = new Set(['consent-gate.js', 'consent-gate-receipts.js', 'consent-gate-ui.js', 'consent-gate-button.js'].flatMap((f) => [f, f + '.map']))

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

/** Largest receipt body accepted, in bytes. */
export const MAX_RECEIPT_BYTES = 16 * 1024
/** Largest tracker beacon accepted, in bytes. */
const MAX_BEACON_BYTES = 2 * 1024
/** Past this a body is not even read to the end: the connection is dropped. */
const HARD_LIMIT = 1024 * 1024
/** Memory caps: the oldest entries go first. */
const MAX_RECEIPTS = 2000
const MAX_COLLECTED = 2000

const ID = /^[\w.:-]{1,128}$/
const BODY_TYPES = new Set(['application/json', 'text/plain'])

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v)
const mediaType = (req) => String(req.headers['content-type'] || '').split(';')[0].trim().toLowerCase()
const short = (id) => (id.length > 8 ? id.slice(0, 8) + '…' : id)

/**
 * Read a request body up to `limit` bytes. Over the limit the rest is read and thrown away (so the
 * client gets its 413 rather than a reset connection), up to HARD_LIMIT, past which the request is
 * destroyed.
 */
function readBody(req, limit) {
  return new Promise((done, fail) => {
    const chunks = []
    let size = 0
    req.on('data', (chunk) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
      else if (size > HARD_LIMIT) req.destroy()
    })
    req.on('end', () => done(size > limit ? { tooLarge: true } : { text: Buffer.concat(chunks).toString('utf8') }))
    req.on('error', fail)
    req.on('close', () => {
      if (!req.complete) fail(new Error('request aborted'))
    })
  })
}

/**
 * Start the demo server. `port: 0` picks a free port (tests). Resolves once it listens.
 *
 * @param {{ port?: number, host?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function startDemoServer({ port = 3000, host = '127.0.0.1', log = (line) => console.log(line) } = {}) {
  /** receiptId → receipt as received, plus `receivedAt`. Insertion order is arrival order. */
  const receipts = new Map()
  /** `{ tracker, event, at }` for each beacon, oldest first. */
  const collected = []

  const send = (res, status, body, headers = {}) => {
    const json = body !== undefined && typeof body !== 'string'
    res.writeHead(status, {
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...(body === undefined ? {} : { 'Content-Type': json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8' }),
      ...headers,
    })
    res.end(body === undefined ? undefined : json ? JSON.stringify(body) : body)
  }
  const notAllowed = (res, allow) => send(res, 405, { error: 'method not allowed' }, { Allow: allow })

  /** A JSON or text/plain body: `{ status, error }` when refused, else `{ value }`. */
  async function jsonBody(req, limit) {
    if (!BODY_TYPES.has(mediaType(req))) {
      // Not read: say so and close, rather than keep a connection with an unread body.
      req.resume()
      return { status: 415, error: 'Content-Type must be application/json or text/plain', close: true }
    }
    if (Number(req.headers['content-length']) > HARD_LIMIT) return { status: 413, error: `body over ${limit} bytes`, close: true }
    const body = await readBody(req, limit)
    if (body.tooLarge) return { status: 413, error: `body over ${limit} bytes` }
    try {
      return { value: JSON.parse(body.text) }
    } catch {
      return { status: 400, error: 'body is not valid JSON' }
    }
  }

  async function postReceipt(req, res) {
    const body = await jsonBody(req, MAX_RECEIPT_BYTES)
    let error = body.error
    let status = body.status
    const r = body.value
    if (!error && !(isObject(r) && typeof r.receiptId === 'string' && ID.test(r.receiptId) && typeof r.consentId === 'string' && ID.test(r.consentId))) {
      status = 400
      error = 'receiptId and consentId are required: IDs of 1-128 letters, digits and _ - . :'
    }
    if (error) {
      log(`receipt  refused ${status}  ${error}`)
      return send(res, status, { error }, body.close ? { Connection: 'close' } : {})
    }
    if (receipts.has(r.receiptId)) {
      log(`receipt  known   ${short(r.receiptId)}  consent ${short(r.consentId)}`)
      return send(res, 200, { ok: true, receiptId: r.receiptId, duplicate: true })
    }
    receipts.set(r.receiptId, { ...r, receivedAt: new Date().toISOString() })
    if (receipts.size > MAX_RECEIPTS) receipts.delete(receipts.keys().next().value)
    const granted = isObject(r.categories) ? Object.keys(r.categories).filter((k) => r.categories[k] === true) : []
    log(`receipt  new     ${short(r.receiptId)}  consent ${short(r.consentId)}  ${String(r.method ?? '?').slice(0, 32)}  granted: ${granted.join(', ') || 'none'}`)
    return send(res, 201, { ok: true, receiptId: r.receiptId, duplicate: false })
  }

  async function postBeacon(req, res) {
    const body = await jsonBody(req, MAX_BEACON_BYTES)
    const b = body.value
    if (body.error || !isObject(b) || typeof b.tracker !== 'string' || !ID.test(b.tracker)) {
      return send(res, body.status || 400, { error: body.error || 'expected { tracker, event }' }, body.close ? { Connection: 'close' } : {})
    }
    const entry = { tracker: b.tracker, event: typeof b.event === 'string' ? b.event.slice(0, 64) : 'event', at: new Date().toISOString() }
    collected.push(entry)
    if (collected.length > MAX_COLLECTED) collected.shift()
    log(`beacon   ${entry.tracker}  ${entry.event}`)
    return send(res, 204)
  }

  async function serveFile(req, res, file) {
    let info
    try {
      info = await stat(file)
    } catch {
      info = null
    }
    if (!info || !info.isFile()) return send(res, 404, 'Not found\n')
    const data = await readFile(file)
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
      'Content-Length': data.length,
      // Always fresh: the SDK is rebuilt while the demo runs.
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    })
    res.end(req.method === 'HEAD' ? undefined : data)
  }

  async function route(req, res) {
    const url = new URL(req.url || '/', 'http://demo.invalid')
    let path
    try {
      path = decodeURIComponent(url.pathname)
    } catch {
      return send(res, 400, 'Bad request\n')
    }
    const method = req.method || 'GET'

    if (path === '/api/consents') return method === 'POST' ? postReceipt(req, res) : notAllowed(res, 'POST')
    const m = /^\/api\/consents\/([^/]+)$/.exec(path)
    if (m) {
      const consentId = m[1]
      if (method === 'GET' || method === 'HEAD') {
        const list = [...receipts.values()].filter((r) => r.consentId === consentId)
        return list.length ? send(res, 200, { consentId, receipts: list }) : send(res, 404, { error: 'unknown consent ID' })
      }
      if (method === 'DELETE') {
        for (const [id, r] of receipts) if (r.consentId === consentId) receipts.delete(id)
        return send(res, 204)
      }
      return notAllowed(res, 'GET, HEAD, DELETE')
    }
    if (path === '/collect') return method === 'POST' ? postBeacon(req, res) : notAllowed(res, 'POST')
    if (path === '/api/debug') return method === 'GET' ? send(res, 200, { receipts: [...receipts.values()], collected }) : notAllowed(res, 'GET')
    if (path.startsWith('/api/')) return send(res, 404, { error: 'not found' })

    if (method !== 'GET' && method !== 'HEAD') return notAllowed(res, 'GET, HEAD')
    const name = path.slice(1)
    if (SDK_FILES.has(name)) {
      const file = join(DIST, name)
      try {
        await stat(file)
      } catch {
        return send(res, 404, `dist/${name} is missing: run \`npm run build\` first.\n`)
      }
      return serveFile(req, res, file)
    }
    // Static pages: no dotfiles, nothing outside demo/public.
    const file = resolve(PUBLIC, '.' + (path.endsWith('/') ? path + 'index.html' : path))
    if (!file.startsWith(PUBLIC + sep) || /[\\/]\./.test(path) || path.includes('\0')) return send(res, 404, 'Not found\n')
    return serveFile(req, res, file)
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e) => {
      if (res.headersSent || req.destroyed) return res.destroy()
      // An aborted upload has nobody to answer; anything else is a bug worth a line.
      if (req.complete) log(`error    ${req.method} ${req.url}: ${e && e.message}`)
      send(res, 500, { error: 'internal error' })
    })
  })
  server.requestTimeout = 15000
  server.headersTimeout = 10000

  await new Promise((done, fail) => {
    server.once('error', fail)
    server.listen(port, host, () => {
      server.off('error', fail)
      done()
    })
  })
  const address = server.address()
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
  const url = `http://${shown}:${address.port}/`

  let closing = null
  const close = () =>
    (closing =
      closing ||
      new Promise((done) => {
        server.close(() => done())
        server.closeIdleConnections()
        // Requests still running get a moment, then their sockets are cut.
        setTimeout(() => server.closeAllConnections(), 2000).unref()
      }))

  return { url, close }
}

async function main() {
  const port = process.env.PORT === undefined || process.env.PORT === '' ? 3000 : Number(process.env.PORT)
  const host = process.env.HOST || '127.0.0.1'
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a whole number from 0 to 65535, got ${JSON.stringify(process.env.PORT)}`)
    process.exit(1)
  }
  try {
    await stat(join(DIST, 'consent-gate.js'))
  } catch {
    console.warn('dist/consent-gate.js is missing: run `npm run build` (or use `npm start`, which builds first).')
  }
  let demo
  try {
    demo = await startDemoServer({ port, host })
  } catch (e) {
    const hint = e && e.code === 'EADDRINUSE' ? ` (port ${port} is in use: set PORT to another one)` : ''
    console.error(`Could not start the demo server on ${host}:${port}${hint}: ${e && e.message}`)
    process.exit(1)
  }
  console.log(`ConsentGate demo: ${demo.url}`)
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
