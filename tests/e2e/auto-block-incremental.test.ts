/**
 * Issue #12: the auto-blocker keeps the flat cost of issue #10. With the auto core and
 * `autoBlock: true`, on a large page streamed in parts (the parser inserts it in many batches),
 * known-vendor scripts and pixels are held and then released in document order once granted,
 * unknown ones run untouched, and the DOM work grows with what was added, never with the document
 * once per batch. Work is counted (`WORK_COUNTER`: the elements every query searched), not timed.
 * Requests to the vendors' hosts, and to one unknown host, are answered by the local site.
 */
import { expect, test } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { gate, logOf } from './support/browser'
import { largeBody, streamedParts, WORK_COUNTER } from './support/large-page'
import { useSite } from './support/suite'

const env = useSite()
const VENDOR_HOSTS = ['www.googletagmanager.com', 'connect.facebook.net', 'static.hotjar.com', 'www.facebook.com']
const UNKNOWN_HOST = 'cdn.unknown-vendor.example'
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64')

/** Scripts of the routed hosts run `__log.push(name)` (the URL's `name`); images are a 1×1 GIF. */
const route = (context: BrowserContext) =>
  context.route(
    (u) => VENDOR_HOSTS.includes(u.hostname) || u.hostname === UNKNOWN_HOST,
    async (r) => {
      if (r.request().resourceType() === 'image') return r.fulfill({ status: 200, contentType: 'image/gif', body: PIXEL })
      const name = new URL(r.request().url()).searchParams.get('name') || 'unnamed'
      await r.fulfill({ response: await r.fetch({ url: `${env.site.origin}/js/log.js?name=${encodeURIComponent(name)}` }) })
    },
  )

/** The n-th group's known-vendor script, in turn Google Tag Manager (analytics), Meta Pixel (marketing), Hotjar (analytics). */
const vendorScript = (n: number) =>
  [
    `https://www.googletagmanager.com/gtm.js?id=GTM-${n}&name=gtm-${n}`,
    `https://connect.facebook.net/en_US/fbevents.js?name=meta-${n}`,
    `https://static.hotjar.com/c/hotjar-${n}.js?sv=6&name=hotjar-${n}`,
  ][(n / 500) % 3]
const vendorName = (n: number) => ['gtm', 'meta', 'hotjar'][(n / 500) % 3] + '-' + n

/**
 * After every 500th block: a known-vendor script and a Meta pixel as the vendors' snippets write
 * them, an unknown inline script, an unknown script from the site and an unknown image.
 */
const group = (n: number) =>
  `<script src="${vendorScript(n)}"></script><img class="vendor" src="https://www.facebook.com/tr?id=${n}&ev=PageView&noscript=1" width="1" height="1" alt="">` +
  `<script>(window.__log = window.__log || []).push('inline-${n}')</script><script class="unknown" src="/js/log.js?name=site-${n}"></script>` +
  `<img class="unknown" src="https://${UNKNOWN_HOST}/p.gif?n=${n}" width="1" height="1" alt="">`

