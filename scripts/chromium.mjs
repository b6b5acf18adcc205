// The one place that knows how this project starts Chromium: where to find it, the flags every run
// uses, and the sentence a missing browser gets. Used by the test runner, the browser tests, the
// benchmark and the screenshots.
import { existsSync } from 'node:fs'

/** The sentence for a missing browser (the README quotes it; a test holds the two equal). */
export const CHROMIUM_MISSING =
  'Chromium is required for the browser tests: install it with `apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium or Chrome executable.'

/** `CHROMIUM_PATH`, else Debian's or Ubuntu's Chromium; `null` when none is there. */
export function chromiumPath() {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p)) || null
}

/**
 * Headless, no sandbox (containers), and nothing that would reach the network or do work of its
 * own beside the page (QUIC, first-run, background networking, component updates, sync).
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
]
