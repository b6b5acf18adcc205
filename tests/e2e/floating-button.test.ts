import { expect, test } from 'vitest'
import { consentCookieValue } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

const page = (path: string, { config = '{ floatingButton: true }', lang = 'en' } = {}) =>
  env.site.page(
    path,
    `<!doctype html><html lang="${lang}"><head><script>window.consentGateConfig = ${config}</script>${sdkTag()}</head>
<body><main><h1>Shop</h1><a href="/next">Next page</a></main></body></html>`,
  )
const decided = consentCookieValue({ categories: { necessary: true, functional: false, analytics: true, personalization: false, marketing: false } })
const returning = (c: import('playwright-core').BrowserContext) => c.addCookies([{ name: 'consent_gate', value: decided, domain: '127.0.0.1', path: '/' }])
const uiRequests = (from: number) => env.site.requested.slice(from).filter((r) => r.includes('consent-gate-ui'))
const SETTLE = 400

test('a returning visitor gets the button without downloading the UI; a click loads it and opens the preferences', async () => {
  const from = env.site.requested.length
  const { page: p, errors } = await visit(page('/fb-returning.html'), returning)
  const button = p.getByRole('button', { name: 'Cookie settings' })
  await button.waitFor()
  await p.waitForTimeout(SETTLE)
  expect(uiRequests(from)).toEqual([])
  expect(env.site.requested.slice(from).filter((r) => r.includes('consent-gate-button'))).toHaveLength(1)

  await button.click()
  const dialog = p.getByRole('dialog', { name: 'Privacy preferences' })
  await dialog.waitFor()
  expect(uiRequests(from)).toHaveLength(1)
  expect(await dialog.getByRole('switch', { name: 'Analytics' }).getAttribute('aria-checked')).toBe('true')
  // Escape closes the preferences and focus goes back to the button.
  await p.keyboard.press('Escape')
  await dialog.waitFor({ state: 'detached' })
  expect(await p.evaluate(() => document.activeElement?.id)).toBe('consent-gate-button')
  expect(await button.isVisible()).toBe(true)
  expect(errors.pageErrors).toEqual([])
})

test('the button is reached with the keyboard and opens the preferences with Enter', async () => {
  const { page: p } = await visit(page('/fb-keyboard.html'), returning)
  const button = p.getByRole('button', { name: 'Cookie settings' })
  await button.waitFor()
  await p.keyboard.press('Tab') // the page's link
  await p.keyboard.press('Tab') // the floating button, last in the page
  expect(await p.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.getAttribute('aria-label'))).toBe('Cookie settings')
  const outline = await button.evaluate((b) => getComputedStyle(b).outlineStyle)
  expect(outline).toBe('solid')
  await p.keyboard.press('Enter')
  await p.getByRole('dialog', { name: 'Privacy preferences' }).waitFor()
})

test('hidden while the banner asks an undecided visitor, and not fetched; shown once they decide; hidden again while show() shows the banner', async () => {
  const from = env.site.requested.length
  const { page: p } = await visit(page('/fb-first.html'))
  await p.getByRole('region', { name: 'We value your privacy' }).waitFor()
  await p.waitForTimeout(SETTLE)
  const button = p.getByRole('button', { name: 'Cookie settings' })
  expect(await button.count()).toBe(0)
  // Not fetched before the decision: a first visit that does not decide never downloads it.
  expect(env.site.requested.slice(from).filter((r) => r.includes('consent-gate-button.js'))).toEqual([])
  await p.getByRole('button', { name: 'Reject all' }).click()
  await button.waitFor()
  expect(await button.isVisible()).toBe(true)
  // The banner shown again (show()) hides it until hide() closes the banner.
  await p.evaluate(() => (window as any).ConsentGate.show())
  await button.waitFor({ state: 'hidden' })
  await p.evaluate(() => (window as any).ConsentGate.hide())
  await button.waitFor()
})

test('without floatingButton there is no button and no button chunk', async () => {
  const from = env.site.requested.length
  const { page: p } = await visit(page('/fb-off.html', { config: '{}' }), returning)
  await p.waitForTimeout(SETTLE)
  expect(await p.getByRole('button', { name: 'Cookie settings' }).count()).toBe(0)
  // Only the page chunk, which every page view loads: no button, no UI.
  expect(env.site.requested.slice(from).filter((r) => r.includes('consent-gate-'))).toEqual(['/dist/consent-gate-page.js'])
})

test('Korean name on a Korean page, and a texts override', async () => {
  const { page: p } = await visit(page('/fb-ko.html', { lang: 'ko' }), returning)
  await p.getByRole('button', { name: '쿠키 설정' }).waitFor()
  const { page: q } = await visit(page('/fb-texts.html', { config: "{ floatingButton: true, texts: { en: { settingsButton: 'Your privacy' } } }" }), returning)
  await q.getByRole('button', { name: 'Your privacy' }).waitFor()
})

test('an invalid floatingButton is named in the console and ignored', async () => {
  const { page: p, errors } = await visit(page('/fb-invalid.html', { config: "{ floatingButton: 'yes' }" }), returning)
  await p.waitForTimeout(SETTLE)
  expect(errors.consoleErrors).toEqual(['[ConsentGate] config.floatingButton: expected true or false'])
  expect(await p.getByRole('button', { name: 'Cookie settings' }).count()).toBe(0)
})
