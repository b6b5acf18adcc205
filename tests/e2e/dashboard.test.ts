import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { buildApp } from '../../log-server/src/app'
import { loadConfig } from '../../log-server/src/config'
import { seedSampleDecisions } from '../../log-server/src/seed'
import { SqliteStore } from '../../log-server/src/store/sqlite'
import { launch, watchErrors } from './support/browser'

/**
 * The consent dashboard (`GET /dashboard`, the built `log-server/dist/dashboard/`) in Chromium,
 * on a consent-log server with four weeks of seeded decisions in a temporary SQLite file: what
 * an operator signs in to, reads, narrows and downloads, on a desktop and a 360 px phone.
 */
const TOKEN = 'dashboard-test-token-0123456789'
const KEY = 'd'.repeat(64)
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
/** Chromium on a busy two-core machine can take seconds, not the default one. */
const SOON = { timeout: 15_000 }

interface Server {
  app: FastifyInstance
  url: string
  close(): Promise<void>
}

async function startLog(seed: boolean): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'cg-dash-'))
  const store = new SqliteStore(join(dir, 'consents.db'))
  await store.migrate()
  const config = loadConfig({}, { CONSENT_GATE_RATE_LIMIT: '0' })
  const app = await buildApp({ config, store, key: KEY, adminToken: TOKEN, logger: false })
  if (seed) {
    await seedSampleDecisions({ store, key: KEY }, { now: Date.now() - 60_000 })
    // A receipt whose method a spreadsheet would run as a formula: the CSV must defuse it.
    const now = new Date(Math.floor(Date.now() / 1000) * 1000 - 30_000).toISOString()
    const receipt = {
      schema: 'consent-gate.receipt/1',
      receiptId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b',
      consentId: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
      revision: 2,
      categories: { necessary: true, analytics: true, marketing: false },
      services: {},
      method: '-cmd',
      timestamp: now,
      url: 'https://shop.example/',
      language: 'en',
      configHash: 'c0ffee02',
    }
    const res = await app.inject({ method: 'POST', url: '/api/consents', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(receipt) })
    if (res.statusCode !== 201) throw new Error(`receipt refused: ${res.body}`)
  }
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

let browser: Browser
let log: Server
const open: { close(): Promise<void> }[] = []

beforeAll(async () => {
  ;[browser, log] = await Promise.all([launch(), startLog(true)])
})
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()))
})
afterAll(async () => {
  await browser?.close()
  await log?.close()
})

const stats = async (q: string, server = log) => {
  const res = await fetch(`${server.url}/api/stats?${q}`, { headers: { authorization: `Bearer ${TOKEN}` } })
  expect(res.status).toBe(200)
  return res.json()
}

/** A fresh browser tab on the dashboard; CSP violations and page errors are collected. */
async function openDashboard(options: BrowserContextOptions = {}, server = log) {
  const context = await browser.newContext({ locale: 'en-US', ...options })
  open.push(context)
  const page = await context.newPage()
  const errors = watchErrors(page)
  const csp: string[] = []
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && csp.push(m.text()))
  await page.goto(`${server.url}/dashboard`)
  return { context, page, errors, csp }
}

async function signIn(page: Page, token = TOKEN, label = 'Admin token', button = 'Sign in') {
  await page.getByLabel(label).fill(token)
  await page.getByRole('button', { name: button }).click()
}

const charted = (page: Page) => page.locator('section[data-figure=reach] canvas').waitFor(SOON)

/** The cells of a figure's table, row by row (header, body, total), as text. */
const tableOf = (page: Page, figure: string) =>
  page
    .locator(`section[data-figure=${figure}] .table-wrap tr`)
    .evaluateAll((rows) => rows.map((r) => Array.from(r.children, (c) => (c.textContent || '').trim())))

const count = (n: number) => n.toLocaleString('en')
const pct = new Intl.NumberFormat('en', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })
const share = (p: { decisions: number; impressions: number }) => (p.impressions ? pct.format(Math.round((p.decisions / p.impressions) * 10000) / 10000) : '—')

/** The reach table as the page must print it, from /api/stats' own answer. */
const reachRows = (s: any) => [
  ['Period (UTC)', 'Banner impressions', 'Decisions', 'Visitors who decided'],
  ...s.series.map((p: any) => [p.period, count(p.impressions), count(p.decisions), share(p)]),
  ['Total', count(s.total.impressions), count(s.total.decisions), share(s.total)],
]

