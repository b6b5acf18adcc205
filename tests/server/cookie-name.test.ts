import { describe, expect, test } from 'vitest'
import { normalizeConfig } from '../../src/core/config'
import { COOKIE_NAME } from '../../src/storage/cookie-name'
import { ConfigError, loadConfig } from '../../log-server/src/config'

/** One cookie-name rule: what the SDK's `cookie.name` accepts, the server's CONSENT_GATE_COOKIE_NAME accepts, and nothing else. */
const NAMES: [name: string, valid: boolean][] = [
  ['consent_gate', true],
  ['cg.v1', true],
  ['cg-consent', true],
  ['CG_2026', true],
  ['a', true],
  ['x'.repeat(64), true],
  ['x'.repeat(65), false],
  ['', false],
  ['a b', false],
  ['a;b', false],
  ['a=b', false],
  ['a,b', false],
  ['a"b', false],
  ['é', false],
  ['a\tb', false],
  ['a/b', false],
]

const sdkAccepts = (name: string) => {
  const { config, errors } = normalizeConfig({ cookie: { name } })
  return errors.length === 0 && config.cookie.name === name
}
const serverAccepts = (name: string) => {
  try {
    return loadConfig({}, { CONSENT_GATE_COOKIE_NAME: name }).cookie.name === name
  } catch (e) {
    if (e instanceof ConfigError) return false
    throw e
  }
}

describe('a cookie name', () => {
  test.each(NAMES)('%j: valid %s in the rule, the SDK and the server', (name, valid) => {
    expect(COOKIE_NAME.test(name)).toBe(valid)
    expect(sdkAccepts(name)).toBe(valid)
    // The server reads an empty variable as unset (the default name): nothing to refuse.
    if (name !== '') expect(serverAccepts(name)).toBe(valid)
  })

  test('the server names the variable when it refuses one', () => {
    expect(() => loadConfig({}, { CONSENT_GATE_COOKIE_NAME: 'a b' })).toThrow(/CONSENT_GATE_COOKIE_NAME/)
    expect(() => loadConfig({ 'cookie-name': 'a;b' }, {})).toThrow(/--cookie-name/)
  })
})
