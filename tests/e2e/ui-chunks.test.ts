import { beforeAll, expect, test } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { consentCookieValue, gate } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

// The UI chunk carries the banner (plain DOM) and no texts; the visitor's language's first layer
// (English or Korean, requested by the core beside the UI chunk), the preferences (with Preact),
// the embed placeholders and the rest of the texts (`en-more`, `ko-more`, with the preferences or
// the placeholders) come in chunks of their own, fetched only when needed: the preferences when the
// visitor shows intent to open them.
const env = useSite()
const { visit } = env
beforeAll(() => {
  env.site.page('/embed/video.html', '<!doctype html><title>video</title><p>player</p>')
})

const CONFIG = `{ categories: {
  necessary: { title: 'necessary', required: true },
  analytics: { title: 'analytics' },
  marketing: { title: 'marketing', services: { youtube: { title: 'YouTube' } } } } }`
const IFRAME =
  '<iframe data-category="marketing" data-service="youtube" data-src="/embed/video.html" title="Brew guide" style="width:480px;height:270px"></iframe>'
const page = (path: string, body = '') =>
  env.site.page(
    path,
    `<!doctype html><html lang="en"><head><script>window.consentGateConfig = ${CONFIG}</script>${sdkTag()}</head>
<body><main><h1>Shop</h1><a href="#" data-consent-settings>Cookie settings</a>${body}</main></body></html>`,
  )
const SETTLE = 500

const cookie = (marketing: boolean) => consentCookieValue({ categories: { necessary: true, analytics: false, marketing }, services: { youtube: marketing } })
const returning = (marketing: boolean) => (c: BrowserContext) =>
  c.addCookies([{ name: 'consent_gate', value: cookie(marketing), domain: '127.0.0.1', path: '/' }])

/** Every SDK chunk requested since `from`, by short name (`page`, `ui`, `preferences`, …), in order. */
const allChunks = (from: number) =>
  env.site.requested
    .slice(from)
    .map((r) => /\/consent-gate-([a-z-]+)\.js/.exec(r))
    .filter(Boolean)
    .map((m) => m![1])
/**
 * The UI's chunks requested since `from`: the page chunk, which a page view loads when it does not
 * load the UI chunk at its start, left out (its own test below). The core requests the UI chunk
 * and the language chunk in the same tick, so the server may see either first: a language right
 * before `ui` is put after it. Likewise the UI requests the preferences or the placeholders and the
 * rest of the texts together: a second part right before its view's chunk is put after it.
 */
const chunks = (from: number) => {
  const list = allChunks(from).filter((c) => c !== 'page')
  const swap = (a: (c: string) => boolean, b: (c: string) => boolean) => {
    for (let i = 0; i + 1 < list.length; i++) if (a(list[i]) && b(list[i + 1])) list.splice(i, 2, list[i + 1], list[i])
  }
  swap(
    (c) => c === 'en' || c === 'ko',
    (c) => c === 'ui',
  )
  swap(
    (c) => c.endsWith('-more'),
    (c) => c === 'preferences' || c === 'placeholders',
  )
  return list
}
/** The text of the focused element inside the widget's shadow root, and whether it is in the dialog. */
const focusInWidget = (p: Page) =>
  p.evaluate(() => {
    const a = document.getElementById('consent-gate-root')?.shadowRoot?.activeElement
    return { text: a ? a.textContent : null, inDialog: !!(a && a.closest('[role=dialog]')) }
  })

test('a first visit that only accepts downloads the UI chunk and English and nothing else: no preferences, no second part of the texts, no Korean', async () => {
  const from = env.site.requested.length
  const { page: p, errors } = await visit(page('/chunks-accept-only.html'))
  const banner = p.getByRole('region', { name: 'We value your privacy' })
  await banner.waitFor()
  await p.waitForTimeout(SETTLE)
  await banner.getByRole('button', { name: 'Accept all' }).click()
  await banner.waitFor({ state: 'detached' })
  await p.waitForTimeout(SETTLE)
  expect(chunks(from)).toEqual(['ui', 'en'])
  expect(errors.pageErrors).toEqual([])
})

