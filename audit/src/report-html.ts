import { PASS_TITLES } from './report-text'
import type { ButtonMeasure, Finding, PassName, PassReport, Report } from './types'

/**
 * `--html`: one file, readable offline: inline CSS, screenshots as data: URIs, no script, and a
 * Content-Security-Policy that lets nothing load even if a page-chosen string got through. Every
 * page-chosen string (cookie names, URLs, titles) is escaped.
 */

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--mute:#5b6470;--line:#d8dde3;--bad:#b3261e;--warn:#8a5a00;--ok:#1e6b34}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ed;--bg:#15181c;--mute:#9aa4ae;--line:#333a42;--bad:#ff8a80;--warn:#ffcc66;--ok:#7ddc95}}
body{font:15px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg);max-width:1100px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin-top:2.5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h3{font-size:1rem;margin:1.5rem 0 .5rem}.mute{color:var(--mute)}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:anywhere}
th{font-weight:600}.status{display:inline-block;padding:.2rem .6rem;border-radius:1rem;font-weight:600;border:2px solid}
.violations{color:var(--bad)}.warnings{color:var(--warn)}.clean{color:var(--ok)}
.finding-violation td:first-child{color:var(--bad);font-weight:600}.finding-warning td:first-child{color:var(--warn);font-weight:600}
table.findings td:nth-child(-n+2){white-space:nowrap}
img{max-width:100%;border:1px solid var(--line);border-radius:4px}code{font-size:.9em}
`

function rows(header: string[], body: unknown[][]): string {
  if (!body.length) return '<p class="mute">None.</p>'
  return `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${body
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`
}

function findings(list: Finding[]): string {
  if (!list.length) return '<p class="mute">None.</p>'
  return `<table class="findings"><thead><tr><th>code</th><th>pass</th><th>subject</th><th>what</th></tr></thead><tbody>${list
    .map(
      (f) =>
        `<tr class="finding-${f.severity}"><td><code>${esc(f.code)}</code></td><td>${esc(f.pass)}</td><td>${esc(f.subject)}</td><td>${esc(f.message)}</td></tr>`,
    )
    .join('')}</tbody></table>`
}

const measure = (label: string, m: ButtonMeasure | null) =>
  m
    ? [
        label,
        m.text,
        `${m.width}×${m.height}`,
        `${m.fontSize}px ${m.fontWeight}`,
        m.color,
        m.background,
        m.border || 'none',
        `${m.textContrast}:1`,
        `${m.fillContrast}:1`,
      ]
    : [label, 'not found', '', '', '', '', '', '', '']

function pass(p: PassReport, shot: Buffer | undefined, multiPage: boolean): string {
  const parts = [`<h2 id="${p.name}">${esc(PASS_TITLES[p.name])}</h2>`]
  if (!p.ran) return parts.concat(`<p>Not run: ${esc(p.skipped)}</p>`).join('')
  if (p.choice) parts.push(`<p class="mute">Choice: ${esc(p.choice)}</p>`)
  if (shot) parts.push(`<img alt="${esc(PASS_TITLES[p.name])}: screenshot of the first page" src="data:image/jpeg;base64,${shot.toString('base64')}">`)
  const page = (u: string) => (multiPage ? [u] : [])
  const pageCol = multiPage ? ['page'] : []
  parts.push(
    '<h3>Cookies</h3>',
    rows(
      ['name', 'domain', 'expires', 'party', 'category', 'vendor', 'source', ...pageCol],
      p.cookies.map((c) => [
        c.name,
        c.domain,
        c.expires ? c.expires.slice(0, 10) : 'session',
        c.party,
        c.category || 'unclassified',
        c.vendor,
        c.source,
        ...page(c.page),
      ]),
    ),
    '<h3>Storage</h3>',
    rows(
      ['key', 'area', 'origin', 'category', 'vendor', ...pageCol],
      p.storage.map((s) => [s.key, s.area, s.origin, s.category || 'unclassified', s.vendor, ...page(s.page)]),
    ),
    `<h3>Tracker requests${p.name === 'before-consent' ? '' : ' after the choice'}</h3>`,
    rows(
      ['ms', 'host', 'category', 'vendor', 'url', ...pageCol],
      p.requests.filter((r) => p.name === 'before-consent' || r.afterChoice).map((r) => [r.at, r.host, r.category || r.kind, r.vendor, r.url, ...page(r.page)]),
    ),
    '<h3>Consent Mode and Google tags</h3>',
    rows(
      ['ms', 'load', 'what', 'detail'],
      [
        ...p.consentMode.map((c) => [
          c.at,
          c.load,
          `consent ${c.command}`,
          Object.entries(c.params)
            .map(([k, v]) => `${k}=${v}`)
            .join(' '),
        ]),
        ...p.googleTags.filter((g) => g.loadedAt !== null).map((g) => [g.loadedAt, g.load, 'Google tag ran', g.url]),
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    ),
  )
  return parts.join('')
}

export function htmlReport(r: Report, shots: Partial<Record<PassName, Buffer>>): string {
  const b = r.banner
  const multiPage = r.pages.length > 1
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Consent audit of ${esc(r.url)}</title><style>${STYLE}</style></head><body>
<h1>Consent audit of ${esc(r.url)}</h1>
<p class="mute">${esc(r.tool.name)} ${esc(r.tool.version)}, ${esc(r.startedAt)}, ${esc((r.durationMs / 1000).toFixed(1))} s; ${r.pages.length} page(s)</p>
<p><span class="status ${r.status}">${esc(r.status === 'clean' ? 'Clean' : r.status === 'warnings' ? `${r.warnings.length} warning(s)` : `${r.violations.length} violation(s)`)}</span> exit ${r.exitCode}</p>
<h2>Banner</h2><p>${esc(b ? b.detail : 'not looked for')}</p>
${b && (b.firstLayer.accept || b.firstLayer.reject) ? rows(['button', 'label', 'size (px)', 'font', 'colour', 'background', 'border', 'text contrast', 'stands out'], [measure('accept', b.firstLayer.accept), measure('reject', b.firstLayer.reject)]) : ''}
${
  multiPage
    ? `<h2>Pages</h2>${rows(
        ['url'],
        r.pages.map((u) => [u]),
      )}`
    : ''
}
<h2>Violations</h2>${findings(r.violations)}
<h2>Warnings</h2>${findings(r.warnings)}
${r.passes.map((p) => pass(p, shots[p.name], multiPage)).join('\n')}
<p class="mute">Cookie names classified with the Open Cookie Database (Apache-2.0), hosts with third-party-web (MIT), and ConsentGate's own table.</p>
</body></html>
`
}
