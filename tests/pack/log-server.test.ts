import { afterAll, expect, test } from 'vitest'
import { existsSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ROOT, installInto, pack, startUntil } from './support'

/**
 * The consent-log server as an operator gets it: `npm pack -w log-server`, installed into an empty
 * folder (its dependencies from npm's cache where it has them; better-sqlite3 compiles), then
 * `npx consent-gate-log serve` answers `/healthz`. It must not need the SDK package.
 */
const cleanup: string[] = []
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true })
})

test('the packed @consent-gate/log-server installs without consent-gate and `npx consent-gate-log serve` answers /healthz', async () => {
  expect(existsSync(join(ROOT, 'log-server', 'dist', 'index.mjs')), 'log-server/dist/ is built (npm run build)').toBe(true)
  const { tgz, bytes, files } = pack(['-w', 'log-server'])
  cleanup.push(dirname(tgz))
  expect(files).toEqual(expect.arrayContaining(['bin/consent-gate-log.mjs', 'dist/index.mjs', 'package.json']))
  // The built bundle only: no sources, no tests, nothing of the SDK's.
  expect(files.filter((f) => !/^(bin\/|dist\/|package\.json$|README\.md$)/.test(f))).toEqual([])
  const { dir, packages, seconds } = installInto(tgz, ['--prefer-offline'])
  cleanup.push(dir)
  console.log(
    `pack: @consent-gate/log-server ${(bytes / 1024).toFixed(1)} kB packed; installed in ${seconds.toFixed(1)} s: ${packages.length} package(s) (better-sqlite3 ${
      existsSync(join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')) ? 'built' : 'missing'
    })`,
  )
  expect(packages).toContain('node_modules/@consent-gate/log-server')
  expect(packages).toContain('node_modules/better-sqlite3')
  expect(packages.filter((p) => /(^|\/)consent-gate$/.test(p))).toEqual([])

  const server = startUntil(
    'npx',
    ['--no-install', 'consent-gate-log', 'serve'],
    dir,
    { PORT: '0', CONSENT_GATE_DB: join(dir, 'data', 'consents.db'), CONSENT_GATE_ADMIN_TOKEN: 'pack-test-admin-token-0000', LOG_LEVEL: 'warn' },
    /consent log on (http:\/\/\S+)/,
  )
  try {
    const [, url] = await server.matched
    const res = await fetch(`${url}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', store: 'sqlite' })
  } finally {
    // SIGTERM to npx and the server it started (one process group); the server stops cleanly on it.
    await server.stop()
  }
})