test('the preferences chunk is fetched when the pointer goes over Manage preferences, not before; the click opens it with no further request', async () => {
  const from = env.site.requested.length
  const { page: p } = await visit(page('/chunks-hover.html'))
  const manage = p.getByRole('button', { name: 'Manage preferences' })
  await manage.waitFor()
  await p.waitForTimeout(SETTLE)
  expect(chunks(from)).toEqual(['ui', 'en'])
  await manage.hover()
  await p.waitForFunction(() => (window as any).ConsentGateChunks?.preferences && (window as any).ConsentGateChunks['en-more'])
  expect(chunks(from)).toEqual(['ui', 'en', 'preferences', 'en-more'])
  await manage.click()
  await p.getByRole('dialog', { name: 'Privacy preferences' }).waitFor()
  expect(chunks(from)).toEqual(['ui', 'en', 'preferences', 'en-more'])
})

test('the preferences chunk is fetched when Manage preferences gets the keyboard focus', async () => {
  const from = env.site.requested.length
  const { page: p } = await visit(page('/chunks-focus.html'))
  const banner = p.getByRole('region', { name: 'We value your privacy' })
  await banner.waitFor()
  // Tab through the banner: Accept all and Reject all fetch nothing.
  await banner.getByRole('button', { name: 'Accept all' }).focus()
  await p.keyboard.press('Tab')
  await p.waitForTimeout(SETTLE)
  expect(chunks(from)).toEqual(['ui', 'en'])
  await p.keyboard.press('Tab')
  expect(await focusInWidget(p)).toEqual({ text: 'Manage preferences', inDialog: false })
  await p.waitForFunction(() => (window as any).ConsentGateChunks?.preferences && (window as any).ConsentGateChunks['en-more'])
  expect(chunks(from)).toEqual(['ui', 'en', 'preferences', 'en-more'])
  await p.keyboard.press('Enter')
  await p.getByRole('dialog', { name: 'Privacy preferences' }).waitFor()
  expect((await focusInWidget(p)).inDialog).toBe(true)
})

test('a Korean visitor gets the Korean chunk and the banner in Korean, never English first', async () => {
  const from = env.site.requested.length
  const url = env.site.page(
    '/chunks-ko.html',
    `<!doctype html><html lang="ko"><head><script>window.consentGateConfig = ${CONFIG}</script>${sdkTag()}</head><body><main><h1>상점</h1></main></body></html>`,
  )
  const { page: p, errors } = await visit(url, (c) =>
    // Note every text the widget shows, from its first drawing on.
    c.addInitScript(() => {
      const seen: string[] = []
      ;(window as any).__seen = seen
      new MutationObserver(() => {
        const root = document.getElementById('consent-gate-root')?.shadowRoot
        if (root && !(window as any).__watching) {
          ;(window as any).__watching = true
          const note = () => root.textContent && seen.push(root.textContent)
          new MutationObserver(note).observe(root, { childList: true, subtree: true, characterData: true })
        }
      }).observe(document, { childList: true, subtree: true })
    }),
  )
  const banner = p.getByRole('region', { name: '개인정보 보호를 소중히 여깁니다' })
  await banner.waitFor()
  for (const name of ['모두 동의', '모두 거부', '설정 관리']) expect(await banner.getByRole('button', { name }).isVisible()).toBe(true)
  expect(await p.locator('#consent-gate-root').getAttribute('lang')).toBe('ko')
  expect(await p.evaluate(() => (window as any).__seen.some((t: string) => /Accept all|We value your privacy/.test(t)))).toBe(false)
  expect(await p.evaluate(() => (window as any).__seen.length)).toBeGreaterThan(0)
  expect(chunks(from)).toEqual(['ui', 'ko'])
  // The preferences come in Korean too, from the same texts.
  await banner.getByRole('button', { name: '설정 관리' }).click()
  await p.getByRole('dialog', { name: '개인정보 설정' }).waitFor()
  expect(chunks(from)).toEqual(['ui', 'ko', 'preferences', 'ko-more'])
  expect(errors.pageErrors).toEqual([])
})

