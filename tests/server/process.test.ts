import { afterEach, describe, expect, test } from 'vitest'
import { request } from 'node:http'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { STORES, admin, freshStore, receipt, type Fresh } from './support/stores'
import { BIN, spawnServer, storeEnv, type Spawned } from './support/spawn'

/** The server as a process: crash safety, graceful stop, and the command line. */
describe.each(STORES)('the consent-gate process on %s', (kind) => {
  let fresh: Fresh
  let servers: Spawned[] = []
  afterEach(async () => {
    for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL')
    servers = []
    await fresh?.drop()
  })
  const start = async () => {
    const s = await spawnServer(storeEnv(fresh))
    servers.push(s)
    return s
  }

  test('every receipt acknowledged with a 2xx survives a SIGKILL under load', async () => {
    fresh = await freshStore(kind)
    const s = await start()
    const acked: string[] = []
    let stop = false
    const worker = async () => {
      while (!stop) {
        const r = receipt()
        try {
          const res = await fetch(`${s.url}/api/consents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(r) })
          if (res.ok) acked.push(r.receiptId)
        } catch {
          return // the server is gone
        }
      }
    }
    const workers = Array.from({ length: 32 }, worker)
    while (acked.length < 400) await new Promise((r) => setTimeout(r, 5))
    s.child.kill('SIGKILL')
    stop = true
    await Promise.all(workers)
    await s.exited

    const again = await start()
    const dump = await fetch(`${again.url}/api/export?format=ndjson`, { headers: admin })
    const stored = new Set(
      (await dump.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).receiptId),
    )
    const lost = acked.filter((id) => !stored.has(id))
    expect(acked.length).toBeGreaterThanOrEqual(400)
    expect(lost).toEqual([])
    const verify = await (await fetch(`${again.url}/api/verify`, { headers: admin })).json()
    expect(verify.ok).toBe(true)
  })

  test('SIGTERM lets a request in flight finish, then exits 0', async () => {
    fresh = await freshStore(kind)
    const s = await start()
    const r = receipt()
    const body = JSON.stringify(r)
    const answer = new Promise<number>((resolve, reject) => {
      const req = request(
        `${s.url}/api/consents`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume()
          resolve(res.statusCode!)
        },
      )
      req.on('error', reject)
      // Half the body now, SIGTERM, the rest a moment later: the request is in flight when the stop begins.
      req.write(body.slice(0, 100))
      setTimeout(() => {
        s.child.kill('SIGTERM')
        setTimeout(() => req.end(body.slice(100)), 300)
      }, 200)
    })
    expect(await answer).toBe(201)
    expect(await s.exited).toBe(0)
    expect(s.stderr()).toContain('SIGTERM')

    const again = await start()
    expect((await fetch(`${again.url}/api/consents/${r.consentId}`)).status).toBe(200)
    again.child.kill('SIGTERM')
    expect(await again.exited).toBe(0)
  })
})

describe('the command line', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 15_000 })

  test('a bad setting exits 2 with one line naming it, no stack trace', () => {
    for (const [env, args, name] of [
      [{ PORT: 'eighty' }, ['serve'], 'PORT'],
      [{ CONSENT_GATE_ORIGINS: 'shop.example' }, ['serve'], 'CONSENT_GATE_ORIGINS'],
      [{ DATABASE_URL: 'mysql://x' }, ['serve'], 'DATABASE_URL'],
      [{ CONSENT_GATE_STORE_IP: 'raw' }, ['serve'], 'CONSENT_GATE_STORE_IP'],
      [{}, ['serve', '--rate-limit', '-5'], '--rate-limit'],
      [{}, ['serve', '--no-such-flag'], '--no-such-flag'],
      [{}, ['launch'], 'launch'],
    ] as const) {
      const r = run([...args], env as Record<string, string>)
      expect(r.status, name).toBe(2)
      expect(r.stderr.trim().split('\n'), name).toHaveLength(1)
      expect(r.stderr, name).toContain(name)
      expect(r.stderr, name).not.toMatch(/\n\s+at /)
    }
  })

  test('--help lists every option with its environment variable', () => {
    const r = run(['--help'])
    expect(r.status).toBe(0)
    for (const v of [
      'PORT',
      'CONSENT_GATE_DB',
      'DATABASE_URL',
      'CONSENT_GATE_ADMIN_TOKEN',
      'CONSENT_GATE_ORIGINS',
      'CONSENT_GATE_RETENTION_DAYS',
      'CONSENT_GATE_RATE_LIMIT',
    ])
      expect(r.stdout).toContain(v)
  })

  test('with no admin token configured, one is generated, printed, and works', async () => {
    const fresh = await freshStore('sqlite')
    const s = await spawnServer({ ...fresh.env, CONSENT_GATE_ADMIN_TOKEN: '' })
    try {
      const token = /admin token \(generated[^)]*\): (\S+)/.exec(s.stderr())![1]
      expect((await fetch(`${s.url}/api/stats`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
      expect((await fetch(`${s.url}/api/stats`)).status).toBe(401)
    } finally {
      s.child.kill('SIGTERM')
      await s.exited
      await fresh.drop()
    }
  })

  test('verify exits 0 on intact chains and 1 naming an edited record; purge removes what is past retention', async () => {
    const fresh = await freshStore('sqlite')
    try {
      const s = await spawnServer(fresh.env)
      const r = receipt()
      for (const method of ['accept-all', 'reject-all']) {
        await fetch(`${s.url}/api/consents`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...receipt({ consentId: r.consentId }), method }),
        })
      }
      s.child.kill('SIGTERM')
      await s.exited
      const ok = run(['verify'], fresh.env)
      expect(ok.status).toBe(0)
      expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, chains: 1, records: 2 })

      await fresh.sql(`UPDATE receipts SET method = 'custom' WHERE seq = 1`)
      const bad = run(['verify'], fresh.env)
      expect(bad.status).toBe(1)
      expect(JSON.parse(bad.stdout).broken).toEqual([expect.objectContaining({ consentId: r.consentId, seq: 1 })])

      expect(run(['purge'], { ...fresh.env, CONSENT_GATE_RETENTION_DAYS: '30' }).stdout).toContain('purged 0 record(s)')
      await fresh.sql(`UPDATE receipts SET received_at = received_at - ${40 * 864e5}`)
      const purged = run(['purge'], { ...fresh.env, CONSENT_GATE_RETENTION_DAYS: '30' })
      expect(purged.status).toBe(0)
      expect(purged.stdout).toContain('purged 2 record(s) older than 30 days')
    } finally {
      await fresh.drop()
    }
  })

  test('a database it cannot open is one clear line and exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-bad-'))
    writeFileSync(join(dir, 'file'), '')
    // The database's directory would have to be inside a plain file.
    const r = run(['serve'], { PORT: '0', CONSENT_GATE_DB: join(dir, 'file', 'consents.db') })
    rmSync(dir, { recursive: true })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/^consent-gate: could not start: /)
  })
})
