import { expect, test } from 'vitest'
import { gate, logOf } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

const TRACKERS = `
<script type="text/plain" data-category="analytics">(window.__log = window.__log || []).push('analytics')</script>
<script type="text/plain" data-category="marketing" src="/js/log.js?name=marketing"></script>`
/** A page with `configScript` (JS assigning window.consentGateConfig) before the SDK tag. */
const page = (path: string, configScript: string, attrs = '') =>
  env.site.page(path, `<!doctype html><html lang="en"><head><script>${configScript}</script>${sdkTag(attrs)}${TRACKERS}</head><body>page</body></html>`)
const sdkErrors = (list: string[]) => list.filter((e) => e.includes('[ConsentGate]'))
/**
 * The SDK's console errors once `n` have arrived: the core decides on the safe config at once, but
 * the sentences naming the fields come with the diagnostics chunk, loaded on the first problem.
 */
async function sdkErrorsAfter(list: string[], n: number) {
  await expect.poll(() => sdkErrors(list).length).toBeGreaterThanOrEqual(n)
  return sdkErrors(list)
}

test('an invalid cookie.maxAgeDays logs one console error naming the field, throws nothing and keeps trackers blocked', async () => {
  const { page: p, errors } = await visit(page('/bad-max-age.html', `window.consentGateConfig = { cookie: { maxAgeDays: 'forever' } }`))
  await p.waitForTimeout(300)
  expect(sdkErrors(errors.consoleErrors)).toHaveLength(1)
  expect(sdkErrors(errors.consoleErrors)[0]).toContain('config.cookie.maxAgeDays')
  expect(errors.pageErrors).toEqual([])
  expect(await logOf(p)).toBeNull()
  expect(await gate(p, 'get')).toBeNull()
})

test('an invalid cookie.maxAgeDays falls back to the 182-day default', async () => {
  const { context, page: p } = await visit(page('/bad-max-age-default.html', `window.consentGateConfig = { cookie: { maxAgeDays: -5 } }`))
  const state = await gate(p, 'rejectAll')
  expect(Date.parse(state.expires) - Date.parse(state.timestamp)).toBe(182 * 86400e3)
  const cookie = (await context.cookies()).find((c) => c.name === 'consent_gate')!
  expect(Math.round((cookie.expires * 1000 - Date.now()) / 86400e3)).toBe(182)
})

test('each invalid field gets its own console error naming it, and valid fields still apply', async () => {
  const { page: p, errors } = await visit(
    page(
      '/many-bad.html',
      `window.consentGateConfig = {
        revision: 'two',
        endpoint: 'javascript:alert(1)',
        lang: 'not a language',
        reloadOnRevoke: 'yes',
        cookie: { name: 'bad name;', sameSite: 'sometimes' },
        policyUrl: '/privacy'
      }`,
    ),
  )
  const messages = await sdkErrorsAfter(errors.consoleErrors, 6)
  for (const field of ['config.revision', 'config.endpoint', 'config.lang', 'config.reloadOnRevoke', 'config.cookie.name', 'config.cookie.sameSite'])
    expect(
      messages.filter((m) => m.includes(field + ':')),
      field,
    ).toHaveLength(1)
  expect(messages).toHaveLength(6)
  expect(errors.pageErrors).toEqual([])
  const config = await p.evaluate(() => (window as any).ConsentGate.config)
  expect(config).toMatchObject({ revision: 1, lang: 'auto', reloadOnRevoke: true, policyUrl: '/privacy', cookie: { name: 'consent_gate', sameSite: 'Lax' } })
  expect(config.endpoint).toBeUndefined()
})

test('a googleConsentMode of the wrong type logs exactly one console error naming it and Consent Mode stays on', async () => {
  const { page: p, errors } = await visit(page('/bad-gcm.html', `window.consentGateConfig = { googleConsentMode: 'on' }`))
  expect(await sdkErrorsAfter(errors.consoleErrors, 1)).toEqual(['[ConsentGate] config.googleConsentMode: expected true, false or an object'])
  expect(errors.pageErrors).toEqual([])
  const layer = await p.evaluate(() => ((window as any).dataLayer || []).map((e: any) => Array.from(e)))
  expect(layer[0].slice(0, 2)).toEqual(['consent', 'default'])
})