test('an English visitor never requests the Korean chunk, not even on opening the preferences', async () => {
  const from = env.site.requested.length
  const { page: p } = await visit(page('/chunks-en.html'))
  await p.getByRole('button', { name: 'Manage preferences' }).click()
  await p.getByRole('dialog', { name: 'Privacy preferences' }).waitFor()
  await p.waitForTimeout(SETTLE)
  expect(chunks(from)).toEqual(['ui', 'en', 'preferences', 'en-more'])
})

test('a returning visitor downloads no UI code; opening the preferences fetches the UI, then the preferences', async () => {
  const from = env.site.requested.length
  const { page: p, errors } = await visit(page('/chunks-returning.html'), returning(false))
  await p.waitForTimeout(SETTLE)
  expect(chunks(from)).toEqual([])
  await p.getByRole('link', { name: 'Cookie settings' }).click()
  await p.getByRole('dialog', { name: 'Privacy preferences' }).waitFor()
  expect(chunks(from)).toEqual(['ui', 'en', 'preferences', 'en-more'])
  expect((await focusInWidget(p)).inDialog).toBe(true)
  expect(errors.pageErrors).toEqual([])
})

test('while a slow preferences chunk loads, clicks open one dialog; focus goes into it, and Escape brings it back', async () => {
  const from = env.site.requested.length
  const { page: p, errors } = await visit(page('/chunks-slow.html'), (c) =>
    c.route('**/consent-gate-preferences.js', async (route) => {
      await new Promise((r) => setTimeout(r, 1000))
      await route.continue()
    }),
  )
  const manage = p.getByRole('button', { name: 'Manage preferences' })
  await manage.click()
  await manage.click()
  await gate(p, 'showPreferences')
  // Meanwhile the banner stays as it was.
  expect(await p.getByRole('region', { name: 'We value your privacy' }).isVisible()).toBe(true)
  const dialog = p.getByRole('dialog', { name: 'Privacy preferences' })
  await dialog.waitFor()
  await p.waitForTimeout(SETTLE)
  expect(await p.getByRole('dialog').count()).toBe(1)
  expect(chunks(from).filter((c) => c === 'preferences')).toEqual(['preferences'])
  expect((await focusInWidget(p)).inDialog).toBe(true)
  await p.keyboard.press('Escape')
  await dialog.waitFor({ state: 'detached' })
  expect(await focusInWidget(p)).toEqual({ text: 'Manage preferences', inDialog: false })
  expect(errors.pageErrors).toEqual([])
})

test('a decision made while the preferences chunk loads wins: the dialog does not open afterwards', async () => {
  const { page: p } = await visit(page('/chunks-decided.html'), (c) =>
    c.route('**/consent-gate-preferences.js', async (route) => {
      await new Promise((r) => setTimeout(r, 800))
      await route.continue()
    }),
  )
  await p.getByRole('button', { name: 'Manage preferences' }).click()
  await p.getByRole('button', { name: 'Reject all' }).click()
  await p.waitForFunction(() => (window as any).ConsentGateChunks?.preferences)
  await p.waitForTimeout(SETTLE)
  expect(await p.getByRole('dialog').count()).toBe(0)
  expect(await p.getByRole('region', { name: 'We value your privacy' }).count()).toBe(0)
  expect(await p.evaluate(() => (window as any).ConsentGate.get().method)).toBe('reject-all')
})

test('when the preferences chunk cannot load, the error is logged, nothing is thrown, and the banner still decides', async () => {
  const { page: p, errors } = await visit(page('/chunks-failed.html'), (c) => c.route('**/consent-gate-preferences.js', (route) => route.abort()))
  const banner = p.getByRole('region', { name: 'We value your privacy' })
  await banner.waitFor()
  await p.getByRole('button', { name: 'Manage preferences' }).click()
  await expect.poll(() => errors.consoleErrors.some((e) => e.startsWith('[ConsentGate]') && e.includes('consent-gate-preferences.js'))).toBe(true)
  expect(errors.pageErrors).toEqual([])
  expect(await p.getByRole('dialog').count()).toBe(0)
  expect(await banner.isVisible()).toBe(true)
  // The banner's own buttons work.
  await banner.getByRole('button', { name: 'Accept all' }).click()
  await banner.waitFor({ state: 'detached' })
  expect(await p.evaluate(() => (window as any).ConsentGate.get().method)).toBe('accept-all')
  expect(errors.pageErrors).toEqual([])
})

