import { beforeAll, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { consentCookieValue, logOf } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env
beforeAll(() => {
  env.site.page('/embed/video.html', '<!doctype html><title>video</title><p>player</p>')
})

const CONFIG = `{ categories: {
  necessary: { title: 'necessary', required: true },
  analytics: { title: 'analytics' },
  marketing: { title: 'marketing', services: { youtube: { title: 'YouTube' } } } } }`
const push = (name: string) => `(window.__log = window.__log || []).push(${JSON.stringify(name)})`
/** A page with a gated video in a 480×270 box, a gated marketing script and a gated marketing pixel. */
const page = (path: string, { lang = 'en', iframe = '', head = '' } = {}) =>
  env.site.page(
    path,
    `<!doctype html><html lang="${lang}"><head><script>window.consentGateConfig = ${CONFIG}</script>${sdkTag()}${head}
<script type="text/plain" data-category="marketing">${push('marketing')}</script>
<style>.frame{width:480px}.frame iframe{display:block;width:100%;height:270px;border:0}</style></head>
<body><main><h1>Shop</h1><div class="frame">${
      iframe || '<iframe data-category="marketing" data-service="youtube" data-src="/embed/video.html?v=1" title="Brew guide"></iframe>'
    }</div><p id="after">After the video</p>
<img data-category="marketing" data-src="/px/pixel.gif?p=1" alt=""></main></body></html>`,
  )
/** A visitor who decided before and refused marketing: no banner, only the placeholder. */
const refused = consentCookieValue({ categories: { necessary: true, analytics: true, marketing: false }, services: { youtube: false } })
const returning = (c: import('playwright-core').BrowserContext) => c.addCookies([{ name: 'consent_gate', value: refused, domain: '127.0.0.1', path: '/' }])

const notice = (p: Page) => p.getByRole('group', { name: 'This content from YouTube is blocked until you allow Marketing.' })
const box = (p: Page, selector: string) =>
  p.evaluate((s) => {
    const r = document.querySelector(s)!.getBoundingClientRect()
    return [r.x, r.y, r.width, r.height].map(Math.round)
  }, selector)
const frameTitle = (p: Page) => p.evaluate(() => document.querySelector('iframe')!.contentDocument?.title || '')

test('a blocked iframe shows a notice naming the service and the category, with two buttons', async () => {
  const { page: p, errors } = await visit(page('/ph-notice.html'), returning)
  const group = notice(p)
  await group.waitFor()
  expect(await group.getByRole('button', { name: 'Load this content' }).isVisible()).toBe(true)
  expect(await group.getByRole('button', { name: 'Always allow' }).isVisible()).toBe(true)
  expect(await p.evaluate(() => document.querySelector('iframe')!.hasAttribute('src'))).toBe(false)
  expect(errors.pageErrors).toEqual([])
})

test('the notice takes the iframe’s box: same position and size, nothing below moves', async () => {
  const { page: p } = await visit(
    page('/ph-box.html', {
      head: '<script>window.__shifts = 0; new PerformanceObserver((l) => l.getEntries().forEach((e) => (window.__shifts += e.value))).observe({ type: "layout-shift", buffered: true })</script>',
    }),
    returning,
  )
  await notice(p).waitFor()
  const placeholder = await box(p, '[data-cg-placeholder]')
  const after = await box(p, '#after')
  expect(placeholder.slice(2)).toEqual([480, 270])
  await p.getByRole('button', { name: 'Load this content' }).click()
  await expect.poll(() => frameTitle(p)).toBe('video')
  expect(await box(p, 'iframe')).toEqual(placeholder)
  expect(await box(p, '#after')).toEqual(after)
  expect(await p.evaluate(() => (window as any).__shifts)).toBe(0)
})

test('Load this content loads that iframe only, stores nothing, and a reload shows the notice again', async () => {
  const { page: p } = await visit(page('/ph-once.html'), returning)
  await p.getByRole('button', { name: 'Load this content' }).click()
  await expect.poll(() => frameTitle(p)).toBe('video')
  await notice(p).waitFor({ state: 'detached' })
  // Focus moves to the content that replaced the notice.
  expect(await p.evaluate(() => document.activeElement?.tagName)).toBe('IFRAME')
  expect(await p.evaluate(() => (window as any).ConsentGate.has('marketing'))).toBe(false)
  expect(await logOf(p)).toBeNull()
  expect(await p.evaluate(() => document.querySelector('img')!.hasAttribute('src'))).toBe(false)
  const cookie = (await p.context().cookies()).find((c) => c.name === 'consent_gate')!.value
  expect(decodeURIComponent(cookie)).toBe(refused)

  await p.reload()
  await notice(p).waitFor()
  expect(await p.evaluate(() => document.querySelector('iframe')!.hasAttribute('src'))).toBe(false)
})

test('Always allow grants the category: the iframe, the script and the pixel of that category load', async () => {
  const { page: p } = await visit(page('/ph-always.html'), returning)
  await p.getByRole('button', { name: 'Always allow' }).click()
  await expect.poll(() => frameTitle(p)).toBe('video')
  await notice(p).waitFor({ state: 'detached' })
  expect(await logOf(p)).toEqual(['marketing'])
  expect(await p.evaluate(() => document.querySelector('img')!.getAttribute('src'))).toBe('/px/pixel.gif?p=1')
  const state = await p.evaluate(() => (window as any).ConsentGate.get())
  expect(state.categories).toMatchObject({ marketing: true, analytics: true })
  expect(state.method).toBe('placeholder')

  await p.reload()
  await expect.poll(() => frameTitle(p)).toBe('video')
  expect(await p.locator('[data-cg-placeholder]').count()).toBe(0)
})

test('the notice goes away and the iframe loads when consent arrives another way (the banner)', async () => {
  const { page: p } = await visit(page('/ph-banner.html'))
  await notice(p).waitFor()
  await p.getByRole('region', { name: 'We value your privacy' }).getByRole('button', { name: 'Accept all' }).click()
  await expect.poll(() => frameTitle(p)).toBe('video')
  await notice(p).waitFor({ state: 'detached' })
})

test('an iframe without data-service is named by its host; the notice is in Korean on a Korean page', async () => {
  const { page: p } = await visit(
    page('/ph-ko.html', { lang: 'ko', iframe: '<iframe data-category="marketing" data-src="https://video.example/embed/1" title="영상"></iframe>' }),
    returning,
  )
  const group = p.getByRole('group', { name: '마케팅에 동의하기 전에는 video.example의 콘텐츠가 차단됩니다.' })
  await group.waitFor()
  expect(await group.getByRole('button', { name: '이 콘텐츠 불러오기' }).isVisible()).toBe(true)
  expect(await group.getByRole('button', { name: '항상 허용' }).isVisible()).toBe(true)
})

test('texts overrides reach the notice', async () => {
  const url = env.site.page(
    '/ph-texts.html',
    `<!doctype html><html lang="en"><head><script>window.consentGateConfig = { texts: { en: { loadOnce: 'Play once', placeholderText: '{service} needs {category}.' } } }</script>${sdkTag()}</head>
<body><iframe data-category="marketing" data-src="https://video.example/e"></iframe></body></html>`,
  )
  const { page: p } = await visit(url, returning)
  const group = p.getByRole('group', { name: 'video.example needs Marketing.' })
  await group.waitFor()
  expect(await group.getByRole('button', { name: 'Play once' }).isVisible()).toBe(true)
})

test('an iframe added later gets a notice too', async () => {
  const url = env.site.page('/ph-late.html', `<!doctype html><html lang="en"><head>${sdkTag()}</head><body><div id="slot"></div></body></html>`)
  const { page: p } = await visit(url, returning)
  await p.waitForTimeout(300)
  await p.evaluate(() => {
    const f = document.createElement('iframe')
    f.setAttribute('data-category', 'marketing')
    f.setAttribute('data-src', '/embed/video.html?v=late')
    document.getElementById('slot')!.appendChild(f)
  })
  await p.getByRole('group', { name: /blocked until you allow Marketing/ }).waitFor()
})

test('under a strict CSP the notice is styled and works', async () => {
  const url = env.site.page(
    '/ph-csp.html',
    `<!doctype html><html lang="en"><head><script src="/dist/consent-gate.js"></script></head>
<body><iframe data-category="marketing" data-src="/embed/video.html?v=csp"></iframe></body></html>`,
    { 'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'" },
  )
  const { page: p, errors } = await visit(url, returning)
  const load = p.getByRole('button', { name: 'Load this content' })
  await load.waitFor()
  expect(await load.evaluate((b) => getComputedStyle(b).minHeight)).toBe('36px')
  await load.click()
  await expect.poll(() => frameTitle(p)).toBe('video')
  expect(errors.consoleErrors).toEqual([])
})

test('the placeholders need no Preact: with ConsentGateChunks.preact kept from the page, the notice is drawn and works', async () => {
  const source = await (await fetch(env.site.origin + '/dist/consent-gate-placeholders.js')).text()
  expect(source).not.toContain('ConsentGateChunks.preact')
  const { page: p, errors } = await visit(page('/ph-no-preact.html'), async (c) => {
    await returning(c)
    // Whatever registers a Preact as a chunk is ignored: reading it gives nothing.
    await c.addInitScript(() => {
      const chunks = {}
      Object.defineProperty(chunks, 'preact', { get: () => undefined, set: () => undefined })
      ;(window as any).ConsentGateChunks = chunks
    })
  })
  await notice(p).waitFor()
  await p.getByRole('button', { name: 'Load this content' }).click()
  await expect.poll(() => frameTitle(p)).toBe('video')
  await notice(p).waitFor({ state: 'detached' })
  expect(errors.pageErrors).toEqual([])
  expect(errors.consoleErrors).toEqual([])
})

test('while the page is still parsing, iframes the parser adds after the chunk came get their notice', async () => {
  const second = '<iframe id="second" data-category="marketing" data-src="/embed/video.html?v=2" title="Second"></iframe>'
  const { page: p, errors } = await visit(
    page('/ph-parsing.html', {
      // The parser waits for this script (800 ms) after the first iframe: the chunks arrive meanwhile.
      iframe: `<iframe data-category="marketing" data-service="youtube" data-src="/embed/video.html?v=1" title="Brew guide"></iframe></div>
<script src="/js/log.js?name=slow&delay=800"></script><div class="frame"><section><p>More</p>${second}</section>`,
    }),
    async (c) => {
      await returning(c)
      // Note the document's state when the first placeholder appears.
      await c.addInitScript(() => {
        new MutationObserver((_, o) => {
          if (!document.querySelector('[data-cg-placeholder]')) return
          ;(window as any).__drawnWhile = [document.readyState, !!document.getElementById('second')]
          o.disconnect()
        }).observe(document, { childList: true, subtree: true })
      })
    },
  )
  // Drawn while the parser was waiting, before it reached the second iframe.
  expect(await p.evaluate(() => (window as any).__drawnWhile)).toEqual(['loading', false])
  await notice(p).waitFor()
  await p.getByRole('group', { name: 'This content from 127.0.0.1 is blocked until you allow Marketing.' }).waitFor()
  expect(await p.locator('[data-cg-placeholder]').count()).toBe(2)
  expect(await p.evaluate(() => document.querySelector('#second')!.previousElementSibling!.hasAttribute('data-cg-placeholder'))).toBe(true)
  expect((await box(p, 'section > [data-cg-placeholder]')).slice(2)).toEqual([480, 270])
  expect(errors.pageErrors).toEqual([])
})
