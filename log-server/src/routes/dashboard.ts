/**
 * `GET /dashboard`: the consent dashboard, a static page built into the package
 * (`dist/dashboard/`: index.html, dashboard.js, dashboard.css). Its figures come from
 * `GET /api/stats` with the admin token the visitor types in, so nothing here is behind the token
 * and nothing here holds one. Only the three built files are served: any other name is a 404,
 * so no path reaches the file system.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

/** The built files, by the name in the URL, with their types. */
const FILES = new Map([
  ['index.html', 'text/html; charset=utf-8'],
  ['dashboard.js', 'text/javascript; charset=utf-8'],
  ['dashboard.css', 'text/css; charset=utf-8'],
])

/**
 * Everything the page loads is its own: scripts and styles from this origin only (no inline
 * script or `style` attribute; uPlot styles through the CSSOM, which CSP does not govern), fetches
 * to this origin only (`/api/stats`), no base URL to rewrite, no form submission anywhere (the
 * token can never be posted into a URL), never framed.
 */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const HEADERS = {
  'Content-Security-Policy': DASHBOARD_CSP,
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

/**
 * Where the built files are: beside the bundle (`dist/index.mjs` → `dist/dashboard/`, also in an
 * installed package), or, when the server runs from its sources (tests), in the package's dist/.
 */
export function dashboardDir(): string {
  const candidates = [new URL('./dashboard/', import.meta.url), new URL('../../dist/dashboard/', import.meta.url)].map((u) => fileURLToPath(u))
  return candidates.find((dir) => existsSync(dir + 'index.html')) || candidates[0]
}

export function dashboardRoutes(app: FastifyInstance, dir = dashboardDir()) {
  const send = async (reply: FastifyReply, name: string) => {
    const type = FILES.get(name)
    if (!type) return reply.code(404).send({ error: 'not_found' })
    let body: Buffer
    try {
      body = await readFile(dir + name)
    } catch {
      // A server run from its sources before `npm run build -w log-server`.
      return reply.code(503).type('text/plain; charset=utf-8').headers(HEADERS).send('The dashboard is not built: run `npm run build -w log-server`.\n')
    }
    return reply.type(type).headers(HEADERS).send(body)
  }
  app.get('/dashboard', (_req, reply) => send(reply, 'index.html'))
  app.get('/dashboard/', (_req, reply) => send(reply, 'index.html'))
  app.get<{ Params: { file: string } }>('/dashboard/:file', (req, reply) => send(reply, req.params.file))
}
