import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import * as pages from './pages'
import { audit, ROOT, startSite } from './site'

/**
 * `consent-gate-audit` as a site's CI runs it: the built CLI in a child process, against pages on
 * 127.0.0.1 that use the built SDK (dist/), a home-made banner or vanilla-cookieconsent. Trackers
 * keep their real host names and are served by the same local site through `--resolve`.
 */

type Site = Awaited<ReturnType<typeof startSite>>
let site: Site
const tmp = mkdtempSync(join(tmpdir(), 'cg-audit-'))

beforeAll(async () => {
  for (const f of ['dist/consent-gate.js', 'audit/dist/index.mjs'])
    expect(existsSync(join(ROOT, f)), `${f} is built (npx rollup -c; npm run build -w audit)`).toBe(true)
  site = await startSite()
})
afterAll(async () => {
  await site?.close()
  rmSync(tmp, { recursive: true, force: true })
})

const run = (url: string, ...flags: string[]) => audit([url, '--json', ...site.resolveFlags(), ...flags])
const codes = (list: { code: string }[]) => [...new Set(list.map((f) => f.code))].sort()
const pass = (json: any, name: string) => json.passes.find((p: any) => p.name === name)

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as { port: number }).port
  await new Promise((r) => s.close(r))
  return port
}

test('a page whose trackers wait for consent is clean (exit 0), and after Accept all its trackers are classified from the real tables', async () => {
  const r = await run(site.page('/gated.html', pages.gated()))
  expect(r.code, r.stderr).toBe(0)
  const j = r.json
  expect(j).toMatchObject({ version: 1, status: 'clean', exitCode: 0, violations: [], warnings: [] })
  expect(j.banner).toMatchObject({ method: 'consent-gate' })
  expect(j.banner.detail).toMatch(/ConsentGate/)
  expect(j.banner.firstLayer.accept).toMatchObject({ text: 'Accept all' })
  expect(j.banner.firstLayer.reject).toMatchObject({ text: 'Reject all' })
  expect(pass(j, 'before-consent').requests).toEqual([])
  expect(pass(j, 'after-reject').cookies.map((c: any) => c.name)).toEqual(['consent_gate'])
  // Accept all lets the tags run: the audit sees them and names them.
  const accepted = pass(j, 'after-accept')
  expect(accepted.choice).toMatch(/Accept all/)
  expect(accepted.cookies).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ name: '_ga', category: 'analytics', vendor: 'Google Analytics', source: 'open-cookie-database', party: 'first' }),
      expect.objectContaining({ name: '_fbp', category: 'marketing', source: 'open-cookie-database' }),
    ]),
  )
  expect(accepted.requests).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        host: 'www.google-analytics.com',
        category: 'analytics',
        vendor: 'Google Analytics',
        source: 'third-party-web',
        afterChoice: true,
      }),
      expect.objectContaining({ host: 'connect.facebook.net', category: 'marketing', kind: 'social', source: 'third-party-web' }),
    ]),
  )
  const calls = accepted.consentMode.map((c: any) => `${c.load}:${c.command}:${c.params.analytics_storage}`)
  expect(calls.slice(0, 2)).toEqual(['1:default:denied', '1:update:granted'])
  expect(accepted.googleTags[0]).toMatchObject({ url: 'https://www.googletagmanager.com/gtag/js?id=G-TEST', load: 1 })
  // Progress went to stderr as plain lines (not a terminal), so stdout stayed JSON.
  expect(r.stderr).toMatch(/^consent-gate-audit: before any choice: loading /m)
})

