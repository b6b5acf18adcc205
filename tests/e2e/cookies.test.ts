import { expect, test } from 'vitest'
import type { BrowserContext } from 'playwright-core'
import { consentCookieValue, fnv1a, gate } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite(['--host-resolver-rules=MAP *.test 127.0.0.1'])
const { visit } = env

const CONFIG = {
  categories: {
    necessary: { title: 'Necessary', required: true, cookies: ['session_id'] },
    analytics: {
      title: 'Analytics',
      cookies: ['_ga*', { name: '_gid', provider: 'Google', purpose: 'Distinguishes users', lifetime: '24 hours' }],
      services: { hotjar: { title: 'Hotjar', cookies: ['_hj*'] } },
    },
    marketing: { title: 'Marketing', cookies: ['_fbp'] },
  },
  reloadOnRevoke: false,
}
const page = (path: string, extra = '', config: object = CONFIG) =>
  env.site.page(
    path,
    `<!doctype html><html><head><script>window.consentGateConfig = ${JSON.stringify(config)}</script>${sdkTag(extra)}</head><body>page</body></html>`,
  )

/** Cookies on the local site, set as an earlier visit's trackers left them. */
const seed = (cookies: { name: string; path?: string; domain?: string }[]) => (context: BrowserContext) =>
  context.addCookies(cookies.map((c) => ({ name: c.name, value: '1', domain: c.domain ?? '127.0.0.1', path: c.path ?? '/' })))
const names = async (context: BrowserContext) => (await context.cookies()).map((c) => c.name).sort()
/**
 * The cookie names once they equal `expected`. Deleting listed cookies is done by the purge chunk,
 * which the core loads when there is something to delete: it lands a moment after the decision.
 */
const namesBecome = (context: BrowserContext, expected: string[]) => expect.poll(() => names(context)).toEqual(expected)

test('rejectAll() deletes a listed cookie that is already set and keeps unlisted ones', async () => {
  const { context, page: p } = await visit(
    page('/reject-listed.html'),
    seed([{ name: '_gid' }, { name: '_fbp' }, { name: 'session_id' }, { name: 'site_theme' }]),
  )
  await gate(p, 'rejectAll')
  await namesBecome(context, ['consent_gate', 'session_id', 'site_theme'])
})

test('a listed name ending in * deletes every cookie starting with it and nothing else', async () => {
  const { context, page: p } = await visit(
    page('/prefix.html'),
    seed([{ name: '_ga' }, { name: '_ga_ABC123' }, { name: '_gat_UA' }, { name: 'x_ga' }, { name: '_g' }]),
  )
  await gate(p, 'rejectAll')
  await namesBecome(context, ['_g', 'consent_gate', 'x_ga'])
})

test('a listed cookie set at sub-paths of the current page is deleted in every path', async () => {
  const url = page('/shop/cart/checkout.html')
  const { context, page: p } = await visit(
    url,
    seed([
      { name: '_gid', path: '/shop' },
      { name: '_gid', path: '/shop/cart' },
      { name: '_gid', path: '/shop/cart/' },
      { name: '_fbp', path: '/shop/cart/checkout.html' },
    ]),
  )
  expect(await p.evaluate(() => document.cookie.split('; ').filter((c) => c.startsWith('_gid=')).length)).toBe(3)
  await gate(p, 'rejectAll')
  await expect.poll(async () => (await context.cookies()).filter((c) => c.name === '_gid' || c.name === '_fbp')).toEqual([])
})

test('a listed cookie set on a parent domain and one host-only are both deleted', async () => {
  const port = new URL(env.site.origin).port
  page('/domains.html')
  const { context, page: p } = await visit(`http://www.shop.test:${port}/domains.html`, (c) =>
    c.addCookies([
      { name: '_ga', value: '1', domain: '.shop.test', path: '/' },
      { name: '_ga_host', value: '1', url: `http://www.shop.test:${port}/` },
      { name: '_fbp', value: '1', domain: '.www.shop.test', path: '/' },
      { name: 'site_theme', value: 'dark', domain: '.shop.test', path: '/' },
    ]),
  )
  expect(await p.evaluate(() => document.cookie)).toContain('_ga=1')
  await gate(p, 'rejectAll')
  await namesBecome(context, ['consent_gate', 'site_theme'])
})

test("a denied service's cookies are deleted while the granted category keeps its own", async () => {
  const { context, page: p } = await visit(page('/service-cookies.html'), seed([{ name: '_ga' }, { name: '_hjSession_1' }, { name: '_hjid' }]))
  await gate(p, 'update', { analytics: true, hotjar: false })
  await namesBecome(context, ['_ga', 'consent_gate'])
})

