/**
 * Issue #10: the blocker looks only at what each mutation batch added, while the parser streams
 * the page in, and keeps document order. Pages are streamed in parts (`site.stream`) so that
 * Chromium's parser inserts them in several batches, as it does on a real network.
 */
import { expect, test } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { consentCookieValue, logOf } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'
import { largeBody, QUERY_COUNTER, streamedParts } from './support/large-page'

const env = useSite()
const { visit } = env

const push = (name: string) => `(window.__log = window.__log || []).push(${JSON.stringify(name)})`
const gated = (name: string) => `<script type="text/plain" data-category="analytics">${push(name)}</script>`
const pause = (ms: number) => () => new Promise((r) => setTimeout(r, ms))
/** A returning visitor who granted analytics. */
const consented = (context: BrowserContext) =>
  context.addCookies([
    {
      name: 'consent_gate',
      value: consentCookieValue({ categories: { necessary: true, functional: false, analytics: true, personalization: false, marketing: false } }),
      domain: '127.0.0.1',
      path: '/',
    },
  ])

test('a returning visitor’s gated scripts run in document order while the page streams in, nested or not', async () => {
  const url = env.site.stream('/streamed-order.html', [
    `<!doctype html><html><head>${sdkTag()}${gated('head')}</head><body><div><section>`,
    pause(40),
    `<div>${gated('nested')}</div></section>${gated('after-section')}`,
    pause(40),
    `<script type="text/plain" data-category="analytics" src="/js/log.js?name=external&delay=150"></script><p>${gated('after-external')}</p>`,
    pause(40),
    `</div><ul><li><div><span>${gated('deep')}</span></div></li></ul>`,
    pause(40),
    `${gated('last')}</body></html>`,
  ])
  const { page } = await visit(url, consented)
  await page.waitForFunction(() => ((window as any).__log || []).length >= 6)
  await page.waitForLoadState('networkidle')
  expect(await logOf(page)).toEqual(['head', 'nested', 'after-section', 'external', 'after-external', 'deep', 'last'])
})

test('a gated script last in an element the parser has closed runs before the page has finished loading', async () => {
  let release = () => {}
  const released = new Promise<void>((r) => {
    release = r
    setTimeout(r, 10_000)
  })
  const url = env.site.stream('/streamed-closed.html', [
    `<!doctype html><html><head>${sdkTag()}</head><body><div>${gated('in-div')}</div><p>after the div</p>`,
    () => released,
    `<p>the rest</p></body></html>`,
  ])
  const { page } = await visit('about:blank', consented)
  await page.goto(url, { waitUntil: 'commit' })
  try {
    // Before the fix it waited for DOMContentLoaded, which comes only once the rest is sent.
    await page.waitForFunction(() => document.readyState === 'loading' && ((window as any).__log || []).includes('in-div'), undefined, { timeout: 5000 })
  } finally {
    release()
  }
  await page.waitForLoadState('load')
  expect(await logOf(page)).toEqual(['in-div'])
})

test('content inserted by the page’s scripts while it parses is gated too; a moved element keeps its turn and runs once', async () => {
  const url = env.site.stream('/streamed-inserted.html', [
    `<!doctype html><html><head>${sdkTag()}<script type="text/plain" data-category="analytics" src="/js/log.js?name=hold&delay=300"></script></head><body>
<div id="a">${gated('moved')}</div>${gated('stays')}<div id="b"></div>
<script>
  document.getElementById('b').appendChild(document.querySelector('#a script'))
  var d = document.createElement('div')
  d.innerHTML = '<p><script type="text/plain" data-category="analytics">${push('inner-html')}<\\/script></p>'
  document.body.appendChild(d)
  var f = document.createDocumentFragment(), s = document.createElement('script')
  s.type = 'text/plain'
  s.setAttribute('data-category', 'analytics')
  s.text = ${JSON.stringify(push('fragment'))}
  f.appendChild(document.createElement('section')).appendChild(s)
  document.body.appendChild(f)
</script>`,
    pause(40),
    `<p>more</p>${gated('parsed-after')}</body></html>`,
  ])
  const { page } = await visit(url, consented)
  await page.waitForFunction(() => ((window as any).__log || []).includes('parsed-after'))
  await page.waitForLoadState('networkidle')
  expect(await logOf(page)).toEqual(['hold', 'moved', 'stays', 'inner-html', 'fragment', 'parsed-after'])
})

/**
 * A page of `blocks` blocks (a div with a p, a link and a span; a gated script every 500 blocks),
 * streamed in 16 kB parts. Before the core loads, the page counts the query calls on the whole
 * document (on it, its root, head or body) and the mutation batches.
 */
