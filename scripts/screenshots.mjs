#!/usr/bin/env node
// `npm run screenshots`: the README's pictures of the consent UI, taken from the demo shop
// (demo/, served from the built dist/) in Chromium: the banner and the preferences, light and dark,
// desktop (1280×800) and mobile (360×640), an embed placeholder with the floating button; and for
// the README's first screen the debug overlay, the dashboard (on seeded sample decisions) and an
// audit report of the demo (`consent-gate-audit --html`).
// Writes docs/<view>-<device>-<scheme>.png and docs/{debug,dashboard,audit-report}.png. Run `npm run build` first.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { startDemoServer } from '../demo/server.mjs'
import { CHROMIUM_ARGS, CHROMIUM_MISSING, chromiumPath } from './chromium.mjs'

const DEVICES = { desktop: { width: 1280, height: 800 }, mobile: { width: 360, height: 640 } }
const SCHEMES = ['light', 'dark']
/** Long enough for the switches' transition and the web fonts to settle. */
const SETTLE = 300

const executablePath = chromiumPath()
if (!executablePath) {
  console.error(CHROMIUM_MISSING.replace('the browser tests', 'the screenshots'))
  process.exit(1)
}
if (!existsSync('dist/consent-gate-ui.js')) {
  console.error('dist/ is missing: run npm run build first.')
  process.exit(1)
}

const dir = mkdtempSync(join(tmpdir(), 'cg-shots-'))
const demo = await startDemoServer({ port: 0, db: join(dir, 'demo.db'), seed: true, log: () => {} })
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
const written = []
try {
  for (const [device, viewport] of Object.entries(DEVICES))
    for (const colorScheme of SCHEMES) {
      const context = await browser.newContext({ viewport, colorScheme, locale: 'en-US' })
      const page = await context.newPage()
      await page.goto(demo.url)
      await page.getByRole('region', { name: 'We value your privacy' }).waitFor()
      await page.waitForTimeout(SETTLE)
      await shot(page, `banner-${device}-${colorScheme}`)
      await page.getByRole('button', { name: 'Manage preferences' }).click()
      await page.getByRole('dialog', { name: 'Privacy preferences' }).waitFor()
      await page.waitForTimeout(SETTLE)
      await shot(page, `preferences-${device}-${colorScheme}`)
      await context.close()
    }

  // After "Reject all": the brew guide video's placeholder, and the floating button bottom left.
  const context = await browser.newContext({ viewport: DEVICES.desktop, colorScheme: 'light', locale: 'en-US' })
  const page = await context.newPage()
  await page.goto(demo.url)
  await page.getByRole('button', { name: 'Reject all' }).click()
  await page.getByRole('button', { name: 'Cookie settings' }).waitFor()
  await page.locator('#video').evaluate((el) => el.scrollIntoView({ block: 'center' }))
  await page.waitForTimeout(SETTLE)
  await shot(page, 'placeholder-desktop-light')

  // The debug overlay after "Analytics only": what ran, what stays blocked, Consent Mode, cookies.
  await context.clearCookies()
  await page.goto(demo.url + '?consent-gate-debug')
  await page.evaluate(() => window.ConsentGate.update({ analytics: true }))
  await page.getByRole('region', { name: 'ConsentGate debug' }).waitFor()
  await page.waitForTimeout(1200)
  await shot(page, 'debug')

  // The dashboard, signed in, on four weeks of sample decisions.
  await page.goto(demo.url + 'dashboard')
  await page.getByLabel('Admin token').fill(demo.adminToken)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.locator('section[data-figure=reach] canvas').waitFor()
  await page.waitForTimeout(SETTLE)
  await shot(page, 'dashboard')
  await context.close()

  // An audit report of the demo, as `consent-gate-audit --html` writes it.
  const report = join(dir, 'audit.html')
  // Asynchronously: the demo's server runs in this process and must answer the audit's browser.
  await new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['audit/bin/consent-gate-audit.mjs', demo.url, '--html', report],
      { env: { ...process.env, CHROMIUM_PATH: executablePath } },
      (e) =>
        // 1: findings, still a report.
        !e || e.code === 1 ? resolve() : reject(e),
    ),
  )
  const viewer = await browser.newContext({ viewport: DEVICES.desktop, colorScheme: 'light' })
  const reportPage = await viewer.newPage()
  await reportPage.goto('file://' + report)
  await shot(reportPage, 'audit-report')
  await viewer.close()
} finally {
  await browser.close()
  await demo.close()
  rmSync(dir, { recursive: true, force: true })
}
console.log(written.map((f) => '  ' + f).join('\n'))

async function shot(page, name) {
  const path = `docs/${name}.png`
  await page.screenshot({ path })
  written.push(path)
}
