import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launch, watchErrors } from './support/browser'
import { MAX_RECEIPT_BYTES, startDemoServer, type DemoServer } from '../../demo/server.mjs'

/**
 * The demo site (`demo/`), as `npm start` serves it: its page in Chromium against the built SDK,
 * and its stand-in consent log from Node. Each test gets its own server (so the beacons and
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
  demo = await startDemoServer({ port: 0, log: () => {} })
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

const receipt = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({
    schema: 'consent-gate.receipt/1',
    receiptId: 'r-' + Math.random().toString(36).slice(2),
    consentId: 'c-' + Math.random().toString(36).slice(2),
    revision: 1,
    categories: { necessary: true, analytics: false },
    services: {},
    method: 'reject-all',
    timestamp: '2026-01-01T00:00:00.000Z',
    url: 'http://127.0.0.1/',
    language: 'en',
    configHash: '0',
    ...fields,
  })
const postReceipt = (body: string, contentType = 'application/json') =>
  api('/api/consents', { method: 'POST', headers: { 'Content-Type': contentType }, body })

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

test('the endpoint answers 201 for a new receipt and 200 when the same receiptId comes again', async () => {
  const body = receipt()
  const first = await postReceipt(body)
  expect(first.status).toBe(201)
  const again = await postReceipt(body)
  expect(again.status).toBe(200)
  expect((await debug()).receipts).toHaveLength(1)
})

test('the endpoint accepts the text/plain body sendBeacon sends', async () => {
  const res = await postReceipt(receipt(), 'text/plain;charset=UTF-8')
  expect(res.status).toBe(201)
})

test('the endpoint refuses other content types with 415', async () => {
  expect((await postReceipt(receipt(), 'application/x-www-form-urlencoded')).status).toBe(415)
  expect((await postReceipt(receipt(), 'multipart/form-data; boundary=x')).status).toBe(415)
  expect((await debug()).receipts).toEqual([])
})

test('the endpoint refuses bodies over 16 kB with 413 and accepts one of exactly 16 kB', async () => {
  const base = receipt({ pad: '' })
  const sized = (bytes: number) => base.replace('"pad":""', `"pad":"${'x'.repeat(bytes - base.length)}"`)
  expect(MAX_RECEIPT_BYTES).toBe(16 * 1024)

  expect((await postReceipt(sized(MAX_RECEIPT_BYTES + 1))).status).toBe(413)
  expect((await postReceipt(sized(MAX_RECEIPT_BYTES))).status).toBe(201)
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

test('the endpoint refuses invalid JSON and receipts without receiptId or consentId with 400', async () => {
  expect((await postReceipt('{"receiptId": ')).status).toBe(400)
  expect((await postReceipt('[1, 2]')).status).toBe(400)
  expect((await postReceipt(JSON.stringify({ consentId: 'c-1' }))).status).toBe(400)
  expect((await postReceipt(JSON.stringify({ receiptId: 'r-1' }))).status).toBe(400)
  expect((await postReceipt(receipt({ receiptId: 42 }))).status).toBe(400)
  expect((await debug()).receipts).toEqual([])
})

test('GET /api/consents/:consentId lists that consent ID\'s receipts in arrival order; an unknown ID is 404', async () => {
  await postReceipt(receipt({ consentId: 'c-a', receiptId: 'r-1' }))
  await postReceipt(receipt({ consentId: 'c-a', receiptId: 'r-2', method: 'accept-all' }))
  await postReceipt(receipt({ consentId: 'c-b', receiptId: 'r-3' }))

  const res = await api('/api/consents/c-a')
  expect(res.status).toBe(200)
  const body = await res.json()
  expect(body.consentId).toBe('c-a')
  expect(body.receipts.map((r: { receiptId: string }) => r.receiptId)).toEqual(['r-1', 'r-2'])
  expect((await api('/api/consents/unknown')).status).toBe(404)
})

test('DELETE /api/consents/:consentId answers 204 and forgets only that consent ID\'s receipts', async () => {
  await postReceipt(receipt({ consentId: 'c-a', receiptId: 'r-1' }))
  await postReceipt(receipt({ consentId: 'c-b', receiptId: 'r-2' }))

  expect((await api('/api/consents/c-a', { method: 'DELETE' })).status).toBe(204)
  expect((await api('/api/consents/c-a')).status).toBe(404)
  expect((await api('/api/consents/c-b')).status).toBe(200)
})
