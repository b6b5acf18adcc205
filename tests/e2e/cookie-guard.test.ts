/**
 * Issue #12, the cookie guard (`cookieGuard: true`, `dist/consent-gate.auto.js`): a write through
 * `document.cookie` of a cookie the current consent does not allow is dropped; a name the config's
 * lists do not name waits for the cookies chunk (the Open Cookie Database); listed storage keys of
 * a withdrawn purpose are cleared.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { consentCookieValue, gate } from './support/browser'
import { useSite } from './support/suite'

const env = useSite()

const page = (path: string, config: object, head = '') =>
  env.site.page(
    path,
    `<!doctype html><html><head><script>window.consentGateConfig = ${JSON.stringify(config)}</script><script src="/dist/consent-gate.auto.js"></script>${head}</head><body></body></html>`,
  )
const categories = {
  necessary: { required: true },
  analytics: { storage: ['_hj*'] },
  marketing: { cookies: ['_ttp'] },
}
const CHUNK = '**/consent-gate-cookies.js'

const write = (p: Page, c: string) =>
  p.evaluate((c) => {
    document.cookie = c
  }, c)
const jar = (p: Page) => p.evaluate(() => document.cookie)
/** Write, and read back in the same task. */
const writeAndRead = (p: Page, c: string) =>
  p.evaluate((c) => {
    document.cookie = c
    return document.cookie
  }, c)
/** The cookies chunk has run (it registers itself). */
const chunkThere = (p: Page) => p.evaluate(() => !!(window as any).ConsentGateChunks?.cookies)
const returning = (choices: Record<string, boolean>) => (c: BrowserContext) =>
  c.addCookies([{ name: 'consent_gate', value: consentCookieValue({ categories: { necessary: true, ...choices } }), domain: '127.0.0.1', path: '/' }])

test('_fbp, which no list names, is dropped before consent (the Open Cookie Database says marketing) and kept once marketing is granted', async () => {
  const { page: p, errors } = await env.visit(page('/guard.html', { cookieGuard: true, categories }))
  await write(p, '_fbp=fb.1.123; path=/')
  await write(p, 'site_pref=dark; path=/')
  // Both waited for the chunk; the site's own cookie, which no one classifies, is then written.
  await expect.poll(() => jar(p)).toContain('site_pref=dark')
  expect(await chunkThere(p)).toBe(true)
  expect(await jar(p)).not.toContain('_fbp')
  await gate(p, 'acceptAll')
  // The chunk is there: decided at once.
  expect(await writeAndRead(p, '_fbp=fb.1.456; path=/')).toContain('_fbp=fb.1.456')
  await expect.poll(() => errors.consoleErrors.join('\n')).toContain('cookie _fbp dropped')
  await expect.poll(() => errors.consoleErrors.join('\n')).toContain('cookie site_pref is in no list')
})

test('a write made while the chunk loads waits and is applied in order when it arrives (_ga on a returning visit with analytics granted)', async () => {
  /** `document.cookie` as the page saw it while the chunk's request was held. */
  const whileLoading: string[] = []
  const { page: p } = await env.visit(
    // The page's tracker writes before the chunk can have arrived, and reads back at once.
    page(
      '/guard-queue.html',
      { cookieGuard: true, categories },
      `<script>document.cookie = '_ga=GA1.1.1; path=/'; document.cookie = '_gid=GA1.1.2; path=/'; document.cookie = '_ga=GA1.1.3; path=/'; document.cookie = '_fbp=fb.1; path=/'; window.__seen = document.cookie</script>`,
    ),
    async (c) => {
      await returning({ analytics: true, marketing: false })(c)
      await c.route(CHUNK, async (route) => {
        whileLoading.push(
          await route
            .request()
            .frame()
            .evaluate(() => document.cookie),
        )
        await route.continue()
      })
    },
  )
  // (`consent_gate` contains `_ga`: match whole names.)
  expect(await p.evaluate(() => (window as any).__seen)).not.toMatch(/(^|; )_g/)
  expect(whileLoading).toHaveLength(1)
  expect(whileLoading[0]).toContain('consent_gate=')
  expect(whileLoading[0]).not.toMatch(/(^|; )_g/)
  // The last of the two _ga writes wins: applied in order.
  await expect.poll(() => jar(p)).toContain('_ga=GA1.1.3')
  expect(await jar(p)).toContain('_gid=GA1.1.2')
  expect(await jar(p)).not.toContain('_fbp')
})

test('a listed cookie whose purposes are granted (of a required category, of a granted one) is written at once, without the chunk', async () => {
  const listed = { ...categories, necessary: { required: true, cookies: ['sid'] } }
  const { page: p, context } = await env.visit(page('/guard-listed.html', { cookieGuard: true, categories: listed }), returning({ marketing: true }))
  const chunk: string[] = []
  context.on('request', (r) => r.url().includes('consent-gate-cookies') && chunk.push(r.url()))
  expect(await writeAndRead(p, '_ttp=t.1; path=/')).toContain('_ttp=t.1')
  expect(await writeAndRead(p, 'sid=s.1; path=/')).toContain('sid=s.1')
  expect(chunk).toEqual([])
})

test('when the chunk cannot be loaded, unlisted cookies follow unclassified (allowed) and a listed one is still dropped while denied', async () => {
  const { page: p } = await env.visit(page('/guard-404.html', { cookieGuard: true, categories }), (c) =>
    c.route(CHUNK, (route) => route.fulfill({ status: 404, body: 'not found' })),
  )
  await write(p, '_ttp=t.1; path=/')
  await write(p, '_fbp=fb.1; path=/')
  // Requested on the first write that waits, and failed; what waited is decided then.
  await expect.poll(() => p.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('consent-gate-cookies')))).toBe(true)
  await expect.poll(() => jar(p)).toContain('_fbp=fb.1')
  expect(await chunkThere(p)).toBe(false)
  expect(await jar(p)).not.toContain('_ttp')
  await write(p, '_ttp=t.2; path=/')
  expect(await jar(p)).not.toContain('_ttp')
})

