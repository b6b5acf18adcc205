import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { gate } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

const page = (path: string, attrs = 'data-endpoint="/api/consents"', lang = 'ko-KR', before = '') =>
  env.site.page(path, `<!doctype html><html lang="${lang}"><head>${before}${sdkTag(attrs)}</head><body>page</body></html>`)
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const queued = (p: Page) => p.evaluate(() => JSON.parse(localStorage.getItem('consent_gate_receipts') || '[]'))
/** Wait until the endpoint has received `n` requests in all. */
async function receivedCount(n: number, timeout = 5000) {
  const end = Date.now() + timeout
  while (env.site.received.length < n) {
    if (Date.now() > end) throw new Error(`expected ${n} receipt requests, got ${env.site.received.length}`)
    await new Promise((r) => setTimeout(r, 25))
  }
  return env.site.received
}

test('a decision POSTs a JSON receipt with the documented fields to the endpoint', async () => {
  const url = page('/shop/checkout.html')
  const { page: p } = await visit(url + '?email=someone%40example.com&utm_source=x#step-2')
  const state = await gate(p, 'update', { analytics: true })
  const [req] = await receivedCount(1)
  expect(req.method).toBe('POST')
  expect(req.contentType).toContain('application/json')
  expect(Object.keys(req.json).sort()).toEqual([
    'categories',
    'configHash',
    'consentId',
    'gpc',
    'language',
    'method',
    'profile',
    'receiptId',
    'revision',
    'schema',
    'services',
    'timestamp',
    'url',
  ])
  expect(req.json).toMatchObject({
    schema: 'consent-gate.receipt/1',
    consentId: state.id,
    revision: 1,
    categories: state.categories,
    services: state.services,
    method: 'custom',
    timestamp: state.timestamp,
    url: env.site.origin + '/shop/checkout.html',
    language: 'ko',
  })
  expect(req.json.receiptId).toMatch(UUID_V4)
  expect(req.json.receiptId).not.toBe(state.id)
  expect(req.json.configHash).toMatch(/^[0-9a-f]{8}$/)
  expect(req.body).not.toContain('someone')
})

test('a delivered receipt leaves the localStorage queue', async () => {
  const { page: p } = await visit(page('/delivered.html'))
  await gate(p, 'acceptAll')
  await receivedCount(1)
  await p.waitForFunction(() => localStorage.getItem('consent_gate_receipts') === null)
  expect(await queued(p)).toEqual([])
})

test('each decision sends its own receipt with a new receipt id and the same consent id', async () => {
  const { page: p } = await visit(page('/two-decisions.html'))
  const first = await gate(p, 'update', { analytics: true })
  await gate(p, 'update', { marketing: true })
  const [a, b] = await receivedCount(2)
  const byMethod = [a.json, b.json].sort((x, y) => Number(x.categories.marketing) - Number(y.categories.marketing))
  expect(byMethod.map((r) => r.consentId)).toEqual([first.id, first.id])
  expect(byMethod[0].receiptId).not.toBe(byMethod[1].receiptId)
  expect(byMethod.map((r) => [r.categories.analytics, r.categories.marketing])).toEqual([
    [true, false],
    [true, true],
  ])
})

/** A decision on `path` whose receipt the endpoint answers with 503: it stays queued. */
async function failedReceipt(path: string, decide: 'acceptAll' | 'rejectAll') {
  env.site.respondWith(503)
  const { page: p } = await visit(page(path))
  await gate(p, decide)
  const [failed] = await receivedCount(1)
  await p.waitForTimeout(100) // the 503 answer has reached the page
  expect((await queued(p)).map((r: any) => r.receiptId)).toEqual([failed.json.receiptId])
  return { p, failed }
}

test('a receipt answered with 503 stays queued and is sent again with the same receiptId on the next page load', async () => {
  const { p, failed } = await failedReceipt('/retry.html', 'acceptAll')

  env.site.respondWith(201)
  const before = env.site.received.length
  await p.reload()
  await p.waitForFunction(() => localStorage.getItem('consent_gate_receipts') === null)
  const resent = env.site.received.slice(before).filter((r) => r.contentType.includes('application/json'))
  expect(resent.map((r) => r.json)).toEqual([failed.json])
})

test('a queued receipt is sent again on the next page load also when that page loads the UI at its start (a blocked embed)', async () => {
  const { p, failed } = await failedReceipt('/retry-embed.html', 'rejectAll')

  // The next page has a marketing embed, blocked: its placeholder needs the UI chunk at once.
  env.site.respondWith(201)
  const before = env.site.received.length
  await p.goto(
    env.site.page(
      '/retry-embed-next.html',
      `<!doctype html><html lang="en"><head>${sdkTag('data-endpoint="/api/consents"')}</head><body>
<iframe data-category="marketing" data-src="/embed/none.html" title="Video" style="width:320px;height:180px"></iframe></body></html>`,
    ),
  )
  await p.waitForFunction(() => (window as any).ConsentGateChunks?.ui)
  await p.waitForFunction(() => localStorage.getItem('consent_gate_receipts') === null)
  const resent = env.site.received.slice(before).filter((r) => r.contentType.includes('application/json'))
  expect(resent.map((r) => r.json)).toEqual([failed.json])
})

