/**
 * The pages of the browser benchmark and the three consent tools, each embedded as its own
 * documentation says and configured alike: the purposes necessary (always on), analytics and
 * marketing, English, a banner and a preferences dialog, one gated inline analytics script.
 * No side effects: `bench/browser.mjs` and the smoke test import it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const ROOT = join(import.meta.dirname, '..')

/** The libraries, in the order of the tables; `bare` is the page without a consent tool. */
export const LIBS = ['bare', 'cg', 'vcc', 'klaro']
export const PEERS = ['vcc', 'klaro']
export const NAMES = { bare: 'bare page', cg: 'ConsentGate', vcc: 'vanilla-cookieconsent', klaro: 'klaro', cga: 'ConsentGate auto' }

/**
 * The auto-blocking sweep's libraries: the bare page, the plain core with the vendor tags marked
 * by hand, and the auto core (`dist/consent-gate.auto.js`, `autoBlock: true`) with the same tags
 * as the vendors ship them. `cga` is served from ConsentGate's directory (`/lib/cg/`).
 */
export const AUTO_LIBS = ['bare', 'cg', 'cga']

/**
 * Where each tool's files are served from (`/lib/<id>/…`) and read from on disk. Only these
 * URLs count as the tool's bytes; the benchmark's own config files (`/config/…`) do not.
 */
export const DIRS = {
  cg: join(ROOT, 'dist'),
  cga: join(ROOT, 'dist'),
  vcc: join(ROOT, 'node_modules', 'vanilla-cookieconsent', 'dist'),
  klaro: join(ROOT, 'node_modules', 'klaro', 'dist'),
}

/** The peers' package versions, from their own package.json. */
export function peerVersions() {
  const version = (name) => {
    const file = join(ROOT, 'node_modules', name, 'package.json')
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : null
  }
  return { 'vanilla-cookieconsent': version('vanilla-cookieconsent'), klaro: version('klaro') }
}

/** What must be on disk before a run, as one sentence each (empty when all is there). */
export function missingFiles() {
  const problems = []
  for (const f of ['consent-gate.js', 'consent-gate.auto.js'])
    if (!existsSync(join(DIRS.cg, f))) problems.push(`dist/${f} is missing: run \`npm run build\` first.`)
  if (!existsSync(join(DIRS.vcc, 'cookieconsent.umd.js')) || !existsSync(join(DIRS.klaro, 'klaro.js')))
    problems.push('The peers are missing: run `npm install` (vanilla-cookieconsent and klaro are devDependencies).')
  return problems
}

const TEXT = {
  title: 'We value your privacy',
  text: 'We use cookies to measure how the site is used and to show relevant ads, only with your consent.',
  necessary: 'Needed for the site to work: your session and this choice.',
  analytics: 'Counts visits and pages read, to improve the site.',
  marketing: 'Shows ads that match your interests.',
}

/** The one gated inline analytics script of each tool: it records when it runs. */
const RAN = 'window.__benchRan=window.__benchRan||performance.now();window.__benchRuns=(window.__benchRuns||0)+1'
export const GATED = {
  bare: '',
  cg: `<script type="text/plain" data-category="analytics">${RAN}</script>`,
  cga: `<script type="text/plain" data-category="analytics">${RAN}</script>`,
  vcc: `<script type="text/plain" data-category="analytics">${RAN}</script>`,
  klaro: `<script type="text/plain" data-type="application/javascript" data-name="stats">${RAN}</script>`,
}

const CG_CONFIG = {
  revision: 1,
  policyUrl: '/privacy',
  categories: {
    necessary: { title: 'Strictly necessary', description: TEXT.necessary, required: true },
    analytics: { title: 'Analytics', description: TEXT.analytics },
    marketing: { title: 'Marketing', description: TEXT.marketing },
  },
}

