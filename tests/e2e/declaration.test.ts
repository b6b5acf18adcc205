import { expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { consentCookieValue } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

/**
 * The cookie declaration in Chromium: the demo's privacy policy in English and Korean (its pages
 * and its config as they are, the SDK from dist/), filled by the chunk the core loads on a page
 * with `[data-consent-gate-declaration]`; the button opens the preferences; the choices follow.
 */
const env = useSite()
const { visit } = env
const PUBLIC = join(import.meta.dirname, '../../demo/public')

/** A page of the demo, served by the test site: the SDK from dist/, the shared config beside it. */
function demoPage(file: string) {
  env.site.page('/site-config.js', readFileSync(join(PUBLIC, 'site-config.js'), 'utf8'), { 'Content-Type': 'text/javascript' })
  return env.site.page('/' + file, readFileSync(join(PUBLIC, file), 'utf8').replace('src="/consent-gate.js"', 'src="/dist/consent-gate.js"'))
}

const declaration = (p: Page) => p.locator('[data-consent-gate-declaration]')
const choices = (p: Page) => declaration(p).locator('.cg-decl-choice').allTextContents()

test('the English privacy policy: per category its PIPA notice, services, cookie table and the visitor’s choice, in the page', async () => {
  const { page: p, errors } = await visit(demoPage('privacy.html'))
  const d = declaration(p)
  await d.getByRole('heading', { name: 'Analytics', level: 3 }).waitFor()
  expect(await d.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
    'Strictly necessary',
    'Preferences',
    'Analytics',
    'Marketing',
    'Refusing cookies in your browser',
  ])
  // In the page itself, not in a shadow root: printable, indexable, styled by the site.
  expect(await p.evaluate(() => document.querySelector('[data-consent-gate-declaration] table caption')?.textContent)).toBe(
    'Cookies used for Strictly necessary',
  )
  expect(
    await d
      .locator('.cg-decl-cookies')
      .first()
      .evaluate((t) => getComputedStyle(t).borderCollapse),
  ).toBe('collapse')

  const marketing = d.locator('section', { has: p.getByRole('heading', { name: 'Marketing' }) })
  expect(await marketing.locator('dt').allTextContents()).toEqual(['Purpose', 'Data collected', 'Retention', 'Recipients', 'If you refuse'])
  expect(await marketing.locator('dd').last().textContent()).toBe(
    'You may refuse this consent. The brew guide shows a notice instead of the video, which you can load once.',
  )
  expect(await marketing.getByRole('listitem').allTextContents()).toEqual([
    expect.stringContaining('Ads: An ad network’s measurement tag'),
    expect.stringContaining('VideoTube: The brew guide’s video player'),
  ])
  const table = marketing.getByRole('table', { name: 'Cookies used for Marketing' })
  expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Name', 'Provider', 'Purpose', 'Lifetime'])
  expect(await table.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual(['Ads (stand-in)', 'Ad measurement', '90 days'])
  expect(await table.getByRole('rowheader').allTextContents()).toEqual(['_demo_ads'])

  expect(await choices(p)).toEqual([
    'Your current choice: Always on',
    ...Array(6).fill('Your current choice: Not decided yet'), // three categories, three services
  ])
  const browserText = await d.getByRole('heading', { name: 'Refusing cookies in your browser' }).evaluate((h) => h.nextElementSibling!.textContent)
  for (const browser of ['Chrome', 'Edge', 'Firefox', 'Safari']) expect(browserText).toContain(browser)

  // The visitor decides on the banner: the declaration follows at once.
  await p.getByRole('region', { name: 'We value your privacy' }).getByRole('button', { name: 'Reject all' }).click()
  await expect.poll(() => choices(p)).toEqual(['Your current choice: Always on', ...Array(6).fill('Your current choice: Refused')])
  expect(errors.pageErrors).toEqual([])
  // (The demo's stylesheet and icon are not served here: their 404s are no concern of the SDK.)
  expect(errors.consoleErrors.filter((e) => e.includes('ConsentGate'))).toEqual([])
})

test('the button opens the preferences; a choice saved there shows in the declaration', async () => {
  const { page: p } = await visit(demoPage('privacy.html'))
  await declaration(p).getByRole('button', { name: 'Change cookie settings' }).click()
  const dialog = p.getByRole('dialog', { name: 'Privacy preferences' })
  await dialog.waitFor()
  await dialog.getByRole('switch', { name: 'Analytics' }).click()
  await dialog.getByRole('button', { name: 'Save preferences' }).click()
  await dialog.waitFor({ state: 'detached' })
  const analytics = declaration(p).locator('section', { has: p.getByRole('heading', { name: 'Analytics' }) })
  await expect.poll(() => analytics.locator('.cg-decl-choice').allTextContents()).toEqual(['Your current choice: Allowed', 'Your current choice: Allowed'])
})

test('the Korean privacy policy (개인정보 처리방침): every text in Korean, and its button opens the Korean preferences', async () => {
  const { page: p, errors } = await visit(demoPage('privacy-ko.html'))
  const d = declaration(p)
  await d.getByRole('heading', { name: '분석', level: 3 }).waitFor()
  expect(await d.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['필수', '환경 설정', '분석', '마케팅', '웹 브라우저에서 쿠키 거부하기'])
  const analytics = d.locator('section', { has: p.getByRole('heading', { name: '분석' }) })
  expect(await analytics.locator('dt').allTextContents()).toEqual(['수집·이용 목적', '수집 항목', '보유·이용 기간', '제공받는 자', '동의 거부 시 불이익'])
  expect(await analytics.locator('dd').allTextContents()).toEqual([
    '방문 통계',
    '쿠키 ID, 본 페이지와 시각',
    '1년',
    'Stats(분석 서비스 대역)',
    '귀하는 이 동의를 거부할 권리가 있습니다. 없습니다. 상점을 똑같이 이용할 수 있습니다.',
  ])
  const table = analytics.getByRole('table', { name: '분석 목적으로 사용하는 쿠키' })
  expect(await table.getByRole('columnheader').allTextContents()).toEqual(['이름', '제공자', '목적', '보유 기간'])
  expect((await choices(p))[2]).toBe('현재 선택: 아직 선택하지 않음')
  await d.getByRole('button', { name: '쿠키 설정 변경' }).click()
  await p.getByRole('dialog', { name: '개인정보 설정' }).waitFor()
  expect(errors.pageErrors).toEqual([])
})

test('a returning visitor sees the choice from the cookie; a page without a declaration never downloads the chunk', async () => {
  const value = consentCookieValue({
    categories: { necessary: true, functional: false, analytics: true, marketing: false },
    services: { stats: true, ads: false, video: false },
  })
  const { page: p } = await visit(demoPage('privacy.html'), (c) => c.addCookies([{ name: 'consent_gate', value, domain: '127.0.0.1', path: '/' }]))
  await expect
    .poll(() => choices(p))
    .toEqual([
      'Your current choice: Always on',
      'Your current choice: Refused',
      'Your current choice: Allowed',
      'Your current choice: Allowed',
      'Your current choice: Refused',
      'Your current choice: Refused',
      'Your current choice: Refused',
    ])

  const from = env.site.requested.length
  const { page: q } = await visit(
    env.site.page('/no-declaration.html', `<!doctype html><html lang="en"><head>${sdkTag()}</head><body><main><h1>Shop</h1></main></body></html>`),
  )
  await q.getByRole('button', { name: 'Accept all' }).waitFor()
  await q.waitForLoadState('networkidle')
  expect(env.site.requested.slice(from).filter((r) => r.includes('consent-gate-declaration'))).toEqual([])
})

test('a declaration takes the language of its element, and site strings are text, never markup', async () => {
  const evil = '<img src=x onerror="window.__pwned=1">'
  const url = env.site.page(
    '/declaration-mixed.html',
    `<!doctype html><html lang="en"><head><script>window.consentGateConfig = { categories: { necessary: { required: true }, analytics: { title: ${JSON.stringify(evil)}, purpose: ${JSON.stringify(evil)}, cookies: ['_ga'] } } }</script>${sdkTag()}</head>
<body><main><h1>Policy</h1><section lang="ko"><h2>쿠키</h2><div data-consent-gate-declaration></div></section><div data-consent-gate-declaration data-heading-level="2"></div></main></body></html>`,
  )
  const { page: p } = await visit(url)
  const [ko, en] = [declaration(p).nth(0), declaration(p).nth(1)]
  await ko.getByRole('heading', { name: '필수', level: 3 }).waitFor()
  await en.getByRole('heading', { name: 'Strictly necessary', level: 2 }).waitFor()
  expect(await ko.getByRole('button').textContent()).toBe('쿠키 설정 변경')
  expect(await en.getByRole('heading', { level: 2 }).nth(1).textContent()).toBe(evil)
  expect(await p.locator('[data-consent-gate-declaration] img').count()).toBe(0)
  expect(await p.evaluate(() => (window as any).__pwned)).toBeUndefined()
})
