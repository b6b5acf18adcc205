import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DASHBOARD_CSP, dashboardDir, dashboardRoutes } from '../../log-server/src/routes/dashboard'
import { raw } from './support/raw'
import { ADMIN, testApp, type TestApp } from './support/stores'

/** `GET /dashboard`: the built page, its headers, and nothing else of the file system. */
const BUILT = join(import.meta.dirname, '..', '..', 'log-server', 'dist', 'dashboard')

describe('the dashboard route', () => {
  let t: TestApp
  let port: number
  beforeAll(async () => {
    if (!existsSync(join(BUILT, 'index.html'))) throw new Error('log-server/dist/dashboard is missing: run `npm run build -w log-server` first')
    t = await testApp('sqlite')
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    port = (t.app.server.address() as { port: number }).port
  })
  afterAll(async () => {
    await t?.close()
  })
  const get = (url: string) => t.app.inject({ method: 'GET', url })

  test("the built files are served from the package's own dist folder", () => {
    expect(dashboardDir().replace(/\\/g, '/')).toMatch(/\/log-server\/dist\/dashboard\/$/)
  })

  test('/dashboard and /dashboard/ are the page, with the strict CSP and no inline script or style', async () => {
    for (const url of ['/dashboard', '/dashboard/']) {
      const res = await get(url)
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      )
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['x-frame-options']).toBe('DENY')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
      const html = res.body
      expect(html).toMatch(/^<!doctype html>/i)
      expect(html).toContain('<script src="/dashboard/dashboard.js" defer></script>')
      expect(html).toContain('<link rel="stylesheet" href="/dashboard/dashboard.css">')
      // Every script has a src; no element carries a style attribute or an event handler.
      expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="/dashboard/dashboard.js" defer>'])
      expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i)
      expect(html).not.toContain(ADMIN)
    }
    expect(DASHBOARD_CSP).toBe((await get('/dashboard')).headers['content-security-policy'])
  })

  test('the script and the stylesheet, with their types', async () => {
    const js = await get('/dashboard/dashboard.js')
    expect(js.statusCode).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(js.headers['x-content-type-options']).toBe('nosniff')
    expect(js.headers['content-security-policy']).toBe(DASHBOARD_CSP)
    // Minified, Preact and uPlot bundled: no import of anything, no CDN.
    expect(js.body.length).toBeGreaterThan(20_000)
    expect(js.body.split('\n').length).toBeLessThan(20)
    expect(js.body).not.toMatch(/\bimport\s*[({"']|https?:\/\/(cdn|unpkg|jsdelivr)/)
    expect(js.body).not.toContain(ADMIN)

    const css = await get('/dashboard/dashboard.css')
    expect(css.statusCode).toBe(200)
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8')
    // uPlot's own sheet is in it (the charts' layout needs it), and the page's after it.
    expect(css.body).toContain('.u-legend')
    expect(css.body.indexOf('.uplot{')).toBeLessThan(css.body.indexOf('.visually-hidden'))

    const head = await t.app.inject({ method: 'HEAD', url: '/dashboard' })
    expect(head.statusCode).toBe(200)
    expect(head.headers['content-security-policy']).toBe(DASHBOARD_CSP)
  })

  test('any other name is a 404, whatever it is made of', async () => {
    for (const url of [
      '/dashboard/nope.js',
      '/dashboard/index.mjs',
      '/dashboard/dashboard.js.map',
      '/dashboard/DASHBOARD.JS',
      '/dashboard/__proto__',
      '/dashboard/constructor',
      '/dashboard/toString',
      '/dashboard/..%2findex.mjs',
      '/dashboard/..%2f..%2fpackage.json',
      '/dashboard/%2e%2e%2f%2e%2e%2fpackage.json',
      '/dashboard/..%5c..%5cpackage.json',
      '/dashboard/dashboard.js%00',
      '/dashboard/dashboard.js%00.html',
      '/dashboard/.%2fdashboard.js',
      '/dashboard/dashboard/index.html',
      '/dashboard/x/../../package.json',
    ]) {
      const res = await get(url)
      expect([400, 404], url).toContain(res.statusCode)
      expect(res.body, url).not.toContain('"name"')
      expect(res.body, url).not.toContain('consent-gate')
    }
  })

  test('a path with .. sent as it is, never normalised by a client, is a 404', async () => {
    for (const path of ['/dashboard/../package.json', '/dashboard/../../package.json', '/dashboard/..\\..\\package.json', '/dashboard/%2e%2e/index.mjs']) {
      const res = await raw(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`)
      expect([400, 404], path).toContain(res.status)
      expect(res.text, path).not.toContain('"version"')
      expect(res.headers['x-content-type-options'], path).toBe('nosniff')
    }
  })

  test('a server whose dashboard is not built says how to build it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-nodash-'))
    const app = Fastify()
    dashboardRoutes(app, dir + '/')
    try {
      const res = await app.inject({ method: 'GET', url: '/dashboard' })
      expect(res.statusCode).toBe(503)
      expect(res.body).toContain('npm run build -w log-server')
      expect(res.headers['content-security-policy']).toBe(DASHBOARD_CSP)
      expect((await app.inject({ method: 'GET', url: '/dashboard/other.txt' })).statusCode).toBe(404)
    } finally {
      await app.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
