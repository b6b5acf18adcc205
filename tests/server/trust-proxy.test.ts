import { afterEach, describe, expect, test } from 'vitest'
import { randomBytes } from 'node:crypto'
import { ConfigError, loadConfig } from '../../log-server/src/config'
import { STORES, admin, receipt, testApp, type TestApp } from './support/stores'

/**
 * X-Forwarded-For is written by the client first and appended to by each proxy: only the entries
 * the trusted proxies appended (counted from the right) say who the client is. Trusting the
 * leftmost entry trusts the attacker: a rotating header would defeat the rate limit and put the
 * attacker's strings in the log as "ip".
 */
describe.each(STORES)('behind a reverse proxy on %s', (kind) => {
  let t: TestApp
  afterEach(async () => {
    await t?.close()
  })
  const PROXY = '10.0.0.5'
  const send = (xff: string, remoteAddress = PROXY) =>
    t.app.inject({
      method: 'POST',
      url: '/api/consents',
      remoteAddress,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': xff },
      payload: JSON.stringify(receipt()),
    })
  const storedIps = async () =>
    (await t.app.inject({ method: 'GET', url: '/api/export?format=ndjson', headers: admin })).body
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l).ip)

  for (const setting of ['1', 'true', PROXY, '10.0.0.0/8']) {
    test(`with CONSENT_GATE_TRUST_PROXY=${setting}, a rotating X-Forwarded-For does not bypass the rate limit`, async () => {
      t = await testApp(kind, { CONSENT_GATE_TRUST_PROXY: setting, CONSENT_GATE_RATE_LIMIT: '5', CONSENT_GATE_STORE_IP: 'truncated' })
      const codes = []
      // The client prepends a new address each time; the proxy appends the one it saw.
      for (let i = 0; i < 7; i++) codes.push((await send(`192.0.2.${i + 1}, 198.51.100.7`)).statusCode)
      expect(codes).toEqual([201, 201, 201, 201, 201, 429, 429])
      // Another real client behind the same proxy is not affected.
      expect((await send('198.51.100.99')).statusCode).toBe(201)
      expect(new Set(await storedIps())).toEqual(new Set(['198.51.100.0']))
    })
  }

  test('two hops: the address the outer proxy appended is the client', async () => {
    t = await testApp(kind, { CONSENT_GATE_TRUST_PROXY: '2', CONSENT_GATE_STORE_IP: 'truncated' })
    expect((await send('192.0.2.1, 203.0.113.9, 10.0.0.4')).statusCode).toBe(201)
    expect(await storedIps()).toEqual(['203.0.113.0'])
  })

  test('a garbage X-Forwarded-For value is never stored, and rate limiting falls back to the socket address', async () => {
    t = await testApp(kind, { CONSENT_GATE_TRUST_PROXY: '1', CONSENT_GATE_RATE_LIMIT: '3', CONSENT_GATE_STORE_IP: 'truncated' })
    const codes = []
    for (let i = 0; i < 5; i++) codes.push((await send(`=1+1:x::${randomBytes(3).toString('hex')}`)).statusCode)
    expect(codes).toEqual([201, 201, 201, 429, 429])
    expect(await storedIps()).toEqual([null, null, null])
  })

  test('with an address list, a client that is not a listed proxy cannot set its address', async () => {
    t = await testApp(kind, { CONSENT_GATE_TRUST_PROXY: PROXY, CONSENT_GATE_STORE_IP: 'truncated' })
    expect((await send('198.51.100.7', '203.0.113.200')).statusCode).toBe(201)
    expect(await storedIps()).toEqual(['203.0.113.0'])
  })
})

test('CONSENT_GATE_TRUST_PROXY: hops, addresses and CIDRs; true is one hop; anything else is refused', () => {
  const tp = (v: string) => loadConfig({}, { CONSENT_GATE_TRUST_PROXY: v }).trustProxy
  expect(tp('false')).toBe(false)
  expect(tp('0')).toBe(false)
  expect(tp('true')).toBe(1)
  expect(tp('1')).toBe(1)
  expect(tp('2')).toBe(2)
  expect(tp('10.0.0.1, 10.0.0.0/8,::1, fd00::/8, loopback')).toEqual(['10.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback'])
  for (const bad of ['maybe', '10.0.0.0/33', '::/129', '300.1.1.1', '10.0.0.1,', '-1', '1.5', '99']) {
    expect(() => tp(bad), bad).toThrow(ConfigError)
    expect(() => tp(bad), bad).toThrow(/CONSENT_GATE_TRUST_PROXY/)
  }
})
