import { existsSync } from 'node:fs'

/**
 * The repository's sentence for a missing browser (scripts/chromium.mjs), worded for the audit. The
 * published package cannot import the repository's scripts, so the sentence is written here too;
 * tests/audit/data.test.ts holds the two equal.
 */
export const CHROMIUM_MISSING =
  'Chromium is required for the audit: install it with `apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium or Chrome executable.'

/**
 * `CHROMIUM_PATH` when set (an override: when it names no file, there is no browser, rather than
 * another one than asked for), else Debian's or Ubuntu's Chromium; `null` when none is there.
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) || null
}

/**
 * The repository's flags (scripts/chromium.mjs: headless, no sandbox, nothing that reaches the
 * network on its own), plus one: without `AutomationControlled`, `navigator.webdriver` is false, as
 * in a visitor's browser. Consent tools hide their banner from robots (vanilla-cookieconsent's
 * `hideFromBots` looks at `navigator.webdriver`), and the audit must see what a visitor sees.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-blink-features=AutomationControlled',
]

/** A desktop Chrome user agent for `version` ("156.0.8078.114"): no "HeadlessChrome" for a robot check to see. */
export const userAgent = (version: string) =>
  `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version.split('.')[0]}.0.0.0 Safari/537.36`
