import { afterEach, describe, expect, test } from 'vitest'
import { STORES, admin, receipt, testApp, type TestApp } from './support/stores'

const DAY = 864e5

describe.each(STORES)('retention on %s', (kind) => {
  let t: TestApp
  afterEach(async () => {
    await t?.close()
  })

  test('the purge removes records older than the retention period; chains stay verifiable and keep growing', async () => {
    t = await testApp(kind, { CONSENT_GATE_RETENTION_DAYS: '30' })
    const post = (r: any) => t.app.inject({ method: 'POST', url: '/api/consents', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(r) })
    const start = Date.parse('2026-01-01T00:00:00Z')
    const old = receipt({ timestamp: '2026-01-01T00:00:00Z' })
    t.clock.now = start
    await post(old)
    await post(receipt({ consentId: old.consentId, timestamp: '2026-01-01T00:00:00Z' }))
    const gone = receipt({ timestamp: '2026-01-01T00:00:00Z' })
    await post(gone)
    t.clock.now = start + 20 * DAY
    await post(receipt({ consentId: old.consentId, timestamp: '2026-01-21T00:00:00Z' }))

    t.clock.now = start + 31 * DAY
    expect(await t.app.consentGate.purgeExpired()).toBe(3)
    const kept = (await t.app.inject({ method: 'GET', url: `/api/consents/${old.consentId}` })).json().receipts
    expect(kept.map((r: any) => r.seq)).toEqual([3])
    expect((await t.app.inject({ method: 'GET', url: `/api/consents/${gone.consentId}` })).statusCode).toBe(404)
    expect((await t.app.inject({ method: 'GET', url: '/api/verify', headers: admin })).json()).toMatchObject({ ok: true, records: 1 })

    // The chain goes on from where the purge left it; a fully purged chain starts again.
    await post(receipt({ consentId: old.consentId, timestamp: '2026-02-01T00:00:00Z' }))
    await post(receipt({ consentId: gone.consentId, timestamp: '2026-02-01T00:00:00Z' }))
    expect((await t.app.inject({ method: 'GET', url: `/api/consents/${old.consentId}` })).json().receipts.map((r: any) => r.seq)).toEqual([3, 4])
    expect((await t.app.inject({ method: 'GET', url: '/api/verify', headers: admin })).json()).toMatchObject({ ok: true, records: 3 })
  })

  test('retention 0 keeps everything', async () => {
    t = await testApp(kind, { CONSENT_GATE_RETENTION_DAYS: '0' })
    t.clock.now = Date.parse('2020-01-01T00:00:00Z')
    await t.app.inject({
      method: 'POST',
      url: '/api/consents',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(receipt({ timestamp: '2020-01-01T00:00:00Z' })),
    })
    t.clock.now = Date.now()
    expect(await t.app.consentGate.purgeExpired()).toBe(0)
  })
})
