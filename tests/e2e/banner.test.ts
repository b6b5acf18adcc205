import { expect, test } from 'vitest'
import { consentCookieValue, logOf } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

const push = (name: string) => `(window.__log = window.__log || []).push(${JSON.stringify(name)})`
const page = (path: string, { config = '', lang = 'en', body = '' } = {}) =>
  env.site.page(
    path,
    `<!doctype html><html lang="${lang}"><head>${config && `<script>window.consentGateConfig = ${config}</script>`}${sdkTag()}
<script type="text/plain" data-category="analytics">${push('analytics')}</script>
<script type="text/plain" data-category="marketing">${push('marketing')}</script>
</head><body><main><h1>Shop</h1>${body}</main></body></html>`,
  )
const SETTLE = 400

test('an undecided visitor sees the banner with Accept all, Reject all and Manage preferences', async () => {
  const { page: p } = await visit(page('/banner.html'))
  const banner = p.getByRole('region', { name: 'We value your privacy' })
  await banner.waitFor()
  for (const name of ['Accept all', 'Reject all', 'Manage preferences']) expect(await banner.getByRole('button', { name }).isVisible()).toBe(true)
  expect(await logOf(p)).toBeNull()
})

test('clicking Accept all runs the gated scripts and closes the banner', async () => {
  const { page: p } = await visit(page('/banner-accept.html'))
  await p.getByRole('button', { name: 'Accept all' }).click()
  await p.waitForFunction(() => ((window as any).__log || []).length === 2)
  expect(await logOf(p)).toEqual(['analytics', 'marketing'])
  await p.getByRole('region', { name: 'We value your privacy' }).waitFor({ state: 'detached' })
  expect(await p.evaluate(() => (window as any).ConsentGate.get().method)).toBe('accept-all')
})

test('clicking Reject all keeps everything blocked, stores the refusal and closes the banner', async () => {
  const { page: p } = await visit(page('/banner-reject.html'))
  await p.getByRole('button', { name: 'Reject all' }).click()
  await p.getByRole('region', { name: 'We value your privacy' }).waitFor({ state: 'detached' })
  await p.waitForTimeout(SETTLE)
  expect(await logOf(p)).toBeNull()
  expect(await p.evaluate(() => (window as any).ConsentGate.get().method)).toBe('reject-all')
})

test('Manage preferences opens a dialog where one purpose can be chosen and saved', async () => {
  const { page: p } = await visit(page('/banner-custom.html'))
  await p.getByRole('button', { name: 'Manage preferences' }).click()
  const dialog = p.getByRole('dialog', { name: 'Privacy preferences' })
  await dialog.waitFor()
  const analytics = dialog.getByRole('switch', { name: 'Analytics' })
  expect(await analytics.getAttribute('aria-checked')).toBe('false')
  expect(await dialog.getByRole('switch', { name: 'Strictly necessary' }).getAttribute('aria-checked')).toBe('true')
  await analytics.click()
  await dialog.getByRole('button', { name: 'Save preferences' }).click()
  await p.waitForFunction(() => ((window as any).__log || []).length === 1)
  await p.waitForTimeout(SETTLE)
  expect(await logOf(p)).toEqual(['analytics'])
  await dialog.waitFor({ state: 'detached' })
  expect(await p.evaluate(() => (window as any).ConsentGate.get().method)).toBe('custom')
})

test('a returning visitor with a valid choice downloads no UI code', async () => {
  const from = env.site.requested.length
  const value = consentCookieValue({ categories: { necessary: true, functional: false, analytics: true, personalization: false, marketing: false } })
  const { page: p } = await visit(page('/banner-returning.html'), (c) => c.addCookies([{ name: 'consent_gate', value, domain: '127.0.0.1', path: '/' }]))
  await p.waitForFunction(() => ((window as any).__log || []).length === 1)
  await p.waitForTimeout(SETTLE)
  expect(env.site.requested.slice(from).filter((r) => r.includes('consent-gate-ui'))).toEqual([])
  expect(await p.locator('#consent-gate-root').count()).toBe(0)
})

