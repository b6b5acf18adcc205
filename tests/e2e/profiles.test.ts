import { expect, test } from 'vitest'
import { dataLayerOf, gate, logOf } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

const push = (name: string) => `(window.__log = window.__log || []).push(${JSON.stringify(name)})`
const TRACKERS = `
<script type="text/plain" data-category="analytics">${push('analytics')}</script>
<script type="text/plain" data-category="marketing">${push('marketing')}</script>`
/** A page with the SDK (`attrs` on its tag, `config` as the global) and two gated trackers. */
const page = (path: string, attrs: string, config: object = {}, body = '') =>
  env.site.page(
    path,
    `<!doctype html><html lang="en"><head><script>window.consentGateConfig = ${JSON.stringify(config)}</script>${sdkTag(attrs)}${TRACKERS}</head><body>${body}</body></html>`,
  )
const SETTLE = 400
const banner = (p: import('playwright-core').Page, name = 'We value your privacy') => p.getByRole('region', { name })
const cookieOf = async (p: import('playwright-core').Page) => (await p.context().cookies()).find((c) => c.name === 'consent_gate')?.value.split('|') ?? null

/** The PIPA notice on one category. */
const NOTICE = { purpose: 'Ads', items: 'Cookie ID', retention: '1 year', refusalConsequence: 'None' }
const KR_CATEGORIES = {
  necessary: { title: 'Necessary', required: true },
  analytics: { title: 'Analytics', ...NOTICE },
  marketing: { title: 'Marketing', ...NOTICE, recipients: 'Ad network', services: { ads: { title: 'Ads' } } },
}

test('uk, like the default eu, runs nothing optional before a choice and asks; the decision names its profile', async () => {
  const { page: p } = await visit(page('/uk.html', 'data-profile="uk"'))
  await banner(p).waitFor()
  await p.waitForTimeout(SETTLE)
  expect(await logOf(p)).toBeNull()
  expect(await gate(p, 'has', 'analytics')).toBe(false)
  expect((await gate(p, 'acceptAll')).profile).toBe('uk')
  expect((await cookieOf(p))!.slice(0, 1).concat((await cookieOf(p))!.slice(8, 10))).toEqual(['2', 'uk', '0'])
})

test('us runs every category before a choice: has() grants, the Consent Mode default is granted, no cookie is written', async () => {
  const { page: p } = await visit(page('/us-before.html', 'data-profile="us"'))
  await p.waitForFunction(() => ((window as any).__log || []).length === 2)
  expect(await logOf(p)).toEqual(['analytics', 'marketing'])
  expect(await gate(p, 'get')).toBeNull()
  expect(await gate(p, 'has', 'marketing')).toBe(true)
  const [, , defaults] = (await dataLayerOf(p)).find((e) => Array.isArray(e) && e[1] === 'default')
  expect([defaults.analytics_storage, defaults.ad_storage]).toEqual(['granted', 'granted'])
  expect(await cookieOf(p)).toBeNull()
})

test('us: the banner\'s "Do Not Sell or Share" control opts out of marketing in one step, recorded as opt-out', async () => {
  const { page: p } = await visit(page('/us-banner.html', 'data-profile="us"'))
  await p.getByRole('button', { name: 'Do Not Sell or Share My Personal Information' }).click()
  // Marketing had run: the page reloads (reloadOnRevoke), and this time it stays off.
  await p.waitForFunction(() => document.readyState === 'complete' && ((window as any).__log || []).length === 1)
  await p.waitForTimeout(SETTLE)
  expect(await logOf(p)).toEqual(['analytics'])
  const state = await gate(p, 'get')
  expect([state.method, state.profile, state.categories.marketing, state.categories.analytics]).toEqual(['opt-out', 'us', false, true])
})

test('us: a footer link with data-consent-gate-opt-out opts out of marketing', async () => {
  const footer = '<footer><a href="#" data-consent-gate-opt-out>Your privacy choices</a></footer>'
  const { page: p } = await visit(page('/us-footer.html', 'data-profile="us"', { reloadOnRevoke: false }, footer))
  await p.waitForFunction(() => ((window as any).__log || []).length === 2)
  await p.getByRole('link', { name: 'Your privacy choices' }).click()
  await expect.poll(() => gate(p, 'has', 'marketing')).toBe(false)
  expect((await gate(p, 'get')).method).toBe('opt-out')
  expect((await cookieOf(p))![3]).toBe('opt-out')
})

