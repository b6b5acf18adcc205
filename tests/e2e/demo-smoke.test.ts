import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { launch, watchErrors } from './support/browser'

/**
 * The demo as `npm start` serves it (`node demo/server.mjs` on the built files: `npm start` builds
 * first, which the test command has done): a visitor accepts on the shop, and the operator finds
 * that decision in the dashboard, signed in with the token the console printed.
 */
const DEMO = join(import.meta.dirname, '..', '..', 'demo', 'server.mjs')
const SOON = { timeout: 15_000 }
const dir = mkdtempSync(join(tmpdir(), 'cg-demo-smoke-'))

let browser: Browser
let child: ChildProcess
let url = ''
let token = ''

beforeAll(async () => {
  browser = await launch()
  // DEMO_SEED=0: an empty log, so the dashboard's only decision is the one made here.
  child = spawn(process.execPath, [DEMO], {
    env: { PATH: process.env.PATH, PORT: '0', DEMO_SEED: '0', CONSENT_GATE_DB: join(dir, 'demo.db') },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stderr!.on('data', (d) => (out += d))
  ;[, url, token] = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start: ${out}`)), 30_000)
    child.stdout!.on('data', (d) => {
      out += d
      const m = /^Dashboard: (http:\/\/127\.0\.0\.1:\d+)\/dashboard \(admin token: (\S+)\)$/m.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m)
      }
    })
    child.on('exit', () => reject(new Error(`the demo exited: ${out}`)))
  })
})
afterAll(async () => {
  await browser?.close()
  child?.kill('SIGTERM')
  rmSync(dir, { recursive: true, force: true })
})

const tableOf = (page: Page, figure: string) =>
  page
    .locator(`section[data-figure=${figure}] .table-wrap tr`)
    .evaluateAll((rows) => rows.map((r) => Array.from(r.children, (c) => (c.textContent || '').trim())))

test('a visitor accepts on the shop; the decision is in the dashboard', async () => {
  const context = await browser.newContext({ locale: 'en-US' })
  const shop = await context.newPage()
  const errors = watchErrors(shop)
  await shop.goto(url + '/')
  await shop.getByRole('button', { name: 'Accept all' }).click()
  // The receipt reached the consent log (the server answers it with its own copy of the cookie).
  await expect
    .poll(async () => (await (await fetch(url + '/api/stats', { headers: { authorization: `Bearer ${token}` } })).json()).total.decisions, SOON)
    .toBe(1)

  const dashboard = await context.newPage()
  await dashboard.goto(url + '/dashboard')
  await dashboard.getByLabel('Admin token').fill(token)
  await dashboard.getByRole('button', { name: 'Sign in' }).click()
  await dashboard.locator('section[data-figure=methods] canvas').waitFor(SOON)
  const methods = await tableOf(dashboard, 'methods')
  const column = methods[0].indexOf('Accept all')
  expect(column).toBeGreaterThan(0)
  expect(methods.at(-1)![0]).toBe('Total')
  expect(methods.at(-1)![column]).toBe('1')
  expect(errors.pageErrors).toEqual([])
  await context.close()
})

test('the shop has a product page with the video embed and a privacy policy in English and Korean with the cookie declaration', async () => {
  const context = await browser.newContext({ locale: 'en-US' })
  const page = await context.newPage()
  await page.goto(url + '/product.html')
  await page.getByRole('button', { name: 'Reject all' }).click()
  // The gated video: its placeholder names the service.
  await page.locator('[data-cg-placeholder]').first().waitFor(SOON)
  for (const [path, heading] of [
    ['/privacy.html', 'Strictly necessary'],
    ['/privacy-ko.html', '필수'],
  ]) {
    await page.goto(url + path)
    const declaration = page.locator('[data-consent-gate-declaration]')
    await declaration.getByRole('heading', { name: heading }).first().waitFor(SOON)
    expect(await declaration.locator('table').count()).toBeGreaterThan(0)
  }
  await context.close()
})
