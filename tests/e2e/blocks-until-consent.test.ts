import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { launch, watchErrors } from './support/browser'
import { sdkTag, startSite } from './support/server'

let browser: Browser
let site: Awaited<ReturnType<typeof startSite>>

beforeAll(async () => {
  ;[browser, site] = await Promise.all([launch(), startSite()])
})
afterAll(async () => {
  await browser?.close()
  await site?.close()
})

const PAGE = `<!doctype html><html><head>
${sdkTag()}
<script type="text/plain" data-category="analytics">window.__log = (window.__log || []).concat('inline-1'); document.cookie = '_ga=GA1.1; path=/'</script>
<script type="text/plain" data-category="analytics" src="/js/log.js?name=external-2&delay=150"></script>
<script type="text/plain" data-category="analytics">window.__log = (window.__log || []).concat('inline-3')</script>
</head><body><p>page</p></body></html>`

test('nothing gated runs and no gated cookie is set before a decision', async () => {
  const url = site.page('/blocks.html', PAGE)
  const page = await browser.newPage()
  const errors = watchErrors(page)
  await page.goto(url)
  await page.waitForTimeout(300)
  expect(await page.evaluate(() => (window as any).__log ?? null)).toBeNull()
  expect(await page.evaluate(() => document.cookie)).not.toContain('_ga=')
  expect(await page.evaluate(() => (window as any).ConsentGate.get())).toBeNull()
  expect(errors.pageErrors).toEqual([])
  await page.close()
})

test('after acceptAll() inline and external scripts run in document order', async () => {
  const url = site.page('/order.html', PAGE)
  const page = await browser.newPage()
  await page.goto(url)
  await page.evaluate(() => (window as any).ConsentGate.acceptAll())
  await page.waitForFunction(() => ((window as any).__log || []).length === 3)
  expect(await page.evaluate(() => (window as any).__log)).toEqual(['inline-1', 'external-2', 'inline-3'])
  await page.close()
})
