/**
 * Figures out of the browser benchmark's samples: medians with min–max, each peer's figure
 * divided by ConsentGate's within the same run, the targets, the tables printed and the
 * README section. Pure functions, no side effects on import.
 */
import { NAMES, SWEEP_GATED_EVERY } from './pages.mjs'

/** Every figure a sample carries, how to read it and how to print it. */
export const FIGURES = {
  raw: { label: 'consent tool, raw', unit: 'kB', digits: 1, get: (s) => (s.bytes ? s.bytes.raw / 1000 : null) },
  gzip: { label: 'consent tool, gzip', unit: 'kB', digits: 2, get: (s) => (s.bytes ? s.bytes.gzip / 1000 : null) },
  brotli: { label: 'consent tool, brotli', unit: 'kB', digits: 2, get: (s) => (s.bytes ? s.bytes.brotli / 1000 : null) },
  fcp: { label: 'first contentful paint', unit: 'ms', digits: 0, get: (s) => s.fcp },
  banner: { label: 'banner visible', unit: 'ms', digits: 0, get: (s) => s.banner },
  script: { label: 'main-thread script (ScriptDuration)', unit: 'ms', digits: 0, get: (s) => s.script },
  longTasks: { label: 'long tasks', unit: '', digits: 1, get: (s) => s.longTasks },
  longestTask: { label: 'longest long task', unit: 'ms', digits: 0, get: (s) => s.longestTask },
  cls: { label: 'CLS', unit: '', digits: 3, get: (s) => s.cls },
  heapMB: { label: 'JS heap used', unit: 'MB', digits: 2, get: (s) => s.heapMB },
  dialog: { label: 'click on Manage preferences → dialog visible', unit: 'ms', digits: 0, get: (s) => s.dialog },
  ran: { label: 'consented script runs', unit: 'ms', digits: 0, get: (s) => s.ran },
  dcl: { label: 'DOMContentLoaded', unit: 'ms', digits: 0, get: (s) => s.dcl },
  vendorRequests: { label: 'requests to known vendors before consent (the preload scanner)', unit: '', digits: 0, get: (s) => s.vendorRequests },
  vendorRan: { label: 'vendor scripts run and pixels loaded before consent', unit: '', digits: 0, get: (s) => s.vendorRan },
  unknown: { label: 'unknown scripts run', unit: '', digits: 0, get: (s) => s.unknown },
}

/** Which figures each scenario reports (the sweep: per page size). */
export const SCENARIO_FIGURES = {
  first: ['gzip', 'brotli', 'raw', 'fcp', 'banner', 'script', 'longTasks', 'longestTask', 'cls', 'heapMB', 'dialog'],
  returning: ['gzip', 'brotli', 'raw', 'fcp', 'ran', 'script', 'longTasks', 'longestTask', 'cls', 'heapMB'],
  sweep: ['script', 'dcl', 'longTasks', 'longestTask', 'cls', 'heapMB'],
  autosweep: ['script', 'dcl', 'longTasks', 'longestTask', 'cls', 'heapMB', 'vendorRan', 'vendorRequests', 'unknown'],
}

/** The unknown scripts of an auto-blocking sweep page of `blocks` blocks: two per group. */
export const unknownScripts = (blocks) => 2 * Math.ceil(blocks / SWEEP_GATED_EVERY)

const finite = (v) => typeof v === 'number' && Number.isFinite(v)

export function stats(values) {
  const v = values.filter(finite).sort((a, b) => a - b)
  if (!v.length) return null
  const mid = v.length >> 1
  return { median: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2, min: v[0], max: v[v.length - 1], n: v.length }
}

/** `f(run)` for every run (each run holds one sample per library), summarised. */
const perRun = (runs, f) => stats(runs.map(f))

/** A peer's figure (or the auto core's) divided by ConsentGate's in the same run. */
const ratio = (runs, peer, key) =>
  perRun(runs, (r) => {
    const a = FIGURES[key].get(r[peer])
    const b = FIGURES[key].get(r.cg)
    return finite(a) && finite(b) && b > 0 ? a / b : null
  })

/**
 * Summaries of one scenario: per library and figure, and each other library's ratio to
 * ConsentGate's plain core (the peers; on the auto-blocking sweep, the auto core).
 */
export function summarise(runs, figures) {
  const summary = {}
  const ratios = {}
  const libs = Object.keys(NAMES).filter((lib) => runs[0]?.[lib])
  for (const lib of libs) {
    summary[lib] = {}
    for (const key of figures) summary[lib][key] = perRun(runs, (r) => FIGURES[key].get(r[lib]))
  }
  for (const peer of libs.filter((lib) => lib !== 'bare' && lib !== 'cg')) {
    ratios[peer] = {}
    for (const key of figures) ratios[peer][key] = ratio(runs, peer, key)
  }
  return { summary, ratios }
}

