import type { Finding, PassName, PassReport, Report } from './types'

/** The human report: a table per pass, then the findings, then the verdict. Plain text, no colour. */

export const PASS_TITLES: Record<PassName, string> = {
  'before-consent': 'Before any choice',
  'after-reject': 'After Reject all',
  'after-accept': 'After Accept all',
}

/** Strip what a terminal would act on: page-chosen names must not move the cursor or recolour it. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')

function cut(s: string, max: number) {
  const c = clean(s)
  return c.length > max ? c.slice(0, max - 1) + '…' : c
}

/** Rows under a header, columns padded to their widest cell (each capped at `max`). */
export function table(header: string[], rows: string[][], max = 40): string {
  if (!rows.length) return '  (none)'
  const cells = [header, ...rows].map((r) => r.map((c) => cut(c, max)))
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)))
  const line = (r: string[]) => '  ' + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')
  return [line(cells[0]), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n')
}

const cat = (c: string | null) => c || 'unclassified'
const expiry = (iso: string | null) => (iso ? iso.slice(0, 10) : 'session')

function passSection(p: PassReport, multiPage: boolean): string {
  const out: string[] = [`== ${PASS_TITLES[p.name]} ==`]
  if (!p.ran) {
    out.push(`  not run: ${p.skipped}`)
    return out.join('\n')
  }
  if (p.choice) out.push(`  choice: ${clean(p.choice)}`)
  if (multiPage) out.push(`  pages: ${p.pages.map((pg) => clean(pg.url) + (pg.error ? ` (${pg.error})` : '')).join(', ')}`)
  const page = (u: string) => (multiPage ? [u] : [])
  const pageCol = multiPage ? ['page'] : []
  out.push(
    '',
    'Cookies',
    table(
      ['name', 'domain', 'expires', 'party', 'category', 'vendor', ...pageCol],
      p.cookies.map((c) => [c.name, c.domain, expiry(c.expires), c.party, cat(c.category), c.vendor || '', ...page(c.page)]),
    ),
    '',
    'Storage',
    table(
      ['key', 'area', 'origin', 'category', 'vendor', ...pageCol],
      p.storage.map((s) => [s.key, s.area, s.origin, cat(s.category), s.vendor || '', ...page(s.page)]),
    ),
  )
  // Requests, one row per host (and page), after the choice for the after-* passes.
  const hosts = new Map<string, { host: string; n: number; category: string; vendor: string; kind: string; page: string }>()
  for (const r of p.requests) {
    if (p.name !== 'before-consent' && !r.afterChoice) continue
    const k = `${r.page}\u0000${r.host}`
    const h = hosts.get(k)
    if (h) h.n++
    else hosts.set(k, { host: r.host, n: 1, category: r.category || r.kind, vendor: r.vendor || '', kind: r.kind, page: r.page })
  }
  out.push(
    '',
    p.name === 'before-consent' ? 'Tracker requests' : 'Tracker requests after the choice',
    table(
      ['host', 'requests', 'category', 'vendor', ...pageCol],
      [...hosts.values()].map((h) => [h.host, String(h.n), h.category, h.vendor, ...page(h.page)]),
    ),
    '',
    'Consent Mode',
    table(
      ['ms', 'load', 'call', 'parameters'],
      [
        ...p.consentMode.map((c) => ({
          at: c.at,
          row: [
            String(c.at),
            String(c.load),
            `consent ${c.command}`,
            Object.entries(c.params)
              .map(([k, v]) => `${k}=${v}`)
              .join(' '),
          ],
        })),
        ...p.googleTags
          .filter((g) => g.loadedAt !== null)
          .map((g) => ({ at: g.loadedAt!, row: [String(g.loadedAt), String(g.load), 'Google tag ran', g.url] })),
      ]
        .sort((a, b) => a.at - b.at)
        .map((x) => x.row),
      90,
    ),
  )
  return out.join('\n')
}

function findingLines(title: string, mark: string, list: Finding[]): string {
  if (!list.length) return `${title}: none`
  return [`${title} (${list.length})`, ...list.map((f) => `  ${mark} ${f.code} [${f.pass}] ${clean(f.message)}`)].join('\n')
}

export function textReport(r: Report): string {
  const multiPage = r.pages.length > 1
  const b = r.banner
  const layer = b && (b.firstLayer.accept || b.firstLayer.reject)
  const head = [
    `ConsentGate audit of ${clean(r.url)}`,
    `Banner: ${b ? clean(b.detail) : 'not looked for'}`,
    ...(layer
      ? [
          `First layer: ${[b.firstLayer.accept, b.firstLayer.reject]
            .map((m, i) => (m ? `“${clean(m.text)}” ${m.width}×${m.height} px, contrast ${m.textContrast}:1` : `${i ? 'no reject' : 'no accept'} button`))
            .join(' | ')}`,
        ]
      : []),
    `Pages: ${r.pages.length}${multiPage ? ` (${r.pages.map(clean).join(', ')})` : ''}`,
  ]
  const verdict =
    r.exitCode === 0
      ? r.warnings.length
        ? `Result: no violations, ${r.warnings.length} warning(s) (exit 0)`
        : 'Result: clean (exit 0)'
      : `Result: ${r.violations.length} violation(s), ${r.warnings.length} warning(s) (exit 1)`
  return [
    head.join('\n'),
    ...r.passes.map((p) => passSection(p, multiPage)),
    findingLines('Violations', '✗', r.violations),
    findingLines('Warnings', '!', r.warnings),
    verdict,
  ].join('\n\n')
}
