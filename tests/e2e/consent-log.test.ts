import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest'
import type { Browser, BrowserContext } from 'playwright-core'
import { launch, watchErrors } from './support/browser'
import { startDemoServer, type DemoServer } from '../../demo/server.mjs'

/**
 * The SDK and the real consent-log server together in Chromium: a receipt that only a beacon can
 * deliver reaches the server, and the visitor views and deletes that record from the preferences.
 */
let browser: Browser
let site: DemoServer
let context: BrowserContext
/** The demo's log: one line per receipt, with the content type it came as. */
let lines: string[] = []

beforeAll(async () => {
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
})
beforeEach(async () => {
  lines = []
  site = await startDemoServer({ port: 0, db: ':memory:', log: (line) => lines.push(line) })
  context = await browser.newContext()
})
afterEach(async () => {
  await context?.close()
  await site?.close()
})

const SOON = { timeout: 10_000 }
const api = (path: string, init?: RequestInit) => fetch(new URL(path, site.url), init)

test('a receipt sent by sendBeacon as the visitor leaves is stored, then viewed and deleted from the preferences centre', async () => {
  // Every fetch() of a receipt fails, so the receipt stays queued and only the page-hide beacon can deliver it.
  await context.route('**/api/consents', (route) =>
    route.request().method() === 'POST' && route.request().resourceType() === 'fetch' ? route.abort() : route.continue(),
  )

  const page = await context.newPage()
  const errors = watchErrors(page)
  await page.goto(site.url)
  const failed = page.waitForEvent('requestfailed', (r) => r.url().endsWith('/api/consents'))
  await page.getByRole('button', { name: 'Reject all' }).click()
  const id: string = await page.evaluate(() => (window as any).ConsentGate.get().id)
  await failed
  await page.waitForTimeout(100) // the failure has reached the SDK: the receipt is queued, not in flight
  expect(await page.evaluate(() => localStorage.getItem('consent_gate_receipts'))).toContain(id)
  expect((await api(`/api/consents/${id}`)).status).toBe(404)

  // Leaving for a page without the SDK: only the page-hide beacon can carry the receipt now.
  await page.goto(new URL('privacy.html', site.url).href)
  await expect.poll(async () => (await api(`/api/consents/${id}`)).status, SOON).toBe(200)
  const { receipts } = await (await api(`/api/consents/${id}`)).json()
  expect(receipts).toEqual([expect.objectContaining({ consentId: id, method: 'reject-all', seq: 1 })])
  expect(lines.filter((l) => l.startsWith('receipt  new'))).toEqual([expect.stringContaining('text/plain')])

  await context.unroute('**/api/consents')
  await page.goto(site.url)

  // The visitor's rights, from the preferences centre, against the real server.
  await page.evaluate(() => (window as any).ConsentGate.showPreferences())
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('button', { name: 'View my consent record' }).click()
  await expect.poll(() => dialog.getByRole('status').textContent(), SOON).toContain('reject-all')
  await dialog.getByRole('button', { name: 'Delete my consent record' }).click()
  await expect.poll(() => dialog.getByRole('status').textContent(), SOON).toContain('Your consent record was deleted.')
  const after = await api(`/api/consents/${id}`)
  expect(after.status).toBe(404)
  expect((await after.json()).erased).toBe(true)
  expect(errors.pageErrors).toEqual([])
})