/** vanilla-cookieconsent 3 through its `run()` API (served as /config/vcc.js). */
const VCC_CONFIG = {
  // Its default hides the banner from bots, and a browser driven by Playwright reports
  // navigator.webdriver: without this the banner would never show.
  hideFromBots: false,
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {}, marketing: {} },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: TEXT.title,
          description: TEXT.text + ' <a href="/privacy">Privacy policy</a>',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Manage preferences',
        },
        preferencesModal: {
          title: 'Privacy preferences',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Save preferences',
          closeIconLabel: 'Close',
          sections: [
            { title: 'Strictly necessary', description: TEXT.necessary, linkedCategory: 'necessary' },
            { title: 'Analytics', description: TEXT.analytics, linkedCategory: 'analytics' },
            { title: 'Marketing', description: TEXT.marketing, linkedCategory: 'marketing' },
          ],
        },
      },
    },
  },
}

/** klaro: one service per purpose (its model is services grouped by purpose). */
const KLARO_CONFIG = {
  version: 1,
  elementID: 'klaro',
  storageMethod: 'cookie',
  cookieName: 'klaro',
  lang: 'en',
  acceptAll: true,
  groupByPurpose: true,
  translations: {
    en: {
      privacyPolicyUrl: '/privacy',
      purposes: { necessary: 'Strictly necessary', analytics: 'Analytics', marketing: 'Marketing' },
      session: { description: TEXT.necessary },
      stats: { description: TEXT.analytics },
      ads: { description: TEXT.marketing },
    },
  },
  services: [
    { name: 'session', title: 'Session', purposes: ['necessary'], required: true },
    { name: 'stats', title: 'Statistics', purposes: ['analytics'] },
    { name: 'ads', title: 'Advertising', purposes: ['marketing'] },
  ],
}

/** The scripts the benchmark itself serves under /config/ (not counted as the tool's bytes). */
export const CONFIG_FILES = {
  'vcc.js': `CookieConsent.run(${JSON.stringify(VCC_CONFIG)});\n`,
  'klaro.js': `var klaroConfig = ${JSON.stringify(KLARO_CONFIG)};\n`,
}

/**
 * Each tool's tags in `<head>`, as its documentation embeds it: ConsentGate synchronously and
 * first (docs/embed.md), vanilla-cookieconsent's stylesheet plus its UMD script and the `run()`
 * call deferred, klaro's config and script deferred (its README's embedding).
 */
export const HEAD = {
  bare: '',
  cg: `<script>window.consentGateConfig=${JSON.stringify(CG_CONFIG)}</script><script src="/lib/cg/consent-gate.js" data-lang="en"></script>`,
  cga: `<script>window.consentGateConfig=${JSON.stringify({ ...CG_CONFIG, autoBlock: true })}</script><script src="/lib/cg/consent-gate.auto.js" data-lang="en"></script>`,
  vcc: '<link rel="stylesheet" href="/lib/vcc/cookieconsent.css"><script defer src="/lib/vcc/cookieconsent.umd.js"></script><script defer src="/config/vcc.js"></script>',
  klaro: '<script defer src="/config/klaro.js"></script><script defer data-config="klaroConfig" src="/lib/klaro/klaro.js"></script>',
}

const STYLE = '<style>body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:44rem;padding:1rem}</style>'

const ARTICLE =
  '<h1>Acme Coffee Roasters</h1>' +
  '<p>Single-origin beans, roasted every Tuesday in small batches and shipped the same week. ' +
  'Our espresso blend balances a dark chocolate body with a bright citrus finish.</p>' +
  '<p><a href="/shop">Shop the beans</a> · <a href="/privacy">Privacy</a></p>' +
  '<p>Brewing guides for filter, espresso and cold brew, with grind sizes and ratios that work at home.</p>'

