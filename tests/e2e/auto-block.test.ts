/**
 * Issue #12, auto-blocking (`autoBlock: true`, `dist/consent-gate.auto.js`): elements of known
 * vendors are held before they run or load, whatever put them in the page, and released in
 * document order once granted; unknown ones are never touched. Requests to the vendors' real
 * hosts are answered by the local site (a route per context: the hosts are on Chromium's HSTS
 * preload list, so a host resolver rule would meet an https upgrade).
 */
import { expect, test } from 'vitest'
import type { BrowserContext, Page, Route } from 'playwright-core'
import { gate, logOf } from './support/browser'
import { useSite } from './support/suite'
import { largeBody, QUERY_COUNTER, streamedParts } from './support/large-page'
import { HOSTILE, THROW } from './support/hostile'

const HOSTS = ['connect.facebook.net', 'www.facebook.com', 'www.youtube.com', 'bat.bing.com']
const env = useSite()

/**
 * Answer `route` with what `url` answers. A request still in flight when the test closes its page
 * fails here (the fetch or the fulfilling): not the test's error, so not an unhandled rejection.
 */
const forward = async (route: Route, url: string) => {
  try {
    await route.fulfill({ response: await route.fetch({ url }) })
  } catch {
    /* the page is gone */
  }
}

/** A visitor whose requests to the vendors' hosts reach the local site, path and query kept. */
const visit = (url: string, before?: (c: BrowserContext) => Promise<unknown>) =>
  env.visit(url, async (context) => {
    await context.route(
      (u) => HOSTS.includes(u.hostname),
      (route) => {
        const u = new URL(route.request().url())
        return forward(route, env.site.origin + u.pathname + u.search)
      },
    )
    if (before) await before(context)
  })

/** A Meta Pixel URL (marketing) that runs `__log.push(name)`. */
const meta = (name: string) => `https://connect.facebook.net/js/log.js?name=${name}`
const autoTag = (config: object = { autoBlock: true }) =>
  `<script>window.consentGateConfig = ${JSON.stringify(config)}</script><script src="/dist/consent-gate.auto.js"></script>`
const hits = (needle: string) => env.site.requested.filter((r) => r.includes(needle)).length
/** Wait until the page has loaded and the log has `n` entries. */
const logged = async (page: Page, n: number) => {
  await page.waitForFunction((n) => ((window as any).__log || []).length >= n, n)
  return logOf(page)
}

test('vendor scripts written by the parser, by document.write and inserted by each DOM path are held, then run in document order once granted; an unknown one runs at once', async () => {
  const url = env.site.page(
    '/auto-paths.html',
    `<!doctype html><html><head>${autoTag()}</head><body>
<script src="${meta('parser')}"></script>
<script src="/js/log.js?name=unknown"></script>
<script>document.write('<script src="${meta('write')}"><\\/script>')</script>
<div id="appendChild"></div><div id="insertBefore"><b></b></div><div id="append"></div><div id="prepend"><b></b></div>
<div id="before"><b></b></div><div id="after"><b></b></div><div id="replaceWith"><b></b></div><div id="replaceChild"><b></b></div>
<div id="src-set"></div><div id="fragment"></div><div id="tm"><script>/* the tag manager's own */</script></div>
<script>
  var mk = function (name) { var s = document.createElement('script'); s.setAttribute('src', ${JSON.stringify(meta(''))} + name); return s }
  var box = function (id) { return document.getElementById(id) }
  box('appendChild').appendChild(mk('appendChild'))
  box('insertBefore').insertBefore(mk('insertBefore'), box('insertBefore').firstChild)
  box('append').append(mk('append'))
  box('prepend').prepend(mk('prepend'))
  box('before').firstChild.before(mk('before'))
  box('after').firstChild.after(mk('after'))
  box('replaceWith').firstChild.replaceWith(mk('replaceWith'))
  box('replaceChild').replaceChild(mk('replaceChild'), box('replaceChild').firstChild)
  var late = document.createElement('script'); box('src-set').appendChild(late); late.src = ${JSON.stringify(meta('src-set'))}
  var f = document.createDocumentFragment(); f.appendChild(document.createElement('p')).appendChild(mk('fragment')); box('fragment').appendChild(f)
  // A stand-in tag manager: loads a vendor tag the way GTM's snippet does, after the page's scripts.
  setTimeout(function () {
    var first = box('tm').getElementsByTagName('script')[0], j = document.createElement('script')
    j.async = true; j.src = ${JSON.stringify(meta('tag-manager'))}; first.parentNode.insertBefore(j, first)
  }, 50)
</script>
</body></html>`,
  )
  const { page, errors } = await visit(url)
  await page.waitForLoadState('load')
  await page.waitForFunction(() => document.querySelectorAll('script[data-category="marketing"]').length === 13)
  expect(await logOf(page)).toEqual(['unknown'])
  // Held as gated markup: a script that does not run, its URL kept.
  expect(
    await page.evaluate(() =>
      [...document.querySelectorAll('script[data-category]')].every((s) => s.getAttribute('type') === 'text/plain' && !s.hasAttribute('src')),
    ),
  ).toBe(true)
  await gate(page, 'acceptAll')
  const log = await logged(page, 14)
  // The tag manager's tag is async (no place in the chain): it runs when it has loaded.
  expect(log!.filter((n) => n !== 'tag-manager')).toEqual([
    'unknown',
    'parser',
    'write',
    'appendChild',
    'insertBefore',
    'append',
    'prepend',
    'before',
    'after',
    'replaceWith',
    'replaceChild',
    'src-set',
    'fragment',
  ])
  expect(log).toContain('tag-manager')
  expect(errors.pageErrors).toEqual([])
})

