import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'

/**
 * `node demo/server.mjs` as `npm start` runs it (on the built log server): an empty consent log
 * gets four weeks of sample decisions, once; the console names the dashboard and its token.
 */
const DEMO = join(import.meta.dirname, '..', '..', 'demo', 'server.mjs')
const dir = mkdtempSync(join(tmpdir(), 'cg-demo-seed-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function runDemo(env: Record<string, string>) {
  const child = spawn(process.execPath, [DEMO], {
    env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const exited = new Promise((resolve) => child.on('exit', resolve))
  const line = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start: ${out}`)), 20_000)
    child.stdout.on('data', () => {
      const m = /^Dashboard: (http:\/\/127\.0\.0\.1:\d+)\/dashboard \(admin token: (\S+)\)$/m.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m)
      }
    })
    exited.then(() => reject(new Error(`the demo exited: ${out}`)))
  })
  // The dashboard's line is the last of the start: the seeded one, if any, came before it.
  const [, url, token] = line
  const get = async (path: string) => (await fetch(url + path, { headers: { authorization: `Bearer ${token}` } })).json()
  return {
    out: () => out,
    url,
    token,
    get,
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  }
}

test('the demo seeds an empty log once, and prints the dashboard link with the admin token', async () => {
  const db = join(dir, 'demo.db')
  const first = await runDemo({ CONSENT_GATE_DB: db })
  let decisions: number
  try {
    expect(first.out()).toMatch(/seeded with \d+ sample decisions/)
    expect((await fetch(`${first.url}/dashboard`)).status).toBe(200)
    const stats = await first.get('/api/stats')
    decisions = stats.total.decisions
    expect(decisions).toBeGreaterThan(500)
    expect(stats.total.impressions).toBeGreaterThan(decisions)
    expect(stats.series.length).toBeGreaterThanOrEqual(27)
    expect(await first.get('/api/verify')).toMatchObject({ ok: true, records: decisions })
  } finally {
    await first.stop()
  }

  // A restart on the same file adds nothing.
  const again = await runDemo({ CONSENT_GATE_DB: db })
  try {
    expect(again.out()).not.toContain('seeded with')
    expect((await again.get('/api/stats')).total.decisions).toBe(decisions)
  } finally {
    await again.stop()
  }
})

test('DEMO_SEED=0 starts with an empty log', async () => {
  const demo = await runDemo({ CONSENT_GATE_DB: join(dir, 'empty.db'), DEMO_SEED: '0' })
  try {
    expect(demo.out()).not.toContain('seeded with')
    expect((await demo.get('/api/stats')).total.decisions).toBe(0)
  } finally {
    await demo.stop()
  }
})
