import { expect, test } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { gate, logOf } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

const push = (name: string) => `(window.__log = window.__log || []).push(${JSON.stringify(name)})`
const TRACKERS = `
<script type="text/plain" data-category="analytics">${push('analytics')}</script>
<script type="text/plain" data-category="marketing">${push('marketing')}</script>`
const page = (path: string, attrs = '') =>
  env.site.page(path, `<!doctype html><html lang="en"><head>${sdkTag(attrs)}${TRACKERS}</head><body>page</body></html>`)
const SETTLE = 400

/** A browser that sends Global Privacy Control: the property, as Chromium exposes it, and the header. */
const withGpc = (context: BrowserContext) =>
  Promise.all([
    context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true })),
    context.setExtraHTTPHeaders({ 'Sec-GPC': '1' }),
  ])

async function receipts(n: number) {
  await expect.poll(() => env.site.received.length, { timeout: 5000 }).toBeGreaterThanOrEqual(n)
  return env.site.received.map((r) => r.json)
}

test('us: GPC opts out of marketing at once, without asking: a decision recorded as gpc, marketing never runs', async () => {
  const { page: p } = await visit(page('/us-gpc.html', 'data-profile="us"'), withGpc)
  await p.waitForFunction(() => ((window as any).__log || []).length === 1)
  await p.waitForTimeout(SETTLE)
  expect(await logOf(p)).toEqual(['analytics'])
  const state = await gate(p, 'get')
  expect([state.method, state.gpc, state.categories.marketing]).toEqual(['gpc', true, false])
  expect(await p.locator('#consent-gate-root').count()).toBe(0)
})

test('us: the receipt of the GPC opt-out has gpc: true and the profile', async () => {
  await visit(page('/us-gpc-receipt.html', 'data-profile="us" data-endpoint="/api/consents"'), withGpc)
  const [receipt] = await receipts(1)
  expect([receipt.method, receipt.gpc, receipt.profile, receipt.categories.marketing]).toEqual(['gpc', true, 'us', false])
})

test('eu: the banner says the signal is honoured, and Accept all leaves marketing off', async () => {
  const { page: p } = await visit(page('/eu-gpc.html', 'data-endpoint="/api/consents"'), withGpc)
  const banner = p.getByRole('region', { name: 'We value your privacy' })
  await banner.getByText('Your Global Privacy Control signal is honoured').waitFor()
  await banner.getByRole('button', { name: 'Accept all' }).click()
  await p.waitForFunction(() => ((window as any).__log || []).length === 1)
  await p.waitForTimeout(SETTLE)
  expect(await logOf(p)).toEqual(['analytics'])
  expect((await gate(p, 'get')).gpc).toBe(true)
  const [receipt] = await receipts(1)
  expect([receipt.method, receipt.gpc, receipt.categories.marketing]).toEqual(['accept-all', true, false])
})

test('eu: an explicit switch in the preferences turns marketing on despite GPC', async () => {
  const { page: p } = await visit(page('/eu-gpc-explicit.html'), withGpc)
  await p.getByRole('button', { name: 'Manage preferences' }).click()
  const dialog = p.getByRole('dialog', { name: 'Privacy preferences' })
  await dialog.getByRole('switch', { name: 'Marketing' }).click()
  await dialog.getByRole('button', { name: 'Save preferences' }).click()
  await p.waitForFunction(() => ((window as any).__log || []).length === 1)
  expect(await logOf(p)).toEqual(['marketing'])
  const state = await gate(p, 'get')
  expect([state.categories.marketing, state.gpc]).toEqual([true, true])
})

test('without GPC the banner says nothing of it and Accept all grants marketing', async () => {
  const { page: p } = await visit(page('/eu-no-gpc.html'))
  const banner = p.getByRole('region', { name: 'We value your privacy' })
  await banner.getByRole('button', { name: 'Accept all' }).waitFor()
  expect(await banner.getByText('Global Privacy Control').count()).toBe(0)
  await banner.getByRole('button', { name: 'Accept all' }).click()
  await p.waitForFunction(() => ((window as any).__log || []).length === 2)
  expect((await gate(p, 'get')).gpc).toBe(false)
})