test('a vendor pixel (new Image, innerHTML) is not requested before consent and is once granted', async () => {
  const pixel = (id: string) => `https://www.facebook.com/tr?id=${id}`
  const url = env.site.page(
    '/auto-pixels.html',
    `<!doctype html><html><head>${autoTag()}</head><body><div id="box"></div>
<script>
  document.getElementById('box').innerHTML = '<p><img src="${pixel('inner-html')}" alt=""></p>'
  new Image().src = ${JSON.stringify(pixel('new-image'))}
  var img = document.createElement('img'); img.src = ${JSON.stringify(pixel('appended'))}; document.body.appendChild(img)
</script>
<script src="/js/log.js?name=done"></script></body></html>`,
  )
  const { page } = await visit(url)
  await logged(page, 1)
  await page.waitForLoadState('networkidle')
  expect([hits('/tr?id=inner-html'), hits('/tr?id=new-image'), hits('/tr?id=appended')]).toEqual([0, 0, 0])
  await gate(page, 'acceptAll')
  // The pixels in the document load; `new Image()` was never inserted, so it stays held.
  await expect.poll(() => [hits('/tr?id=inner-html'), hits('/tr?id=appended')]).toEqual([1, 1])
})

test('a known vendor’s iframe is held and gets the embed placeholder; an unknown iframe loads', async () => {
  const url = env.site.page(
    '/auto-frame.html',
    `<!doctype html><html lang="en"><head>${autoTag()}</head><body>
<iframe id="yt" width="480" height="270" src="https://www.youtube.com/js/log.js?name=frame"></iframe>
<iframe id="own" src="/js/log.js?name=own-frame"></iframe></body></html>`,
  )
  const { page } = await visit(url)
  await page.locator('[data-cg-placeholder]').waitFor()
  expect(await page.getAttribute('#yt', 'src')).toBe(null)
  expect(await page.getAttribute('#yt', 'data-src')).toContain('www.youtube.com')
  expect(await page.getAttribute('#own', 'src')).toBe('/js/log.js?name=own-frame')
  await page.waitForLoadState('networkidle')
  // The parser starts a frame's navigation before any observer runs (measured: its request is
  // made); held, the frame is sent back to a blank page and shows no vendor content.
  expect(page.frames().map((f) => new URL(f.url()).hostname)).not.toContain('www.youtube.com')
  expect(hits('name=own-frame')).toBe(1)
  await gate(page, 'acceptAll')
  await expect.poll(() => page.frames().map((f) => new URL(f.url()).hostname)).toContain('www.youtube.com')
})