test('a window.consentGateConfig that is not an object logs an error and the defaults apply', async () => {
  const { page: p, errors } = await visit(page('/not-object.html', `window.consentGateConfig = 'analytics'`))
  expect(await sdkErrorsAfter(errors.consoleErrors, 1)).toHaveLength(1)
  expect(errors.pageErrors).toEqual([])
  const state = await gate(p, 'acceptAll')
  expect(Object.keys(state.categories)).toEqual(['necessary', 'functional', 'analytics', 'personalization', 'marketing'])
  await p.waitForFunction(() => ((window as any).__log || []).length >= 2)
})

test('invalid categories fall back to the default categories with an error naming the field', async () => {
  const { page: p, errors } = await visit(page('/bad-categories.html', `window.consentGateConfig = { categories: ['analytics'] }`))
  expect((await sdkErrorsAfter(errors.consoleErrors, 1)).filter((m) => m.includes('config.categories'))).toHaveLength(1)
  const state = await gate(p, 'rejectAll')
  expect(Object.keys(state.categories)).toEqual(['necessary', 'functional', 'analytics', 'personalization', 'marketing'])
})

test('an invalid data-revision attribute logs an error and keeps trackers blocked', async () => {
  const { page: p, errors } = await visit(page('/bad-data-revision.html', '', 'data-revision="two"'))
  await p.waitForTimeout(300)
  expect(sdkErrors(errors.consoleErrors).filter((m) => m.includes('config.revision'))).toHaveLength(1)
  expect(errors.pageErrors).toEqual([])
  expect(await logOf(p)).toBeNull()
})

test('a config whose getter throws does not throw into the page and gated scripts stay blocked', async () => {
  const { page: p, errors } = await visit(page('/throwing-config.html', `window.consentGateConfig = { get categories() { throw new Error('boom') } }`))
  await p.waitForTimeout(300)
  expect(errors.pageErrors).toEqual([])
  expect(sdkErrors(errors.consoleErrors).length).toBeGreaterThanOrEqual(1)
  expect(await logOf(p)).toBeNull()
})

test('data-* attributes win over window.consentGateConfig', async () => {
  const { page: p } = await visit(
    page(
      '/attributes-win.html',
      `window.consentGateConfig = { revision: 1, endpoint: '/wrong-endpoint', lang: 'fr', policyUrl: '/old-policy', reloadOnRevoke: false }`,
      'data-endpoint="/api/consents" data-lang="ko" data-revision="2" data-policy-url="/privacy-v2"',
    ),
  )
  const config = await p.evaluate(() => (window as any).ConsentGate.config)
  expect(config).toMatchObject({ revision: 2, endpoint: '/api/consents', lang: 'ko', policyUrl: '/privacy-v2', reloadOnRevoke: false })
  const state = await gate(p, 'acceptAll')
  expect(state.revision).toBe(2)
  // Sent: neither waiting for the receipts chunk (pending) nor queued for a retry.
  await p.waitForFunction(() => localStorage.getItem('consent_gate_pending') === null && localStorage.getItem('consent_gate_receipts') === null)
  expect(env.site.received.map((r) => [r.path, r.json.revision, r.json.language])).toEqual([['/api/consents', 2, 'ko']])
  expect(env.site.requested.some((r) => r.startsWith('/wrong-endpoint'))).toBe(false)
})

test('including the SDK twice logs an error and gated scripts still run exactly once', async () => {
  const url = env.site.page('/twice.html', `<!doctype html><html><head>${sdkTag()}${sdkTag()}${TRACKERS}</head><body>page</body></html>`)
  const { page: p, errors } = await visit(url)
  expect((await sdkErrorsAfter(errors.consoleErrors, 1)).filter((m) => m.includes('twice'))).toHaveLength(1)
  expect(errors.pageErrors).toEqual([])
  await gate(p, 'acceptAll')
  await p.waitForFunction(() => ((window as any).__log || []).length >= 2)
  await p.waitForTimeout(200)
  expect(await logOf(p)).toEqual(['analytics', 'marketing'])
})