async function largePage(blocks: number) {
  const body = largeBody(blocks, (n) => gated('g' + n))
  // The mutation batches too, counted by an observer of the page's own.
  const batches = `<script>window.__batches = 0
  new MutationObserver(function () { window.__batches++ }).observe(document, { childList: true, subtree: true })</script>`
  const html = `<!doctype html><html><head>${QUERY_COUNTER}${batches}${sdkTag()}</head><body>${body}<script>window.__atEnd = { wide: __wide, scoped: __scoped, batches: __batches }
  // After the SDK's own listener, which was added first.
  document.addEventListener('DOMContentLoaded', function () { window.__parsed = { wide: __wide } })</script></body></html>`
  const parts = streamedParts(html)
  const url = env.site.stream(`/large-${blocks}.html`, parts)
  const { page } = await visit(url, consented)
  await page.waitForFunction(() => (window as any).__parsed)
  const counts = await page.evaluate(() => (window as any).__atEnd)
  return { counts, parsed: await page.evaluate(() => (window as any).__parsed), log: await logOf(page) }
}

test('on a large streamed page the document is queried once, however many batches the parser inserts it in', async () => {
  const small = await largePage(1000)
  const large = await largePage(5000)
  expect(small.log).toEqual(['g500', 'g1000'])
  expect(large.log).toEqual(Array.from({ length: 10 }, (_, i) => 'g' + (i + 1) * 500))
  // Streamed: the parser inserted the page in many batches…
  expect(large.counts.batches).toBeGreaterThan(10)
  expect(large.counts.batches).toBeGreaterThan(small.counts.batches)
  // …and the whole document was queried as often for both pages: at set-up, and once more when
  // the parser inserted the body (an added node with its subtree), never once per batch.
  expect(large.counts.wide).toBeLessThanOrEqual(2)
  expect(large.counts.wide).toBe(small.counts.wide)
  // Watched from the start (a stored choice), the document is not queried again once parsed.
  expect(small.parsed.wide).toBe(small.counts.wide)
  expect(large.parsed.wide).toBe(large.counts.wide)
}, 60_000)

test('on a first visit nothing watches the parser: markup naming only required purposes runs once the page is parsed, the rest stays blocked', async () => {
  let body = ''
  for (let i = 0; i < 3000; i++) body += `<div class="block"><p>Block ${i}</p><a href="#b${i}">link</a><span>${i}</span></div>\n`
  const count = `<script>
  window.__observes = 0
  var real = MutationObserver.prototype.observe
  MutationObserver.prototype.observe = function (target, options) {
    if (target === document.documentElement) window.__observes++
    return real.call(this, target, options)
  }
</script>`
  const html =
    `<!doctype html><html><head>${count}${sdkTag()}</head><body>${body}` +
    `<script type="text/plain" data-category="necessary">${push('necessary')}</script>${gated('analytics')}` +
    `${body}<script>window.__atEnd = { observes: __observes, log: (window.__log || []).slice() }</script></body></html>`
  const parts = []
  for (let i = 0; i < html.length; i += 16384) parts.push(html.slice(i, i + 16384), pause(5))
  const { page } = await visit(env.site.stream('/first-visit-unwatched.html', parts))
  await page.waitForFunction(() => (window as any).__atEnd)
  // While the parser ran: no observation of the document, and nothing ran yet.
  expect(await page.evaluate(() => (window as any).__atEnd)).toEqual({ observes: 0, log: [] })
  // Once parsed: the required purpose's script ran, the analytics one did not; from then on the document is watched.
  await page.waitForFunction(() => ((window as any).__log || []).includes('necessary'))
  expect(await logOf(page)).toEqual(['necessary'])
  expect(await page.evaluate(() => (window as any).__observes)).toBe(1)
  await page.evaluate(() =>
    document.body.insertAdjacentHTML(
      'beforeend',
      '<script type="text/plain" data-category="necessary">(window.__log = window.__log || []).push("added later")</script>',
    ),
  )
  await page.waitForFunction(() => (window as any).__log.includes('added later'))
}, 60_000)

test('a decision made while the page streams in lets what the parser adds afterwards run as it is parsed', async () => {
  const url = env.site.stream('/decided-while-streaming.html', [
    `<!doctype html><html><head>${sdkTag()}</head><body>${gated('before')}<p>text</p>`,
    pause(40),
    `<script>ConsentGate.acceptAll()</script><p>more</p>`,
    pause(40),
    `${gated('after')}<p>x</p><script>window.__beforeNext = (window.__log || []).slice()</script>`,
    pause(40),
    `</body></html>`,
  ])
  const { page } = await visit(url)
  await page.waitForFunction(() => (window as any).__beforeNext)
  // Both ran before the next parsed script: the decision scanned what was there, the watch took the rest.
  expect(await page.evaluate(() => (window as any).__beforeNext)).toEqual(['before', 'after'])
})
