import { afterAll, afterEach, beforeAll } from 'vitest'
import type { Browser } from 'playwright-core'
import { launch, visitors } from './browser'
import { startSite } from './server'

export type Site = Awaited<ReturnType<typeof startSite>>

/**
 * The usual set-up of a browser test file: one Chromium and one local site for the file, fresh
 * visitors per test (`visit()`), and the receipt endpoint reset to "201, nothing received" after
 * each test. `launchArgs` are extra Chromium flags.
 */
export function useSite(launchArgs: string[] = []) {
  let browser: Browser
  const env = { site: undefined as unknown as Site, ...visitors(() => browser) }
  beforeAll(async () => {
    ;[browser, env.site] = await Promise.all([launch(launchArgs), startSite()])
  })
  afterEach(async () => {
    await env.closeAll()
    env.site.respondWith(201)
    env.site.received.length = 0
  })
  afterAll(async () => {
    await browser?.close()
    await env.site?.close()
  })
  return env
}
