import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launch, watchErrors } from './support/browser'
import { startDemoServer, type DemoServer } from '../../demo/server.mjs'

/**
 * The demo site (`demo/`), as `npm start` serves it: its page in Chromium against the built SDK,
 * mounted on the real consent-log server (SQLite in memory here). Each test gets its own server (so the beacons and
 * receipts it sees are its own) and its own browser context (so no cookie or localStorage carries over).
 */

interface Debug {
  receipts: { receiptId: string; consentId: string; method: string; categories: Record<string, boolean> }[]
  collected: { tracker: string; event: string; at: string }[]
}

let browser: Browser
let demo: DemoServer
let context: BrowserContext

beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})
beforeEach(async () => {
  demo = await startDemoServer({ port: 0, db: ':memory:', log: () => {} })
  context = await browser.newContext()
})
afterEach(async () => {
  await context?.close()
  await demo?.close()
})

/** For expect.poll: Chromium on a busy two-core machine can take seconds, not the default one. */
const SOON = { timeout: 10_000 }

const api = (path: string, init?: RequestInit) => fetch(new URL(path, demo.url), init)
const debug = async (): Promise<Debug> => (await api('/api/debug')).json()
const trackers = async () => (await debug()).collected.map((c) => c.tracker).sort()
const cookieNames = async () => (await context.cookies()).map((c) => c.name)

async function openDemo(): Promise<{ page: Page; errors: ReturnType<typeof watchErrors> }> {
  const page = await context.newPage()
  const errors = watchErrors(page)
  await page.goto(demo.url)
  await page.waitForFunction(() => !!(window as any).ConsentGate)
  return { page, errors }
}

const whatRan = (page: Page) => page.locator('#what-ran li').allTextContents()

/** Click the banner's "Accept all" and wait until both stand-in trackers have run. */
async function acceptAll(page: Page) {
  await page.getByRole('button', { name: 'Accept all' }).click()
  await expect.poll(cookieNames, SOON).toEqual(expect.arrayContaining(['_demo_analytics', '_demo_ads']))
}

// ---- The page in Chromium ---------------------------------------------------------------------

test('before a decision the stand-in trackers do not run, set no cookie and send no beacon', async () => {
  const { page, errors } = await openDemo()
  // Long enough for an ungated script, its cookie and its beacon to show.
  await page.waitForTimeout(500)

  expect(await page.evaluate(() => (window as any).ConsentGate.get())).toBeNull()
  expect(await whatRan(page)).toEqual([])
  expect(await cookieNames()).toEqual([])
  expect(await page.locator('iframe[data-category="marketing"]').getAttribute('src')).toBeNull()
  expect(await debug()).toEqual({ receipts: [], collected: [] })
  expect(errors.pageErrors).toEqual([])
  expect(errors.consoleErrors).toEqual([])
})

test('"Accept all" runs the stand-in trackers: their cookies are set and their beacons reach /collect', async () => {
  const { page, errors } = await openDemo()
  await acceptAll(page)

  await expect.poll(trackers, SOON).toEqual(['analytics', 'marketing'])
  await expect.poll(() => whatRan(page), SOON).toHaveLength(3) // analytics.js, marketing.js, the inline snippet
  await expect.poll(() => page.locator('iframe[data-category="marketing"]').getAttribute('src'), SOON).toBe('/embed.html')
  expect(errors.pageErrors).toEqual([])
  expect(errors.consoleErrors).toEqual([])
})

test('"Accept all" sends a consent receipt to /api/consents', async () => {
  const { page } = await openDemo()
  await page.getByRole('button', { name: 'Accept all' }).click()
  const id: string = await page.evaluate(() => (window as any).ConsentGate.get().id)

  await expect.poll(async () => (await api(`/api/consents/${id}`)).status, SOON).toBe(200)
  const { receipts } = await (await api(`/api/consents/${id}`)).json()
  expect(receipts).toHaveLength(1)
  expect(receipts[0]).toMatchObject({
    consentId: id,
    method: 'accept-all',
    categories: { necessary: true, functional: true, analytics: true, marketing: true },
    services: { stats: true, ads: true },
  })
})