test('a receipt still queued when the page is left goes out by sendBeacon as text/plain', async () => {
  env.site.respondWith(503)
  const { page: p } = await visit(page('/beacon.html'))
  await gate(p, 'rejectAll')
  const [failed] = await receivedCount(1)
  await p.waitForTimeout(100)
  await p.goto(page('/beacon-next.html', ''))
  const [, beacon] = await receivedCount(2)
  expect(beacon.contentType).toContain('text/plain')
  expect(JSON.parse(beacon.body)).toEqual(failed.json)
})

test('a withdrawal that reloads the page still delivers its receipt', async () => {
  const { page: p } = await visit(page('/withdraw.html'))
  await gate(p, 'acceptAll')
  await receivedCount(1)
  await Promise.all([p.waitForEvent('load'), p.evaluate(() => setTimeout(() => (window as any).ConsentGate.update({ analytics: false })))])
  await p.waitForFunction(() => localStorage.getItem('consent_gate_receipts') === null)
  // Copies of one receipt (keepalive fetch, beacon, re-send on load) share its receiptId; the server deduplicates.
  const distinct = new Map(env.site.received.map((r) => [r.json.receiptId, r.json]))
  expect([...distinct.values()].map((r) => [r.method, r.categories.analytics])).toEqual([
    ['accept-all', true],
    ['custom', false],
  ])
})

test('a decision made before the receipt code has loaded survives leaving the page and is sent on the next load', async () => {
  // The receipt code is a chunk the core loads on the first decision; here it never arrives on the
  // first page, as when the visitor leaves at once. The core keeps the decision in localStorage.
  const block = (route: any) => route.abort()
  const { context, page: p } = await visit(page('/left-at-once.html'), (c) => c.route('**/consent-gate-receipts.js', block))
  const state = await gate(p, 'rejectAll')
  await p.waitForTimeout(200)
  expect(env.site.received).toEqual([])
  expect(await p.evaluate(() => JSON.parse(localStorage.getItem('consent_gate_pending') || '[]').length)).toBe(1)

  await context.unroute('**/consent-gate-receipts.js', block)
  await p.goto(page('/next-page.html'))
  const [req] = await receivedCount(1)
  expect(req.json).toMatchObject({ consentId: state.id, method: 'reject-all', url: env.site.origin + '/left-at-once.html', language: 'ko' })
  await p.waitForFunction(() => localStorage.getItem('consent_gate_receipts') === null && localStorage.getItem('consent_gate_pending') === null)
})

test('without an endpoint no receipt is sent and the receipt code is never loaded', async () => {
  const from = env.site.requested.length
  const { page: p } = await visit(page('/no-endpoint.html', ''))
  await gate(p, 'acceptAll')
  await p.waitForTimeout(400)
  expect(env.site.received).toEqual([])
  expect(env.site.requested.slice(from).filter((r) => r.includes('consent-gate-receipts'))).toEqual([])
})

test('the receipt language follows data-lang over <html lang>', async () => {
  const { page: p } = await visit(page('/lang.html', 'data-endpoint="/api/consents" data-lang="de-AT"', 'ko'))
  await gate(p, 'acceptAll')
  const [req] = await receivedCount(1)
  expect(req.json.language).toBe('de')
})

test('without data-lang or <html lang> the receipt language comes from the browser', async () => {
  const { page: p } = await visit(
    env.site.page('/browser-lang.html', `<!doctype html><html><head>${sdkTag('data-endpoint="/api/consents"')}</head><body>page</body></html>`),
    undefined,
    { locale: 'fr-CA' },
  )
  await gate(p, 'acceptAll')
  const [req] = await receivedCount(1)
  expect(req.json.language).toBe('fr')
})

test('the configHash stays the same for the same wording and changes when a category description changes', async () => {
  const withDescription = (description: string) =>
    `<script>window.consentGateConfig = ${JSON.stringify({
      categories: { necessary: { title: 'Necessary', required: true }, analytics: { title: 'Analytics', description } },
    })}</script>`
  const hashFor = async (path: string, description: string) => {
    const from = env.site.received.length
    const { page: p } = await visit(page(path, undefined, undefined, withDescription(description)))
    await gate(p, 'acceptAll')
    const [req] = (await receivedCount(from + 1)).slice(from)
    return req.json.configHash
  }
  const a = await hashFor('/hash-a.html', 'We count visits.')
  const again = await hashFor('/hash-a-again.html', 'We count visits.')
  const changed = await hashFor('/hash-b.html', 'We count visits and build profiles.')
  expect(again).toBe(a)
  expect(changed).not.toBe(a)
})
