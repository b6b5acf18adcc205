import { afterAll, beforeAll, expect, test } from 'vitest'
import { createServer, type Server } from 'node:http'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { launch } from './support/browser'

/**
 * Cross-site request forgery against the real consent-log server, in Chromium, with two sites:
 * the shop (the log server itself, on http://127.0.0.1:<port>) and an attacker's page on
 * http://attacker.test:<port2> (mapped to 127.0.0.1). The attacker page tries the three ways a page
 * can post to another site without CORS: an auto-submitted `text/plain` form (a top-level
 * navigation, whose answer's Set-Cookie the browser would keep), `fetch` in `no-cors` mode and
 * `sendBeacon`. None may store a receipt or set the shop's consent cookie; the shop's own page
 * still can.
 */
const ROOT = join(import.meta.dirname, '..', '..')
let browser: Browser
let log: { url: string; close(): Promise<void> }
let attacker: Server
let attackerOrigin = ''
/** Every answer of the log server to a receipt: who sent it, what it answered. */
const answers: { origin: string; site: string; status: number; setCookie: boolean }[] = []
const pages = new Map<string, string>()

function receipt(fields: Record<string, unknown> = {}) {
  return {
    schema: 'consent-gate.receipt/1',
    receiptId: randomUUID(),
    consentId: randomUUID(),
    revision: 1,
    categories: { necessary: true, functional: true, analytics: true, personalization: true, marketing: true },
    services: {},
    method: 'accept-all',
    timestamp: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(),
    configHash: 'a1b2c3d4',
    language: 'en',
    url: 'https://shop.example/p',
    ...fields,
  }
}

beforeAll(async () => {
  const { startServer, loadConfig } = await import(pathToFileURL(join(ROOT, 'log-server', 'dist', 'index.mjs')).href)
  const config = loadConfig({}, { CONSENT_GATE_RATE_LIMIT: '0' })
  config.port = 0
  config.db = ':memory:'
  config.logLevel = 'silent'
  log = await startServer(config, {
    extend(app: any) {
      app.addHook('onResponse', async (req: any, reply: any) => {
        if (req.method !== 'POST' || !String(req.url).startsWith('/api/consents')) return
        answers.push({
          origin: String(req.headers.origin),
          site: String(req.headers['sec-fetch-site']),
          status: reply.statusCode,
          setCookie: reply.hasHeader('set-cookie'),
        })
      })
      app.get('/shop/:name', async (req: any, reply: any) => reply.type('text/html; charset=utf-8').send(pages.get(req.params.name) || ''))
    },
  })
  attacker = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(pages.get(String(req.url).slice(1)) || '')
  })
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
  attackerOrigin = `http://attacker.test:${(attacker.address() as AddressInfo).port}`
  browser = await launch(['--host-resolver-rules=MAP attacker.test 127.0.0.1'])
})
afterAll(async () => {
  await browser?.close()
  await log?.close()
  await new Promise((resolve) => attacker?.close(resolve))
})

const SOON = { timeout: 10_000 }
const stored = async (consentId: string) => (await fetch(`${log.url}/api/consents/${consentId}`)).status

test('an attacker page cannot set the consent cookie or log a receipt by form, no-cors fetch or beacon', async () => {
  const endpoint = `${log.url}/api/consents`
  const byForm = receipt()
  const byFetch = receipt()
  const byBeacon = receipt()
  // text/plain sends `name=value`: the `=` lands inside the url string, so the body is valid JSON.
  const json = JSON.stringify(byForm)
  const cut = json.lastIndexOf('/p"') + 2
  const html = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
  pages.set(
    'form.html',
    `<form id="f" enctype="text/plain" method="POST" action="${endpoint}"><input name="${html(json.slice(0, cut))}" value="${html(json.slice(cut))}"></form><script>document.getElementById('f').submit()</script>`,
  )
  pages.set(
    'subresources.html',
    `<script>
      fetch(${JSON.stringify(endpoint)}, { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: ${JSON.stringify(JSON.stringify(byFetch))} }).catch(() => {})
      navigator.sendBeacon(${JSON.stringify(endpoint)}, ${JSON.stringify(JSON.stringify(byBeacon))})
    </script>`,
  )
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    answers.length = 0
    await page.goto(`${attackerOrigin}/subresources.html`)
    await expect.poll(() => answers.length, SOON).toBe(2)
    await page.goto(`${attackerOrigin}/form.html`)
    await page.waitForURL(endpoint, SOON)
    await expect.poll(() => answers.length, SOON).toBe(3)

    // Each arrived from the attacker's origin, and each was refused without a cookie.
    expect(answers.map((a) => a.origin)).toEqual([attackerOrigin, attackerOrigin, attackerOrigin])
    expect(answers.map((a) => [a.status, a.setCookie])).toEqual([
      [403, false],
      [403, false],
      [403, false],
    ])
    expect(JSON.parse((await page.textContent('body')) || '{}').error).toBe('forbidden_origin')
    expect(await context.cookies(log.url)).toEqual([])
    for (const r of [byForm, byFetch, byBeacon]) expect(await stored(r.consentId)).toBe(404)
  } finally {
    await context.close()
  }
})

test("the shop's own page still sends receipts by beacon and fetch, and gets the cookie back", async () => {
  const byFetch = receipt({ method: 'custom', categories: { necessary: true, analytics: false } })
  const byBeacon = receipt({ method: 'reject-all', categories: { necessary: true, analytics: false } })
  pages.set(
    'own.html',
    `<script>
      navigator.sendBeacon('/api/consents', ${JSON.stringify(JSON.stringify(byBeacon))})
      window.sent = fetch('/api/consents', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: ${JSON.stringify(JSON.stringify(byFetch))} }).then((r) => r.status)
    </script>`,
  )
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    answers.length = 0
    await page.goto(`${log.url}/shop/own.html`)
    expect(await page.evaluate(() => (window as any).sent)).toBe(201)
    await expect.poll(() => stored(byBeacon.consentId), SOON).toBe(200)
    expect(await stored(byFetch.consentId)).toBe(200)
    expect(answers.every((a) => a.status === 201 && a.site === 'same-origin')).toBe(true)
    const cookie = (await context.cookies(log.url)).find((c) => c.name === 'consent_gate')
    expect(cookie && ([byFetch.consentId, byBeacon.consentId] as string[]).includes(cookie.value.split('|')[1])).toBe(true)
  } finally {
    await context.close()
  }
})
