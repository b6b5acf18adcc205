/**
 * Issue #8 in Chromium: a `__proto__` category, gating attributes that name nothing, and a forged
 * consent cookie that "expires" in the year 5138. Each must leave trackers blocked.
 */
import { expect, test } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { consentCookieValue, gate } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

const push = (name: string) => `(window.__log = window.__log || []).push(${JSON.stringify(name)})`
const logOf = (p: any): Promise<string[]> => p.evaluate(() => (window as any).__log || [])
const sdkErrors = (list: string[]) => list.filter((e) => e.includes('[ConsentGate]'))
const banner = (p: any) => p.getByRole('region', { name: 'We value your privacy' })

test('a __proto__ category is named in a console error, pollutes nothing, and the other categories still work', async () => {
  const config = JSON.stringify('{"categories":{"necessary":{"required":true},"__proto__":{"title":"Evil","required":true},"analytics":{}}}')
  const url = env.site.page(
    '/proto-category.html',
    `<!doctype html><html lang="en"><head><script>window.consentGateConfig = JSON.parse(${config})</script>${sdkTag()}
<script type="text/plain" data-category="analytics">${push('analytics')}</script></head><body>page</body></html>`,
  )
  const { page: p, errors } = await visit(url)
  await expect.poll(() => sdkErrors(errors.consoleErrors).filter((e) => e.includes('config.categories.__proto__'))).toHaveLength(1)
  expect(errors.pageErrors).toEqual([])
  expect(await p.evaluate(() => [({} as any).title, ({} as any).required, Object.getOwnPropertyNames(Object.prototype).length])).toEqual([
    undefined,
    undefined,
    await p.evaluate(() => Object.getOwnPropertyNames(Object.getPrototypeOf(Object.create(Object.prototype))).length),
  ])
  await banner(p).waitFor()
  expect(await logOf(p)).toEqual([])
  const state = await gate(p, 'acceptAll')
  expect(Object.keys(state.categories)).toEqual(['necessary', 'analytics'])
  await p.waitForFunction(() => ((window as any).__log || []).length === 1)
  expect(await logOf(p)).toEqual(['analytics'])
})

test('gated markup with an empty data-category or data-service never runs or loads, is named in console errors, and the rest still works', async () => {
  const url = env.site.page(
    '/empty-ids.html',
    `<!doctype html><html lang="en"><head>${sdkTag()}
<script type="text/plain" data-category="">${push('empty-category')}</script>
<script type="text/plain" data-category=" ">${push('blank-category')}</script>
<script type="text/plain" data-service="">${push('empty-service')}</script>
<script type="text/plain" data-category="analytics" data-service="" src="/js/log.js?name=half-empty"></script>
<script type="text/plain" data-category="analytics">${push('control')}</script>
</head><body>
<iframe data-category="" data-src="/empty-frame.html"></iframe>
<img data-service=" " data-src="/empty-pixel.gif" alt="">
</body></html>`,
  )
  const { page: p, errors } = await visit(url)
  // Before any decision: nothing ran (on today's code the empty ones ran at once).
  await banner(p).waitFor()
  expect(await logOf(p)).toEqual([])
  await gate(p, 'acceptAll')
  await p.waitForFunction(() => ((window as any).__log || []).indexOf('control') >= 0)
  expect(await logOf(p)).toEqual(['control'])
  expect(await p.evaluate(() => [document.querySelector('iframe')!.hasAttribute('src'), document.querySelector('img')!.hasAttribute('src')])).toEqual([
    false,
    false,
  ])
  expect(env.site.requested.filter((r) => /empty-frame|empty-pixel|half-empty/.test(r))).toEqual([])
  // One console error per element, naming it by its opening tag.
  for (const tag of [
    '<script type="text/plain" data-category="">',
    '<script type="text/plain" data-category=" ">',
    '<script type="text/plain" data-service="">',
    '<iframe data-category="" data-src="/empty-frame.html">',
    '<img data-service=" " data-src="/empty-pixel.gif" alt="">',
  ])
    await expect.poll(() => sdkErrors(errors.consoleErrors).filter((e) => e.includes(tag)), { message: tag }).toHaveLength(1)
  expect(sdkErrors(errors.consoleErrors).filter((e) => e.includes('half-empty'))).toHaveLength(1)
  expect(errors.pageErrors).toEqual([])
})

test('a forged consent cookie with a valid checksum and expires in the year 5138 counts as no decision: the banner shows and gated scripts stay blocked', async () => {
  const now = Math.floor(Date.now() / 1000)
  // 99999999999 s, the largest the format's 11 digits allow, is in the year 5138.
  const value = consentCookieValue({
    categories: { necessary: true, functional: true, analytics: true, personalization: true, marketing: true },
    method: 'accept-all',
    timestamp: now,
    expires: 99999999999,
  })
  const url = env.site.page(
    '/forged-cookie.html',
    `<!doctype html><html lang="en"><head>${sdkTag()}
<script type="text/plain" data-category="analytics">${push('analytics')}</script>
<script type="text/plain" data-category="marketing">${push('marketing')}</script></head><body>page</body></html>`,
  )
  const { page: p, errors } = await visit(url, (context: BrowserContext) =>
    context.addCookies([{ name: 'consent_gate', value, domain: '127.0.0.1', path: '/' }]),
  )
  await banner(p).waitFor()
  expect(await gate(p, 'get')).toBeNull()
  expect(await gate(p, 'has', 'analytics')).toBe(false)
  expect(await logOf(p)).toEqual([])
  expect(errors.pageErrors).toEqual([])
})

test('an iframe with an empty data-category gets no embed placeholder offering to load it, even when its data-service is configured', async () => {
  const config = `{ categories: { necessary: { required: true }, marketing: { services: { youtube: { title: 'YouTube' } } } } }`
  const url = env.site.page(
    '/empty-id-placeholder.html',
    `<!doctype html><html lang="en"><head><script>window.consentGateConfig = ${config}</script>${sdkTag()}</head><body>
<iframe id="empty" data-category="" data-service="youtube" data-src="/empty-video.html" width="320" height="180"></iframe>
<iframe id="control" data-category="marketing" data-src="/control-video.html" width="320" height="180"></iframe>
</body></html>`,
  )
  const { page: p, errors } = await visit(url)
  // The control iframe's placeholder is drawn in the same pass as any other's.
  await p.waitForFunction(() => document.querySelector('#control')!.previousElementSibling?.hasAttribute('data-cg-placeholder'))
  expect(await p.locator('[data-cg-placeholder]').count()).toBe(1)
  expect(await p.evaluate(() => document.querySelector('#empty')!.previousElementSibling?.hasAttribute('data-cg-placeholder') ?? false)).toBe(false)
  await expect.poll(() => sdkErrors(errors.consoleErrors).filter((e) => e.includes('<iframe id="empty" data-category=""'))).toHaveLength(1)
  expect(errors.pageErrors).toEqual([])
})