test('a data-consent-settings link opens the preferences; Escape closes them and focus returns to the link', async () => {
  const value = consentCookieValue({ categories: { necessary: true, functional: false, analytics: false, personalization: false, marketing: false } })
  const { page: p } = await visit(page('/banner-settings.html', { body: '<a href="#" data-consent-settings>Cookie settings</a>' }), (c) =>
    c.addCookies([{ name: 'consent_gate', value, domain: '127.0.0.1', path: '/' }]),
  )
  const link = p.getByRole('link', { name: 'Cookie settings' })
  await link.focus()
  await p.keyboard.press('Enter')
  const dialog = p.getByRole('dialog', { name: 'Privacy preferences' })
  await dialog.waitFor()
  // Focus moved into the dialog, and Tab stays inside it.
  for (let i = 0; i < 12; i++) {
    await p.keyboard.press('Tab')
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('consent-gate-root')
  }
  await p.keyboard.press('Escape')
  await dialog.waitFor({ state: 'detached' })
  expect(await p.evaluate(() => document.activeElement?.textContent)).toBe('Cookie settings')
})

test('Korean is chosen from the browser language', async () => {
  const { page: p } = await visit(page('/banner-ko.html', { lang: '' }), undefined, { locale: 'ko-KR' })
  const banner = p.getByRole('region', { name: '개인정보 보호를 소중히 여깁니다' })
  await banner.waitFor()
  expect(await banner.getByRole('button', { name: '모두 동의' }).isVisible()).toBe(true)
  expect(await banner.getByRole('button', { name: '모두 거부' }).isVisible()).toBe(true)
  expect(await p.locator('#consent-gate-root').getAttribute('lang')).toBe('ko')
})

test('host CSS that restyles every button does not reach the banner', async () => {
  const { page: p } = await visit(
    page('/banner-css.html', { body: '<style>button{background:red!important;color:red!important;font-size:40px!important;display:none!important}</style>' }),
  )
  const accept = p.getByRole('button', { name: 'Accept all' })
  await accept.waitFor()
  expect(await accept.evaluate((b) => getComputedStyle(b).fontSize)).toBe('15px')
  expect(await accept.evaluate((b) => getComputedStyle(b).backgroundColor)).not.toBe('rgb(255, 0, 0)')
  expect(await accept.isVisible()).toBe(true)
})

test('ui: false keeps the built-in UI out: no banner, no UI request', async () => {
  const from = env.site.requested.length
  const { page: p } = await visit(page('/banner-headless.html', { config: '{ ui: false }' }))
  await p.waitForTimeout(SETTLE)
  expect(await p.locator('#consent-gate-root').count()).toBe(0)
  expect(env.site.requested.slice(from).filter((r) => r.includes('consent-gate-ui'))).toEqual([])
})

test('closeButton: true adds a close button that rejects and says so', async () => {
  const { page: p } = await visit(page('/banner-close.html', { config: '{ closeButton: true }' }))
  await p.getByRole('button', { name: 'Close and reject all' }).click()
  await p.getByRole('region', { name: 'We value your privacy' }).waitFor({ state: 'detached' })
  expect(await p.evaluate(() => (window as any).ConsentGate.get().method)).toBe('reject-all')
  expect(await logOf(p)).toBeNull()
})

test('a texts override reaches the banner', async () => {
  const { page: p } = await visit(page('/banner-texts.html', { config: "{ texts: { en: { acceptAll: 'Allow everything' } } }" }))
  await p.getByRole('button', { name: 'Allow everything' }).waitFor()
  expect(await p.getByRole('button', { name: 'Reject all' }).isVisible()).toBe(true)
})

test('the preferences show the consent ID and date, and the record can be viewed and deleted', async () => {
  const url = env.site.page(
    '/banner-record.html',
    `<!doctype html><html lang="en"><head>${sdkTag('data-endpoint="/api/consents"')}</head><body><a href="#" data-consent-settings>Cookie settings</a></body></html>`,
  )
  const { page: p } = await visit(url)
  await p.getByRole('button', { name: 'Accept all' }).click()
  await p.waitForFunction(() => !localStorage.getItem('consent_gate_receipts'))
  const id = await p.evaluate(() => (window as any).ConsentGate.get().id)
  await p.getByRole('link', { name: 'Cookie settings' }).click()
  const dialog = p.getByRole('dialog', { name: 'Privacy preferences' })
  // The preferences chunk is fetched on this click (a returning visitor has not loaded it): wait for it.
  await dialog.getByText(id).waitFor()
  await dialog.getByRole('button', { name: 'View my consent record' }).click()
  await dialog.getByRole('listitem').first().waitFor()
  expect(await dialog.getByRole('listitem').first().textContent()).toContain('accept-all')
  await dialog.getByRole('button', { name: 'Delete my consent record' }).click()
  await dialog.getByText('Your consent record was deleted.').waitFor()
  expect(env.site.received.filter((r) => r.json?.consentId === id)).toEqual([])
})

