import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

/** The one system prerequisite of the browser tests, worded as in the README. */
export const CHROMIUM_MISSING =
  'Chromium is required for the browser tests: install it with `apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium or Chrome executable.'

export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]
  return candidates.find((p) => existsSync(p)) || null
}

export async function launch(): Promise<Browser> {
  const executablePath = chromiumPath()
  if (!executablePath) throw new Error(CHROMIUM_MISSING)
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Collect uncaught page errors and console errors, to assert a page stayed clean. */
export function watchErrors(page: Page) {
  const pageErrors: string[] = []
  const consoleErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(String(e)))
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()))
  return { pageErrors, consoleErrors }
}
