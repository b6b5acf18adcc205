import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core'
import { launch, watchErrors } from './support/browser'
import { sdkTag, startSite } from './support/server'
import { startDemoServer, type DemoServer } from '../../demo/server.mjs'

/**
 * DuckDuckGo's autoconsent, the engine of tools that answer cookie banners for people, on the demo
 * with our rule (`data/autoconsent/consent-gate.json`): it detects the banner, opts out (and its
 * own self-test confirms it from the cookie), and opts in, in Chromium. Driven the way its own
 * Playwright runner does it: the content script as an init script, and a binding that receives its
 * messages and answers `init` with the config and the rules. Also here: what makes the banner
 * findable by such tools, the host's id and name and its box.
 */
const require = createRequire(import.meta.url)
const AUTOCONSENT = require.resolve('@duckduckgo/autoconsent/rules/rules.json').replace(/rules[\\/]rules\.json$/, '')
const CONTENT_SCRIPT = readFileSync(join(AUTOCONSENT, 'dist/autoconsent.playwright.js'), 'utf8')
const SHIPPED_RULES: unknown[] = JSON.parse(readFileSync(join(AUTOCONSENT, 'rules/rules.json'), 'utf8')).autoconsent
const RULE = JSON.parse(readFileSync(join(import.meta.dirname, '../../data/autoconsent/consent-gate.json'), 'utf8'))

let browser: Browser
let demo: DemoServer
let site: Awaited<ReturnType<typeof startSite>>
const contexts: BrowserContext[] = []

beforeAll(async () => {
  ;[browser, demo, site] = await Promise.all([launch(), startDemoServer({ port: 0, db: ':memory:', log: () => {} }), startSite()])
})
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()))
})
afterAll(async () => {
  await browser?.close()
  await Promise.all([demo?.close(), site?.close()])
})

const SOON = { timeout: 15_000 }
type Message = { type: string; cmp?: string; result?: boolean; [k: string]: unknown }

/** A fresh visitor whose pages run autoconsent with `rules`, doing `action`; its messages are collected. */
async function autoconsent(action: 'optOut' | 'optIn', rules: unknown[]) {
  const context = await browser.newContext()
  contexts.push(context)
  const received: Message[] = []
  await context.exposeBinding('autoconsentSendMessage', async ({ frame }: { frame: Frame }, msg: Message) => {
    received.push(msg)
    if (msg.type === 'init') {
      const config = {
        enabled: true,
        autoAction: action,
        disabledCmps: [],
        enablePrehide: true,
        enableCosmeticRules: false,
        detectRetries: 20,
        visualTest: false,
      }
      await frame.evaluate(([c, r]) => (window as any).autoconsentReceiveMessage({ type: 'initResp', config: c, rules: { autoconsent: r } }), [
        config,
        rules,
      ] as const)
    } else if (msg.type === 'autoconsentDone' && action === 'optOut') {
      // What autoconsent's runner does after an opt-out: the rule's own `test` steps.
      await frame.evaluate(() => (window as any).autoconsentReceiveMessage({ type: 'selfTest' }))
    }
  })
  await context.addInitScript({ content: CONTENT_SCRIPT })
  const page = await context.newPage()
  const errors = watchErrors(page)
  const messages = (type: string) => received.filter((m) => m.type === type)
  return { page, errors, received, messages }
}

const state = (p: Page) => p.evaluate(() => (window as any).ConsentGate.get())
const consentCookie = async (p: Page) => (await p.context().cookies()).find((c) => c.name === 'consent_gate')?.value

test('autoconsent with our rule detects the banner on the demo and opts out; its self-test and the cookie say reject all', async () => {
  const { page, errors, messages } = await autoconsent('optOut', [RULE])
  await page.goto(demo.url)
  await expect.poll(() => messages('optOutResult'), SOON).toEqual([expect.objectContaining({ cmp: 'consent-gate', result: true })])
  expect(messages('cmpDetected')).toEqual([expect.objectContaining({ cmp: 'consent-gate' })])
  expect(messages('popupFound')).toEqual([expect.objectContaining({ cmp: 'consent-gate' })])
  await expect.poll(() => messages('selfTestResult'), SOON).toEqual([expect.objectContaining({ cmp: 'consent-gate', result: true })])
  const s = await state(page)
  expect(s.method).toBe('reject-all')
  expect(s.categories).toEqual({ necessary: true, functional: false, analytics: false, marketing: false })
  expect(await consentCookie(page)).toContain('|reject-all|')
  // The banner is gone, and autoconsent un-hid what it pre-hid.
  await page.locator('.cg-banner').waitFor({ state: 'detached' })
  expect(await page.locator('#consent-gate-root').evaluate((el) => getComputedStyle(el).opacity)).toBe('1')
  expect(messages('autoconsentError')).toEqual([])
  expect(errors.pageErrors).toEqual([])
})

test('in a fresh context autoconsent with our rule opts in: everything accepted', async () => {
  const { page, messages } = await autoconsent('optIn', [RULE])
  await page.goto(demo.url)
  await expect.poll(() => messages('optInResult'), SOON).toEqual([expect.objectContaining({ cmp: 'consent-gate', result: true })])
  const s = await state(page)
  expect(s.method).toBe('accept-all')
  expect(s.categories).toEqual({ necessary: true, functional: true, analytics: true, marketing: true })
  expect(await consentCookie(page)).toContain('|accept-all|')
})