test('when the preferences chunk cannot load, Reject all still works too', async () => {
  const { page: p, errors } = await visit(page('/chunks-failed-reject.html'), (c) => c.route('**/consent-gate-preferences.js', (route) => route.abort()))
  await p.getByRole('button', { name: 'Manage preferences' }).click()
  await expect.poll(() => errors.consoleErrors.some((e) => e.startsWith('[ConsentGate]') && e.includes('consent-gate-preferences.js'))).toBe(true)
  await p.getByRole('button', { name: 'Reject all' }).click()
  await p.getByRole('region', { name: 'We value your privacy' }).waitFor({ state: 'detached' })
  expect(await p.evaluate(() => (window as any).ConsentGate.get().method)).toBe('reject-all')
  expect(errors.pageErrors).toEqual([])
})

test('the placeholders chunk is fetched only when a gated iframe is blocked', async () => {
  // An undecided visitor on a page without gated iframes: the banner, no placeholders.
  let from = env.site.requested.length
  const { page: p1 } = await visit(page('/chunks-no-iframe.html'))
  await p1.getByRole('region', { name: 'We value your privacy' }).waitFor()
  await p1.waitForTimeout(SETTLE)
  expect(chunks(from)).toEqual(['ui', 'en'])

  // A returning visitor who allowed the iframe's category: no UI code at all.
  from = env.site.requested.length
  const { page: p2 } = await visit(page('/chunks-iframe-allowed.html', IFRAME), returning(true))
  await p2.waitForFunction(() => document.querySelector('iframe')!.hasAttribute('src'))
  await p2.waitForTimeout(SETTLE)
  expect(chunks(from)).toEqual([])

  // A returning visitor who refused it: the UI and the placeholders, not the preferences.
  from = env.site.requested.length
  const { page: p3 } = await visit(page('/chunks-iframe-blocked.html', IFRAME), returning(false))
  await p3.getByRole('group', { name: 'This content from YouTube is blocked until you allow Marketing.' }).waitFor()
  await p3.waitForTimeout(SETTLE)
  expect(chunks(from)).toEqual(['ui', 'en', 'placeholders', 'en-more'])
})

test('an iframe blocked later fetches the placeholders chunk then', async () => {
  const from = env.site.requested.length
  const { page: p } = await visit(page('/chunks-iframe-later.html'), returning(false))
  await p.waitForTimeout(SETTLE)
  expect(chunks(from)).toEqual([])
  await p.evaluate((html) => document.querySelector('main')!.insertAdjacentHTML('beforeend', html), IFRAME)
  await p.getByRole('group', { name: 'This content from YouTube is blocked until you allow Marketing.' }).waitFor()
  expect(chunks(from)).toEqual(['ui', 'en', 'placeholders', 'en-more'])
  await p.getByRole('button', { name: 'Load this content' }).click()
  await p.waitForFunction(() => document.querySelector('iframe')!.hasAttribute('src'))
  expect(await p.locator('[data-cg-placeholder]').count()).toBe(0)
})

test('one Preact for the page: in the preferences chunk only; the banner and the placeholders have none', async () => {
  const { page: p } = await visit(page('/chunks-one-preact.html', IFRAME), returning(false))
  await p.getByRole('group', { name: 'This content from YouTube is blocked until you allow Marketing.' }).waitFor()
  await p.getByRole('link', { name: 'Cookie settings' }).click()
  await p.getByRole('dialog', { name: 'Privacy preferences' }).waitFor()
  const loaded = chunks(0).filter((c, i, all) => all.indexOf(c) === i)
  expect(loaded).toEqual(expect.arrayContaining(['ui', 'placeholders', 'preferences']))
  // Preact's public `dangerouslySetInnerHTML` key survives minification: it marks a bundled Preact.
  const withPreact: string[] = []
  for (const name of loaded) {
    const source = await (await fetch(env.site.origin + '/dist/consent-gate-' + name + '.js')).text()
    if (source.includes('dangerouslySetInnerHTML')) withPreact.push(name)
  }
  expect(withPreact).toEqual(['preferences'])
})

