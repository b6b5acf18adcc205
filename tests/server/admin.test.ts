import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { STORES, admin, receipt, testApp, type TestApp } from './support/stores'

/** The admin endpoints: statistics, export, chain verification, and their bearer token. On both stores. */
describe.each(STORES)('admin API on %s', (kind) => {
  let t: TestApp
  beforeEach(async () => {
    t = await testApp(kind)
  })
  afterEach(async () => {
    await t.close()
  })

  const post = (r: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/consents', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(r) })
  const get = (url: string, headers: Record<string, string> = admin) => t.app.inject({ method: 'GET', url, headers })

  test('a missing or wrong token is a 401 on every admin endpoint', async () => {
    for (const url of ['/api/stats', '/api/export', '/api/verify']) {
      expect((await get(url, {})).statusCode, url).toBe(401)
      expect((await get(url, { authorization: 'Bearer wrong-token-wrong-token' })).statusCode, url).toBe(401)
      expect((await get(url, { authorization: 'test-admin-token-0123456789' })).statusCode, url).toBe(401)
      expect((await get(url)).statusCode, url).toBe(200)
    }
  })

  test('stats count decisions, opt-in rate per category, methods, revisions, languages and profiles per day', async () => {
    const day1 = Date.parse('2026-11-20T10:00:00Z')
    const day2 = Date.parse('2026-11-21T10:00:00Z')
    t.clock.now = day1
    await post(receipt({ method: 'accept-all', categories: { analytics: true, marketing: true }, timestamp: '2026-11-20T10:00:00Z' }))
    await post(
      receipt({ method: 'reject-all', categories: { analytics: false, marketing: false }, timestamp: '2026-11-20T10:00:00Z', language: 'ko', profile: 'pipa' }),
    )
    t.clock.now = day2
    await post(
      receipt({
        method: 'custom',
        revision: 2,
        categories: { analytics: true, marketing: false },
        services: { youtube: true },
        timestamp: '2026-11-21T10:00:00Z',
      }),
    )
    const post2 = (b: unknown) =>
      t.app.inject({ method: 'POST', url: '/api/impressions', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(b) })
    expect((await post2({ revision: 2, language: 'en' })).statusCode).toBe(204)
    expect((await post2({ revision: 2, language: 'en' })).statusCode).toBe(204)
    expect((await post2({ revision: 'x' })).statusCode).toBe(400)

    const res = await get('/api/stats?from=2026-11-20&to=2026-11-21&groupBy=day')
    expect(res.statusCode).toBe(200)
    const s = res.json()
    expect(s.total.decisions).toBe(3)
    expect(s.total.impressions).toBe(2)
    expect(s.total.categories.analytics).toEqual({ granted: 2, decisions: 3, optInRate: 0.6667 })
    expect(s.total.categories.marketing).toEqual({ granted: 1, decisions: 3, optInRate: 0.3333 })
    expect(s.total.services.youtube).toEqual({ granted: 1, decisions: 1, optInRate: 1 })
    expect(s.total.methods).toEqual({ 'accept-all': 1, 'reject-all': 1, custom: 1 })
    expect(s.total.revisions).toEqual({ '1': 2, '2': 1 })
    expect(s.total.languages).toEqual({ en: 2, ko: 1 })
    expect(s.total.profiles).toEqual({ default: 2, pipa: 1 })
    expect(s.series.map((p: any) => [p.period, p.decisions, p.impressions])).toEqual([
      ['2026-11-20', 2, 0],
      ['2026-11-21', 1, 2],
    ])
    // The range filters: the 20th alone.
    const one = (await get('/api/stats?from=2026-11-20&to=2026-11-20')).json()
    expect(one.total.decisions).toBe(2)
    // Weeks start on Monday (the 16th); months are YYYY-MM.
    expect((await get('/api/stats?from=2026-11-01&to=2026-11-30&groupBy=week')).json().series.map((p: any) => p.period)).toEqual(['2026-11-16'])
    expect((await get('/api/stats?from=2026-11-01&to=2026-11-30&groupBy=month')).json().series.map((p: any) => p.period)).toEqual(['2026-11'])
    // Nothing that identifies a visitor.
    expect(res.body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-4/)
  })

  test('bad stats parameters are a 400 naming the parameter', async () => {
    expect((await get('/api/stats?from=yesterday')).json().field).toBe('from')
    expect((await get('/api/stats?to=2026-13')).json().field).toBe('to')
    expect((await get('/api/stats?groupBy=hour')).json().field).toBe('groupBy')
    expect((await get('/api/stats?from=2026-11-21&to=2026-11-20')).statusCode).toBe(400)
  })

  test('export streams every record as NDJSON or CSV', async () => {
    const ids = []
    for (let i = 0; i < 1200; i++) ids.push(receipt({ method: i % 2 ? 'accept-all' : 'reject-all' }))
    await Promise.all(ids.map(post))
    const nd = await get('/api/export?format=ndjson')
    expect(nd.statusCode).toBe(200)
    expect(nd.headers['content-type']).toContain('application/x-ndjson')
    const lines = nd.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines).toHaveLength(1200)
    expect(new Set(lines.map((l) => l.receiptId))).toEqual(new Set(ids.map((r) => r.receiptId)))
    const csv = await get('/api/export?format=csv')
    expect(csv.headers['content-type']).toContain('text/csv')
    const rows = csv.body.trim().split('\r\n')
    expect(rows[0].split(',').slice(0, 3)).toEqual(['receiptId', 'consentId', 'seq'])
    expect(rows).toHaveLength(1201)
    expect(rows[1]).toContain('"{""analytics"":true')
    expect((await get('/api/export?format=xml')).statusCode).toBe(400)
  })

  test('verify passes on intact chains and reports an edited row, a removed row and a reordered one', async () => {
    const a = receipt()
    for (let i = 0; i < 4; i++) await post(receipt({ consentId: a.consentId, method: `m${i}` }))
    const b = receipt()
    for (let i = 0; i < 3; i++) await post(receipt({ consentId: b.consentId, method: `m${i}` }))
    const ok = (await get('/api/verify')).json()
    expect(ok).toMatchObject({ ok: true, chains: 2, records: 7, brokenCount: 0 })

    // Someone with database access grants marketing after the fact.
    await t.fresh.sql(`UPDATE receipts SET method = 'accept-all' WHERE consent_id = ? AND seq = 2`, [a.consentId])
    let v = (await get('/api/verify')).json()
    expect(v.ok).toBe(false)
    expect(v.broken).toEqual([expect.objectContaining({ consentId: a.consentId, seq: 2, reason: 'content does not match its seal' })])

    // Someone deletes an inconvenient record of the other chain.
    await t.fresh.sql('DELETE FROM receipts WHERE consent_id = ? AND seq = 2', [b.consentId])
    v = (await get('/api/verify')).json()
    expect(v.brokenCount).toBe(2)
    expect(v.broken.map((x: any) => [x.consentId, x.seq])).toContainEqual([b.consentId, 3])
  })

  test('healthz answers with the store in use', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok', store: kind })
  })
})