/** The first-visit and returning-visitor page: the tool, its gated script, a short article. */
export function pageHtml(lib) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${HEAD[lib]}<title>Bench</title>${GATED[lib]}${STYLE}</head><body>${ARTICLE}</body></html>`
}

/** One block of the page-size sweep: a `div` with a `p`, an `a` and a `span`. */
const block = (i) => `<div class="b"><p>Block ${i}: a paragraph of ordinary article text.</p><a href="#b${i}">Link ${i}</a><span>tag ${i}</span></div>\n`

/** The blocks between which the sweep page puts one gated inline script. */
export const SWEEP_GATED_EVERY = 500

/** The page-size sweep: the head, then `blocks` blocks with a gated script every 500 of them. */
export function sweepParts(lib, blocks) {
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8">${HEAD[lib]}<title>Bench ${blocks}</title>${STYLE}</head><body>${ARTICLE}\n`
  let body = ''
  for (let i = 0; i < blocks; i++) {
    if (i % SWEEP_GATED_EVERY === 0) body += GATED[lib]
    body += block(i)
  }
  return { head, body: body + '</body></html>' }
}

/**
 * The known-vendor tags of the auto-blocking sweep, one group after every 500th block (`k` = 0, 1,
 * …): a vendor script (Google Tag Manager, Meta Pixel, Hotjar in turn) and a vendor pixel
 * (Meta, Google Analytics, Hotjar in turn), as the vendors' snippets write them. Requests to these
 * hosts are answered by the harness and counted: before consent there must be none.
 */
export const VENDOR_HOSTS = [
  'www.googletagmanager.com',
  'connect.facebook.net',
  'static.hotjar.com',
  'www.facebook.com',
  'www.google-analytics.com',
  'insights.hotjar.com',
]
const vendorTags = (k) => [
  [
    ['analytics', `https://www.googletagmanager.com/gtm.js?id=GTM-B${k}`],
    ['marketing', `https://connect.facebook.net/en_US/fbevents.js?v=${k}`],
    ['analytics', `https://static.hotjar.com/c/hotjar-${k}.js?sv=6`],
  ][k % 3],
  [
    ['marketing', `https://www.facebook.com/tr?id=${k}&ev=PageView&noscript=1`],
    ['analytics', `https://www.google-analytics.com/collect?v=1&tid=UA-${k}`],
    ['analytics', `https://insights.hotjar.com/p?k=${k}`],
  ][k % 3],
]

/** Counts the unknown scripts that ran (they are never touched, so they run on every page). */
const UNKNOWN = 'window.__benchUnknown=(window.__benchUnknown||0)+1'
export const UNKNOWN_JS = UNKNOWN + '\n'

/**
 * One group of the auto-blocking sweep: the vendor tags, as shipped for the auto core (`cga`) and
 * marked by hand for the plain core and the bare page (`type="text/plain"` / `data-src` with
 * `data-category`: inert on the bare page, gated by the plain core, what the auto core turns the
 * shipped tags into), then two unknown scripts, one inline and one from the site.
 */
function autoGroup(lib, k) {
  const [[sc, script], [ic, img]] = vendorTags(k)
  const tags =
    lib === 'cga'
      ? `<script src="${script}"></script><img src="${img}" width="1" height="1" alt="">`
      : `<script type="text/plain" data-category="${sc}" data-src="${script}"></script><img data-category="${ic}" data-src="${img}" width="1" height="1" alt="">`
  return `${tags}<script>${UNKNOWN}</script><script src="/asset/unknown.js?k=${k}"></script>\n`
}

/** The auto-blocking sweep: the sweep page with a group of vendor and unknown tags every 500 blocks. */
export function autoSweepParts(lib, blocks) {
  const head = `<!doctype html><html lang="en"><head><meta charset="utf-8">${HEAD[lib]}<title>Bench auto ${blocks}</title>${STYLE}</head><body>${ARTICLE}\n`
  let body = ''
  for (let i = 0; i < blocks; i++) {
    if (i % SWEEP_GATED_EVERY === 0) body += GATED[lib] + autoGroup(lib, i / SWEEP_GATED_EVERY)
    body += block(i)
  }
  return { head, body: body + '</body></html>' }
}
