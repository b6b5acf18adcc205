import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chainKey, seal } from '../../log-server/src/chain'
import { main } from '../../log-server/src/cli'
import { verifyChains } from '../../log-server/src/verify'
import { SEEDED_KEY, seedSampleDecisions } from '../../log-server/src/seed'
import { KEY, STORES, admin, receipt, testApp, type TestApp } from './support/stores'

/** The sample decisions the demo starts with: through the receipts' own path, on both stores. */
describe.each(STORES)('sample decisions on %s', (kind) => {
  let t: TestApp
  beforeEach(async () => {
    t = await testApp(kind)
  })
  afterEach(async () => {
    await t.close()
  })

  const NOW = Date.parse('2026-11-30T15:00:00Z')
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: admin })

  test('four weeks of decisions and impressions that /api/stats counts and /api/verify accepts', async () => {
    const result = await seedSampleDecisions({ store: t.fresh.store, key: KEY }, { now: NOW })
    expect(result.seeded).toBe(true)
    if (!result.seeded) return
    expect(result.receipts).toBeGreaterThan(28 * 20)

    const stats = (await get('/api/stats?from=2026-11-03&to=2026-11-30&groupBy=day')).json()
    expect(stats.total.decisions).toBe(result.receipts)
    expect(stats.total.impressions).toBe(result.impressions)
    // More visitors saw the banner than decided on it.
    expect(stats.total.impressions).toBeGreaterThan(stats.total.decisions * 0.9)
    expect(stats.series.map((p: { period: string }) => p.period)).toHaveLength(28)
    expect(stats.series[0].period).toBe('2026-11-03')
    expect(Object.keys(stats.total.methods).sort()).toEqual(['accept-all', 'custom', 'placeholder', 'reject-all', 'withdraw'])
    expect(Object.keys(stats.total.languages).sort()).toEqual(['en', 'ko'])
    expect(Object.keys(stats.total.profiles).sort()).toEqual(['eu', 'kr'])
    expect(Object.keys(stats.total.revisions).sort()).toEqual(['1', '2'])
    expect(Object.keys(stats.total.categories).sort()).toEqual(['analytics', 'functional', 'marketing', 'necessary'])
    expect(Object.keys(stats.total.services).sort()).toEqual(['ads', 'stats', 'video'])
    // Plausible rates: everyone grants necessary, analytics more often than marketing.
    const cats = stats.total.categories
    expect(cats.necessary.optInRate).toBe(1)
    expect(cats.analytics.optInRate).toBeGreaterThan(cats.marketing.optInRate)
    expect(cats.marketing.optInRate).toBeGreaterThan(0.2)
    expect(cats.marketing.optInRate).toBeLessThan(0.8)

    // The same seals as a receipt POSTed to the server: every chain verifies, withdrawals included.
    const verify = (await get('/api/verify')).json()
    expect(verify).toMatchObject({ ok: true, records: result.receipts, broken: [] })
    expect(verify.chains).toBeLessThan(result.receipts)
  })

  test('the same clock and seed give the same records', async () => {
    const other = await testApp(kind)
    try {
      await seedSampleDecisions({ store: t.fresh.store, key: KEY }, { now: NOW, days: 7 })
      await seedSampleDecisions({ store: other.fresh.store, key: KEY }, { now: NOW, days: 7 })
      const mine = (await get('/api/export?format=ndjson')).body
      const theirs = (await other.app.inject({ method: 'GET', url: '/api/export?format=ndjson', headers: admin })).body
      expect(mine.split('\n').length).toBeGreaterThan(100)
      expect(theirs).toBe(mine)
    } finally {
      await other.close()
    }
  })

  test('a store with receipts or impressions is left alone', async () => {
    const post = (url: string, body: unknown) =>
      t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) })
    expect((await post('/api/impressions', { revision: 1, language: 'en' })).statusCode).toBe(204)
    expect(await seedSampleDecisions({ store: t.fresh.store, key: KEY }, { now: NOW })).toEqual({ seeded: false, reason: 'not_empty' })

    const u = await testApp(kind)
    try {
      const r = await u.app.inject({
        method: 'POST',
        url: '/api/consents',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(receipt()),
      })
      expect(r.statusCode).toBe(201)
      expect(await seedSampleDecisions({ store: u.fresh.store, key: KEY }, { now: NOW })).toEqual({ seeded: false, reason: 'not_empty' })
      const stats = (await u.app.inject({ method: 'GET', url: '/api/stats?from=2026-01-01&to=2027-12-31', headers: admin })).json()
      expect(stats.total.decisions).toBe(1)
    } finally {
      await u.close()
    }
  })

  test('a store seeded once is never seeded again, even emptied', async () => {
    expect((await seedSampleDecisions({ store: t.fresh.store, key: KEY }, { now: NOW, days: 3 })).seeded).toBe(true)
    expect(await seedSampleDecisions({ store: t.fresh.store, key: KEY }, { now: NOW, days: 3 })).toEqual({ seeded: false, reason: 'not_empty' })
    // Everything purged: the meta key still says it was seeded.
    await t.fresh.store.purgeBefore(NOW + 864e5)
    await t.fresh.sql('DELETE FROM impressions')
    expect((await t.fresh.store.exportPage(0, 1)).length).toBe(0)
    expect(await seedSampleDecisions({ store: t.fresh.store, key: KEY }, { now: NOW, days: 3 })).toEqual({ seeded: false, reason: 'seeded_before' })
    expect(await t.fresh.store.metaSetIfAbsent(SEEDED_KEY, 'x')).toMatch(/^2026-11-30T15:00:00.000Z [0-9a-f]{16}$/)
  })

  test('without a key, the chain key comes from the configuration (the one kept in the store)', async () => {
    const result = await seedSampleDecisions({ store: t.fresh.store, config: { secret: '' } }, { now: NOW, days: 2, perDay: 5 })
    expect(result.seeded).toBe(true)
    const key = await chainKey({ secret: '' }, t.fresh.store)
    const report = await verifyChains(t.fresh.store, (prev, r) => seal(key, prev, r))
    expect(report.ok).toBe(true)
    expect(report.records).toBeGreaterThan(0)
    // And not with another key: the seals are really keyed.
    expect((await verifyChains(t.fresh.store, (prev, r) => seal(KEY, prev, r))).ok).toBe(false)
  })

  test("today's samples stop at the clock", async () => {
    const morning = Date.parse('2026-11-30T06:00:00Z')
    await seedSampleDecisions({ store: t.fresh.store, key: KEY }, { now: morning, days: 2 })
    const page = await t.fresh.store.exportPage(0, 10_000)
    expect(page.length).toBeGreaterThan(0)
    expect(Math.max(...page.map((p) => p.record.receivedAt))).toBeLessThan(morning)
    expect(Math.min(...page.map((p) => p.record.receivedAt))).toBeGreaterThanOrEqual(Date.parse('2026-11-29T00:00:00Z'))
  })
})

test('`consent-gate-log seed` fills an empty store once, then says why it does not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-seed-cli-'))
  const env = { CONSENT_GATE_DB: join(dir, 'c.db') }
  try {
    const lines: string[] = []
    const io = { env, out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) }
    expect(await main(['seed'], io)).toBe(0)
    expect(lines.pop()).toMatch(/^seeded \d+ sample decisions and \d+ banner impressions$/)
    expect(await main(['seed'], io)).toBe(0)
    expect(lines.pop()).toBe('not seeded: the store already holds receipts or impressions')
    // The seals hold under the key the store keeps: `verify` exits 0.
    expect(await main(['verify'], io)).toBe(0)
    expect(JSON.parse(lines.pop()!)).toMatchObject({ ok: true, brokenCount: 0 })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
