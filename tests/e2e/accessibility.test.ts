import { createRequire } from 'node:module'
import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { consentCookieValue } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

const page = (path: string, lang = 'en') =>
  env.site.page(
    path,
    `<!doctype html><html lang="${lang}"><head><title>Shop</title><script>window.consentGateConfig = { policyUrl: '/privacy', categories: {
      necessary: { title: 'necessary', required: true, cookies: ['consent_gate'] },
      analytics: { title: 'analytics', services: { ga4: { title: 'Google Analytics', cookies: [{ name: '_ga*', provider: 'Google', purpose: 'Visitor id', lifetime: '2 years' }] } } },
      marketing: { title: 'marketing', purpose: '맞춤형 광고', items: '쿠키 ID', retention: '1년', refusalConsequence: '맞춤형 광고를 볼 수 없습니다.' } } }</script>${sdkTag()}</head>
<body><main><h1>Shop</h1><p>Coffee.</p></main></body></html>`,
  )

/** axe-core's WCAG 2.x A/AA violations inside the widget's parts (the test page itself is not under test). */
async function violations(p: Page, parts = ['#consent-gate-root']) {
  await p.addScriptTag({ path: AXE })
  return p.evaluate(async (include) => {
    const axe = (window as any).axe
    const result = await axe.run(
      { include: include.map((s) => [s]) },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } },
    )
    return result.violations.map((v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join('; ')})`)
  }, parts)
}

/** A returning visitor who refused marketing, on a page with a gated video and the floating button. */
const embedPage = (path: string, lang: string) =>
  env.site.page(
    path,
    `<!doctype html><html lang="${lang}"><head><title>Shop</title><script>window.consentGateConfig = { floatingButton: true, categories: {
      necessary: { title: 'necessary', required: true },
      marketing: { title: 'marketing', services: { youtube: { title: 'YouTube' } } } } }</script>${sdkTag()}</head>
<body><main><h1>Shop</h1><iframe data-category="marketing" data-service="youtube" data-src="https://video.example/e" title="Video" width="560" height="315"></iframe></main></body></html>`,
  )
const refused = consentCookieValue({ categories: { necessary: true, marketing: false }, services: { youtube: false } })

for (const [lang, scheme] of [
  ['en', 'light'],
  ['ko', 'dark'],
] as const) {
  test(`axe finds no violations with the banner open (${lang}, ${scheme})`, async () => {
    const { page: p } = await visit(page(`/a11y-banner-${lang}.html`, lang), undefined, { colorScheme: scheme })
    await p.getByRole('region').waitFor()
    expect(await violations(p)).toEqual([])
  })

  test(`axe finds no violations with the preferences open (${lang}, ${scheme})`, async () => {
    const { page: p } = await visit(page(`/a11y-prefs-${lang}.html`, lang), undefined, { colorScheme: scheme })
    await p.evaluate(() => (window as any).ConsentGate.showPreferences())
    await p.getByRole('dialog').waitFor()
    expect(await violations(p)).toEqual([])
  })

  test(`axe finds no violations in an embed placeholder and the floating button (${lang}, ${scheme})`, async () => {
    const { page: p } = await visit(
      embedPage(`/a11y-embed-${lang}.html`, lang),
      (c) => c.addCookies([{ name: 'consent_gate', value: refused, domain: '127.0.0.1', path: '/' }]),
      { colorScheme: scheme },
    )
    await p.locator('[data-cg-placeholder]').getByRole('button').first().waitFor()
    await p.locator('#consent-gate-button').getByRole('button').waitFor()
    expect(await violations(p, ['[data-cg-placeholder]', '#consent-gate-button'])).toEqual([])
  })
}

test('axe finds no violations in the us banner with its Do Not Sell button and a footer opt-out link; Enter on the button opts out', async () => {
  const { page: p } = await visit(
    env.site.page(
      '/a11y-us.html',
      `<!doctype html><html lang="en"><head><title>Shop</title><script>window.consentGateConfig = { reloadOnRevoke: false }</script>${sdkTag('data-profile="us"')}</head>
<body><main><h1>Shop</h1></main><footer><a href="#" data-consent-gate-opt-out>Your privacy choices</a></footer></body></html>`,
    ),
  )
  const button = p.getByRole('button', { name: 'Do Not Sell or Share My Personal Information' })
  await button.waitFor()
  expect(await violations(p, ['#consent-gate-root', 'footer'])).toEqual([])
  await button.focus()
  await p.keyboard.press('Enter')
  await expect.poll(() => p.evaluate(() => (window as any).ConsentGate.get()?.method)).toBe('opt-out')
  expect(await p.evaluate(() => (window as any).ConsentGate.has('marketing'))).toBe(false)
})
