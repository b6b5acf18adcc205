/** The command line, parsed and checked; a mistake is an `ArgsError` whose message is the one line shown. */

export const USAGE = `Usage: consent-gate-audit <url> [options]

Loads <url> in Chromium three times, each in a fresh browser: before any choice, after
Reject all and after Accept all, and reports every cookie, storage key, tracker request and
Consent Mode call that a choice did not allow. Exit status: 0 clean, 1 violations, 2 could
not audit.

Options:
  --json [FILE]            the report as JSON: on stdout, or into FILE (--json=FILE, or a FILE
                           ending in .json); on stdout it replaces the table
  --html FILE              a self-contained HTML report with a screenshot of each pass
  --har DIR                keep each pass's network traffic as DIR/<pass>.har
  --pages N                also audit up to N same-origin pages the first page links to (0)
  --timeout SECONDS        how long a page may take to load (30; 500ms or 2m also work)
  --fail-on LEVEL          violation (default): exit 1 on violations; warning: on warnings too
  --accept SELECTOR        CSS selector of the banner's accept button, for a tool autoconsent
                           has no rule for; repeat it for each click of a multi-step path
  --reject SELECTOR        the same for reject (e.g. --reject '#settings' --reject '#deny')
  --resolve HOST=ORIGIN    serve requests for HOST from ORIGIN (a staging copy, a local
                           stand-in); they are still recorded and classified as HOST; repeatable
  --quiet                  no progress on stderr
  --help                   this text
  --version                the version

Environment: CHROMIUM_PATH, a Chromium or Chrome executable (default /usr/bin/chromium).
Reference: docs/audit.md in the ConsentGate repository.`

export interface Args {
  url: string
  json: { to: 'stdout' } | { to: 'file'; path: string } | null
  html: string | null
  har: string | null
  pages: number
  timeoutMs: number
  failOn: 'warning' | 'violation'
  accept: string[]
  reject: string[]
  resolve: [string, string][]
  quiet: boolean
}

export type Parsed = { help: true } | { version: true } | { args: Args }

export class ArgsError extends Error {}

/** `30`, `30s`, `500ms`, `2m` → milliseconds. */
function duration(flag: string, v: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(v.trim())
  if (!m) throw new ArgsError(`${flag} needs a duration in seconds (e.g. 30, 500ms, 2m), not "${v}"`)
  const ms = Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1000)
  if (ms < 100 || ms > 3_600_000) throw new ArgsError(`${flag} must be between 100ms and 60m, not "${v}"`)
  return Math.round(ms)
}

/** A URL as given; a bare host (`example.com`) means https. */
export function normaliseUrl(raw: string): string {
  const withScheme = /^[a-z][\w+.-]*:/i.test(raw) ? raw : `https://${raw}`
  let u: URL
  try {
    u = new URL(withScheme)
  } catch {
    throw new ArgsError(`not a URL: "${raw}"`)
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ArgsError(`only http and https URLs can be audited, not "${raw}"`)
  if (!u.hostname) throw new ArgsError(`not a URL: "${raw}"`)
  return u.href
}

export function parseArgs(argv: readonly string[]): Parsed {
  const a: Omit<Args, 'url'> & { url: string | null } = {
    url: null,
    json: null,
    html: null,
    har: null,
    pages: 0,
    timeoutMs: 30_000,
    failOn: 'violation',
    accept: [],
    reject: [],
    resolve: [],
    quiet: false,
  }
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1
    const flag = eq > 0 ? raw.slice(0, eq) : raw
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined
    const value = () => {
      if (inline !== undefined) return inline
      const v = argv[i + 1]
      if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new ArgsError(`${flag} needs a value`)
      i++
      return v
    }
    const noValue = () => {
      if (inline !== undefined) throw new ArgsError(`${flag} takes no value`)
    }
    switch (flag) {
      case '--help':
      case '-h':
        return { help: true }
      case '--version':
        return { version: true }
      case '--json': {
        const next = argv[i + 1]
        if (inline !== undefined) {
          if (!inline) throw new ArgsError('--json= needs a file name')
          a.json = inline === '-' ? { to: 'stdout' } : { to: 'file', path: inline }
        } else if (next !== undefined && (next === '-' || /\.json$/i.test(next)) && !next.startsWith('--')) {
          i++
          a.json = next === '-' ? { to: 'stdout' } : { to: 'file', path: next }
        } else a.json = { to: 'stdout' }
        break
      }
      case '--html':
        a.html = value()
        break
      case '--har':
        a.har = value()
        break
      case '--pages': {
        const v = value()
        if (!/^\d+$/.test(v) || Number(v) > 100) throw new ArgsError(`--pages needs a whole number from 0 to 100, not "${v}"`)
        a.pages = Number(v)
        break
      }
      case '--timeout':
        a.timeoutMs = duration('--timeout', value())
        break
      case '--fail-on': {
        const v = value()
        if (v !== 'warning' && v !== 'violation') throw new ArgsError(`--fail-on is warning or violation, not "${v}"`)
        a.failOn = v
        break
      }
      case '--accept':
      case '--reject': {
        const v = value().trim()
        if (!v) throw new ArgsError(`${flag} needs a CSS selector`)
        a[flag === '--accept' ? 'accept' : 'reject'].push(v)
        break
      }
      case '--resolve': {
        const v = value()
        const m = /^([a-z0-9.-]+)=(https?:\/\/[^/\s]+)\/?$/i.exec(v)
        if (!m) throw new ArgsError(`--resolve needs HOST=ORIGIN (e.g. www.google-analytics.com=http://127.0.0.1:8080), not "${v}"`)
        a.resolve.push([m[1].toLowerCase(), new URL(m[2]).origin])
        break
      }
      case '--quiet':
      case '-q':
        noValue()
        a.quiet = true
        break
      default:
        if (raw.startsWith('-') && raw !== '-') throw new ArgsError(`unknown option ${flag} (see --help)`)
        if (a.url !== null) throw new ArgsError(`one URL at a time: got "${a.url}" and "${raw}"`)
        a.url = raw
    }
  }
  if (a.url === null) throw new ArgsError('no URL given (usage: consent-gate-audit <url> [options]; see --help)')
  return { args: { ...a, url: normaliseUrl(a.url) } }
}
