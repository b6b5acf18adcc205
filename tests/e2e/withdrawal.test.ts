import { expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { gate, logOf } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

const config = (extra: object = {}) => ({
  categories: {
    necessary: { title: 'Necessary', required: true },
    analytics: { title: 'Analytics', cookies: ['_ga*'] },
    marketing: { title: 'Marketing', cookies: ['_fbp'] },
  },
  ...extra,
})
/** Gated trackers that set their cookies, as real ones do. */
const page = (path: string, extra: object = {}) =>
  env.site.page(
    path,
    `<!doctype html><html><head><script>window.consentGateConfig = ${JSON.stringify(config(extra))}</script>${sdkTag()}
<script type="text/plain" data-category="analytics" src="/js/log.js?name=analytics&cookie=_ga_XYZ"></script>
<script type="text/plain" data-category="marketing" src="/js/log.js?name=marketing&cookie=_fbp"></script>
</head><body>page</body></html>`,
  )
const cookieNames = async (c: BrowserContext) => (await c.cookies()).map((x) => x.name).sort()
/** Mark this document, so a reload shows as the marker being gone. */
const mark = (p: Page) => p.evaluate(() => ((window as any).__sameDocument = true))
const sameDocument = (p: Page) => p.evaluate(() => (window as any).__sameDocument === true)
/** Call the API from a task of the page's own, so a reload it triggers does not break the evaluate. */
const later = (p: Page, method: string, arg?: unknown) =>
  p.evaluate(([m, a]) => setTimeout(() => (window as any).ConsentGate[m as string](a)), [method, arg] as const)

async function acceptEverything(p: Page) {
  await gate(p, 'acceptAll')
  await p.waitForFunction(() => ((window as any).__log || []).length >= 2)
}

test("withdrawing a granted category reloads the page, deletes that category's cookies and keeps its scripts off", async () => {
  const { context, page: p } = await visit(page('/withdraw.html'))
  await acceptEverything(p)
  expect(await cookieNames(context)).toEqual(['_fbp', '_ga_XYZ', 'consent_gate'])
  await mark(p)

  await Promise.all([p.waitForEvent('load'), later(p, 'update', { analytics: false })])
  expect(await sameDocument(p)).toBe(false)
  expect(await cookieNames(context)).toEqual(['_fbp', 'consent_gate'])
  await p.waitForFunction(() => ((window as any).__log || []).length >= 1)
  await p.waitForTimeout(300)
  expect(await logOf(p)).toEqual(['marketing'])
  expect((await gate(p, 'get')).categories).toMatchObject({ analytics: false, marketing: true })
})

test("withdrawing a granted service reloads the page and deletes that service's cookies only", async () => {
  const services = {
    categories: {
      necessary: { title: 'Necessary', required: true },
      analytics: { title: 'Analytics', services: { ga4: { title: 'GA4', cookies: ['_ga*'] }, hotjar: { title: 'Hotjar', cookies: ['_hj*'] } } },
    },
  }
  const url = env.site.page(
    '/withdraw-service.html',
    `<!doctype html><html><head><script>window.consentGateConfig = ${JSON.stringify(services)}</script>${sdkTag()}
<script type="text/plain" data-service="ga4" src="/js/log.js?name=ga4&cookie=_ga_XYZ"></script>
<script type="text/plain" data-service="hotjar" src="/js/log.js?name=hotjar&cookie=_hjSession"></script>
</head><body>page</body></html>`,
  )
  const { context, page: p } = await visit(url)
  await acceptEverything(p)
  await mark(p)
  await Promise.all([p.waitForEvent('load'), later(p, 'update', { hotjar: false })])
  expect(await sameDocument(p)).toBe(false)
  expect(await cookieNames(context)).toEqual(['_ga_XYZ', 'consent_gate'])
  expect(await gate(p, 'has', 'analytics')).toBe(true)
})

test('rejectAll() after acceptAll() reloads the page and deletes every listed cookie', async () => {
  const { context, page: p } = await visit(page('/reject-after-accept.html'))
  await acceptEverything(p)
  await mark(p)
  await Promise.all([p.waitForEvent('load'), later(p, 'rejectAll')])
  expect(await sameDocument(p)).toBe(false)
  expect(await cookieNames(context)).toEqual(['consent_gate'])
  expect(await logOf(p)).toBeNull()
})

test('with reloadOnRevoke: false a withdrawal does not reload but still deletes the cookies', async () => {
  const { context, page: p } = await visit(page('/no-reload.html', { reloadOnRevoke: false }))
  await acceptEverything(p)
  await mark(p)
  const state = await gate(p, 'update', { analytics: false })
  await p.waitForTimeout(400)
  expect(await sameDocument(p)).toBe(true)
  expect(state.categories.analytics).toBe(false)
  expect(await cookieNames(context)).toEqual(['_fbp', 'consent_gate'])
})

test('granting more does not reload the page', async () => {
  const { page: p } = await visit(page('/grant-more.html'))
  await gate(p, 'update', { analytics: true })
  await mark(p)
  await gate(p, 'update', { marketing: true })
  await p.waitForFunction(() => ((window as any).__log || []).length >= 2)
  await p.waitForTimeout(300)
  expect(await sameDocument(p)).toBe(true)
  expect(await logOf(p)).toEqual(['analytics', 'marketing'])
})

test('a first refusal by an undecided visitor does not reload the page', async () => {
  const { page: p } = await visit(page('/first-refusal.html'))
  await mark(p)
  await gate(p, 'rejectAll')
  await p.waitForTimeout(400)
  expect(await sameDocument(p)).toBe(true)
})

test('reset() after a grant reloads the page, deletes the listed cookies and leaves the visitor undecided', async () => {
  const { context, page: p } = await visit(page('/reset.html'))
  await acceptEverything(p)
  await mark(p)
  await Promise.all([p.waitForEvent('load'), later(p, 'reset')])
  expect(await sameDocument(p)).toBe(false)
  expect(await cookieNames(context)).toEqual([])
  expect(await gate(p, 'get')).toBeNull()
  expect(await logOf(p)).toBeNull()
})