test('when the chunk cannot be loaded, cookieGuard: { unclassified: "drop" } drops what the lists do not allow', async () => {
  const { page: p } = await env.visit(page('/guard-404-drop.html', { cookieGuard: { unclassified: 'drop' }, categories }), (c) =>
    c.route(CHUNK, (route) => route.fulfill({ status: 404, body: 'not found' })),
  )
  await write(p, '_fbp=fb.1; path=/')
  await write(p, 'consent_probe=1; path=/')
  await gate(p, 'rejectAll')
  // The consent cookie always passes; what waited was dropped when the load failed.
  await expect.poll(() => jar(p)).toContain('consent_gate=')
  await expect.poll(() => p.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('consent-gate-cookies')))).toBe(true)
  await write(p, 'later=1; path=/')
  expect(await jar(p)).not.toMatch(/_fbp|consent_probe|later/)
})

test('cookieGuard: { unclassified: "drop" } drops a cookie no one classifies; the consent cookie always passes', async () => {
  const { page: p } = await env.visit(page('/guard-drop.html', { cookieGuard: { unclassified: 'drop' }, categories }))
  await write(p, 'other=1; path=/')
  await write(p, 'XSRF-TOKEN=x; path=/')
  // A necessary (security) cookie of the database passes; the unknown one does not.
  await expect.poll(() => jar(p)).toContain('XSRF-TOKEN=x')
  expect(await jar(p)).not.toContain('other')
  await gate(p, 'rejectAll')
  expect(await jar(p)).toContain('consent_gate=')
})

test('inspect() and the debug overlay list the dropped cookies with their category and when', async () => {
  const { page: p } = await env.visit(page('/guard-inspect.html', { cookieGuard: true, categories }))
  await write(p, '_fbp=fb.1; path=/')
  await write(p, '_ttp=t.1; path=/')
  await expect.poll(() => chunkThere(p)).toBe(true)
  const data = await p.evaluate(() => (window as any).ConsentGate.inspect())
  expect(data.droppedCookies.map((c: any) => [c.name, c.category, c.service])).toEqual([
    ['_fbp', 'marketing', null],
    ['_ttp', 'marketing', null],
  ])
  expect(data.droppedCookies[0].at).toEqual(expect.any(Number))
  await p.evaluate(() => (window as any).ConsentGate.debug())
  const section = () =>
    p.evaluate(() => {
      const root = document.querySelector('#consent-gate-debug')?.shadowRoot
      const h = Array.from(root?.querySelectorAll('h3') || []).find((e) => e.textContent!.startsWith('Dropped cookies'))
      return h ? [h.textContent, Array.from(h.nextElementSibling!.querySelectorAll('tbody tr')).map((tr) => tr.children[0].textContent)] : null
    })
  await expect.poll(section).toEqual(['Dropped cookies (2)', ['_fbp', '_ttp']])
})

test('the built chunk names the Open Cookie Database and its Apache-2.0 license, whose text is beside it in dist/', async () => {
  const chunk = await (await fetch(env.site.origin + '/dist/consent-gate-cookies.js')).text()
  expect(chunk.startsWith('/*! @license Derived from the Open Cookie Database')).toBe(true)
  expect(chunk).toContain('see consent-gate-cookies.LICENSE.txt')
  const license = await (await fetch(env.site.origin + '/dist/consent-gate-cookies.LICENSE.txt')).text()
  expect(license).toContain('Open Cookie Database')
  expect(license).toContain('Apache License')
})

test('withdrawing analytics clears its listed localStorage and sessionStorage keys, and only those', async () => {
  const { page: p } = await env.visit(page('/guard-storage.html', { categories, reloadOnRevoke: false }))
  await gate(p, 'acceptAll')
  await p.evaluate(() => {
    localStorage.setItem('_hjSession_1', 'x')
    sessionStorage.setItem('_hjTLDTest', 'x')
    localStorage.setItem('cart', 'kept')
  })
  await gate(p, 'update', { analytics: false })
  // The clearing is the storage chunk's, loaded on the decision.
  await expect
    .poll(() => p.evaluate(() => [localStorage.getItem('_hjSession_1'), sessionStorage.getItem('_hjTLDTest'), localStorage.getItem('cart')]))
    .toEqual([null, null, 'kept'])
})

test('the reload of a withdrawal waits for the listed storage keys to be cleared', async () => {
  // A returning visitor who allowed analytics: the withdrawal is this page's first decision, so the
  // storage chunk is requested by it, and held 400 ms; a reload that did not wait would keep the keys.
  const { page: p } = await env.visit(page('/guard-storage-reload.html', { categories }), async (c) => {
    await returning({ analytics: true })(c)
    await c.route('**/consent-gate-storage.js', async (route) => {
      await new Promise((r) => setTimeout(r, 400))
      await route.continue()
    })
  })
  await p.evaluate(() => {
    localStorage.setItem('_hjSession_2', 'x')
    sessionStorage.setItem('_hjTLDTest', 'x')
  })
  const reloaded = p.waitForEvent('framenavigated')
  await p.evaluate(() => (window as any).ConsentGate.update({ analytics: false }))
  await reloaded
  await p.waitForLoadState('load')
  expect(await p.evaluate(() => [localStorage.getItem('_hjSession_2'), sessionStorage.getItem('_hjTLDTest')])).toEqual([null, null])
})
