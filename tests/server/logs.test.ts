import { afterEach, expect, test } from 'vitest'
import { Writable } from 'node:stream'
import { buildApp } from '../../log-server/src/app'
import { loadConfig } from '../../log-server/src/config'
import { ADMIN, KEY, freshStore, receipt, type Fresh } from './support/stores'

let fresh: Fresh
afterEach(async () => {
  await fresh?.drop()
})

test('structured logs carry the route and status, never an address, a consent ID or a user agent', async () => {
  fresh = await freshStore('sqlite')
  let lines = ''
  const stream = new Writable({
    write: (chunk, _enc, done) => {
      lines += chunk
      done()
    },
  })
  const config = loadConfig({}, { CONSENT_GATE_RATE_LIMIT: '0', CONSENT_GATE_STORE_IP: 'truncated' })
  const app = await buildApp({ config, store: fresh.store, key: KEY, adminToken: ADMIN, logger: { level: 'info', stream } })
  const r = receipt()
  const headers = { 'content-type': 'application/json', 'user-agent': 'SecretBrowser/9', 'x-forwarded-for': '198.51.100.9' }
  await app.inject({ method: 'POST', url: '/api/consents', remoteAddress: '203.0.113.77', headers, payload: JSON.stringify(r) })
  await app.inject({ method: 'GET', url: `/api/consents/${r.consentId}`, remoteAddress: '203.0.113.77', headers })
  await app.inject({ method: 'POST', url: '/api/consents', remoteAddress: '203.0.113.77', headers, payload: '{broken' })
  await app.close()
  const entries = lines
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
  const requests = entries.filter((e) => e.msg === 'request')
  expect(requests.map((e) => [e.method, e.route, e.status])).toEqual([
    ['POST', '/api/consents', 201],
    ['GET', '/api/consents/:consentId', 200],
    ['POST', '/api/consents', 400],
  ])
  for (const secret of ['203.0.113', '198.51.100', r.consentId, r.receiptId, 'SecretBrowser']) expect(lines).not.toContain(secret)
})
