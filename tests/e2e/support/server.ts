import { createServer, type IncomingMessage, type Server } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize } from 'node:path'
import type { AddressInfo } from 'node:net'

const ROOT = join(import.meta.dirname, '..', '..', '..')
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.map': 'application/json',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
}

export interface ReceivedRequest {
  method: string
  path: string
  contentType: string
  body: string
  json: any
  at: number
}

/**
 * A local site for the browser tests, on 127.0.0.1 and a free port:
 * - `/dist/…`: the built files, as a site would serve them;
 * - pages registered with `page(path, html)`, and pages streamed in parts with `stream(path, parts)`;
 * - `/js/log.js?name=X&delay=MS&cookie=NAME`: an external script that, after an optional server-side
 *   delay, pushes X onto `window.__log` (and sets cookie NAME=1 when asked); `/js/missing.js` is a 404;
 * - `POST /api/consents`: records each request; answers with `status()` (201 unless told otherwise);
 *   `GET` and `DELETE /api/consents/:consentId` answer from what was recorded (404 when unknown).
 */
/** A part of a streamed page: text to write, or something to wait for before the next part. */
export type Part = string | (() => Promise<unknown>)

export async function startSite() {
  const pages = new Map<string, { html: string; headers: Record<string, string> }>()
  const streams = new Map<string, Part[]>()
  const received: ReceivedRequest[] = []
  /** Path and query of every request the site answered, in arrival order. */
  const requested: string[] = []
  let status = 201

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let data = ''
      req.on('data', (c) => (data += c))
      req.on('end', () => resolve(data))
    })

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url || '/', 'http://127.0.0.1')
    const path = url.pathname
    requested.push(path + url.search)
    try {
      // A stand-in for the consent-log server's rights endpoints (issue #4): history and erasure.
      if (path.startsWith('/api/consents/')) {
        const id = decodeURIComponent(path.slice('/api/consents/'.length))
        const mine = received.filter((r) => r.json && r.json.consentId === id)
        if (req.method === 'DELETE') {
          for (const r of mine) received.splice(received.indexOf(r), 1)
          res.writeHead(mine.length ? 204 : 404).end()
        } else if (mine.length)
          res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ consentId: id, receipts: mine.map((r) => r.json) }))
        else res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"unknown consent id"}')
        return
      }
      if (path === '/api/consents') {
        if (req.method === 'OPTIONS') {
          res.writeHead(204).end()
          return
        }
        const body = await readBody(req)
        let json: any = null
        try {
          json = JSON.parse(body)
        } catch {
          /* recorded as text */
        }
        received.push({ method: req.method || '', path, contentType: String(req.headers['content-type'] || ''), body, json, at: Date.now() })
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: status < 300 }))
        return
      }
      if (path === '/js/log.js') {
        const name = url.searchParams.get('name') || 'log'
        const delay = Number(url.searchParams.get('delay') || 0)
        const cookie = url.searchParams.get('cookie')
        if (delay) await new Promise((r) => setTimeout(r, delay))
        const js =
          `(window.__log = window.__log || []).push(${JSON.stringify(name)});` + (cookie ? `document.cookie = ${JSON.stringify(cookie + '=1; path=/')};` : '')
        res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' }).end(js)
        return
      }
      if (streams.has(path)) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
        for (const part of streams.get(path)!) {
          if (typeof part === 'string') res.write(part)
          else await part()
        }
        res.end()
        return
      }
      if (pages.has(path)) {
        const { html, headers } = pages.get(path)!
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers }).end(html)
        return
      }
      if (path.startsWith('/dist/')) {
        const file = normalize(join(ROOT, path))
        if (!file.startsWith(join(ROOT, 'dist'))) throw new Error('outside dist')
        const data = await readFile(file)
        res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' }).end(data)
        return
      }
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    origin,
    /** Serve `html` at `path` (e.g. '/blocks.html'), with extra response `headers` if given. Returns the full URL. */
    page(path: string, html: string, headers: Record<string, string> = {}) {
      pages.set(path, { html, headers })
      return origin + path
    },
    /**
     * Serve a page in parts, so that the browser's parser inserts it in several batches: each
     * string is written as it comes, each function is awaited first (a pause, or a promise the
     * test resolves). Returns the full URL.
     */
    stream(path: string, parts: Part[]) {
      streams.set(path, parts)
      return origin + path
    },
    /** Requests received at POST /api/consents so far. */
    received,
    /** Path and query of every request the site answered so far (pages, scripts, dist files, API). */
    requested,
    /** Set the status code the receipt endpoint answers with. */
    respondWith(code: number) {
      status = code
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The SDK's script tag, as a site writes it. `attrs` are extra attributes (`data-endpoint="…"`). */
export const sdkTag = (attrs = '') => `<script src="/dist/consent-gate.js" ${attrs}></script>`