test('a page load with a stored refusal deletes listed cookies without any API call', async () => {
  const stored = consentCookieValue({ categories: { necessary: true, analytics: false, marketing: false }, services: { hotjar: false }, method: 'reject-all' })
  const { context, page: p } = await visit(page('/stored-refusal.html'), (c) =>
    c.addCookies([
      { name: 'consent_gate', value: stored, domain: '127.0.0.1', path: '/' },
      ...['_ga', '_fbp', 'site_theme'].map((name) => ({ name, value: '1', domain: '127.0.0.1', path: '/' })),
    ]),
  )
  expect(await gate(p, 'get')).not.toBeNull()
  await namesBecome(context, ['consent_gate', 'site_theme'])
})

test('a page load with a stored grant keeps the granted category cookies', async () => {
  const stored = consentCookieValue({ categories: { necessary: true, analytics: true, marketing: false }, services: { hotjar: true } })
  const { context } = await visit(page('/stored-grant.html'), (c) =>
    c.addCookies([
      { name: 'consent_gate', value: stored, domain: '127.0.0.1', path: '/' },
      ...['_ga', '_hjid', '_fbp'].map((name) => ({ name, value: '1', domain: '127.0.0.1', path: '/' })),
    ]),
  )
  await namesBecome(context, ['_ga', '_hjid', 'consent_gate'])
})

test('the consent cookie is readable by page scripts and has the documented format and checksum', async () => {
  const { page: p } = await visit(page('/format.html'))
  const state = await gate(p, 'update', { analytics: true })
  const value = await p.evaluate(() =>
    document.cookie
      .split('; ')
      .find((c) => c.startsWith('consent_gate='))!
      .slice('consent_gate='.length),
  )
  const fields = value.split('|')
  expect(fields).toHaveLength(12)
  const [version, id, revision, method, t, e, cats, svcs, profile, gpc, reconfirm, checksum] = fields
  expect({ version, id, revision, method, cats, svcs, profile, gpc, reconfirm }).toEqual({
    version: '2',
    id: state.id,
    revision: '1',
    method: 'custom',
    cats: 'necessary:1.analytics:1.marketing:0',
    svcs: 'hotjar:1',
    profile: 'eu',
    gpc: '0',
    reconfirm: '',
  })
  expect(Number(t) * 1000).toBe(Date.parse(state.timestamp))
  expect(Number(e) * 1000).toBe(Date.parse(state.expires))
  expect(checksum).toBe(fnv1a(value.slice(0, value.lastIndexOf('|'))))
})

test('the consent cookie has Path=/, SameSite=Lax and lasts 182 days by default', async () => {
  const { context, page: p } = await visit(page('/attributes.html'))
  await gate(p, 'acceptAll')
  const cookie = (await context.cookies()).find((c) => c.name === 'consent_gate')!
  expect({ path: cookie.path, sameSite: cookie.sameSite, httpOnly: cookie.httpOnly, domain: cookie.domain }).toEqual({
    path: '/',
    sameSite: 'Lax',
    httpOnly: false,
    domain: '127.0.0.1',
  })
  const days = (cookie.expires * 1000 - Date.now()) / 86400e3
  expect(days).toBeGreaterThan(181.9)
  expect(days).toBeLessThanOrEqual(182)
})

test('cookie.name and cookie.maxAgeDays from the config name and date the consent cookie', async () => {
  const { context, page: p } = await visit(page('/custom-cookie.html', '', { ...CONFIG, cookie: { name: 'my_consent', maxAgeDays: 30 } }))
  const state = await gate(p, 'acceptAll')
  const cookie = (await context.cookies()).find((c) => c.name === 'my_consent')
  expect(cookie).toBeDefined()
  expect((await context.cookies()).some((c) => c.name === 'consent_gate')).toBe(false)
  expect(Math.round((cookie!.expires * 1000 - Date.now()) / 86400e3)).toBe(30)
  expect(Math.round((Date.parse(state.expires) - Date.parse(state.timestamp)) / 86400e3)).toBe(30)
})

test('data-cookie-domain shares the decision with another subdomain', async () => {
  const port = new URL(env.site.origin).port
  page('/shared.html', 'data-cookie-domain=".shop.test"')
  const { context, page: www } = await visit(`http://www.shop.test:${port}/shared.html`)
  const state = await gate(www, 'acceptAll')
  expect((await context.cookies()).find((c) => c.name === 'consent_gate')!.domain).toBe('.shop.test')

  const blog = await context.newPage()
  await blog.goto(`http://blog.shop.test:${port}/shared.html`)
  expect((await gate(blog, 'get'))?.id).toBe(state.id)
})