test('an ungated tracker and a Google tag before the Consent Mode default are violations (exit 1), each named in --json', async () => {
  const url = site.page('/ungated.html', pages.ungated())
  const r = await run(url)
  expect(r.code, r.stderr).toBe(1)
  const j = r.json
  expect(j.status).toBe('violations')
  const before = j.violations.filter((v: any) => v.pass === 'before-consent')
  expect(codes(before)).toEqual(['cookie-before-consent', 'google-tag-before-default', 'tracker-request-before-consent'])
  expect(
    before
      .filter((v: any) => v.code === 'cookie-before-consent')
      .map((v: any) => v.subject)
      .sort(),
  ).toEqual(['_fbp', '_ga'])
  expect(
    before
      .filter((v: any) => v.code === 'tracker-request-before-consent')
      .map((v: any) => v.subject)
      .sort(),
  ).toEqual(['connect.facebook.net', 'www.facebook.com', 'www.google-analytics.com'])
  const tag = before.find((v: any) => v.code === 'google-tag-before-default')
  expect(tag).toMatchObject({ severity: 'violation', page: url, subject: 'https://www.googletagmanager.com/gtag/js?id=G-TEST' })
  expect(tag.message).toMatch(/before the Consent Mode default/)
  // A refusal does not stop them either.
  expect(codes(j.violations.filter((v: any) => v.pass === 'after-reject'))).toEqual(
    expect.arrayContaining(['cookie-after-reject', 'google-tag-before-default', 'tracker-request-after-reject']),
  )
  for (const v of j.violations) expect(Object.keys(v).sort()).toEqual(['code', 'message', 'page', 'pass', 'severity', 'subject'])
})

test('a marketing cookie written after Reject all is a violation of that pass only', async () => {
  const r = await run(site.page('/reject-marketing.html', pages.marketingAfterReject()))
  expect(r.code, r.stderr).toBe(1)
  expect(r.json.violations).toEqual([expect.objectContaining({ code: 'cookie-after-reject', pass: 'after-reject', subject: '_fbp', severity: 'violation' })])
  expect(r.json.violations[0].message).toMatch(/_fbp \(Facebook, marketing\).*after Reject all/)
})

test('a Reject all hidden behind a second layer is reject-missing; the audit still clicks through it with --reject steps', async () => {
  const r = await run(site.page('/second-layer.html', pages.rejectInSecondLayer()), '--accept', '#cb-accept', '--reject', '#cb-more', '--reject', '#cb-reject')
  expect(r.code, r.stderr).toBe(1)
  expect(r.json.banner).toMatchObject({ method: 'selectors', firstLayer: { accept: { text: 'Accept all' }, reject: null } })
  expect(r.json.violations).toEqual([expect.objectContaining({ code: 'reject-missing', pass: 'before-consent', subject: 'Reject' })])
  expect(r.json.violations[0].message).toMatch(/not on the first layer: it takes 2 clicks/)
  const rejected = pass(r.json, 'after-reject')
  expect(rejected).toMatchObject({ ran: true, choice: 'clicked #cb-more → #cb-reject' })
  expect(rejected.requests).toEqual([])
  expect(pass(r.json, 'after-accept').requests.map((q: any) => q.host)).toContain('connect.facebook.net')
})

test('a Reject all smaller and paler than Accept all is reject-less-prominent, measured as the UI tests measure', async () => {
  const r = await run(site.page('/faint-reject.html', pages.faintReject()), '--accept', '#cb-accept', '--reject', '#cb-reject')
  expect(r.code, r.stderr).toBe(1)
  const { accept, reject } = r.json.banner.firstLayer
  expect(reject.height).toBeLessThan(accept.height)
  expect(reject.textContrast).toBeLessThan(4.5)
  expect(accept.textContrast).toBeGreaterThanOrEqual(4.5)
  expect(r.json.violations).toEqual([expect.objectContaining({ code: 'reject-less-prominent', pass: 'before-consent', subject: 'Reject all' })])
  expect(r.json.violations[0].message).toMatch(/smaller.*contrast/)
})

