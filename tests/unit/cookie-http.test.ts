// @vitest-environment jsdom
// @vitest-environment-options { "url": "http://shop.example.test/checkout" }
import { afterEach, expect, test, vi } from 'vitest'
import { writeCookie } from '../../src/storage/cookie-store'
import { DEFAULTS } from '../../src/core/config'
import { captureCookieWrites } from './support/cookie-writes'

afterEach(() => vi.restoreAllMocks())

test('on plain http the consent cookie is not Secure (browsers would drop it)', () => {
  const writes = captureCookieWrites()
  writeCookie(DEFAULTS.cookie, 'v')
  expect(writes).toEqual(['consent_gate=v; Path=/; Max-Age=15724800; SameSite=Lax'])
  expect(document.cookie).toContain('consent_gate=v')
})

test('on plain http SameSite=None falls back to Lax, since None needs Secure', () => {
  const writes = captureCookieWrites()
  writeCookie({ ...DEFAULTS.cookie, sameSite: 'None' }, 'w')
  expect(writes[0]).toMatch(/; SameSite=Lax$/)
  expect(document.cookie).toContain('consent_gate=w')
})