test('Withdraw consent in the preferences takes back every optional purpose in one click', async () => {
  const { page: p } = await visit(
    page('/banner-withdraw.html', { config: '{ reloadOnRevoke: false }', body: '<a href="#" data-consent-settings>Cookie settings</a>' }),
  )
  await p.getByRole('button', { name: 'Accept all' }).click()
  await p.getByRole('link', { name: 'Cookie settings' }).click()
  await p.getByRole('button', { name: 'Withdraw consent' }).click()
  const state = await p.evaluate(() => (window as any).ConsentGate.get())
  expect(state.method).toBe('withdraw')
  expect(state.categories).toEqual({ necessary: true, functional: false, analytics: false, personalization: false, marketing: false })
})

test("under Content-Security-Policy script-src 'self'; style-src 'self' the banner works and nothing is refused", async () => {
  const url = env.site.page('/banner-csp.html', `<!doctype html><html lang="en"><head>${sdkTag()}</head><body><main><h1>Shop</h1></main></body></html>`, {
    'Content-Security-Policy': "script-src 'self'; style-src 'self'",
  })
  const { page: p, errors } = await visit(url)
  const accept = p.getByRole('button', { name: 'Accept all' })
  await accept.waitFor()
  // Styled by the widget's own sheet, which the policy allows: not the browser's default button.
  expect(await accept.evaluate((b) => getComputedStyle(b).minHeight)).toBe('44px')
  await accept.click()
  expect(await p.evaluate(() => (window as any).ConsentGate.get().method)).toBe('accept-all')
  expect(errors.consoleErrors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([])
  expect(errors.pageErrors).toEqual([])
})

test('the banner appearing and closing shifts no layout (CLS stays 0)', async () => {
  const url = env.site.page(
    '/banner-cls.html',
    `<!doctype html><html lang="en"><head>${sdkTag()}<script>
window.__shift = 0
new PerformanceObserver(function (list) { list.getEntries().forEach(function (e) { if (!e.hadRecentInput) window.__shift += e.value }) })
  .observe({ type: 'layout-shift', buffered: true })
</script></head><body><main><h1>Shop</h1>${'<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>'.repeat(30)}</main></body></html>`,
  )
  const { page: p } = await visit(url)
  await p.getByRole('button', { name: 'Accept all' }).waitFor()
  await p.waitForTimeout(SETTLE)
  await p.evaluate(() => (window as any).ConsentGate.hide())
  await p.waitForTimeout(SETTLE)
  expect(await p.evaluate(() => (window as any).__shift)).toBe(0)
})

test('blocking: true makes the banner a modal dialog that holds focus and keeps the page out of reach', async () => {
  const { page: p } = await visit(page('/banner-blocking.html', { config: '{ blocking: true }', body: '<button id="page-button">Page button</button>' }))
  const dialog = p.getByRole('dialog', { name: 'We value your privacy' })
  await dialog.waitFor()
  expect(await dialog.getAttribute('aria-modal')).toBe('true')
  for (let i = 0; i < 6; i++) {
    await p.keyboard.press('Tab')
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('consent-gate-root')
  }
  // The backdrop takes the click meant for the page.
  const hit = await p.evaluate(() => {
    const b = document.getElementById('page-button')!.getBoundingClientRect()
    return document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2)?.id
  })
  expect(hit).toBe('consent-gate-root')
  await dialog.getByRole('button', { name: 'Reject all' }).click()
  await dialog.waitFor({ state: 'detached' })
  const after = await p.evaluate(() => {
    const b = document.getElementById('page-button')!.getBoundingClientRect()
    return document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2)?.id
  })
  expect(after).toBe('page-button')
})
