// @vitest-environment jsdom
// @vitest-environment-options { "url": "https://shop.example.test/checkout" }
import { afterEach, expect, test, vi } from 'vitest'
import { writeCookie } from '../../src/storage/cookie-store'
import { DEFAULTS } from '../../src/core/config'
import { captureCookieWrites } from './support/cookie-writes'

afterEach(() => vi.restoreAllMocks())

test('on https the consent cookie is Secure, with the configured attributes', () => {
  const writes = captureCookieWrites()
  writeCookie({ ...DEFAULTS.cookie, domain: '.example.test' }, 'v')
  expect(writes).toEqual(['consent_gate=v; Path=/; Domain=.example.test; Max-Age=15724800; SameSite=Lax; Secure'])
  expect(document.cookie).toContain('consent_gate=v')
})

test('on https SameSite=None is kept, since Secure comes with it', () => {
  const writes = captureCookieWrites()
  writeCookie({ ...DEFAULTS.cookie, sameSite: 'None' }, 'v')
  expect(writes[0]).toMatch(/; SameSite=None; Secure$/)
})
