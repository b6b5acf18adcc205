/**
 * Issue #12, the cookie guard (`cookieGuard: true`, `dist/consent-gate.auto.js`): a write through
 * `document.cookie` of a cookie the current consent does not allow is dropped; listed storage keys
 * of a withdrawn purpose are cleared.
 */
import { expect, test } from 'vitest'
import { gate } from './support/browser'
import { useSite } from './support/suite'

const env = useSite()

const page = (path: string, config: object) =>
  env.site.page(
    path,
    `<!doctype html><html><head><script>window.consentGateConfig = ${JSON.stringify(config)}</script><script src="/dist/consent-gate.auto.js"></script></head><body></body></html>`,
  )
const categories = {
  necessary: { required: true },
  analytics: { storage: ['_hj*'] },
  marketing: { cookies: ['_fbp'] },
}

test('_fbp is dropped before consent and kept once marketing is granted; an unlisted cookie is allowed and reported', async () => {
  const { page: p, errors } = await env.visit(page('/guard.html', { cookieGuard: true, categories }))
  const write = (c: string) =>
    p.evaluate((c) => {
      document.cookie = c
      return document.cookie
    }, c)
  expect(await write('_fbp=fb.1.123; path=/')).not.toContain('_fbp')
  expect(await write('site_pref=dark; path=/')).toContain('site_pref=dark')
  await gate(p, 'acceptAll')
  expect(await write('_fbp=fb.1.456; path=/')).toContain('_fbp=fb.1.456')
  await expect.poll(() => errors.consoleErrors.join('\n')).toContain('cookie _fbp dropped')
  expect(errors.consoleErrors.join('\n')).toContain('cookie site_pref is in no list')
})

test('cookieGuard: { unclassified: "drop" } drops a cookie nothing lists; the consent cookie always passes', async () => {
  const { page: p } = await env.visit(page('/guard-drop.html', { cookieGuard: { unclassified: 'drop' }, categories }))
  const after = await p.evaluate(() => {
    document.cookie = 'other=1; path=/'
    return document.cookie
  })
  expect(after).not.toContain('other')
  await gate(p, 'rejectAll')
  expect(await p.evaluate(() => document.cookie)).toContain('consent_gate=')
})

test('withdrawing analytics clears its listed localStorage and sessionStorage keys, and only those', async () => {
  const { page: p } = await env.visit(page('/guard-storage.html', { categories, reloadOnRevoke: false }))
  await gate(p, 'acceptAll')
  await p.evaluate(() => {
    localStorage.setItem('_hjSession_1', 'x')
    sessionStorage.setItem('_hjTLDTest', 'x')
    localStorage.setItem('cart', 'kept')
  })
  await gate(p, 'update', { analytics: false })
  expect(await p.evaluate(() => [localStorage.getItem('_hjSession_1'), sessionStorage.getItem('_hjTLDTest'), localStorage.getItem('cart')])).toEqual([
    null,
    null,
    'kept',
  ])
})