test('on the demo’s product page autoconsent’s opt-in loads the video', async () => {
  const { page, messages } = await autoconsent('optIn', [RULE])
  await page.goto(demo.url + 'product.html')
  const video = page.locator('iframe[data-service="video"]')
  await expect.poll(() => messages('optInResult'), SOON).toEqual([expect.objectContaining({ cmp: 'consent-gate', result: true })])
  await expect.poll(() => video.getAttribute('src'), SOON).toBe('/embed.html')
  await expect.poll(() => video.contentFrame().getByText('Pour-over in four steps').count(), SOON).toBe(1)
})

test('on the product page a visitor who refuses sees the placeholder in the video’s box, and can load it once', async () => {
  const { page, messages } = await autoconsent('optOut', [RULE])
  await page.goto(demo.url + 'product.html')
  await expect.poll(() => messages('optOutResult'), SOON).toEqual([expect.objectContaining({ result: true })])
  const notice = page.getByRole('group', { name: 'This content from VideoTube is blocked until you allow Marketing.' })
  await notice.waitFor()
  expect(await page.locator('iframe[data-service="video"]').getAttribute('src')).toBeNull()
  await notice.getByRole('button', { name: 'Load this content' }).click()
  await expect.poll(() => page.locator('iframe[data-service="video"]').getAttribute('src'), SOON).toBe('/embed.html')
  expect((await state(page)).categories.marketing).toBe(false)
})

test('among all of autoconsent’s shipped rules, ours is the one that claims the banner, in Korean too', async () => {
  const { page, messages } = await autoconsent('optOut', [...SHIPPED_RULES, RULE])
  const url = site.page('/autoconsent-ko.html', `<!doctype html><html lang="ko"><head>${sdkTag()}</head><body><main><h1>상점</h1></main></body></html>`)
  await page.goto(url)
  await expect.poll(() => messages('optOutResult'), SOON).toEqual([expect.objectContaining({ cmp: 'consent-gate', result: true })])
  expect(messages('cmpDetected').map((m) => m.cmp)).toEqual(['consent-gate'])
  expect(messages('autoconsentError')).toEqual([])
  expect((await state(page)).method).toBe('reject-all')
})

test('a returning visitor has no banner: autoconsent finds no popup and does nothing', async () => {
  const { page, received } = await autoconsent('optOut', [RULE])
  await page.goto(demo.url)
  await expect.poll(() => received.filter((m) => m.type === 'optOutResult'), SOON).toHaveLength(1)
  const before = received.length
  await page.reload()
  // autoconsent has looked for a CMP a few times on the new page view (it reports its state each time).
  const attempts = () => Math.max(0, ...received.slice(before).map((m) => (m.type === 'report' ? (m.state as { findCmpAttempts: number }).findCmpAttempts : 0)))
  await expect.poll(attempts, SOON).toBeGreaterThanOrEqual(3)
  // The demo's blocked video has its placeholder, so the UI (and its host) is there, but no banner.
  expect(await page.locator('.cg-banner').count()).toBe(0)
  expect(received.slice(before).filter((m) => ['popupFound', 'optOutResult', 'optInResult'].includes(m.type))).toEqual([])
  expect((await state(page)).method).toBe('reject-all')
})

test('the host #consent-gate-root is named as cookie consent, and its box is the banner’s in every position', async () => {
  const viewport = { width: 1280, height: 800 }
  for (const [position, lang, name] of [
    ['bar', 'en', 'Cookie consent'],
    ['box', 'en', 'Cookie consent'],
    ['center', 'ko', '쿠키 동의'],
  ]) {
    const context = await browser.newContext({ viewport })
    contexts.push(context)
    const page = await context.newPage()
    await page.goto(
      site.page(
        `/host-${position}.html`,
        `<!doctype html><html lang="${lang}"><head><script>window.consentGateConfig = { position: '${position}' }</script>${sdkTag()}</head><body><main><h1>Shop</h1><p>${'Coffee. '.repeat(400)}</p></main></body></html>`,
      ),
    )
    const host = page.getByRole('group', { name, exact: true })
    await host.waitFor()
    expect(await host.getAttribute('id')).toBe('consent-gate-root')
    await page.locator('.cg-banner').waitFor()
    const [h, b] = await page.evaluate(() => {
      const hostEl = document.getElementById('consent-gate-root')!
      const rect = (el: Element) => {
        const r = el.getBoundingClientRect()
        return [r.x, r.y, r.width, r.height].map(Math.round)
      }
      return [rect(hostEl), rect(hostEl.shadowRoot!.querySelector('.cg-banner')!)]
    })
    expect(h, position).toEqual(b)
    expect(b[2] * b[3], position).toBeGreaterThan(0)
    // Once decided, the host keeps no box that could take a click meant for the page.
    await page.locator('#consent-gate-root [data-cg-action=reject-all]').click()
    await page.locator('.cg-banner').waitFor({ state: 'detached' })
    const after = await page.evaluate(() => document.getElementById('consent-gate-root')!.getBoundingClientRect().height)
    expect(after, position).toBe(0)
  }
})
