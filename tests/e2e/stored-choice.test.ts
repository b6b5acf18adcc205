import { expect, test } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { consentCookieValue, fnv1a, gate, logOf } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

const push = (name: string) => `(window.__log = window.__log || []).push(${JSON.stringify(name)})`
const TRACKERS = `
<script type="text/plain" data-category="analytics">${push('analytics-inline')}</script>
<script type="text/plain" data-category="analytics" src="/js/log.js?name=analytics-external&delay=100"></script>
<script type="text/plain" data-category="marketing">${push('marketing-inline')}</script>`
/** A page that records the `ready` event's detail in window.__ready. */
const page = (path: string, attrs = '') =>
  env.site.page(
    path,
    `<!doctype html><html><head>${sdkTag(attrs)}
<script>ConsentGate.on('ready', function (s) { window.__ready = s === null ? 'null' : s })</script>${TRACKERS}</head><body>page</body></html>`,
  )
const SETTLE = 400
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const withConsentCookie = (value: string) => (context: BrowserContext) => context.addCookies([{ name: 'consent_gate', value, domain: '127.0.0.1', path: '/' }])
const ALL = { necessary: true, functional: true, analytics: true, personalization: true, marketing: true }

test('a reload after acceptAll() runs the granted scripts at once, without any API call', async () => {
  const { page: p } = await visit(page('/reload.html'))
  await gate(p, 'acceptAll')
  await p.waitForFunction(() => ((window as any).__log || []).length >= 3)

  await p.reload()
  await p.waitForFunction(() => ((window as any).__log || []).length >= 3)
  expect(await logOf(p)).toEqual(['analytics-inline', 'analytics-external', 'marketing-inline'])
})

test('a stored analytics-only choice runs analytics scripts on load and keeps marketing ones blocked', async () => {
  const value = consentCookieValue({ categories: { necessary: true, functional: false, analytics: true, personalization: false, marketing: false } })
  const { page: p } = await visit(page('/analytics-only.html'), withConsentCookie(value))
  await p.waitForFunction(() => ((window as any).__log || []).length >= 2)
  await p.waitForTimeout(SETTLE)
  expect(await logOf(p)).toEqual(['analytics-inline', 'analytics-external'])
  expect(await gate(p, 'has', 'analytics')).toBe(true)
  expect(await gate(p, 'has', 'marketing')).toBe(false)
})

test('a stored choice is what get() returns on the next page, with the same id and timestamp', async () => {
  const { page: p } = await visit(page('/same-state.html'))
  const state = await gate(p, 'update', { analytics: true })
  await p.goto(page('/other-page.html'))
  expect(await gate(p, 'get')).toEqual(state)
  expect(await p.evaluate(() => (window as any).__ready)).toEqual(state)
})

test('after a revision bump get() is null and nothing gated runs', async () => {
  const { page: p, errors } = await visit(page('/rev1.html'))
  await gate(p, 'acceptAll')
  await p.goto(page('/rev2.html', 'data-revision="2"'))
  await p.waitForTimeout(SETTLE)
  expect(await gate(p, 'get')).toBeNull()
  expect(await p.evaluate(() => (window as any).__ready)).toBe('null')
  expect(await logOf(p)).toBeNull()
  expect(errors.pageErrors).toEqual([])
})

test('the first decision after a revision bump keeps the earlier consent id', async () => {
  const { page: p } = await visit(page('/rev1-id.html'))
  const before = await gate(p, 'acceptAll')
  await p.goto(page('/rev2-id.html', 'data-revision="2"'))
  const after = await gate(p, 'rejectAll')
  expect(after.revision).toBe(2)
  expect(after.id).toBe(before.id)
})

test('the consent id stays the same across later decisions', async () => {
  const { page: p } = await visit(page('/same-id.html'))
  const first = await gate(p, 'update', { analytics: true })
  const second = await gate(p, 'update', { marketing: true })
  await p.reload()
  const third = await gate(p, 'acceptAll')
  expect(first.id).toMatch(UUID_V4)
  expect([second.id, third.id]).toEqual([first.id, first.id])
})

test('reset() forgets the decision: get() is null, the cookie is gone and the next decision gets a new id', async () => {
  const { context, page: p } = await visit(page('/reset.html'))
  const first = await gate(p, 'rejectAll')
  await gate(p, 'reset')
  expect(await gate(p, 'get')).toBeNull()
  expect((await context.cookies()).some((c) => c.name === 'consent_gate')).toBe(false)
  const next = await gate(p, 'rejectAll')
  expect(next.id).toMatch(UUID_V4)
  expect(next.id).not.toBe(first.id)
})

/** Replace the checksum with the right one for the edited body. */
const resign = (v: string) => {
  const body = v.slice(0, v.lastIndexOf('|'))
  return body + '|' + fnv1a(body)
}
const valid = consentCookieValue({ categories: ALL, method: 'accept-all' })
const now = Math.floor(Date.now() / 1000)
const MALFORMED: [string, string][] = [
  ['a garbage value', 'hello%20world'],
  ['a truncated value', valid.slice(0, -12)],
  ['an edited checksum', valid.slice(0, -1) + (valid.endsWith('0') ? '1' : '0')],
  ['an edited choice with the old checksum', valid.replace('marketing:1', 'marketing:0')],
  ['nothing but pipes', '||||||||'],
  ['another format version and a correct checksum', resign(valid.replace(/^1\|/, '2|'))],
  ['a missing field and a correct checksum', resign(valid.replace('|accept-all|', '|'))],
  ['an expired date', consentCookieValue({ categories: ALL, timestamp: now - 400 * 86400, expires: now - 86400 })],
  ['a non-UUID id', consentCookieValue({ categories: ALL, id: 'not-a-uuid' })],
]

test.each(MALFORMED)('a consent cookie with %s is ignored without page errors', async (_what, value) => {
  const { page: p, errors } = await visit(page('/malformed.html'), withConsentCookie(value))
  await p.waitForTimeout(SETTLE)
  expect(await gate(p, 'get')).toBeNull()
  expect(await p.evaluate(() => (window as any).__ready)).toBe('null')
  expect(await logOf(p)).toBeNull()
  expect(errors.pageErrors).toEqual([])
})

test('a decision after an ignored malformed cookie replaces it with a valid one', async () => {
  const { page: p } = await visit(page('/replace-malformed.html'), withConsentCookie('1|garbage|x'))
  const state = await gate(p, 'acceptAll')
  await p.reload()
  expect(await gate(p, 'get')).toEqual(state)
})
