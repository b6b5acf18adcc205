/**
 * The browser benchmark's machinery: the local site, one measured visit, the interleaved runs of
 * each scenario. No side effects on import: `bench/browser.mjs` (the command) and
 * tests/e2e/bench-smoke.test.ts use it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { CHROMIUM_ARGS, chromiumPath, CHROMIUM_MISSING as TESTS_MISSING } from '../scripts/chromium.mjs'
import { AUTO_LIBS, autoSweepParts, CONFIG_FILES, DIRS, LIBS, missingFiles, PEERS, pageHtml, sweepParts, UNKNOWN_JS, VENDOR_HOSTS } from './pages.mjs'

/** The one system prerequisite, worded as for the tests (scripts/chromium.mjs). */
export const CHROMIUM_MISSING = TESTS_MISSING.replace('the browser tests', 'the browser benchmark')

/** The sweep page is streamed in chunks of this size, with a pause between them. */
export const CHUNK_BYTES = 16 * 1024
export const CHUNK_GAP_MS = 10
export const CPU_THROTTLE = 4
/** A page has settled when no request was in flight for this long (after load and the banner). */
const QUIET_MS = 500
const WAIT_MS = 30_000

export { chromiumPath }

/** Start Chromium, or return null when the executable is not there (the caller says so). */
export async function launchBrowser() {
  const executablePath = chromiumPath()
  if (!executablePath) return null
  return chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
  })
}

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8' }

/** Raw, gzip (level 9) and brotli (quality 11) sizes of a file on disk, computed once. */
const sizeCache = new Map()
export function fileSizes(file) {
  let s = sizeCache.get(file)
  if (!s) {
    const buf = readFileSync(file)
    s = {
      raw: buf.length,
      gzip: gzipSync(buf, { level: 9 }).length,
      brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length,
    }
    sizeCache.set(file, s)
  }
  return s
}

/** `/lib/<id>/<file>` → the file on disk, or null outside the tool's directory. */
export function libFile(pathname) {
  const m = /^\/lib\/(cg|vcc|klaro)\/(.+)$/.exec(pathname)
  if (!m) return null
  const dir = DIRS[m[1]]
  const file = normalize(join(dir, m[2]))
  return file.startsWith(dir + sep) && existsSync(file) ? { lib: m[1], file } : null
}

/** The stand-in vendor answers of the auto-blocking sweep: a script that counts its runs, a 1×1 GIF. */
const VENDOR_JS = 'window.__benchVendor=(window.__benchVendor||0)+1\n'
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64')

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * The site, on 127.0.0.1 and a free port, uncompressed (no Content-Encoding: the figures give
 * the sizes as computed from the files):
 * - `/page/<lib>`: the first-visit and returning page; `/sweep/<lib>?blocks=N`: the sweep page,
 *   streamed in 16 kB chunks 10 ms apart, each written at once; `/autosweep/<lib>?blocks=N`: the
 *   auto-blocking sweep page (bare, cg, cga), streamed alike; `/asset/unknown.js`: its unknown script;
 * - `/lib/<lib>/…`: the tools' files; `/config/…`: the peers' configs.
 */