/** A first visit to a page of `blocks` blocks; the figures at the end of the parse, then after Accept all. */
async function largePage(blocks: number) {
  const groups = blocks / 500
  const batches = `<script>window.__batches = 0
  new MutationObserver(function () { window.__batches++ }).observe(document, { childList: true, subtree: true })</script>`
  const autoTag = `<script>window.consentGateConfig = { autoBlock: true }</script><script src="/dist/consent-gate.auto.js"></script>`
  const html =
    `<!doctype html><html><head>${WORK_COUNTER}${batches}${autoTag}</head><body>${largeBody(blocks, group)}` +
    `<script>window.__atEnd = { work: Object.assign({}, __work), batches: __batches, log: (window.__log || []).slice() }</script></body></html>`
  const { page, errors } = await env.visit(env.site.stream(`/auto-incremental-${blocks}.html`, streamedParts(html)), route)
  await page.waitForFunction(() => (window as any).__atEnd)
  await page.waitForLoadState('load')
  const atEnd = await page.evaluate(() => ({ ...(window as any).__atEnd, elements: (window as any).__work.elements() }))
  // What the page holds once parsed: the vendors' tags held as gated markup, the unknown ones as written.
  const held = await page.evaluate(() => {
    const vendor = [...document.querySelectorAll('script[data-src]')]
    const pixels = [...document.querySelectorAll<HTMLImageElement>('img.vendor')]
    const unknownScripts = [...document.querySelectorAll('script.unknown')]
    const unknownImages = [...document.querySelectorAll<HTMLImageElement>('img.unknown')]
    return {
      vendorScripts: vendor.length,
      vendorScriptsInert: vendor.every((s) => s.getAttribute('type') === 'text/plain' && !s.hasAttribute('src')),
      pixelsHeld: pixels.filter((i) => !i.hasAttribute('src') && i.hasAttribute('data-src') && i.naturalWidth === 0).length,
      unknownUntouched: [...unknownScripts, ...unknownImages].every(
        (e) => e.hasAttribute('src') && ![...e.attributes].some((a) => /^(type|data-)/.test(a.name)),
      ),
      unknownImagesLoaded: unknownImages.filter((i) => i.complete && i.naturalWidth === 1).length,
    }
  })
  const before = await page.evaluate(() => ({ ...(window as any).__work }))
  await gate(page, 'acceptAll')
  await page.waitForFunction((n) => ((window as any).__log || []).length >= n, groups * 3)
  await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('img.vendor')].every((i) => i.complete && i.naturalWidth === 1))
  const after = await page.evaluate(() => ({ ...(window as any).__work }))
  return { groups, atEnd, held, release: { visited: after.visited - before.visited, wide: after.wide - before.wide }, log: await logOf(page), errors }
}

const upTo = (groups: number, f: (n: number) => string[]) => Array.from({ length: groups }, (_, i) => f((i + 1) * 500)).flat()

test('with autoBlock on a large streamed page, vendor tags are held and released in document order, unknown ones run untouched, and the blocker’s work grows only with what was added', async () => {
  const small = await largePage(1000)
  const large = await largePage(5000)
  for (const p of [small, large]) {
    // While the parser ran: only the unknown scripts, in document order.
    expect(p.atEnd.log).toEqual(upTo(p.groups, (n) => [`inline-${n}`, `site-${n}`]))
    expect(p.held).toEqual({
      vendorScripts: p.groups,
      vendorScriptsInert: true,
      pixelsHeld: p.groups,
      unknownUntouched: true,
      unknownImagesLoaded: p.groups,
    })
    // Accept all: the vendor scripts ran after, in document order; the pixels loaded.
    expect(p.log).toEqual([...p.atEnd.log, ...upTo(p.groups, (n) => [vendorName(n)])])
    expect(p.errors).toEqual({ pageErrors: [], consoleErrors: [] })
  }
  // Streamed: the parser inserted the larger page in more batches…
  expect(large.atEnd.batches).toBeGreaterThan(10)
  expect(large.atEnd.batches).toBeGreaterThan(2 * small.atEnd.batches)
  // …and the whole document was queried as often for both pages (at most at set-up and when the
  // body arrived), never once per batch.
  expect(large.atEnd.work.wide).toBeLessThanOrEqual(2)
  expect(large.atEnd.work.wide).toBe(small.atEnd.work.wide)
  // Work per element of the page: as much for 5,000 blocks as for 1,000 (about 5× the page, 5×
  // the elements searched and checked). A rescan of the document per batch would multiply it by
  // the number of batches.
  const perElement = (p: typeof small, key: 'visited' | 'checks') => p.atEnd.work[key] / p.atEnd.elements
  for (const key of ['visited', 'checks'] as const) expect(perElement(large, key), key).toBeLessThanOrEqual(1.25 * perElement(small, key))
  expect(large.atEnd.work.visited).toBeGreaterThan(0)
  // The release: one look at the document, work in proportion to it.
  expect(large.release.visited / large.atEnd.elements).toBeLessThanOrEqual(1.25 * (small.release.visited / small.atEnd.elements))
}, 90_000)
