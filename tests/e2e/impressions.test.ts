import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { pathToFileURL } from 'node:url'
import { join } from 'node:path'
import { launch, watchErrors } from './support/browser'
import { sdkTag, startSite } from './support/server'
import { startDemoServer, type DemoServer } from '../../demo/server.mjs'

/**
 * Banner impressions counted by the real consent-log server: on the demo (same origin, beside its
 * `/api/consents`), and from a site on another origin, which the server counts only when it
 * allows that origin (CONSENT_GATE_ORIGINS).
 */
let browser: Browser
let demo: DemoServer
let site: Awaited<ReturnType<typeof startSite>>
/** A second consent-log server that allows the test site's origin. */
let log: { url: string; adminToken: string; close(): Promise<void> }
const contexts: BrowserContext[] = []

beforeAll(async () => {
  ;[browser, demo, site] = await Promise.all([launch(), startDemoServer({ port: 0, db: ':memory:', log: () => {} }), startSite()])
  const { startServer, loadConfig } = await import(pathToFileURL(join(import.meta.dirname, '../../log-server/dist/index.mjs')).href)
  log = await startServer(loadConfig({}, {}, { port: 0, host: '127.0.0.1', db: ':memory:', logLevel: 'warn', origins: [site.origin] }))
})
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()))
})
afterAll(async () => {
  await browser?.close()
  await Promise.all([demo?.close(), site?.close(), log?.close()])
})

const SOON = { timeout: 10_000 }

/** What a server counted so far (its `GET /api/stats`, behind its admin token). */
async function counted(server: { url: string; adminToken: string }): Promise<number> {
  const res = await fetch(new URL('/api/stats', server.url), { headers: { Authorization: `Bearer ${server.adminToken}` } })
  return (await res.json()).total.impressions
}

/** A fresh visitor; every request to an impressions URL is recorded with its body. */
async function visitor() {
  const context = await browser.newContext()
  contexts.push(context)
  const beacons: { url: string; body: string | null; type: string }[] = []
  context.on('request', (r) => {
    if (new URL(r.url()).pathname.endsWith('/impressions')) beacons.push({ url: r.url(), body: r.postData(), type: r.headers()['content-type'] || '' })
  })
  return { context, beacons }
}

const bannerShown = (p: Page) => p.getByRole('button', { name: 'Reject all' }).waitFor()

test('the demo counts one impression per page view with the banner, and none for a returning visitor', async () => {
  const before = await counted(demo)
  const { context, beacons } = await visitor()
  const page = await context.newPage()
  const errors = watchErrors(page)
  await page.goto(demo.url)
  await bannerShown(page)
  await expect.poll(() => counted(demo), SOON).toBe(before + 1)
  expect(beacons).toEqual([{ url: demo.url + 'api/impressions', body: '{"revision":1,"language":"en","profile":"eu"}', type: 'text/plain;charset=UTF-8' }])

  // The same page view shows the banner again: still one.
  await page.evaluate(() => {
    const gate = (window as any).ConsentGate
    gate.hide()
    gate.show()
  })
  await bannerShown(page)
  // Another page view, still undecided: one more.
  await page.reload()
  await bannerShown(page)
  await expect.poll(() => counted(demo), SOON).toBe(before + 2)
  expect(beacons.length).toBe(2)

  // Decided: the next page views show no banner and count nothing.
  await page.getByRole('button', { name: 'Accept all' }).click()
  await page.reload()
  await page.waitForLoadState('networkidle')
  expect(await page.evaluate(() => (window as any).ConsentGate.get().method)).toBe('accept-all')
  expect(await page.locator('#consent-gate-root').count()).toBe(0)
  // Opening the banner again after the decision counts nothing either.
  await page.evaluate(() => (window as any).ConsentGate.show())
  await bannerShown(page)
  await page.waitForLoadState('networkidle')
  expect(beacons.length).toBe(2)
  expect(await counted(demo)).toBe(before + 2)
  expect(errors.pageErrors).toEqual([])
})

test('a Korean page is counted in Korean, the language the banner was drawn in', async () => {
  const url = site.page(
    '/impressions-ko.html',
    `<!doctype html><html lang="ko"><head><script>window.consentGateConfig = { impressionsEndpoint: ${JSON.stringify(log.url + '/api/impressions')} }</script>${sdkTag()}</head><body><main><h1>상점</h1></main></body></html>`,
  )
  const { context, beacons } = await visitor()
  const page = await context.newPage()
  await page.goto(url)
  await page.getByRole('button', { name: '모두 거부' }).waitFor()
  await expect.poll(() => beacons.map((b) => b.body), SOON).toEqual(['{"revision":1,"language":"ko","profile":"eu"}'])
})

test('impressions: false sends nothing', async () => {
  const url = site.page(
    '/impressions-off.html',
    `<!doctype html><html lang="en"><head><script>window.consentGateConfig = { impressions: false, impressionsEndpoint: ${JSON.stringify(log.url + '/api/impressions')} }</script>${sdkTag()}</head><body><main><h1>Shop</h1></main></body></html>`,
  )
  const { context, beacons } = await visitor()
  const page = await context.newPage()
  await page.goto(url)
  await bannerShown(page)
  await page.waitForLoadState('networkidle')
  expect(beacons).toEqual([])
})

test('a site on another origin: counted by a consent log that allows its origin, refused (silently) by one that does not', async () => {
  const shop = (path: string, endpoint: string) =>
    site.page(
      path,
      `<!doctype html><html lang="en"><head><script>window.consentGateConfig = { impressionsEndpoint: ${JSON.stringify(endpoint)} }</script>${sdkTag()}</head><body><main><h1>Shop</h1></main></body></html>`,
    )
  const allowedBefore = await counted(log)
  const { context, beacons } = await visitor()
  const page = await context.newPage()
  const errors = watchErrors(page)
  const answers: number[] = []
  page.on('requestfinished', async (r) => new URL(r.url()).pathname.endsWith('/impressions') && answers.push((await r.response())!.status()))
  await page.goto(shop('/cross-allowed.html', log.url + '/api/impressions'))
  await bannerShown(page)
  await expect.poll(() => counted(log), SOON).toBe(allowedBefore + 1)
  // text/plain is CORS-safelisted: the beacon went without a preflight.
  expect(beacons.map((b) => b.type)).toEqual(['text/plain;charset=UTF-8'])

  const refusedBefore = await counted(demo)
  await page.goto(shop('/cross-refused.html', demo.url + 'api/impressions'))
  await bannerShown(page)
  await expect.poll(() => answers, SOON).toEqual([204, 403])
  expect(await counted(demo)).toBe(refusedBefore)
  // A refused beacon is not the page's problem: nothing thrown, nothing logged by the SDK.
  expect(errors.pageErrors).toEqual([])
  expect(errors.consoleErrors.filter((e) => e.includes('ConsentGate'))).toEqual([])
})