test('another consent tool (vanilla-cookieconsent) is found and answered through autoconsent: its reject holds, its accept lets gtag run', async () => {
  const r = await run(site.page('/other-tool.html', pages.otherTool()))
  expect(r.code, r.stderr).toBe(0)
  expect(r.json.banner).toMatchObject({ method: 'autoconsent', cmp: 'cookieconsent3' })
  expect(r.json.banner.detail).toMatch(/cookieconsent3.*autoconsent/)
  expect(r.json.banner.firstLayer.reject).toMatchObject({ text: 'Reject all' })
  const rejected = pass(r.json, 'after-reject')
  expect(rejected.choice).toBe('autoconsent optOut (cookieconsent3)')
  expect(rejected.cookies.map((c: any) => c.name)).toEqual(['cc_cookie'])
  expect(rejected.cookies[0]).toMatchObject({ category: 'necessary', vendor: 'CookieConsent (orestbida)' })
  const accepted = pass(r.json, 'after-accept')
  expect(accepted.choice).toBe('autoconsent optIn (cookieconsent3)')
  expect(accepted.cookies.map((c: any) => c.name)).toEqual(expect.arrayContaining(['cc_cookie', '_ga']))
  expect(accepted.requests.map((q: any) => q.host)).toContain('www.google-analytics.com')
})

test('--pages 2 follows the first two same-origin links and finds the tracker on the second', async () => {
  const index = pages.shopSite(site.page, site.origin.replace('127.0.0.1', 'localhost'))
  const r = await run(index, '--pages', '2')
  expect(r.code, r.stderr).toBe(1)
  const b = `${site.origin}/shop/b.html`
  expect(r.json.pages).toEqual([index, `${site.origin}/shop/a.html`, b])
  for (const p of r.json.passes) expect(p.pages.map((x: any) => x.url)).toEqual(r.json.pages)
  expect(new Set(r.json.violations.map((v: any) => v.page))).toEqual(new Set([b]))
  expect(codes(r.json.violations)).toEqual(['cookie-after-reject', 'cookie-before-consent', 'tracker-request-after-reject', 'tracker-request-before-consent'])
})

test('--html writes one self-contained report with a screenshot of each pass, --har keeps each pass’s traffic, --json FILE leaves the table on stdout', async () => {
  const out = join(tmp, 'out')
  const r = await audit([
    site.page('/report.html', pages.gated()),
    ...site.resolveFlags(),
    '--html',
    join(out, 'report.html'),
    '--har',
    join(out, 'har'),
    '--json',
    join(out, 'report.json'),
  ])
  expect(r.code, r.stderr).toBe(0)
  expect(r.stdout).toMatch(/^ConsentGate audit of /)
  expect(r.stdout).toMatch(/== After Accept all ==[\s\S]*_ga +127\.0\.0\.1/)
  expect(r.stdout).toMatch(/Result: clean \(exit 0\)/)
  expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toMatchObject({ version: 1, status: 'clean' })

  const html = readFileSync(join(out, 'report.html'), 'utf8')
  expect(html).toMatch(/^<!doctype html>/)
  expect(html.match(/<img [^>]*src="data:image\/jpeg;base64,[A-Za-z0-9+/=]{1000,}"/g)).toHaveLength(3)
  // Nothing to fetch: no script, no stylesheet link, no external source; a CSP that forbids any.
  expect(html).not.toMatch(/<script|<link|<iframe|\ssrc="(?!data:)|\shref=|url\(/i)
  expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`)
  expect(html).toContain('After Accept all')

  expect(readdirSync(join(out, 'har')).sort()).toEqual(['after-accept.har', 'after-reject.har', 'before-consent.har'])
  const urls = (name: string) => JSON.parse(readFileSync(join(out, 'har', name), 'utf8')).log.entries.map((e: any) => e.request.url)
  expect(urls('after-accept.har')).toContain('https://connect.facebook.net/en_US/fbevents.js')
  expect(urls('before-consent.har')).not.toContain('https://connect.facebook.net/en_US/fbevents.js')
  expect(urls('before-consent.har')).toContain(`${site.origin}/report.html`)
})

test('an unreachable URL, a page that never loads and a 404 are one line each and exit 2, never a stack trace', async () => {
  const port = await closedPort()
  for (const [url, flags, said] of [
    [`http://127.0.0.1:${port}/`, ['--json'], /could not audit http:\/\/127\.0\.0\.1:\d+\/: connection refused \(ERR_CONNECTION_REFUSED\)/],
    [`${site.origin}/hang`, ['--timeout', '2'], /could not audit .*\/hang: did not load within 2 s \(--timeout\)/],
    [`${site.origin}/missing.html`, [], /could not audit .*\/missing\.html: the page answered HTTP 404/],
  ] as [string, string[], RegExp][]) {
    const r = await audit([url, '--quiet', ...flags])
    expect(r.code, url).toBe(2)
    expect(r.stderr.trim().split('\n'), url).toHaveLength(1)
    expect(r.stderr).toMatch(said)
    expect(r.stderr).not.toMatch(/\n\s+at |Call log/)
    // With --json the machine gets the same sentence as JSON; without, stdout stays empty.
    if (flags.includes('--json')) expect(r.json).toMatchObject({ version: 1, status: 'error', exitCode: 2, error: expect.stringMatching(/connection refused/) })
    else expect(r.stdout).toBe('')
  }
})

