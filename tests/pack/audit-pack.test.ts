import { spawn, spawnSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { cleanEnv, installInto, pack, ROOT } from './support'

/**
 * The audit as a site's CI gets it: `npm pack -w audit`, installed into an empty folder, then
 * `npx consent-gate-audit` run on a local page. It must bring its cookie lookup and notice, find
 * autoconsent's content script and third-party-web's data in the installed packages, and need no
 * `consent-gate`.
 */
const cleanup: string[] = []
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true })
})

test('the packed @consent-gate/audit installs without consent-gate and `npx consent-gate-audit` audits a page', async () => {
  expect(existsSync(join(ROOT, 'audit', 'dist', 'index.mjs')), 'audit/dist/ is built (npm run build)').toBe(true)
  const { tgz, bytes, files } = pack(['-w', 'audit'])
  cleanup.push(dirname(tgz))
  expect(files.sort()).toEqual([
    'NOTICE',
    'bin/consent-gate-audit.mjs',
    'data/open-cookie-database.LICENSE',
    'data/open-cookie-database.json',
    'dist/index.mjs',
    'dist/index.mjs.map',
    'package.json',
  ])
  const { dir, packages, seconds } = installInto(tgz, ['--prefer-offline'])
  cleanup.push(dir)
  console.log(`pack: @consent-gate/audit ${(bytes / 1024).toFixed(1)} kB packed; installed in ${seconds.toFixed(1)} s: ${packages.length} package(s)`)
  expect(packages).toEqual(
    expect.arrayContaining([
      'node_modules/@consent-gate/audit',
      'node_modules/playwright-core',
      'node_modules/@duckduckgo/autoconsent',
      'node_modules/third-party-web',
    ]),
  )
  expect(packages.filter((p) => /(^|\/)consent-gate$/.test(p))).toEqual([])

  const help = spawnSync('npx', ['--no-install', 'consent-gate-audit', '--help'], { cwd: dir, env: cleanEnv(), encoding: 'utf8' })
  expect(help.status, help.stderr).toBe(0)
  expect(help.stdout).toMatch(/^Usage: consent-gate-audit <url>/)

  // A page with a third-party pixel and no banner: classified from the installed tables.
  const html =
    '<!doctype html><html lang="en"><head><title>Blog</title></head><body><h1>Blog</h1><img alt="" src="https://www.facebook.com/tr?id=1"></body></html>'
  const server = createServer((req, res) => {
    if (req.url === '/tr?id=1') res.writeHead(200, { 'Content-Type': 'image/gif' }).end()
    else res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    const out = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      // Not spawnSync: this process's server must answer while the audit runs.
      const child = spawn('npx', ['--no-install', 'consent-gate-audit', `${origin}/`, '--json', '--quiet', '--resolve', `www.facebook.com=${origin}`], {
        cwd: dir,
        env: cleanEnv(),
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (d) => (stdout += d))
      child.stderr.on('data', (d) => (stderr += d))
      child.on('close', (status) => resolve({ status, stdout, stderr }))
    })
    expect(out.status, out.stderr).toBe(1)
    const report = JSON.parse(out.stdout)
    expect(report).toMatchObject({ version: 1, tool: { name: '@consent-gate/audit' }, banner: { method: 'none' } })
    expect(report.violations).toEqual([expect.objectContaining({ code: 'tracker-request-before-consent', subject: 'www.facebook.com' })])
  } finally {
    await new Promise<void>((r) => server.close(() => r()))
  }
})