test('a site pattern holds its own URL under a configured service; a vendor switched off is left alone', async () => {
  const url = env.site.page(
    '/auto-config.html',
    `<!doctype html><html><head>${autoTag({
      autoBlock: { vendors: { 'microsoft-uet': false }, patterns: [{ match: '127.0.0.1/js/log.js', category: 'analytics', service: 'stats' }] },
      categories: { necessary: { required: true }, analytics: { services: { stats: {} } }, marketing: {} },
    })}</head><body>
<script src="/js/log.js?name=own-tracker"></script>
<script src="https://bat.bing.com/js/log.js?name=uet"></script>
<script src="${meta('meta')}"></script></body></html>`,
  )
  const { page } = await visit(url)
  await logged(page, 1)
  await page.waitForLoadState('load')
  expect(await logOf(page)).toEqual(['uet'])
  expect(await page.getAttribute('script[data-service="stats"]', 'data-src')).toBe('/js/log.js?name=own-tracker')
  await gate(page, 'update', { stats: true })
  expect(await logged(page, 2)).toEqual(['uet', 'own-tracker'])
})

test('a mistyped autoBlock still holds the known vendors, and an unusable site pattern holds nothing; both are named on the console once the visitor has decided', async () => {
  for (const [path, config, named] of [
    ['/auto-mistyped.html', { autoBlock: 'yes' }, 'config.autoBlock: expected'],
    ['/auto-bad-pattern.html', { autoBlock: { patterns: [{ match: 'not a host' }] } }, 'config.autoBlock.patterns: expected'],
  ] as const) {
    const url = env.site.page(
      path,
      `<!doctype html><html><head>${autoTag(config)}</head><body>
<script src="${meta('held')}"></script><script src="/js/log.js?name=unknown"></script></body></html>`,
    )
    const { page, errors } = await visit(url)
    await page.waitForLoadState('load')
    expect(await logOf(page)).toEqual(['unknown'])
    await gate(page, 'acceptAll')
    expect(await logged(page, 2)).toEqual(['unknown', 'held'])
    // A first visit names the checks that can wait after its first decision (src/integrations/page.ts).
    await expect.poll(() => errors.consoleErrors.filter((e) => e.includes(named))).toHaveLength(1)
  }
})

test('autoBlock on the plain core logs one error naming consent-gate.auto.js, and nothing unblocks: a decision is recorded, gated markup stays blocked', async () => {
  const url = env.site.page(
    '/auto-plain.html',
    `<!doctype html><html><head><script>window.consentGateConfig = { autoBlock: true }</script><script src="/dist/consent-gate.js"></script></head><body>
<script type="text/plain" data-category="analytics" src="/js/log.js?name=marked"></script>
<script src="${meta('unmarked')}"></script></body></html>`,
  )
  const { page, errors } = await visit(url)
  await expect.poll(() => errors.consoleErrors.filter((e) => e.includes('consent-gate.auto.js'))).toHaveLength(1)
  // The plain core cannot hold a vendor's own tag; it runs as without a consent tool.
  expect(await logOf(page)).toEqual(['unmarked'])
  const state = await gate(page, 'acceptAll')
  expect(state.categories.analytics).toBe(true)
  expect(await page.evaluate(() => document.cookie)).toContain('consent_gate=')
  expect(await page.evaluate(() => (window as any).ConsentGate.has('analytics'))).toBe(false)
  await page.waitForLoadState('networkidle')
  expect(await logOf(page)).toEqual(['unmarked'])
  expect(await page.getAttribute('script[data-category="analytics"]', 'type')).toBe('text/plain')
})

/**
 * A page of `blocks` blocks with a vendor script every 500, streamed in 16 kB parts; before the core
 * loads, the page counts the query calls on the whole document and those scoped to an element.
 */
