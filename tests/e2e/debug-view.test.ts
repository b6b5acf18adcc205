import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { gate } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

const CONFIG = `<script>window.consentGateConfig = {
  endpoint: '/api/consents',
  categories: {
    necessary: { required: true },
    analytics: { cookies: ['_ga*'], services: { hotjar: { title: 'Hotjar', cookies: ['_hj*'] } } },
    marketing: { cookies: ['_fbp'] },
  },
}</script>`

const PIXEL = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'

/** A page with each kind of gated element: inline and external scripts, one that fails, a service's script, a frame and an image. */
const page = (path: string, headers: Record<string, string> = {}, config = CONFIG) =>
  env.site.page(
    path,
    `<!doctype html><html lang="en"><head>${headers['Content-Security-Policy'] ? '' : config}${sdkTag()}
<script type="text/plain" data-category="analytics" src="/js/log.js?name=analytics&cookie=_ga_TEST"></script>
<script type="text/plain" data-category="analytics" src="/js/missing.js"></script>
<script type="text/plain" data-service="hotjar" src="/js/log.js?name=hotjar"></script>
<script type="text/plain" data-category="marketing" src="/js/log.js?name=marketing"></script>
</head><body><main><h1>Shop</h1>
<iframe data-category="marketing" data-src="/embed.html" title="Video"></iframe>
<img data-category="analytics" data-src="${PIXEL}" alt="">
</main></body></html>`,
    headers,
  )

const inspect = (p: Page) => p.evaluate(() => (window as any).ConsentGate.inspect())
const rows = (p: Page) =>
  p.evaluate(() =>
    Array.from(document.querySelector('#consent-gate-debug')!.shadowRoot!.querySelectorAll('table'))[0]
      ? Array.from(document.querySelector('#consent-gate-debug')!.shadowRoot!.querySelector('table')!.querySelectorAll('tbody tr')).map((tr) =>
          Array.from(tr.children).map((td) => td.textContent),
        )
      : [],
  )

test('?consent-gate-debug opens the overlay listing every gated element, blocked before a choice', async () => {
  const { page: p } = await visit(page('/debug.html') + '?consent-gate-debug')
  const overlay = p.getByRole('region', { name: 'ConsentGate debug' })
  await overlay.waitFor()
  await expect.poll(() => rows(p).then((r) => r.length)).toBe(6)
  const table = await rows(p)
  expect(table.map((r) => [r[0], r[4]])).toEqual([
    ['script', 'blocked'],
    ['script', 'blocked'],
    ['script', 'blocked'],
    ['script', 'blocked'],
    ['iframe', 'blocked'],
    ['img', 'blocked'],
  ])
  expect(table[0].slice(1, 4)).toEqual(['/js/log.js?name=analytics&cookie=_ga_TEST', 'analytics', ''])
  expect(table[2].slice(2, 4)).toEqual(['', 'hotjar'])
})

test('after acceptAll() the overlay shows each element loaded or failed, with when', async () => {
  const { page: p } = await visit(page('/debug-accept.html') + '?consent-gate-debug')
  await p.getByRole('region', { name: 'ConsentGate debug' }).waitFor()
  await gate(p, 'acceptAll')
  await p.waitForFunction(() => ((window as any).__log || []).length >= 3)
  await expect.poll(async () => (await rows(p)).map((r) => r[4])).toEqual(['loaded', 'failed', 'loaded', 'loaded', 'loaded', 'loaded'])
  for (const r of await rows(p)) expect(r[5]).toMatch(/^\d+ ms$/)
})

