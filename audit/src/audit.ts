import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { Autoconsent } from './autoconsent'
import { type BannerDriver, type Choice, type FirstLayer, type PassHandle, autoconsentDriver, consentGate, selectorsDriver } from './banner'
import { CHROMIUM_ARGS, userAgent } from './chromium'
import { bannerFindings, dedupe, passFindings } from './findings'
import { Recorder } from './recorder'
import { type BannerReport, type Finding, type PassName, type PassPage, type PassReport, REPORT_VERSION, type Report } from './types'

declare const __VERSION__: string

export interface AuditOptions {
  url: string
  /** Same-origin links of the first page to follow, at most. */
  pages: number
  /** How long a page may take to load, in ms. */
  timeoutMs: number
  accept: string[]
  reject: string[]
  /** Host → origin that serves it instead (`--resolve`). */
  resolve: [string, string][]
  harDir?: string
  screenshots: boolean
  failOn: 'warning' | 'violation'
  executablePath: string
  progress(text: string): void
}

/** The audit could not be done (exit 2); its message is the one line the user sees. */
export class AuditError extends Error {}

/** Nothing in flight for this long: the page settled. */
const QUIET_MS = 500
/** …or this long at most after it loaded (pages that poll for ever). */
const SETTLE_CAP_MS = 5000
const VIEWPORT = { width: 1280, height: 800 }

const passTitle: Record<PassName, string> = {
  'before-consent': 'before any choice',
  'after-reject': 'after Reject all',
  'after-accept': 'after Accept all',
}

/** Chromium's network error codes in words, for the one line a failed load gets. */
const NET_ERRORS: Record<string, string> = {
  ERR_CONNECTION_REFUSED: 'connection refused',
  ERR_NAME_NOT_RESOLVED: 'host not found',
  ERR_NAME_RESOLUTION_FAILED: 'host not found',
  ERR_ADDRESS_UNREACHABLE: 'address unreachable',
  ERR_INTERNET_DISCONNECTED: 'no network',
  ERR_CONNECTION_RESET: 'connection reset',
  ERR_CONNECTION_CLOSED: 'connection closed',
  ERR_EMPTY_RESPONSE: 'empty response',
  ERR_CONNECTION_TIMED_OUT: 'connection timed out',
  ERR_TIMED_OUT: 'timed out',
  ERR_TOO_MANY_REDIRECTS: 'too many redirects',
  ERR_SSL_PROTOCOL_ERROR: 'TLS error',
}

/** A navigation's failure as a short phrase (never Playwright's call log). */
function loadError(e: unknown, timeoutMs: number): string {
  const msg = e instanceof Error ? e.message : String(e)
  if ((e instanceof Error && e.name === 'TimeoutError') || /Timeout \d+ms exceeded/.test(msg)) return `did not load within ${timeoutMs / 1000} s (--timeout)`
  const net = /net::(ERR_[A-Z_]+)/.exec(msg)
  if (net) return `${NET_ERRORS[net[1]] || (net[1].startsWith('ERR_CERT') ? 'certificate not accepted' : net[1].toLowerCase())} (${net[1]})`
  return msg.split('\n')[0].replace(/^page\.goto:\s*/, '')
}

interface Tab {
  context: BrowserContext
  page: Page
  rec: Recorder
  ac: Autoconsent
}