async function largePage(blocks: number) {
  const body = largeBody(blocks, (n) => `<script src="${meta('v' + n)}"></script>`)
  const html = `<!doctype html><html><head>${QUERY_COUNTER}${autoTag()}</head><body>${body}<script>window.__atEnd = { wide: __wide, scoped: __scoped }</script></body></html>`
  const parts = streamedParts(html)
  const { page } = await visit(env.site.stream(`/auto-large-${blocks}.html`, parts))
  await page.waitForFunction(() => (window as any).__atEnd)
  const counts = await page.evaluate(() => (window as any).__atEnd)
  await gate(page, 'acceptAll')
  return { counts, log: await logged(page, blocks / 500) }
}

test('with autoBlock the cost stays flat on a large streamed page: the document is queried as often for 1,000 blocks as for 5,000, the rest in proportion to what was added', async () => {
  const small = await largePage(1000)
  const large = await largePage(5000)
  expect(large.log).toEqual(Array.from({ length: 10 }, (_, i) => 'v' + (i + 1) * 500))
  expect(large.counts.wide).toBeLessThanOrEqual(2)
  expect(large.counts.wide).toBe(small.counts.wide)
  // At most one scoped look per block added (a block's subtree is looked at once, with its record).
  expect(small.counts.scoped).toBeLessThanOrEqual(1000 + 10)
  expect(large.counts.scoped).toBeLessThanOrEqual(5000 + 10)
}, 60_000)

test("with Consent Mode's basic mode, a Google tag the auto core holds waits for google: marketing alone releases Google Analytics", async () => {
  const ga = 'https://www.googletagmanager.com/gtag/js?id=G-1&name=ga'
  const url = env.site.page(
    '/auto-basic.html',
    `<!doctype html><html><head>${autoTag({ autoBlock: true, googleConsentMode: { mode: 'basic' } })}
<script async src="${ga}"></script><script src="${meta('pixel')}"></script></head><body>page</body></html>`,
  )
  const { page, errors } = await visit(url, (c) =>
    c.route('**/gtag/js*', (route) => forward(route, env.site.origin + '/js/log.js?name=' + new URL(route.request().url()).searchParams.get('name'))),
  )
  await page.waitForLoadState('load')
  expect(await page.evaluate(() => document.querySelector('script[data-category="google"]') !== null)).toBe(true)
  expect(await logOf(page)).toBeNull()
  await gate(page, 'update', { marketing: true })
  expect((await logged(page, 2))!.sort()).toEqual(['ga', 'pixel'])
  expect(errors.pageErrors).toEqual([])
})

test('without the basic mode, Google Analytics stays held by analytics when only marketing is granted', async () => {
  const ga = 'https://www.googletagmanager.com/gtag/js?id=G-1&name=ga'
  const url = env.site.page(
    '/auto-advanced.html',
    `<!doctype html><html><head>${autoTag({ autoBlock: true })}
<script async src="${ga}"></script><script src="${meta('pixel')}"></script></head><body>page</body></html>`,
  )
  const { page } = await visit(url, (c) =>
    c.route('**/gtag/js*', (route) => forward(route, env.site.origin + '/js/log.js?name=' + new URL(route.request().url()).searchParams.get('name'))),
  )
  await page.waitForLoadState('load')
  expect(await page.evaluate(() => document.querySelector('script[data-category="analytics"]') !== null)).toBe(true)
  await gate(page, 'update', { marketing: true })
  expect(await logged(page, 1)).toEqual(['pixel'])
  // The blocker releases at the decision: still held after it.
  expect(await page.evaluate(() => document.querySelector('script[data-category="analytics"][type="text/plain"]') !== null)).toBe(true)
})