test('inspect() returns the same data as plain objects: elements, Consent Mode calls, cookies, the record, the receipt', async () => {
  const { page: p } = await visit(page('/debug-inspect.html'))
  const before = await inspect(p)
  expect(before.elements.map((e: any) => e.state)).toEqual(['blocked', 'blocked', 'blocked', 'blocked', 'blocked', 'blocked'])
  expect(before.elements[1]).toEqual({ tag: 'script', url: '/js/missing.js', snippet: null, category: 'analytics', service: null, state: 'blocked', at: null })
  expect(before.record).toBeNull()
  expect(before.consentMode.map((c: any) => c.command)).toEqual(['default'])
  expect(before.consentMode[0].signals.analytics_storage).toBe('denied')
  expect(before.receipt).toMatchObject({ status: 'none', queued: 0 })
  // Synchronous once the chunk is there.
  expect(await p.evaluate(() => typeof (window as any).ConsentGate.inspect().then)).toBe('undefined')

  await gate(p, 'update', { analytics: true })
  await p.waitForFunction(() => ((window as any).__log || []).includes('analytics'))
  await p.evaluate(() => (document.cookie = '_fbp=1; path=/'))
  await expect.poll(async () => (await inspect(p)).receipt.status).toBe('delivered')
  // What ran, in the order it ran, then what is still blocked, in document order (polled: a
  // released script is `loading` until its load event, which a busy machine may delay).
  await expect
    .poll(async () => (await inspect(p)).elements.map((e: any) => [e.url, e.state]))
    .toEqual([
      ['/js/log.js?name=analytics&cookie=_ga_TEST', 'loaded'],
      ['/js/missing.js', 'failed'],
      ['/js/log.js?name=hotjar', 'loaded'],
      [PIXEL, 'loaded'],
      ['/js/log.js?name=marketing', 'blocked'],
      ['/embed.html', 'blocked'],
    ])
  const after = await inspect(p)
  expect(after.elements[0].at).toBeGreaterThan(0)
  expect(after.consentMode.map((c: any) => [c.command, c.signals.analytics_storage])).toEqual([
    ['default', 'denied'],
    ['update', 'granted'],
  ])
  const cookies = Object.fromEntries(after.cookies.map((c: any) => [c.name, c]))
  expect(cookies._ga_TEST).toEqual({ name: '_ga_TEST', category: 'analytics', service: null, allowed: true })
  expect(cookies._fbp).toEqual({ name: '_fbp', category: 'marketing', service: null, allowed: false })
  expect(cookies.consent_gate).toMatchObject({ allowed: true })
  expect(after.record).toMatchObject({ method: 'custom', categories: { analytics: true, marketing: false } })
  expect(after.receipt).toMatchObject({ status: 'delivered', httpStatus: 201, queued: 0 })
  expect(after.receipt.receiptId).toMatch(/^[\da-f-]{36}$/)
})

test('a receipt the endpoint refuses shows as refused, still queued', async () => {
  env.site.respondWith(503)
  const { page: p } = await visit(page('/debug-refused.html'))
  await gate(p, 'rejectAll')
  await expect.poll(async () => (await inspect(p)).receipt.status).toBe('refused')
  expect((await inspect(p)).receipt).toMatchObject({ httpStatus: 503, queued: 1 })
})

test('ConsentGate.debug() opens the overlay; its Close button removes it', async () => {
  const { page: p } = await visit(page('/debug-call.html'))
  expect(await p.locator('#consent-gate-debug').count()).toBe(0)
  await gate(p, 'debug')
  const overlay = p.getByRole('region', { name: 'ConsentGate debug' })
  await overlay.waitFor()
  await expect.poll(() => rows(p).then((r) => r.length)).toBe(6)
  await overlay.getByRole('button', { name: 'Close' }).click()
  expect(await p.locator('#consent-gate-debug').count()).toBe(0)
})

test("under Content-Security-Policy script-src 'self'; style-src 'self' the overlay is styled and nothing is refused", async () => {
  const { page: p, errors } = await visit(
    page('/debug-csp.html', { 'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:" }) +
      '?consent-gate-debug',
  )
  const overlay = p.getByRole('region', { name: 'ConsentGate debug' })
  await overlay.waitFor()
  await gate(p, 'acceptAll')
  // No inline config under this policy: the default categories, where `hotjar` is no known service
  // (it stays blocked, listed last).
  await expect
    .poll(async () => (await rows(p)).map((r) => [r[3], r[4]]))
    .toEqual([
      ['', 'loaded'],
      ['', 'failed'],
      ['', 'loaded'],
      ['', 'loaded'],
      ['', 'loaded'],
      ['hotjar', 'blocked'],
    ])
  // Its own sheet applies: a fixed panel, not a static block.
  expect(await overlay.evaluate((el) => getComputedStyle(el).position)).toBe('fixed')
  expect(errors.consoleErrors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([])
  expect(errors.pageErrors).toEqual([])
})

test("a gated script's own onload attribute still runs once it is released", async () => {
  const url = env.site.page(
    '/debug-onload.html',
    `<!doctype html><html><head>${sdkTag()}
<script type="text/plain" data-category="analytics" src="/js/log.js?name=first" onload="window.__onload = (window.__onload || 0) + 1"></script>
<script type="text/plain" data-category="analytics" src="/js/log.js?name=second"></script>
</head><body></body></html>`,
  )
  const { page: p } = await visit(url)
  await gate(p, 'acceptAll')
  await p.waitForFunction(() => ((window as any).__log || []).length >= 2)
  expect(await p.evaluate(() => (window as any).__onload)).toBe(1)
  expect(await p.evaluate(() => (window as any).__log)).toEqual(['first', 'second'])
})