test('a first visit takes the page wiring it needs from the UI chunk and requests the page chunk only after its decision; a returning one requests the page chunk and nothing else', async () => {
  let from = env.site.requested.length
  const first = await visit(page('/chunks-page-first.html'))
  // Its work on a first visit: the settings link opens the preferences.
  await first.page.getByRole('button', { name: 'Accept all' }).waitFor()
  await first.page.getByRole('link', { name: 'Cookie settings' }).click()
  await first.page.getByRole('dialog').waitFor()
  await first.page.waitForTimeout(SETTLE)
  expect(allChunks(from)).not.toContain('page')
  await first.page.getByRole('button', { name: 'Accept all' }).last().click()
  // The rest of the wiring (the other config checks, the floating button, leftovers) after the decision.
  await expect.poll(() => allChunks(from)).toContain('page')
  from = env.site.requested.length
  await first.page.reload()
  await first.page.waitForTimeout(SETTLE)
  expect(allChunks(from)).toEqual(['page'])
  await first.page.getByRole('link', { name: 'Cookie settings' }).click()
  await first.page.getByRole('dialog').waitFor()
})

test('a first visit names the config checks that can wait once the visitor has decided, and those promised as it loads at once', async () => {
  const from = env.site.requested.length
  const { page: p, errors } = await visit(
    env.site.page(
      '/chunks-later-checks.html',
      `<!doctype html><html lang="en"><head><script>window.consentGateConfig = { floatingButton: 'yes', googleConsentMode: 'on' }</script>${sdkTag()}</head><body><p>x</p></body></html>`,
    ),
  )
  await expect.poll(() => errors.consoleErrors.some((e) => e.includes('[ConsentGate] config.googleConsentMode: expected'))).toBe(true)
  await p.getByRole('button', { name: 'Accept all' }).waitFor()
  await p.waitForTimeout(SETTLE)
  expect(errors.consoleErrors.some((e) => e.includes('config.floatingButton'))).toBe(false)
  expect(allChunks(from)).not.toContain('page')
  await p.getByRole('button', { name: 'Accept all' }).click()
  await expect.poll(() => errors.consoleErrors.some((e) => e.includes('[ConsentGate] config.floatingButton: expected true or false'))).toBe(true)
  expect(errors.pageErrors).toEqual([])
})

test('?consent-gate-debug names every config check on a first visit before a decision', async () => {
  const { errors } = await visit(
    env.site.page(
      '/chunks-debug-checks.html',
      `<!doctype html><html lang="en"><head><script>window.consentGateConfig = { floatingButton: 'yes' }</script>${sdkTag()}</head><body><p>x</p></body></html>`,
    ) + '?consent-gate-debug',
  )
  await expect.poll(() => errors.consoleErrors.some((e) => e.includes('[ConsentGate] config.floatingButton: expected true or false'))).toBe(true)
  expect(errors.pageErrors).toEqual([])
})

test('a first visit whose UI chunk cannot load still gets the page wiring, from the page chunk: the config checks are named', async () => {
  const from = env.site.requested.length
  const { errors } = await visit(
    env.site.page(
      '/chunks-ui-404.html',
      `<!doctype html><html lang="en"><head><script>window.consentGateConfig = { floatingButton: 'yes' }</script>${sdkTag()}</head><body><p>x</p></body></html>`,
    ),
    (c) => c.route('**/consent-gate-ui.js', (route) => route.fulfill({ status: 404, body: 'not found' })),
  )
  await expect.poll(() => errors.consoleErrors.some((e) => e.includes('[ConsentGate] config.floatingButton: expected'))).toBe(true)
  expect(allChunks(from)).toContain('page')
  expect(errors.pageErrors).toEqual([])
})

test('the language chunk is requested beside the UI chunk, before the UI chunk has arrived', async () => {
  // The UI chunk's response is held until the English chunk has been asked for (3 s at most):
  // a language loaded only once the UI chunk runs would be asked for after that.
  let english: () => void = () => {}
  const asked = new Promise<string>((resolve) => (english = () => resolve('before')))
  let order = ''
  const { page: p, errors } = await visit(page('/chunks-parallel.html'), (c) =>
    Promise.all([
      c.route('**/consent-gate-ui.js', async (route) => {
        order = await Promise.race([asked, new Promise<string>((r) => setTimeout(() => r('after'), 3000))])
        await route.continue()
      }),
      c.route('**/consent-gate-en.js', (route) => {
        english()
        return route.continue()
      }),
    ]),
  )
  await p.getByRole('region', { name: 'We value your privacy' }).waitFor()
  expect(order).toBe('before')
  expect(errors.pageErrors).toEqual([])
})