const fmt = (v, digits) => (finite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—')

/** `median (min–max)`, or the median alone when every run gave the same figure. */
export function cell(s, digits, unit = '') {
  if (!s) return '—'
  const u = unit ? ' ' + unit : ''
  if (s.min === s.max) return fmt(s.median, digits) + u
  return `${fmt(s.median, digits)}${u} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`
}

const ratioCell = (s) => (s ? `${fmt(s.median, 2)}× (${fmt(s.min, 2)}–${fmt(s.max, 2)})` : '—')

/** One Markdown table: a row per figure, a column per library, the peers' ratios beside them. */
export function table(scenario, title) {
  const { summary, ratios, figures } = scenario
  const head = [title, NAMES.bare, NAMES.cg, NAMES.vcc, 'vcc ÷ CG', NAMES.klaro, 'klaro ÷ CG']
  const rows = figures.map((key) => {
    const f = FIGURES[key]
    const c = (lib) => cell(summary[lib]?.[key], f.digits, f.unit)
    return [f.label, c('bare'), c('cg'), c('vcc'), ratioCell(ratios.vcc[key]), c('klaro'), ratioCell(ratios.klaro[key])]
  })
  const line = (cells) => `| ${cells.join(' | ')} |`
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n')
}

/** The sweep in one table: per page size, ConsentGate's and the peers' script time and DOMContentLoaded. */
export function sweepTable(results) {
  const sizes = sweepSizes(results, 'sweep-')
  const head = [
    'blocks (runs)',
    'script, CG',
    'script, vcc',
    'script, klaro',
    'DOMContentLoaded, bare',
    'DOMContentLoaded, CG',
    'DOMContentLoaded, vcc',
    'DOMContentLoaded, klaro',
  ]
  const line = (cells) => `| ${cells.join(' | ')} |`
  const rows = sizes.map((n) => {
    const s = results.scenarios['sweep-' + n].summary
    const c = (lib, key) => cell(s[lib]?.[key], 0, 'ms')
    return [
      `${n.toLocaleString('en-US')} (${results.runs['sweep-' + n]})`,
      c('cg', 'script'),
      c('vcc', 'script'),
      c('klaro', 'script'),
      c('bare', 'dcl'),
      c('cg', 'dcl'),
      c('vcc', 'dcl'),
      c('klaro', 'dcl'),
    ]
  })
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n')
}

/** The page sizes a sweep was run at (`prefix`: 'sweep-' or 'autosweep-'), smallest first. */
export function sweepSizes(results, prefix) {
  return Object.keys(results.scenarios)
    .filter((k) => k.startsWith(prefix))
    .map((k) => Number(k.slice(prefix.length)))
    .sort((a, b) => a - b)
}

/**
 * The auto-blocking sweep in one table: per page size, the plain core (vendor tags marked by hand)
 * and the auto core (the tags as shipped, `autoBlock: true`), the auto core's figure divided by the
 * plain core's in the same run, and the vendor requests before consent.
 */
export function autoSweepTable(results) {
  const head = [
    'blocks (runs)',
    'script, CG',
    'script, CG auto',
    'auto ÷ plain, script',
    'DOMContentLoaded, bare',
    'DOMContentLoaded, CG',
    'DOMContentLoaded, CG auto',
    'auto ÷ plain, DOMContentLoaded',
    'vendor tags run or loaded, CG auto',
    'vendor requests, CG auto',
  ]
  const line = (cells) => `| ${cells.join(' | ')} |`
  const rows = sweepSizes(results, 'autosweep-').map((n) => {
    const { summary: s, ratios } = results.scenarios['autosweep-' + n]
    const c = (lib, key) => cell(s[lib]?.[key], 0, 'ms')
    return [
      `${n.toLocaleString('en-US')} (${results.runs['autosweep-' + n]})`,
      c('cg', 'script'),
      c('cga', 'script'),
      ratioCell(ratios.cga?.script),
      c('bare', 'dcl'),
      c('cg', 'dcl'),
      c('cga', 'dcl'),
      ratioCell(ratios.cga?.dcl),
      cell(s.cga?.vendorRan, 0),
      cell(s.cga?.vendorRequests, 0),
    ]
  })
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n')
}

/**
 * How a library's script time grows from the smallest page of a sweep to the largest: the medians'
 * ratio, and per block (that ratio divided by how many times larger the page is: 1 is linear
 * growth, a flat cost is far below).
 */
export function scriptGrowth(results, prefix, lib) {
  const sizes = sweepSizes(results, prefix)
  if (sizes.length < 2) return null
  const [small, big] = [sizes[0], sizes[sizes.length - 1]]
  const a = results.scenarios[prefix + small].summary[lib]?.script
  const b = results.scenarios[prefix + big].summary[lib]?.script
  if (!a || !b || !(a.median > 0)) return null
  const g = b.median / a.median
  return { small, big, from: a.median, to: b.median, growth: g, perBlock: g / (big / small) }
}

const growthText = (g) =>
  g
    ? `${fmt(g.to, 0)} ms ÷ ${fmt(g.from, 0)} ms = ${fmt(g.growth, 2)}× (per block ${fmt(g.perBlock, 2)}×, ${g.big.toLocaleString('en-US')} ÷ ${g.small.toLocaleString('en-US')} blocks)`
    : 'not measured'

/**
 * The targets, judged on the figures (never a failure: the benchmark reports).
 * Each: what is asked, the measured value, met (true/false) or null when not measured.
 */
export function targets(results) {
  const sc = results.scenarios
  const out = []
  const add = (id, text, value, met, detail) => out.push({ id, text, value: finite(value) ? value : null, met: finite(value) ? met : null, detail })
  const cgOver = (name, peer, key) => {
    const runs = sc[name]?.runs || []
    return perRun(runs, (r) => {
      const a = FIGURES[key].get(r.cg)
      const b = FIGURES[key].get(r[peer])
      return finite(a) && finite(b) && b > 0 ? a / b : null
    })
  }
  for (const name of ['first', 'returning']) {
    const s = cgOver(name, 'vcc', 'script')
    add(
      `script-${name}`,
      `${name === 'first' ? 'first' : 'returning'} visit: script time ≤ 0.5× vanilla-cookieconsent's`,
      s?.median,
      s?.median <= 0.5,
      s ? `CG ÷ vcc ${fmt(s.median, 2)} per run (median)` : 'not measured',
    )
  }
  const fcp = perRun(sc.first?.runs || [], (r) => (finite(r.cg.fcp) && finite(r.bare.fcp) ? r.cg.fcp - r.bare.fcp : null))
  add(
    'fcp',
    'first contentful paint ≤ bare page + 10 ms',
    fcp?.median,
    fcp?.median <= 10,
    fcp ? `CG − bare ${fmt(fcp.median, 0)} ms per run (median; ${fmt(fcp.min, 0)} to ${fmt(fcp.max, 0)})` : 'not measured',
  )
  const banner = cgOver('first', 'vcc', 'banner')
  add(
    'banner',
    "banner visible ≤ 0.75× vanilla-cookieconsent's",
    banner?.median,
    banner?.median <= 0.75,
    banner ? `CG ÷ vcc ${fmt(banner.median, 2)} per run (median)` : 'not measured',
  )
  const small = sc['sweep-1000']?.summary.cg.script
  const big = sc['sweep-20000']?.summary.cg.script
  const growth = small && big ? big.median / small.median : null
  add(
    'sweep',
    "page-size sweep: ConsentGate's script time at 20k blocks ≤ 2× its own at 1k",
    growth,
    growth <= 2,
    growth ? `${fmt(big.median, 0)} ms ÷ ${fmt(small.median, 0)} ms = ${fmt(growth, 2)}` : 'not measured (needs the 1k and 20k pages)',
  )
  const auto = scriptGrowth(results, 'autosweep-', 'cga')
  const auto20 = auto && auto.small === 1000 && auto.big === 20000 ? auto : null
  add(
    'sweep-auto',
    "page-size sweep with autoBlock: true (issue #12): the auto core's script time at 20k blocks ≤ 2× its own at 1k",
    auto20?.growth,
    auto20?.growth <= 2,
    auto20 ? growthText(auto20) : 'not measured (needs the 1k and 20k pages)',
  )
  const autoRuns = Object.entries(sc)
    .filter(([k]) => k.startsWith('autosweep-'))
    .flatMap(([, s]) => s.runs.map((r) => r.cga))
  const ran = stats(autoRuns.map((s) => s.vendorRan))
  const requested = stats(autoRuns.map((s) => s.vendorRequests))
  const missing = autoRuns.filter((s) => s.unknown !== unknownScripts(s.blocks)).length
  add(
    'auto-held',
    'auto-blocking sweep: no known-vendor script runs and no pixel loads before consent, every unknown script runs (every auto core run)',
    ran?.max,
    ran?.max === 0 && missing === 0,
    ran
      ? `vendor tags run or loaded at most ${ran.max} in ${ran.n} runs; ${missing} run(s) where an unknown script did not run; requested all the same by Chromium's preload scanner: median ${fmt(requested.median, 0)} (the page's vendor tags, a known limit: docs/auto-block.md)`
      : 'not measured',
  )
  const consented = cgOver('returning', 'vcc', 'ran')
  add(
    'ran',
    'returning visit: the consented script runs no later than with vanilla-cookieconsent',
    consented?.median,
    consented?.median <= 1,
    consented ? `CG ÷ vcc ${fmt(consented.median, 2)} per run (median)` : 'not measured',
  )
  const cls = stats(
    Object.values(sc)
      .flatMap((s) => s.runs)
      .flatMap((r) => [r.cg.cls, r.cga?.cls]),
  )
  add('cls', 'CLS 0 (every ConsentGate run)', cls?.max, cls?.max === 0, cls ? `largest ${fmt(cls.max, 4)} over ${cls.n} runs` : 'not measured')
  const extra = stats(
    ['first', 'returning'].flatMap((name) =>
      (sc[name]?.runs || []).map((r) => (finite(r.cg.longTasks) && finite(r.bare.longTasks) ? r.cg.longTasks - r.bare.longTasks : null)),
    ),
  )
  const longest = stats(['first', 'returning'].flatMap((name) => (sc[name]?.runs || []).map((r) => r.cg.longestTask - r.bare.longestTask)))
  add(
    'longtask',
    'no long task over 50 ms caused by ConsentGate (its long tasks against the bare page in the same run, first and returning visits)',
    extra?.median,
    extra?.median <= 0,
    extra ? `long tasks CG − bare ${fmt(extra.median, 1)} per run (median); longest CG − bare ${fmt(longest?.median, 0)} ms (median)` : 'not measured',
  )
  return out
}

export const verdict = (t) => (t.met === null ? '– not measured' : t.met ? '✓ met' : '✗ missed')

/** The header line: when, where, with what. */
export function provenance(r) {
  const m = r.machine
  const peers = Object.entries(r.peers)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')
  return (
    `${r.date.slice(0, 16).replace('T', ' ')} UTC, ${m.cpu} (${m.cores} cores, load average ${m.loadavg.start.toFixed(1)} at the start, ${m.loadavg.end.toFixed(1)} at the end), ` +
    `Chromium ${r.chromium}, Node ${r.node}, ${peers}; ${r.settings.throttle}× CPU throttling; ${r.mode} run, ${r.durationS} s`
  )
}

/** Everything the command prints at the end (and the README section's body). */
export function render(r) {
  const parts = [`Measured ${provenance(r)}.`, '']
  const counts = Object.entries(r.runs)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')
  parts.push(
    `Runs per library: ${counts}. Median (min–max); "÷ CG" is the peer's figure divided by ConsentGate's in the same run (median of the runs' ratios).`,
    '',
  )
  if (r.scenarios.first) parts.push(table(r.scenarios.first, `first visit (${r.runs.first} runs)`), '')
  if (r.scenarios.returning) parts.push(table(r.scenarios.returning, `returning visit (${r.runs.returning} runs)`), '')
  if (Object.keys(r.scenarios).some((k) => k.startsWith('sweep-')))
    parts.push(`Page-size sweep (first visit, streamed in 16 kB chunks):`, '', sweepTable(r), '')
  if (Object.keys(r.scenarios).some((k) => k.startsWith('autosweep-'))) {
    parts.push(
      'Page-size sweep with `autoBlock: true` (the same pages with, every 500 blocks, a known-vendor script and pixel — Google Tag Manager, Meta, Hotjar, Google Analytics — and two unknown scripts; CG: the plain core with those tags marked by hand; CG auto: `consent-gate.auto.js` with the tags as the vendors ship them; "auto ÷ plain" per run):',
      '',
      autoSweepTable(r),
      '',
      'Script time from the smallest page to the largest:',
      '',
      `- ConsentGate, plain sweep: ${growthText(scriptGrowth(r, 'sweep-', 'cg'))}`,
      `- ConsentGate, auto-blocking sweep, plain core: ${growthText(scriptGrowth(r, 'autosweep-', 'cg'))}`,
      `- ConsentGate, auto-blocking sweep, auto core: ${growthText(scriptGrowth(r, 'autosweep-', 'cga'))}`,
      '',
    )
  }
  parts.push('Targets (issues #10 and #12):', '')
  for (const t of r.targets) parts.push(`- ${verdict(t)}: ${t.text}: ${t.detail}`)
  return parts.join('\n')
}

export const README_START = '<!-- bench:start -->'
export const README_END = '<!-- bench:end -->'

/** The README with its section between the markers replaced; null when the markers are missing. */
export function withReadmeSection(readme, r) {
  const a = readme.indexOf(README_START)
  const b = readme.indexOf(README_END)
  if (a < 0 || b < a) return null
  const body = [
    '',
    render(r),
    '',
    'How it is measured, and how to read it: [docs/bench.md](docs/bench.md). Regenerated by `npm run bench` (a full run) from `bench/results.json`.',
    '',
  ].join('\n')
  return readme.slice(0, a + README_START.length) + '\n' + body + readme.slice(b)
}