export async function startSite() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url || '/', 'http://127.0.0.1')
    const path = url.pathname
    const page = /^\/page\/(\w+)$/.exec(path)
    const sweep = /^\/sweep\/(\w+)$/.exec(path)
    const auto = /^\/autosweep\/(\w+)$/.exec(path)
    if (page && LIBS.includes(page[1])) {
      res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-store' }).end(pageHtml(page[1]))
      return
    }
    if ((sweep && LIBS.includes(sweep[1])) || (auto && AUTO_LIBS.includes(auto[1]))) {
      const blocks = Number(url.searchParams.get('blocks')) || 1000
      const { head, body } = sweep ? sweepParts(sweep[1], blocks) : autoSweepParts(auto[1], blocks)
      const html = Buffer.from(head + body)
      res.socket?.setNoDelay(true)
      res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Cache-Control': 'no-store' })
      for (let at = 0; at < html.length && !res.destroyed; at += CHUNK_BYTES) {
        if (at) await sleep(CHUNK_GAP_MS)
        res.write(html.subarray(at, at + CHUNK_BYTES))
      }
      res.end()
      return
    }
    if (path === '/asset/unknown.js') {
      res.writeHead(200, { 'Content-Type': TYPES['.js'], 'Cache-Control': 'no-store' }).end(UNKNOWN_JS)
      return
    }
    const config = /^\/config\/(\w+\.js)$/.exec(path)
    if (config && CONFIG_FILES[config[1]]) {
      res.writeHead(200, { 'Content-Type': TYPES['.js'] }).end(CONFIG_FILES[config[1]])
      return
    }
    const lib = libFile(path)
    if (lib) {
      res.writeHead(200, { 'Content-Type': TYPES[extname(lib.file)] || 'application/octet-stream' }).end(readFileSync(lib.file))
      return
    }
    res.writeHead(path === '/favicon.ico' ? 204 : 404).end()
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${server.address().port}`
  return { origin, close: () => new Promise((r) => server.close(r)) }
}

/**
 * Runs in the page before any of its scripts (an init script): records long tasks, layout
 * shifts without recent input, the first click, and, once per animation frame, when the
 * tool's banner and its preferences dialog first have a box and no hidden or transparent
 * ancestor. It watches only while there is something to find, so its own script time stays
 * small and alike on every page: the banner from the start on a first visit, from `load` on the
 * sweep (no layouts forced while the parser runs), never on a returning visit (`__bench.seen()`
 * checks once at the end) nor on the bare page; the dialog from the click until it shows.
 * Nothing on the initial about:blank, whose figures would not belong to the page.
 */
function probe({ lib, scenario }) {
  if (location.protocol !== 'http:') return
  const b = { lt: [], cls: 0, banner: null, dialog: null, click: null, seen: () => false }
  Object.defineProperty(window, '__bench', { value: b })
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) b.lt.push(e.duration)
    }).observe({ type: 'longtask', buffered: true })
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (!e.hadRecentInput) b.cls += e.value
    }).observe({ type: 'layout-shift', buffered: true })
  } catch {}
  const shown = (el) => {
    if (!el || !el.isConnected) return false
    const r = el.getBoundingClientRect()
    if (r.width <= 0 || r.height <= 0) return false
    if (getComputedStyle(el).visibility === 'hidden') return false
    for (let e = el; e; e = e.parentElement || (e.getRootNode && e.getRootNode().host) || null) {
      const s = getComputedStyle(e)
      if (s.display === 'none' || Number(s.opacity) === 0) return false
    }
    return true
  }
  // ConsentGate draws in an open shadow root: its banner is where "Accept all" is, its dialog
  // where "Save preferences" is (by text, so a redrawn banner is still found).
  const cgButton = (text) => {
    const host = document.getElementById('consent-gate-root')
    const root = host && host.shadowRoot
    if (!root) return null
    for (const el of root.querySelectorAll('button')) if (el.textContent.trim() === text) return el
    return null
  }
  const find = {
    bare: { banner: () => null, dialog: () => null },
    cg: { banner: () => cgButton('Accept all'), dialog: () => cgButton('Save preferences') },
    cga: { banner: () => cgButton('Accept all'), dialog: () => cgButton('Save preferences') },
    vcc: { banner: () => document.querySelector('#cc-main .cm'), dialog: () => document.querySelector('#cc-main .pm') },
    klaro: {
      banner: () => document.querySelector('#klaro .cookie-notice:not(.cookie-notice-hidden)'),
      dialog: () => document.querySelector('#klaro .cm-modal'),
    },
  }[lib]
  b.seen = () => shown(find.banner())
  const watchBanner = () => {
    if (b.banner != null) return
    if (shown(find.banner())) b.banner = performance.now()
    else requestAnimationFrame(watchBanner)
  }
  const watchDialog = () => {
    if (shown(find.dialog())) b.dialog = performance.now()
    else requestAnimationFrame(watchDialog)
  }
  if (lib !== 'bare' && scenario === 'first') requestAnimationFrame(watchBanner)
  if (lib !== 'bare' && (scenario === 'sweep' || scenario === 'autosweep')) addEventListener('load', () => requestAnimationFrame(watchBanner))
  addEventListener(
    'click',
    () => {
      if (b.click != null) return
      b.click = performance.now()
      requestAnimationFrame(watchDialog)
    },
    true,
  )
}

/** How each tool's banner is answered or left for its preferences (Playwright selectors). */
const BUTTONS = {
  cg: {
    accept: (p) => p.locator('#consent-gate-root').getByRole('button', { name: 'Accept all', exact: true }),
    manage: (p) => p.locator('#consent-gate-root').getByRole('button', { name: 'Manage preferences', exact: true }),
  },
  vcc: { accept: (p) => p.locator('#cc-main .cm [data-role="all"]'), manage: (p) => p.locator('#cc-main .cm [data-role="show"]') },
  klaro: { accept: (p) => p.locator('#klaro .cookie-notice .cm-btn-success'), manage: (p) => p.locator('#klaro .cookie-notice .cn-learn-more') },
}

/**
 * Wait until a page-side expression is true; false on timeout, without throwing. Through the
 * CDP session, not Playwright's waitForFunction: that one compiles Playwright's injected script
 * in the page, which would count as the page's script time.
 */
async function until(cdp, expression, timeout = WAIT_MS) {
  const end = Date.now() + timeout
  while (Date.now() < end) {
    const r = await cdp.send('Runtime.evaluate', { expression: `!!(${expression})`, returnByValue: true }).catch(() => null)
    if (r && r.result && r.result.value === true) return true
    await sleep(50)
  }
  return false
}

/** Requests in flight, the tool's files and the vendor requests the page asked for, from Playwright's events. */
function watchRequests(page) {
  const state = { inflight: 0, lastChange: Date.now(), files: [], vendor: 0 }
  const change = (d) => {
    state.inflight += d
    state.lastChange = Date.now()
  }
  page.on('request', (r) => {
    change(1)
    const u = new URL(r.url())
    if (VENDOR_HOSTS.includes(u.hostname)) state.vendor++
    const lib = libFile(u.pathname)
    if (lib) state.files.push(lib)
  })
  page.on('requestfinished', () => change(-1))
  page.on('requestfailed', () => change(-1))
  return state
}

async function quiet(requests, timeout = WAIT_MS) {
  const end = Date.now() + timeout
  while (Date.now() < end) {
    if (requests.inflight <= 0 && Date.now() - requests.lastChange >= QUIET_MS) return true
    await sleep(50)
  }
  return false
}

const metric = (m, name) => m.metrics.find((x) => x.name === name)?.value ?? Number.NaN

/**
 * One measured visit in a fresh context: `scenario` is 'first' (no stored choice; after the
 * figures, a click on the tool's own "Manage preferences" until its dialog shows), 'returning'
 * (`storageState` holds the tool's stored choice, analytics granted), 'sweep' (`blocks`) or
 * 'autosweep' (`blocks`; the vendor hosts answered by the harness, their requests counted).
 * Returns the figures of that visit; a figure that could not be taken is null.
 */
export async function visit(browser, origin, lib, scenario, { storageState, blocks, throttle = CPU_THROTTLE } = {}) {
  const context = await browser.newContext(storageState ? { storageState } : {})
  try {
    await context.addInitScript(probe, { lib, scenario })
    // The vendors' hosts never reach the network. They answer with a script that counts its runs
    // or a 1×1 image; Chromium's preload scanner requests a parser-inserted vendor tag before any
    // script can hold it (docs/auto-block.md), so requests are counted apart from what ran or loaded.
    if (scenario === 'autosweep')
      await context.route(
        (u) => VENDOR_HOSTS.includes(u.hostname),
        (route) =>
          route.request().resourceType() === 'image'
            ? route.fulfill({ status: 200, contentType: 'image/gif', body: PIXEL })
            : route.fulfill({ status: 200, contentType: 'text/javascript', body: VENDOR_JS }),
      )
    const page = await context.newPage()
    const errors = []
    page.on('pageerror', (e) => errors.push(String(e)))
    const requests = watchRequests(page)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle })
    await cdp.send('Performance.enable')
    const before = await cdp.send('Performance.getMetrics')
    const url = scenario === 'sweep' || scenario === 'autosweep' ? `${origin}/${scenario}/${lib}?blocks=${blocks}` : `${origin}/page/${lib}`
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 })
    const tool = lib !== 'bare'
    let bannerFound = false
    if (tool && scenario !== 'returning') bannerFound = await until(cdp, 'window.__bench.banner != null')
    if (scenario === 'returning' && tool) await until(cdp, 'window.__benchRan != null', 10_000)
    await quiet(requests)
    const after = await cdp.send('Performance.getMetrics')
    const bytes = { raw: 0, gzip: 0, brotli: 0 }
    const files = [...new Set(requests.files.map((f) => f.file))]
    for (const f of files) {
      const s = fileSizes(f)
      bytes.raw += s.raw
      bytes.gzip += s.gzip
      bytes.brotli += s.brotli
    }
    // The paint entry is queued when the compositor reports the frame presented, which a loaded
    // machine can delay past the settling: wait for it a little (the figure itself is not moved).
    await until(cdp, "performance.getEntriesByName('first-contentful-paint').length > 0", 5000)
    const inPage = await page.evaluate((hosts) => {
      const b = window.__bench
      const nav = performance.getEntriesByType('navigation')[0]
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]
      return {
        fcp: fcp ? fcp.startTime : null,
        banner: b.banner ?? (b.seen() ? performance.now() : null),
        longTasks: b.lt.length,
        longestTask: b.lt.length ? Math.max(...b.lt) : 0,
        cls: b.cls,
        ran: window.__benchRan ?? null,
        unknown: window.__benchUnknown ?? null,
        // Vendor scripts that ran and vendor pixels that loaded (a held one has no src).
        vendorRan:
          (window.__benchVendor || 0) +
          [...document.images].filter((i) => {
            try {
              return i.complete && i.naturalWidth > 0 && hosts.includes(new URL(i.currentSrc).hostname)
            } catch {
              return false
            }
          }).length,
        dcl: nav ? nav.domContentLoadedEventStart : null,
        load: nav ? nav.loadEventStart : null,
      }
    }, VENDOR_HOSTS)
    // The heap after a collection, taken last: the collection is a task of its own and would
    // otherwise count among the page's long tasks.
    await cdp.send('HeapProfiler.collectGarbage')
    const heap = await cdp.send('Performance.getMetrics')
    const sample = {
      lib,
      scenario,
      ...(blocks ? { blocks } : {}),
      ...inPage,
      bannerFound: tool && scenario !== 'returning' ? bannerFound : inPage.banner != null,
      script: (metric(after, 'ScriptDuration') - metric(before, 'ScriptDuration')) * 1000,
      heapMB: metric(heap, 'JSHeapUsedSize') / 2 ** 20,
      bytes: tool ? bytes : null,
      vendorRequests: requests.vendor,
      files: files.map((f) => f.slice(DIRS[lib] ? DIRS[lib].length + 1 : 0)),
      dialog: null,
      errors,
    }
    if (scenario === 'first' && tool && bannerFound) {
      await BUTTONS[lib].manage(page).click({ timeout: 10_000 })
      if (await until(cdp, 'window.__bench.dialog != null', 10_000)) sample.dialog = await page.evaluate(() => window.__bench.dialog - window.__bench.click)
    }
    return sample
  } finally {
    await context.close()
  }
}

/**
 * The stored choice of a returning visitor, in each tool's own format: a warm-up visit accepts
 * all on the banner, waits for the gated script to run, and keeps the context's cookies and
 * localStorage for the measured visits.
 */
export async function storedChoice(browser, origin, lib) {
  if (lib === 'bare') return undefined
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.goto(`${origin}/page/${lib}`)
    await BUTTONS[lib].accept(page).click({ timeout: WAIT_MS })
    await page.waitForFunction('window.__benchRan != null', undefined, { timeout: WAIT_MS })
    // The tools write their cookie in the click handler; give a deferred write one frame.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))))
    return await context.storageState()
  } finally {
    await context.close()
  }
}

/** Run i visits the libraries in an order rotated by i, so none always goes first. */
export const rotation = (i, libs = LIBS) => libs.map((_, k) => libs[(k + i) % libs.length])

/**
 * One scenario, `runs` times, the libraries interleaved run by run (the auto-blocking sweep:
 * bare, ConsentGate's plain core and its auto core). `onRun(i, samples)` after
 * each run (the progress line). Returns runs as arrays of samples, one per library.
 */
export async function runScenario(browser, origin, scenario, runs, { blocks, states, throttle, onRun } = {}) {
  const all = []
  for (let i = 0; i < runs; i++) {
    const run = {}
    for (const lib of rotation(i, scenario === 'autosweep' ? AUTO_LIBS : LIBS))
      run[lib] = await visit(browser, origin, lib, scenario, { blocks, storageState: states?.[lib], throttle })
    all.push(run)
    onRun?.(i, run)
  }
  return all
}

/** The peers and ConsentGate with their stored choices, for the returning scenario. */
export async function storedChoices(browser, origin) {
  const states = {}
  for (const lib of ['cg', ...PEERS]) states[lib] = await storedChoice(browser, origin, lib)
  return states
}

/**
 * The smoke test's entry: one first visit and one returning visit per library, and one visit per
 * library of the auto-blocking sweep at 1,000 blocks, without CPU throttling (the figures are
 * checked for presence, not value). Writes nothing.
 */
export async function smoke() {
  const missing = missingFiles()
  if (missing.length) throw new Error(missing.join(' '))
  const browser = await launchBrowser()
  if (!browser) throw new Error(CHROMIUM_MISSING)
  const site = await startSite()
  try {
    const [first] = await runScenario(browser, site.origin, 'first', 1, { throttle: 1 })
    const states = await storedChoices(browser, site.origin)
    const [returning] = await runScenario(browser, site.origin, 'returning', 1, { states, throttle: 1 })
    const [auto] = await runScenario(browser, site.origin, 'autosweep', 1, { blocks: 1000, throttle: 1 })
    return { first, returning, auto, chromium: browser.version() }
  } finally {
    await browser.close()
    await site.close()
  }
}