test('a Korean visitor whose Korean chunk fails gets the banner in English, and the failure named', async () => {
  const url = env.site.page(
    '/chunks-ko-fails.html',
    `<!doctype html><html lang="ko"><head><script>window.consentGateConfig = ${CONFIG}</script>${sdkTag()}</head><body><main><h1>상점</h1></main></body></html>`,
  )
  const { page: p, errors } = await visit(url, (c) => c.route('**/consent-gate-ko.js', (route) => route.fulfill({ status: 404, body: '' })))
  const banner = p.getByRole('region', { name: 'We value your privacy' })
  await banner.waitFor()
  expect(await p.locator('#consent-gate-root').getAttribute('lang')).toBe('en')
  await expect.poll(() => errors.consoleErrors.some((e) => e.includes('[ConsentGate] could not load the consent UI'))).toBe(true)
  await banner.getByRole('button', { name: 'Accept all' }).click()
  expect((await gate(p, 'get'))?.method).toBe('accept-all')
})

const koPage = (path: string, body = '') =>
  env.site.page(
    path,
    `<!doctype html><html lang="ko"><head><script>window.consentGateConfig = ${CONFIG}</script>${sdkTag()}</head><body><main><h1>상점</h1>${body}</main></body></html>`,
  )

test('the rest of the texts is requested with the preferences chunk, before it has arrived, and the preferences show them', async () => {
  // The preferences chunk's response is held until the second part has been asked for (3 s at
  // most): a second part asked for only once the preferences chunk runs would come after that.
  let more: () => void = () => {}
  const asked = new Promise<string>((resolve) => (more = () => resolve('before')))
  let order = ''
  const from = env.site.requested.length
  const { page: p, errors } = await visit(page('/chunks-more-parallel.html'), (c) =>
    Promise.all([
      c.route('**/consent-gate-preferences.js', async (route) => {
        order = await Promise.race([asked, new Promise<string>((r) => setTimeout(() => r('after'), 3000))])
        await route.continue()
      }),
      c.route('**/consent-gate-en-more.js', (route) => {
        more()
        return route.continue()
      }),
    ]),
  )
  const manage = p.getByRole('button', { name: 'Manage preferences' })
  await manage.hover()
  await manage.click()
  const dialog = p.getByRole('dialog', { name: 'Privacy preferences' })
  await dialog.waitFor()
  expect(order).toBe('before')
  expect(await dialog.getByText('Choose which purposes you allow. Strictly necessary ones cannot be switched off.').isVisible()).toBe(true)
  expect(await dialog.getByRole('heading', { name: 'Strictly necessary' }).isVisible()).toBe(true)
  expect(await dialog.getByRole('switch', { name: 'Analytics' }).isVisible()).toBe(true)
  for (const name of ['Accept all', 'Reject all', 'Save preferences']) expect(await dialog.getByRole('button', { name }).isVisible()).toBe(true)
  expect(chunks(from)).toEqual(['ui', 'en', 'preferences', 'en-more'])
  expect(errors.pageErrors).toEqual([])
})

test('a Korean visitor gets the Korean rest of the texts with the preferences: the preferences are all Korean', async () => {
  const from = env.site.requested.length
  const { page: p, errors } = await visit(koPage('/chunks-ko-more.html'))
  await p.getByRole('button', { name: '설정 관리' }).click()
  const dialog = p.getByRole('dialog', { name: '개인정보 설정' })
  await dialog.waitFor()
  expect(await dialog.getByRole('heading', { name: '필수' }).isVisible()).toBe(true)
  expect(await dialog.getByRole('switch', { name: '분석' }).isVisible()).toBe(true)
  for (const name of ['모두 동의', '모두 거부', '설정 저장']) expect(await dialog.getByRole('button', { name }).isVisible()).toBe(true)
  // No English word: only the config's service name is in Latin letters.
  expect((await dialog.textContent())!.replace('YouTube', '')).not.toMatch(/[A-Za-z]{4,}/)
  expect(chunks(from)).toEqual(['ui', 'ko', 'preferences', 'ko-more'])
  expect(errors.pageErrors).toEqual([])
})