test('us: the preferences before a decision show what is in force (every switch on); switching marketing off saves it off', async () => {
  const { page: p } = await visit(page('/us-prefs.html', 'data-profile="us"', { reloadOnRevoke: false }))
  await p.waitForFunction(() => ((window as any).__log || []).length === 2)
  await gate(p, 'showPreferences')
  const marketing = p.getByRole('switch', { name: /^marketing$/i })
  await marketing.waitFor()
  expect(await marketing.getAttribute('aria-checked')).toBe('true')
  expect(await p.getByRole('switch', { name: /^analytics$/i }).getAttribute('aria-checked')).toBe('true')
  await marketing.click()
  await p.getByRole('button', { name: 'Save preferences' }).click()
  await expect.poll(async () => (await gate(p, 'get'))?.categories.marketing).toBe(false)
  expect((await gate(p, 'get')).categories.analytics).toBe(true)
})

test('none shows no banner and runs everything', async () => {
  const { page: p } = await visit(page('/none.html', 'data-profile="none"'))
  await p.waitForFunction(() => ((window as any).__log || []).length === 2)
  await p.waitForTimeout(SETTLE)
  expect(await p.locator('#consent-gate-root').count()).toBe(0)
  expect(await gate(p, 'get')).toBeNull()
})

test('kr: a category without its PIPA notice is named with each missing field on the console', async () => {
  const categories = { necessary: { required: true }, analytics: { ...NOTICE, retention: '' }, marketing: { ...NOTICE, services: { ads: {} } } }
  const { page: p, errors } = await visit(page('/kr-invalid.html', 'data-profile="kr"', { categories }))
  await expect.poll(() => errors.consoleErrors.filter((e) => e.includes('[ConsentGate]')).length).toBe(2)
  expect(errors.consoleErrors.filter((e) => e.includes('[ConsentGate]'))).toEqual([
    '[ConsentGate] config.categories.analytics.retention: expected a string (the kr profile requires the PIPA notice)',
    '[ConsentGate] config.categories.marketing.recipients: expected a string (the kr profile requires the PIPA notice)',
  ])
  expect(await logOf(p)).toBeNull()
})

test('kr speaks Korean to a browser set to English', async () => {
  const { page: p } = await visit(page('/kr-lang.html', 'data-profile="kr"', { categories: KR_CATEGORIES }), undefined, { locale: 'en-US' })
  await banner(p, '개인정보 보호를 소중히 여깁니다').waitFor()
  expect(await p.getByRole('button', { name: '모두 동의' }).isVisible()).toBe(true)
})

test('kr: marketing is a purpose of its own: its own switch, off before a choice, and analytics alone leaves it denied', async () => {
  const categories = { ...KR_CATEGORIES, marketing: { ...KR_CATEGORIES.marketing, required: true } }
  const { page: p } = await visit(page('/kr-marketing.html', 'data-profile="kr"', { categories }))
  await banner(p, '개인정보 보호를 소중히 여깁니다').waitFor()
  await gate(p, 'showPreferences')
  const marketing = p.getByRole('switch', { name: 'Marketing', exact: true })
  await marketing.waitFor()
  expect(await marketing.getAttribute('aria-checked')).toBe('false')
  await p.getByRole('switch', { name: 'Analytics', exact: true }).click()
  await p.getByRole('button', { name: '설정 저장' }).click()
  await expect.poll(() => gate(p, 'has', 'analytics')).toBe(true)
  const state = await gate(p, 'get')
  expect([state.categories.analytics, state.categories.marketing]).toEqual([true, false])
  await p.waitForTimeout(SETTLE)
  expect(await logOf(p)).toEqual(['analytics'])
})

test('kr: a marketing consent is asked again two years after it was given, even when a later decision kept it', async () => {
  // No reload on the withdrawal of analytics below: the test's own reload would race it (ERR_ABORTED).
  const config = { categories: KR_CATEGORIES, cookie: { maxAgeDays: 400 }, reloadOnRevoke: false }
  const url = page('/kr-reconfirm.html', 'data-profile="kr"', config)
  const { page: p } = await visit(url)
  const given = await gate(p, 'acceptAll')
  const day = 864e5
  const at = Date.parse(given.timestamp)
  expect(Date.parse(given.reconfirm) - at).toBe(730 * day)
  expect((await cookieOf(p))![10]).toBe(String((at + 730 * day) / 1000))

  // 399 days on, the visitor changes another purpose: the cookie is renewed, the date stays.
  await p.clock.setSystemTime(at + 399 * day)
  await p.reload()
  const later = await gate(p, 'update', { analytics: false })
  expect([later.categories.marketing, later.reconfirm]).toEqual([true, given.reconfirm])

  // Two years after it was given: marketing counts as denied and the banner asks again.
  await p.clock.setSystemTime(at + 731 * day)
  await p.reload()
  await banner(p, '개인정보 보호를 소중히 여깁니다').waitFor()
  expect(await gate(p, 'has', 'marketing')).toBe(false)
  expect((await gate(p, 'get')).id).toBe(given.id)
  await p.waitForTimeout(SETTLE)
  expect(await logOf(p)).toBeNull()
})