test('"Analytics only" runs the analytics stand-in but not the marketing one', async () => {
  const { page } = await openDemo()
  await page.getByRole('button', { name: 'API: analytics only' }).click()

  await expect.poll(trackers, SOON).toEqual(['analytics'])
  await page.waitForTimeout(300)
  expect(await trackers()).toEqual(['analytics'])
  const names = await cookieNames()
  expect(names).toContain('_demo_analytics')
  expect(names).not.toContain('_demo_ads')
  expect(await page.locator('iframe[data-category="marketing"]').getAttribute('src')).toBeNull()
})

test('"Reject all" after "Accept all" deletes the trackers\' cookies and reloads the page', async () => {
  const { page } = await openDemo()
  await acceptAll(page)
  await page.evaluate(() => ((window as any).__beforeReload = true))

  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'API: rejectAll()' }).click()])

  expect(await page.evaluate(() => (window as any).__beforeReload ?? null)).toBeNull() // a new document
  expect(await page.evaluate(() => (window as any).ConsentGate.get().method)).toBe('reject-all')
  const names = await cookieNames()
  expect(names).not.toContain('_demo_analytics')
  expect(names).not.toContain('_demo_ads')
  expect(names).toContain('consent_gate')
  await page.waitForTimeout(300)
  expect(await whatRan(page)).toEqual([]) // nothing gated ran again after the reload
})

// ---- The stand-in consent log, from Node ------------------------------------------------------

test('the demo runs the real consent log: the receipt is stored, its chain verifies, and statistics count it', async () => {
  const { page } = await openDemo()
  await page.getByRole('button', { name: 'Accept all' }).click()
  const id: string = await page.evaluate(() => (window as any).ConsentGate.get().id)
  await expect.poll(async () => (await api(`/api/consents/${id}`)).status, SOON).toBe(200)
  const auth = { headers: { Authorization: `Bearer ${demo.adminToken}` } }
  expect(await (await api('/api/verify', auth)).json()).toMatchObject({ ok: true, records: 1 })
  const stats = await (await api('/api/stats', auth)).json()
  expect(stats.total.decisions).toBe(1)
  expect(stats.total.methods).toEqual({ 'accept-all': 1 })
  expect((await api('/healthz')).status).toBe(200)
  expect((await api('/api/stats')).status).toBe(401)
})

test('the consent log answers the receipt with the consent cookie, re-issued by the server', async () => {
  const { page } = await openDemo()
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/consents') && r.request().method() === 'POST')
  await page.getByRole('button', { name: 'Reject all' }).click()
  const res = await answered
  const header = await res.headerValue('set-cookie')
  const written = (await context.cookies()).find((c) => c.name === 'consent_gate')!
  expect(header).toContain(`consent_gate=${written.value}`)
  // Server-set: the full lifetime (182 days by default), not a script's.
  expect(written.expires * 1000 - Date.now()).toBeGreaterThan(180 * 864e5)
})

test('the brew guide video shows a placeholder naming VideoTube; after Reject all the floating button reopens the preferences', async () => {
  const { page, errors } = await openDemo()
  const notice = page.getByRole('group', { name: 'This content from VideoTube is blocked until you allow Marketing.' })
  await notice.waitFor()
  await page.getByRole('button', { name: 'Reject all' }).click()
  await page.getByRole('button', { name: 'Cookie settings' }).click()
  await page.getByRole('dialog', { name: 'Privacy preferences' }).waitFor()
  await page.keyboard.press('Escape')
  await notice.getByRole('button', { name: 'Load this content' }).click()
  await expect.poll(() => page.locator('iframe[data-service="video"]').getAttribute('src'), SOON).toBe('/embed.html')
  expect(await page.evaluate(() => (window as any).ConsentGate.has('marketing'))).toBe(false)
  expect(errors.pageErrors).toEqual([])
  expect(errors.consoleErrors).toEqual([])
})