test("when the Korean rest of the texts fails, the preferences open with English's, and the failure is named", async () => {
  const from = env.site.requested.length
  const { page: p, errors } = await visit(koPage('/chunks-ko-more-fails.html'), (c) =>
    c.route('**/consent-gate-ko-more.js', (route) => route.fulfill({ status: 404, body: '' })),
  )
  const banner = p.getByRole('region', { name: '개인정보 보호를 소중히 여깁니다' })
  await banner.getByRole('button', { name: '설정 관리' }).click()
  const dialog = p.getByRole('dialog', { name: 'Privacy preferences' })
  await dialog.waitFor()
  expect(await dialog.getByRole('button', { name: 'Save preferences' }).isVisible()).toBe(true)
  expect(await dialog.getByRole('switch', { name: 'Analytics' }).isVisible()).toBe(true)
  // The first layer stays Korean.
  expect(await dialog.getByRole('button', { name: '모두 동의' }).isVisible()).toBe(true)
  await expect
    .poll(() => errors.consoleErrors.some((e) => e.includes('[ConsentGate] could not load the consent UI') && e.includes('consent-gate-ko-more.js')))
    .toBe(true)
  expect(chunks(from)).toContain('en-more')
  await dialog.getByRole('button', { name: 'Save preferences' }).click()
  expect((await gate(p, 'get'))?.method).toBe('custom')
  expect(errors.pageErrors).toEqual([])
})

test('when no rest of the texts can load, the preferences do not open, the failure is named, and the banner still decides', async () => {
  const { page: p, errors } = await visit(page('/chunks-more-fails.html'), (c) => c.route('**/consent-gate-en-more.js', (route) => route.abort()))
  const banner = p.getByRole('region', { name: 'We value your privacy' })
  await banner.getByRole('button', { name: 'Manage preferences' }).click()
  await expect.poll(() => errors.consoleErrors.some((e) => e.startsWith('[ConsentGate]') && e.includes('consent-gate-en-more.js'))).toBe(true)
  await p.waitForTimeout(SETTLE)
  expect(await p.getByRole('dialog').count()).toBe(0)
  await banner.getByRole('button', { name: 'Reject all' }).click()
  await banner.waitFor({ state: 'detached' })
  expect((await gate(p, 'get'))?.method).toBe('reject-all')
  expect(errors.pageErrors).toEqual([])
})

test("a blocked iframe's placeholder shows its texts, in Korean for a Korean visitor", async () => {
  const { page: p } = await visit(koPage('/chunks-ko-placeholder.html', IFRAME), returning(false))
  const notice = p.getByRole('group', { name: '마케팅에 동의하기 전에는 YouTube의 콘텐츠가 차단됩니다.' })
  await notice.waitFor()
  for (const name of ['이 콘텐츠 불러오기', '항상 허용']) expect(await notice.getByRole('button', { name }).isVisible()).toBe(true)
})

/** A computed style of the first element matching `selector` in the shadow root of the first `host`. */
const shadowStyle = (p: Page, host: string, selector: string, property: string) =>
  p.evaluate(
    ([host, selector, property]) => {
      const el = document.querySelector(host)?.shadowRoot?.querySelector(selector)
      return el ? getComputedStyle(el).getPropertyValue(property) : null
    },
    [host, selector, property],
  )

