// @vitest-environment node
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { CHROMIUM_MISSING } from '../../scripts/chromium.mjs'
import { parseConsentCookie } from '../../src/server'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const cookieDoc = readFileSync(new URL('../../docs/cookie.md', import.meta.url), 'utf8')

describe('the README and the docs stay true', () => {
  test("the cookie format's example parses to the state it describes", () => {
    const example = cookieDoc.split('\n').find((l) => /^2\|[0-9a-f]{8}-/.test(l))!
    expect(example).toBeTruthy()
    const state = parseConsentCookie('consent_gate=' + example, { now: Date.UTC(2026, 11, 1) })
    expect(state).toEqual({
      id: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
      revision: 1,
      categories: { necessary: true, analytics: true, marketing: true },
      services: { ga4: true },
      method: 'custom',
      timestamp: '2026-11-25T09:30:00.000Z',
      expires: '2027-05-26T09:30:00.000Z',
      profile: 'kr',
      gpc: true,
      reconfirm: '2028-11-25T09:30:00.000Z',
    })
  })

  test('it names the browser prerequisite with the same sentence the test runner prints', () => {
    expect(readme.replace(/\s+/g, ' ')).toContain(CHROMIUM_MISSING)
  })
})
