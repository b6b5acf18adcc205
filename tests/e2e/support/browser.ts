import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'

import { CHROMIUM_ARGS, CHROMIUM_MISSING, chromiumPath } from '../../../scripts/chromium.mjs'

export { CHROMIUM_MISSING, chromiumPath }

/**
 * Start Chromium. `extraArgs` are appended to the required flags, e.g.
 * `--host-resolver-rules=MAP *.test 127.0.0.1` to reach the local site under a real host name.
 */
export async function launch(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = chromiumPath()
  if (!executablePath) throw new Error(CHROMIUM_MISSING)
  return chromium.launch({
    executablePath,
    args: [...CHROMIUM_ARGS, ...extraArgs],
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

/** FNV-1a 32-bit as 8 hex digits, as documented for the consent cookie's checksum. */
export function fnv1a(input: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i)
    h = Math.imul(h, 16777619) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}

/**
 * A consent cookie value in the documented format
 * `1|<id>|<revision>|<method>|<unix s>|<expires unix s>|<cat:1.cat:0>|<svc:1.svc:0>|<checksum>`,
 * as a backend or an earlier visit would have written it.
 */
export function consentCookieValue(o: {
  id?: string
  revision?: number
  method?: string
  /** Unix seconds; now when absent. */
  timestamp?: number
  /** Unix seconds; 30 days after `timestamp` when absent. */
  expires?: number
  categories: Record<string, boolean>
  services?: Record<string, boolean>
}): string {
  const t = o.timestamp ?? Math.floor(Date.now() / 1000)
  const flags = (m: Record<string, boolean>) =>
    Object.keys(m)
      .map((k) => k + ':' + (m[k] ? 1 : 0))
      .join('.')
  const body = [
    '1',
    o.id ?? '0b6f2c1e-4d3a-4f5b-9c8d-7e6f5a4b3c2d',
    o.revision ?? 1,
    o.method ?? 'custom',
    t,
    o.expires ?? t + 30 * 86400,
    flags(o.categories),
    flags(o.services ?? {}),
  ].join('|')
  return body + '|' + fnv1a(body)
}

/** What gated scripts pushed onto `window.__log`, or `null` when none ran. */
export const logOf = (page: Page): Promise<string[] | null> => page.evaluate(() => (window as any).__log ?? null)

/** `window.dataLayer` with gtag's Arguments objects turned into arrays. */
export const dataLayerOf = (page: Page): Promise<any[]> =>
  page.evaluate(() => ((window as any).dataLayer || []).map((e: any) => (Object.prototype.toString.call(e) === '[object Arguments]' ? Array.from(e) : e)))

/**
 * Fresh visitors for a test file: each `visit()` opens a new browser context (own cookies and
 * localStorage), so tests do not leak into each other; `closeAll()` belongs in `afterEach`.
 */
export function visitors(getBrowser: () => Browser) {
  const open: BrowserContext[] = []
  return {
    /** A new visitor opens `url`; `before` may prepare the context (cookies) first; `options` such as `locale`. */
    async visit(url: string, before?: (context: BrowserContext) => Promise<unknown>, options: BrowserContextOptions = {}) {
      const context = await getBrowser().newContext(options)
      open.push(context)
      if (before) await before(context)
      const page = await context.newPage()
      const errors = watchErrors(page)
      await page.goto(url)
      return { context, page, errors }
    },
    closeAll: () => Promise.all(open.splice(0).map((c) => c.close())),
  }
}

/** Call `window.ConsentGate[method](...args)` in the page and return the (serialised) result. */
export const gate = (page: Page, method: string, ...args: unknown[]): Promise<any> =>
  page.evaluate(([m, a]) => (window as any).ConsentGate[m as string](...(a as unknown[])), [method, args] as const)