test("each view's stylesheet comes with its chunk: the banner's buttons, the preferences' switches and the placeholders' buttons are styled", async () => {
  const { page: p, errors } = await visit(page('/chunks-styles.html', IFRAME))
  await p.getByRole('region', { name: 'We value your privacy' }).waitFor()
  expect(await shadowStyle(p, '#consent-gate-root', '.cg-banner .cg-btn', 'min-height')).toBe('44px')
  expect(await shadowStyle(p, '#consent-gate-root', '.cg-banner', 'display')).toBe('grid')
  // The placeholder: its own rules on top of the banner's.
  await p.getByRole('group', { name: 'This content from YouTube is blocked until you allow Marketing.' }).waitFor()
  expect(await shadowStyle(p, '[data-cg-placeholder]', '.cg-btn', 'min-height')).toBe('36px')
  expect(await shadowStyle(p, '[data-cg-placeholder]', '.cg-ph', 'display')).toBe('flex')
  await p.getByRole('button', { name: 'Manage preferences' }).click()
  await p.getByRole('dialog', { name: 'Privacy preferences' }).waitFor()
  expect(await shadowStyle(p, '#consent-gate-root', '.cg-switch', 'width')).toBe('48px')
  expect(await shadowStyle(p, '#consent-gate-root', '.cg-overlay', 'position')).toBe('fixed')
  expect(await shadowStyle(p, '#consent-gate-root', '.cg-preferences', 'padding-top')).toBe('20px')
  expect(await shadowStyle(p, '#consent-gate-root', '.cg-preferences .cg-btn', 'min-height')).toBe('44px')
  // Closing and opening again adds no second copy of the preferences' sheet.
  await p.keyboard.press('Escape')
  await p.getByRole('button', { name: 'Manage preferences' }).click()
  await p.getByRole('dialog', { name: 'Privacy preferences' }).waitFor()
  expect(await p.evaluate(() => document.getElementById('consent-gate-root')!.shadowRoot!.adoptedStyleSheets.length)).toBe(2)
  expect(errors.pageErrors).toEqual([])
})

test('the modal banner (blocking) keeps its overlay before the preferences chunk has loaded', async () => {
  const url = env.site.page(
    '/chunks-styles-blocking.html',
    `<!doctype html><html lang="en"><head><script>window.consentGateConfig = { blocking: true }</script>${sdkTag()}</head><body><main><h1>Shop</h1></main></body></html>`,
  )
  const from = env.site.requested.length
  const { page: p } = await visit(url)
  await p.getByRole('dialog', { name: 'We value your privacy' }).waitFor()
  expect(await shadowStyle(p, '#consent-gate-root', '.cg-overlay', 'position')).toBe('fixed')
  expect(await shadowStyle(p, '#consent-gate-root', '.cg-overlay', 'background-color')).toBe('rgba(0, 0, 0, 0.45)')
  expect(chunks(from)).toEqual(['ui', 'en'])
})

test('without constructable stylesheets, each view gets its rules as a <style> with the nonce, under a nonce CSP', async () => {
  const nonce = 'st7leN0nce'
  const url = env.site.page(
    '/chunks-styles-nonce.html',
    `<!doctype html><html lang="en"><head><script nonce="${nonce}">window.consentGateConfig = ${CONFIG}</script><script nonce="${nonce}" src="/dist/consent-gate.js"></script></head>
<body><main><h1>Shop</h1>${IFRAME}</main></body></html>`,
    { 'Content-Security-Policy': `script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'` },
  )
  const { page: p, errors } = await visit(url, (c) =>
    c.addInitScript(() => {
      // A browser without constructable stylesheets.
      ;(window as any).CSSStyleSheet = undefined
    }),
  )
  await p.getByRole('group', { name: 'This content from YouTube is blocked until you allow Marketing.' }).waitFor()
  expect(await shadowStyle(p, '#consent-gate-root', '.cg-banner .cg-btn', 'min-height')).toBe('44px')
  expect(await shadowStyle(p, '[data-cg-placeholder]', '.cg-btn', 'min-height')).toBe('36px')
  await p.getByRole('button', { name: 'Manage preferences' }).click()
  await p.getByRole('dialog', { name: 'Privacy preferences' }).waitFor()
  expect(await shadowStyle(p, '#consent-gate-root', '.cg-switch', 'width')).toBe('48px')
  expect(await p.evaluate(() => Array.from(document.getElementById('consent-gate-root')!.shadowRoot!.querySelectorAll('style'), (s) => s.nonce))).toEqual([
    'st7leN0nce',
    'st7leN0nce',
  ])
  expect(errors.pageErrors).toEqual([])
})