/** axe-core's WCAG 2.x A/AA violations of the whole page (evaluated through DevTools, which the page's CSP does not govern). */
async function violations(page: Page) {
  await page.evaluate(AXE)
  return page.evaluate(async () => {
    const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
    return result.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join('; ')})`)
  })
}

const rangeOf = (page: Page) =>
  page.evaluate(() => ({ from: (document.getElementById('from') as HTMLInputElement).value, to: (document.getElementById('to') as HTMLInputElement).value }))

test('signed out: a labelled password field; a wrong token is refused in an alert and nothing is kept', async () => {
  const { page, errors, csp } = await openDashboard()
  const field = page.getByLabel('Admin token')
  await expect.poll(() => field.getAttribute('type'), SOON).toBe('password')
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
  expect(await violations(page)).toEqual([])

  await signIn(page, 'not-the-token')
  const alert = page.getByRole('alert')
  await alert.waitFor(SOON)
  expect(await alert.textContent()).toBe('That token was refused.')
  expect(await field.getAttribute('aria-invalid')).toBe('true')
  expect(await page.locator('canvas').count()).toBe(0)
  expect(await page.evaluate(() => ({ session: sessionStorage.length, local: localStorage.length, cookie: document.cookie, url: location.href }))).toEqual({
    session: 0,
    local: 0,
    cookie: '',
    url: `${log.url}/dashboard`,
  })
  expect(await violations(page)).toEqual([])
  // An empty field is said too, without asking the server.
  await signIn(page, '   ')
  await expect.poll(() => alert.textContent(), SOON).toBe('Enter the admin token.')
  expect(errors.pageErrors).toEqual([])
  expect(csp).toEqual([])
})

test('signed in: seven charts and their tables, with the numbers of /api/stats', async () => {
  const { page, errors, csp } = await openDashboard()
  await signIn(page)
  await charted(page)
  expect(await page.locator('section.figure canvas').count()).toBe(7)
  // The chart really drew something: coloured pixels on the reach chart's canvas.
  const inked = await page.locator('section[data-figure=reach] canvas').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    let n = 0
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 100 || d[i + 2] > 150) && Math.abs(d[i] - d[i + 2]) > 60) n++
    return n
  })
  expect(inked).toBeGreaterThan(200)

  // The default range: the last 30 days, today (UTC) included.
  const range = await rangeOf(page)
  const today = new Date().toISOString().slice(0, 10)
  expect(range).toEqual({ from: new Date(Date.now() - 29 * 864e5).toISOString().slice(0, 10), to: today })
  const s = await stats(`from=${range.from}&to=${range.to}&groupBy=day`)
  expect(s.series.length).toBeGreaterThanOrEqual(28)
  expect(await tableOf(page, 'reach')).toEqual(reachRows(s))

  const methods = await tableOf(page, 'methods')
  expect(methods[0]).toEqual(['Period (UTC)', 'Accept all', 'Reject all', 'Custom', 'Withdraw', 'Placeholder', '-cmd'])
  const keys = ['accept-all', 'reject-all', 'custom', 'withdraw', 'placeholder', '-cmd']
  expect(methods.at(-1)).toEqual(['Total', ...keys.map((k) => count(s.total.methods[k] || 0))])
  const categories = await tableOf(page, 'categories')
  expect(categories[0]).toEqual(['Period (UTC)', 'analytics', 'functional', 'marketing', 'necessary'])
  expect(categories.at(-1)).toEqual(['Total', ...['analytics', 'functional', 'marketing', 'necessary'].map((k) => pct.format(s.total.categories[k].optInRate))])
  expect((await tableOf(page, 'services'))[0]).toEqual(['Period (UTC)', 'ads', 'stats', 'video'])
  expect((await tableOf(page, 'revisions'))[0]).toEqual(['Period (UTC)', 'Revision 1', 'Revision 2'])
  expect((await tableOf(page, 'languages'))[0].slice(1).sort()).toEqual(['English', 'Korean'])
  expect((await tableOf(page, 'profiles'))[0].slice(1).sort()).toEqual(['No profile', 'eu', 'kr'])

  // The summary a sighted operator reads first.
  const summary = await page
    .locator('.summary dl > div')
    .evaluateAll((ds) => ds.map((d) => [d.querySelector('dt')?.textContent, d.querySelector('dd')?.textContent]))
  expect(summary).toContainEqual(['Banner impressions', count(s.total.impressions)])
  expect(summary).toContainEqual(['Decisions', count(s.total.decisions)])
  expect(summary).toContainEqual(['analytics opt-in', pct.format(s.total.categories.analytics.optInRate)])

  // The tables are hidden until asked for, yet always in the accessibility tree.
  const reachTable = page.getByRole('table', { name: /^Banner impressions vs decisions/ })
  expect(await reachTable.count()).toBe(1)
  // Visually hidden: a 1 px clipped box, until "Show table".
  const shownWidth = () => page.locator('section[data-figure=reach] .table-wrap').evaluate((e) => e.getBoundingClientRect().width)
  expect(await shownWidth()).toBeLessThanOrEqual(1)
  await page.locator('section[data-figure=reach]').getByRole('button', { name: 'Show table' }).click()
  await expect.poll(shownWidth, SOON).toBeGreaterThan(200)
  expect(await reachTable.isVisible()).toBe(true)
  expect(await page.locator('section[data-figure=reach]').getByRole('button', { name: 'Hide table' }).getAttribute('aria-expanded')).toBe('true')

  // The token lives in this tab's sessionStorage only: not in the page, the URL, a cookie or localStorage.
  expect(await page.evaluate(() => Object.values(sessionStorage))).toContain(TOKEN)
  expect(await page.evaluate(() => localStorage.length + document.cookie.length)).toBe(0)
  expect(await page.content()).not.toContain(TOKEN)
  expect(page.url()).toBe(`${log.url}/dashboard`)
  expect(await violations(page)).toEqual([])
  expect(errors.pageErrors).toEqual([])
  expect(csp).toEqual([])
})

test('a narrower range and another grouping: the tables follow the server', async () => {
  const { page } = await openDashboard()
  await signIn(page)
  await charted(page)
  const { to } = await rangeOf(page)
  const from = new Date(Date.parse(to) - 13 * 864e5).toISOString().slice(0, 10)
  await page.getByLabel('From').fill(from)
  const byDay = await stats(`from=${from}&to=${to}&groupBy=day`)
  await expect.poll(() => tableOf(page, 'reach'), SOON).toEqual(reachRows(byDay))
  expect(byDay.series.length).toBe(14)

  await page.getByLabel('Group by').selectOption('week')
  const byWeek = await stats(`from=${from}&to=${to}&groupBy=week`)
  await expect.poll(() => tableOf(page, 'reach'), SOON).toEqual(reachRows(byWeek))
  expect(byWeek.series.length).toBeLessThan(4)
  await expect.poll(() => page.getByRole('status').textContent(), SOON).toBe(`${from} to ${to} (UTC), by week.`)
  // Week periods are the Mondays the API names.
  expect((await tableOf(page, 'methods')).slice(1, -1).map((r) => r[0])).toEqual(byWeek.series.map((p: any) => p.period))

  await page.getByLabel('Group by').selectOption('month')
  const byMonth = await stats(`from=${from}&to=${to}&groupBy=month`)
  await expect.poll(() => tableOf(page, 'reach'), SOON).toEqual(reachRows(byMonth))

  // A start after the end is said, and the figures stay as they were.
  await page.getByLabel('From').fill(new Date(Date.parse(to) + 864e5).toISOString().slice(0, 10))
  await expect.poll(() => page.getByRole('alert').textContent(), SOON).toBe('The start date must be on or before the end date.')
  expect(await tableOf(page, 'reach')).toEqual(reachRows(byMonth))
})

test('the CSV download holds the figures on screen, formula cells defused', async () => {
  const { page } = await openDashboard()
  await signIn(page)
  await charted(page)
  const { from, to } = await rangeOf(page)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()])
  expect(download.suggestedFilename()).toBe(`consent-stats-${from}-${to}.csv`)
  const text = readFileSync((await download.path())!, 'utf8')
  const lines = text.split('\r\n')
  expect(lines[0]).toBe('period,metric,key,value')
  const s = await stats(`from=${from}&to=${to}&groupBy=day`)
  expect(lines).toContain(`total,decisions,,${s.total.decisions}`)
  expect(lines).toContain(`total,impressions,,${s.total.impressions}`)
  expect(lines).toContain(`total,category_opt_in_rate,marketing,${s.total.categories.marketing.optInRate}`)
  for (const p of s.series) {
    expect(lines).toContain(`${p.period},decisions,,${p.decisions}`)
    for (const [k, n] of Object.entries(p.methods)) expect(lines).toContain(`${p.period},method,${k === '-cmd' ? "'-cmd" : k},${n}`)
  }
  // The method "-cmd" would start a formula in a spreadsheet: it starts with a quote instead.
  expect(text).toContain(",method,'-cmd,1")
  expect(text).not.toMatch(/(^|,)-cmd/m)
})

test('on a 360 px phone: no horizontal scroll, the charts fit, the tables scroll in their own box', async () => {
  const { page, errors } = await openDashboard({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true })
  const wide = () => page.evaluate(() => document.documentElement.scrollWidth)
  expect(await wide()).toBeLessThanOrEqual(360)
  await signIn(page)
  await charted(page)
  expect(await wide()).toBeLessThanOrEqual(360)
  const right = () => page.locator('canvas').evaluateAll((cs) => Math.max(...cs.map((c) => c.getBoundingClientRect().right)))
  expect(await right()).toBeLessThanOrEqual(360)
  // Each click renames its button "Hide table": the first "Show table" left is the next one.
  const show = page.getByRole('button', { name: 'Show table' })
  for (let i = 0; i < 7; i++) await show.first().click()
  await expect.poll(() => page.getByRole('button', { name: 'Hide table' }).count(), SOON).toBe(7)
  expect(await wide()).toBeLessThanOrEqual(360)
  expect(await violations(page)).toEqual([])
  expect(errors.pageErrors).toEqual([])
})

test('the charts follow their box: a wide window narrowed to a phone', async () => {
  const { page } = await openDashboard({ viewport: { width: 1280, height: 800 } })
  await signIn(page)
  await charted(page)
  const width = () => page.locator('section[data-figure=reach] canvas').evaluate((c) => c.getBoundingClientRect().width)
  expect(await width()).toBeGreaterThan(400)
  await page.setViewportSize({ width: 360, height: 640 })
  await expect.poll(width, SOON).toBeLessThan(340)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
})

test('in Korean: from the browser language, with a switch; <html lang> follows', async () => {
  const { page, errors } = await openDashboard({ locale: 'ko-KR' })
  await page.getByLabel('관리자 토큰').waitFor(SOON)
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko')
  await signIn(page, 'wrong-token', '관리자 토큰', '로그인')
  await expect.poll(() => page.getByRole('alert').textContent(), SOON).toBe('이 토큰은 거부되었습니다.')
  await signIn(page, TOKEN, '관리자 토큰', '로그인')
  await charted(page)
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('동의 대시보드')
  expect((await tableOf(page, 'methods'))[0].slice(0, 4)).toEqual(['기간 (UTC)', '모두 수락', '모두 거부', '직접 선택'])
  expect(await page.getByRole('button', { name: 'CSV 다운로드' }).count()).toBe(1)
  expect(await violations(page)).toEqual([])

  await page.getByLabel('언어 (Language)').selectOption('en')
  await expect.poll(() => page.evaluate(() => document.documentElement.lang), SOON).toBe('en')
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Consent dashboard')
  expect((await tableOf(page, 'methods'))[0][1]).toBe('Accept all')
  expect(errors.pageErrors).toEqual([])
})

test('the token is kept for the tab: a reload stays signed in, another tab does not, sign-out forgets it', async () => {
  const { context, page } = await openDashboard()
  await signIn(page)
  await charted(page)
  await page.reload()
  await charted(page)
  const other = await context.newPage()
  await other.goto(`${log.url}/dashboard`)
  await other.getByLabel('Admin token').waitFor(SOON)
  expect(await other.locator('canvas').count()).toBe(0)

  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByLabel('Admin token').waitFor(SOON)
  expect(await page.getByRole('status').textContent()).toBe('Signed out.')
  expect(await page.evaluate(() => Object.values(sessionStorage))).not.toContain(TOKEN)
  await page.reload()
  await page.getByLabel('Admin token').waitFor(SOON)
  expect(await page.locator('canvas').count()).toBe(0)
})

test('after too many wrong tokens the server locks the address, and the page says so', async () => {
  const locked = await startLog(false)
  open.push(locked)
  const { page } = await openDashboard({}, locked)
  for (let i = 0; i < 10; i++) {
    await signIn(page, `wrong-${i}`)
    await expect.poll(() => page.getByRole('alert').textContent(), SOON).toBe('That token was refused.')
    // The next attempt starts from a fresh alert.
    await page.getByLabel('Admin token').fill('')
  }
  await signIn(page, TOKEN)
  await expect.poll(() => page.getByRole('alert').textContent(), SOON).toMatch(/^Too many failed sign-ins from this address\. Try again in \d+ s\.$/)
  expect(await page.locator('canvas').count()).toBe(0)
})