test('a vendor script deep inside markup is held wherever the parser adds it: inside what an earlier part opened, after a sibling subtree', async () => {
  // Streamed in two parts, so that the second part's records come in a batch of their own, into
  // elements the first part opened.
  const url = env.site.stream('/auto-deep.html', [
    `<!doctype html><html><head>${autoTag()}</head><body><main><section><div><p>start</p>`,
    () => new Promise((r) => setTimeout(r, 150)),
    `<p>more <i>text</i></p><span><b><script src="${meta('deep')}"></script></b></span></div></section>
<section><div><img src="https://www.facebook.com/tr?id=1&ev=deep"><script src="/js/log.js?name=unknown"></script></div></section></main>
</body></html>`,
  ])
  const { page } = await visit(url)
  await page.waitForLoadState('load')
  expect(await logOf(page)).toEqual(['unknown'])
  expect(await page.evaluate(() => document.querySelectorAll('main [data-category="marketing"]:not([src])').length)).toBe(2)
  await gate(page, 'acceptAll')
  expect(await logged(page, 2)).toEqual(['unknown', 'deep'])
})

/**
 * Built-ins replaced before the auto core loads (with functions that throw), with what the auto
 * core still holds: none where its set-up calls them (it cannot start, and the page runs as without
 * it: docs/auto-block.md); what a script gives a `src` or writes, where the blocker calls them per
 * element (an element the parser or an insertion method adds is left to the observer, which
 * fails as well); every vendor otherwise.
 */
type Held = 'every vendor' | 'src and write' | 'none, set-up fails'
const AUTO_HOSTILE: [name: string, held: Held, script: string][] = [
  ...HOSTILE.map(([name, script]): [string, Held, string] => [
    name,
    /filter|every|concat|Object\.keys|MutationObserver|split/.test(name) ? 'none, set-up fails' : /Attribute/.test(name) ? 'src and write' : 'every vendor',
    script,
  ]),
  ...(['endsWith', 'startsWith', 'replace', 'toLowerCase'] as const).map((m): [string, Held, string] => [
    `String.prototype.${m}`,
    m === 'toLowerCase' ? 'none, set-up fails' : m === 'replace' ? 'every vendor' : 'src and write',
    `String.prototype.${m} = ${THROW}`,
  ]),
  ...(['matches', 'hasAttribute', 'removeAttribute'] as const).map((m): [string, Held, string] => [
    `Element.prototype.${m}`,
    m === 'hasAttribute' ? 'every vendor' : 'src and write',
    `Element.prototype.${m} = ${THROW}`,
  ]),
  ['Node.prototype.contains', 'every vendor', `Node.prototype.contains = ${THROW}`],
  ['Array.prototype.join', 'none, set-up fails', `Array.prototype.join = ${THROW}`],
  ['URL', 'src and write', `window.URL = ${THROW}`],
]

test.each(AUTO_HOSTILE)('with %s replaced, the auto core throws nothing into the page (held: %s)', async (name, held, hostile) => {
  const slug = name.replace(/\W/g, '-')
  const pixel = (id: string) => `https://www.facebook.com/tr?id=${slug}-${id}`
  const url = env.site.page(
    `/auto-hostile-${slug}.html`,
    `<!doctype html><html><head><script>${hostile}</script>${autoTag()}</head><body><div id="box"></div>
<script src="${meta('parser')}"></script>
<script>document.write('<script src="${meta('write')}"><\\/script>')</script>
<script>
  // The page's own insertions, calling none of the replaced built-ins itself: the core's setters
  // and patched methods run with them.
  var s = document.createElement('script'); s.src = ${JSON.stringify(meta('src-set'))}; document.head.appendChild(s)
  document.body.append(document.createRange().createContextualFragment('<script src="${meta('fragment')}"><\\/script>'))
  new Image().src = ${JSON.stringify(pixel('new-image'))}
</script>
<script>document.documentElement.dataset.done = '1'</script>
<script src="/js/log.js?name=unknown"></script></body></html>`,
  )
  const { page, errors } = await visit(url)
  await page.locator('html[data-done="1"]').waitFor({ state: 'attached' })
  await page.waitForLoadState('networkidle')
  expect(errors.pageErrors, name).toEqual([])
  const ran = ((await logOf(page)) || []).filter((n) => n !== 'unknown')
  if (held === 'none, set-up fails') return
  expect(
    ran.filter((n) => n === 'src-set' || n === 'write'),
    name,
  ).toEqual([])
  expect(hits(`id=${slug}-`), name).toBe(0)
  if (held === 'every vendor') expect(ran, name).toEqual([])
})