/** Run the three passes; the report, and the screenshots when asked (for `--html`). */
export async function audit(o: AuditOptions): Promise<{ report: Report; screenshots: Partial<Record<PassName, Buffer>> }> {
  const started = Date.now()
  let browser: Browser
  try {
    browser = await chromium.launch({ executablePath: o.executablePath, args: CHROMIUM_ARGS })
  } catch (e) {
    throw new AuditError(`could not start Chromium at ${o.executablePath}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`)
  }
  const tabs: Tab[] = []
  const screenshots: Partial<Record<PassName, Buffer>> = {}
  try {
    const ua = userAgent(browser.version())
    let siteHost = new URL(o.url).hostname
    const ownNames: string[] = []
    if (o.harDir) mkdirSync(o.harDir, { recursive: true })

    const open = async (name: PassName): Promise<Tab> => {
      const context = await browser.newContext({
        viewport: VIEWPORT,
        locale: 'en-US',
        userAgent: ua,
        // A service worker's fetches pass by the routes and the request events: none, as on a first visit.
        serviceWorkers: 'block',
        ...(o.harDir ? { recordHar: { path: join(o.harDir, `${name}.har`) } } : {}),
      })
      const tab: Tab = {
        context,
        page: undefined as unknown as Page,
        rec: new Recorder(
          () => siteHost,
          () => ownNames,
        ),
        ac: new Autoconsent(),
      }
      tabs.push(tab)
      for (const [host, origin] of o.resolve)
        await context.route(
          (u) => u.hostname === host,
          async (route) => {
            const u = new URL(route.request().url())
            try {
              await route.fulfill({ response: await route.fetch({ url: origin + u.pathname + u.search, maxRedirects: 0 }) })
            } catch {
              await route.abort('connectionrefused').catch(() => {})
            }
          },
        )
      await tab.rec.attach(context)
      await tab.ac.attach(context)
      tab.page = await context.newPage()
      return tab
    }

    /** Load `url` in the tab and wait for it to settle. */
    const load = async (tab: Tab, url: string): Promise<PassPage & { since: number }> => {
      tab.rec.visiting(url)
      const since = Date.now()
      try {
        // The document must arrive in time; its `load` may wait on a subresource that never ends,
        // which is no reason not to audit what did load.
        const response = await tab.page.goto(url, { waitUntil: 'domcontentloaded', timeout: o.timeoutMs })
        await tab.page.waitForLoadState('load', { timeout: Math.max(1, since + o.timeoutMs - Date.now()) }).catch(() => {})
        await tab.rec.settle(QUIET_MS, Math.min(SETTLE_CAP_MS, o.timeoutMs))
        const status = response ? response.status() : null
        const title = await tab.page.title().catch(() => '')
        return { url, status, title, since, ...(status !== null && status >= 400 ? { error: `the page answered HTTP ${status}` } : {}) }
      } catch (e) {
        return { url, status: null, title: '', since, error: loadError(e, o.timeoutMs) }
      }
    }
    const handle = (tab: Tab, since: number): PassHandle => ({ page: tab.page, ac: tab.ac, since })

    const report = (name: PassName, tab: Tab | null, pages: PassPage[], extra: Partial<PassReport> = {}): PassReport => ({
      name,
      ran: !!tab,
      ...extra,
      pages,
      cookies: tab ? [...tab.rec.cookies.values()] : [],
      storage: tab ? [...tab.rec.storage.values()] : [],
      requests: tab ? tab.rec.requests : [],
      consentMode: tab ? tab.rec.consentMode : [],
      googleTags: tab ? tab.rec.googleTags : [],
    })
    const shot = async (name: PassName, tab: Tab) => {
      if (!o.screenshots) return
      screenshots[name] = await tab.page.screenshot({ type: 'jpeg', quality: 70, timeout: 10_000 }).catch(() => undefined)
    }
    /** The other pages, in the same tab: the visitor browses on with the choice made (or not made). */
    const browseOn = async (name: PassName, tab: Tab, links: string[], pages: PassPage[]) => {
      for (const [i, link] of links.entries()) {
        o.progress(`${passTitle[name]}: page ${i + 2} of ${links.length + 1}, ${link}`)
        const { since: _since, ...p } = await load(tab, link)
        pages.push(p)
        if (!p.error) await tab.rec.snapshot(tab.context, tab.page)
      }
    }

    // 1. Before any choice.
    o.progress(`${passTitle['before-consent']}: loading ${o.url}`)
    const t0 = await open('before-consent')
    const first = await load(t0, o.url)
    if (first.error) throw new AuditError(`could not audit ${o.url}: ${first.error}`)
    const startUrl = t0.page.url()
    siteHost = new URL(startUrl).hostname
    o.progress(`${passTitle['before-consent']}: looking for the consent banner`)
    const h0 = handle(t0, first.since)
    let driver: BannerDriver | null = await consentGate(t0.page)
    if (driver && !(await driver.ready(h0))) driver = null
    // autoconsent has been looking since the page started. Its retries wait for DOM mutations, so it
    // never says "nothing" on a quiet page: give it a moment to name a tool, then time for its banner.
    if (!driver) driver = await autoconsentDriver(h0, 0)
    if (!driver && (await t0.ac.detected(first.since, 1500))) driver = await autoconsentDriver(h0, 6000)
    if (!driver) driver = await selectorsDriver(t0.page, o.accept, o.reject)
    if (driver) ownNames.push(...driver.ownNames)
    const detected = driver ? null : await t0.ac.detected(first.since)
    const banner: BannerReport = driver
      ? { method: driver.method, cmp: driver.cmp, detail: `found ${driver.detail}`, firstLayer: { accept: null, reject: null } }
      : {
          method: 'none',
          cmp: detected,
          detail: detected ? `autoconsent detected ${detected}, but its banner did not show` : 'found no consent banner',
          firstLayer: { accept: null, reject: null },
        }
    let layer: FirstLayer | null = null
    if (driver) {
      layer = await driver.firstLayer(h0)
      banner.firstLayer = { accept: layer.accept, reject: layer.reject }
    }
    await shot('before-consent', t0)
    const links = o.pages > 0 ? await sameOriginLinks(t0.page, startUrl, o.pages) : []
    await t0.rec.snapshot(t0.context, t0.page)
    const p0: PassPage[] = [{ url: startUrl, status: first.status, title: first.title }]
    await browseOn('before-consent', t0, links, p0)
    const passes: PassReport[] = [report('before-consent', t0, p0)]

    // 2 and 3. After Reject all and after Accept all, side by side, each in a fresh context.
    const choicePass = async (name: PassName, choice: Choice, d: BannerDriver): Promise<PassReport> => {
      o.progress(`${passTitle[name]}: loading ${startUrl}`)
      const tab = await open(name)
      const again = await load(tab, startUrl)
      if (again.error) return report(name, null, [], { skipped: `the page did not load again: ${again.error}` })
      const h = handle(tab, again.since)
      if (!(await d.ready(h))) return report(name, null, [], { skipped: 'the banner did not show again in a fresh browser context' })
      o.progress(`${passTitle[name]}: choosing ${choice === 'reject' ? 'Reject all' : 'Accept all'}`)
      tab.rec.choiceAt = Date.now()
      let how: string
      try {
        how = await d.choose(h, choice)
      } catch (e) {
        return report(name, null, [], { skipped: e instanceof Error ? e.message : String(e) })
      }
      const choiceAt = tab.rec.choiceAt - tab.rec.start
      // What the click itself did, then the next page view with the choice stored.
      await tab.page.waitForLoadState('load', { timeout: o.timeoutMs }).catch(() => {})
      await tab.rec.settle(QUIET_MS, Math.min(SETTLE_CAP_MS, o.timeoutMs))
      await tab.rec.snapshot(tab.context, tab.page)
      o.progress(`${passTitle[name]}: loading ${startUrl} again, with the choice stored`)
      const next = await load(tab, startUrl)
      const pages: PassPage[] = [{ url: startUrl, status: next.status, title: next.title, ...(next.error ? { error: next.error } : {}) }]
      if (!next.error) {
        await tab.rec.snapshot(tab.context, tab.page)
        await shot(name, tab)
      }
      await browseOn(name, tab, links, pages)
      return report(name, tab, pages, { choice: how, choiceAt })
    }
    const found = driver
    passes.push(
      ...(await Promise.all(
        (
          [
            ['after-reject', 'reject'],
            ['after-accept', 'accept'],
          ] as [PassName, Choice][]
        ).map(([name, choice]) =>
          found ? choicePass(name, choice, found) : report(name, null, [], { skipped: 'no banner was found to make this choice on' }),
        ),
      )),
    )

    o.progress('writing the report')
    const findings = dedupe([...bannerFindings(banner, layer, startUrl), ...passes.flatMap(passFindings)])
    for (const p of passes)
      if (!p.ran && p.skipped && driver)
        findings.push({
          code: 'pass-skipped',
          severity: 'warning',
          pass: p.name,
          page: startUrl,
          subject: p.name,
          message: `the ${passTitle[p.name]} pass could not run: ${p.skipped}`,
        })
    const violations = findings.filter((f) => f.severity === 'violation')
    const warnings = findings.filter((f) => f.severity === 'warning')
    const failing = violations.length > 0 || (o.failOn === 'warning' && warnings.length > 0)
    const r: Report = {
      version: REPORT_VERSION,
      tool: { name: '@consent-gate/audit', version: __VERSION__ },
      url: o.url,
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      status: violations.length ? 'violations' : warnings.length ? 'warnings' : 'clean',
      exitCode: failing ? 1 : 0,
      banner,
      pages: [startUrl, ...links],
      passes,
      violations,
      warnings,
    }
    return { report: r, screenshots }
  } finally {
    // Closing a context writes its HAR.
    for (const t of tabs) await t.context.close().catch(() => {})
    await browser.close().catch(() => {})
  }
}

/** Files a link may point at that are no page to audit. */
const NOT_A_PAGE =
  /\.(pdf|zip|gz|tgz|rar|7z|dmg|exe|msi|apk|jpe?g|png|gif|webp|avif|svg|ico|mp[34]|m4a|mov|webm|ogg|wav|csv|xlsx?|docx?|pptx?|xml|json|rss|atom|txt)$/i

/** Up to `max` distinct same-origin pages the page links to, in document order. */
async function sameOriginLinks(page: Page, start: string, max: number): Promise<string[]> {
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href)).catch(() => [] as string[])
  const origin = new URL(start).origin
  const strip = (u: URL) => {
    u.hash = ''
    return u.href
  }
  const seen = new Set([strip(new URL(start))])
  const out: string[] = []
  for (const href of hrefs) {
    let u: URL
    try {
      u = new URL(href)
    } catch {
      continue
    }
    if (u.origin !== origin || NOT_A_PAGE.test(u.pathname)) continue
    const k = strip(u)
    if (seen.has(k)) continue
    seen.add(k)
    out.push(k)
    if (out.length >= max) break
  }
  return out
}

export type { Finding }