test('--help prints the usage (exit 0); unknown flags, bad values and a missing browser are one clear line and exit 2', async () => {
  const help = await audit(['--help'])
  expect(help.code).toBe(0)
  expect(help.stdout).toMatch(/^Usage: consent-gate-audit <url> \[options\]/)
  for (const flag of ['--json', '--html', '--har', '--pages', '--timeout', '--fail-on', '--accept', '--reject', '--resolve'])
    expect(help.stdout).toContain(flag)
  for (const [args, said] of [
    [['https://example.com', '--frobnicate'], 'unknown option --frobnicate (see --help)'],
    [['https://example.com', '--pages', 'many'], '--pages needs a whole number from 0 to 100, not "many"'],
    [['https://example.com', '--fail-on', 'error'], '--fail-on is warning or violation, not "error"'],
    [['https://example.com', '--timeout', 'soon'], '--timeout needs a duration in seconds (e.g. 30, 500ms, 2m), not "soon"'],
    [['ftp://example.com/'], 'only http and https URLs can be audited, not "ftp://example.com/"'],
    [[], 'no URL given (usage: consent-gate-audit <url> [options]; see --help)'],
  ] as [string[], string][]) {
    const r = await audit(args)
    expect(r.code, args.join(' ')).toBe(2)
    expect(r.stderr).toBe(`consent-gate-audit: ${said}\n`)
  }
  const r = await audit(['https://example.com'], { CHROMIUM_PATH: join(tmp, 'no-such-chromium') })
  expect(r.code).toBe(2)
  expect(r.stderr).toMatch(/^consent-gate-audit: Chromium is required for the audit: install it with `apt-get install -y chromium`, or set CHROMIUM_PATH/)
  expect(r.stderr.trim().split('\n')).toHaveLength(1)
})

test('a page with no banner and no tracker only warns (exit 0); --fail-on warning makes that exit 1', async () => {
  const url = site.page('/no-banner.html', '<!doctype html><html lang="en"><head><title>Blog</title></head><body><h1>Blog</h1></body></html>')
  const plain = await run(url)
  expect(plain.code, plain.stderr).toBe(0)
  expect(plain.json).toMatchObject({ status: 'warnings', exitCode: 0, violations: [], banner: { method: 'none', detail: 'found no consent banner' } })
  expect(codes(plain.json.warnings)).toEqual(['banner-not-found'])
  expect(plain.json.passes.map((p: any) => [p.name, p.ran])).toEqual([
    ['before-consent', true],
    ['after-reject', false],
    ['after-accept', false],
  ])
  const strict = await run(url, '--fail-on', 'warning')
  expect(strict.code).toBe(1)
  expect(strict.json).toMatchObject({ status: 'warnings', exitCode: 1 })
})
