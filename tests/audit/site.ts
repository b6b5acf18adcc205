import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'

export const ROOT = join(import.meta.dirname, '..', '..')
export const BIN = join(ROOT, 'audit', 'bin', 'consent-gate-audit.mjs')

/**
 * Trackers' real host names, each served by the test's own site through the audit's documented
 * `--resolve HOST=ORIGIN`: the page asks for https://connect.facebook.net/…, nothing leaves the
 * machine, and the audit still classifies the request (and the cookies its script sets) under the
 * real host with the real tables. The paths below do not collide, so one origin serves them all.
 */
export const TRACKER_HOSTS = ['www.googletagmanager.com', 'www.google-analytics.com', 'connect.facebook.net', 'www.facebook.com']

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8', '.map': 'application/json' }

/**
 * A stand-in for gtag.js that behaves as the audit needs the real one to: it replaces
 * `dataLayer.push` as gtag.js does, sets `_ga` unless the Consent Mode state it read denies
 * analytics_storage, and sends a hit to google-analytics.com.
 */
const GTAG = `(function () {
  var dl = (window.dataLayer = window.dataLayer || []);
  var denied = false;
  function look(a) { if (a && a[0] === 'consent' && a[2] && a[2].analytics_storage) denied = a[2].analytics_storage === 'denied'; }
  for (var i = 0; i < dl.length; i++) look(dl[i]);
  var push = dl.push;
  dl.push = function () { for (var j = 0; j < arguments.length; j++) look(arguments[j]); return push.apply(dl, arguments); };
  if (!denied) document.cookie = '_ga=GA1.1.' + Date.now() + '; path=/; max-age=63072000';
  new Image().src = 'https://www.google-analytics.com/g/collect?v=2&tid=G-TEST&gcs=' + (denied ? 'G100' : 'G111');
})();`

/** A stand-in for Meta's pixel: the `_fbp` cookie and a hit to facebook.com/tr. */
const FBEVENTS = `document.cookie = '_fbp=fb.1.' + Date.now() + '.1; path=/; max-age=7776000';
new Image().src = 'https://www.facebook.com/tr?id=1&ev=PageView';`

const GIF = Buffer.from('R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw==', 'base64')

export async function startSite() {
  const pages = new Map<string, string>()
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url || '/', 'http://127.0.0.1')
    const path = url.pathname
    try {
      if (path === '/hang') return // never answers: a page that never loads
      if (path === '/gtag/js') return void res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' }).end(GTAG)
      if (path === '/en_US/fbevents.js') return void res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' }).end(FBEVENTS)
      if (path === '/g/collect' || path === '/tr') return void res.writeHead(200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store' }).end(GIF)
      if (pages.has(path)) return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(pages.get(path))
      const files: [string, string][] = [
        ['/dist/', join(ROOT, 'dist')],
        ['/vendor/cookieconsent/', join(ROOT, 'node_modules', 'vanilla-cookieconsent', 'dist')],
      ]
      for (const [prefix, dir] of files) {
        if (!path.startsWith(prefix)) continue
        const file = normalize(join(dir, path.slice(prefix.length)))
        if (!file.startsWith(dir)) break
        const data = await readFile(file)
        return void res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' }).end(data)
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
    /** Serve `html` at `path`; the full URL. */
    page(path: string, html: string) {
      pages.set(path, html)
      return origin + path
    },
    /** The `--resolve` flags that send every tracker host to this site. */
    resolveFlags: () => TRACKER_HOSTS.flatMap((h) => ['--resolve', `${h}=${origin}`]),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export interface Run {
  code: number | null
  stdout: string
  stderr: string
  /** stdout as JSON (when `--json` went there). */
  json: any
}

/** Run the built CLI as a user would, with `env` added; never longer than `timeoutMs`. */
export function audit(args: string[], env: Record<string, string> = {}, timeoutMs = 90_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`audit ${args.join(' ')} ran over ${timeoutMs} ms:\n${stderr}`))
    }, timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      let json: any = null
      try {
        json = JSON.parse(stdout)
      } catch {
        /* not JSON output */
      }
      resolve({ code, stdout, stderr, json })
    })
  })
}

/** The SDK tag, as a site writes it first in `<head>`. */
export const SDK = '<script src="/dist/consent-gate.js"></script>'

/** gtag's own snippet, gated as ConsentGate's docs show. */
export const GATED_TAGS = `
<script type="text/plain" data-category="analytics" src="https://www.googletagmanager.com/gtag/js?id=G-TEST"></script>
<script type="text/plain" data-category="analytics">window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments)} gtag('js', new Date()); gtag('config', 'G-TEST')</script>
<script type="text/plain" data-category="marketing" src="https://connect.facebook.net/en_US/fbevents.js"></script>`

export const shop = (head: string, body = '<main><h1>Shop</h1><p>Things for sale.</p></main>') =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>${head}</head><body>${body}</body></html>`
