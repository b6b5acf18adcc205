#!/usr/bin/env node
/**
 * `npm run bench`: ConsentGate's built dist/ against vanilla-cookieconsent 3 and klaro in the
 * system's Chromium at 4× CPU throttling, all served from 127.0.0.1, the libraries interleaved
 * run by run, each run in a fresh browser context. A benchmark, not a test: it prints a line per
 * run, the tables, and the targets as met or missed, without failing on them.
 *
 *   npm run bench                  full run: writes bench/results.json and the README section
 *   npm run bench -- --quick       3 runs, the sweeps at 1k and 5k only (under 3 minutes); writes .tmp/bench-quick.json
 *   npm run bench -- --runs 5      the full scenarios with 5 runs each (the 20k page: 30 %, at least 1)
 *   npm run bench -- --write-readme   only regenerate the README section from bench/results.json
 *
 * Each page size of the sweep runs twice: the plain sweep (bare, ConsentGate, the peers), then the
 * auto-blocking sweep (bare, ConsentGate's plain core with the vendor tags marked by hand, its auto
 * core `consent-gate.auto.js` with `autoBlock: true` and the tags as the vendors ship them).
 *
 * How it measures, and what each figure means: docs/bench.md.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { CHROMIUM_MISSING, CHUNK_BYTES, chromiumPath, CHUNK_GAP_MS, CPU_THROTTLE, launchBrowser, runScenario, startSite, storedChoices } from './harness.mjs'
import { AUTO_LIBS, LIBS, ROOT, missingFiles, peerVersions } from './pages.mjs'
import { SCENARIO_FIGURES, render, summarise, targets, withReadmeSection } from './report.mjs'

const RESULTS = join(ROOT, 'bench', 'results.json')
const QUICK_RESULTS = join(ROOT, '.tmp', 'bench-quick.json')
const README = join(ROOT, 'README.md')

const args = process.argv.slice(2)
const flag = (name) => args.includes(name)
const option = (name) => {
  const i = args.indexOf(name)
  return i >= 0 ? Number(args[i + 1]) : undefined
}

function writeReadme(results) {
  const next = withReadmeSection(readFileSync(README, 'utf8'), results)
  if (next === null) {
    console.error('README.md has no <!-- bench:start --> … <!-- bench:end --> markers: the section was not written.')
    return false
  }
  writeFileSync(README, next)
  // Biome formats Markdown too (padded tables): keep `npm run lint` passing.
  spawnSync('npx', ['--no-install', 'biome', 'format', '--write', README], { cwd: ROOT, stdio: 'ignore' })
  console.log('README.md: the performance section is regenerated from the results.')
  return true
}

if (flag('--write-readme') && args.length === 1) {
  let results
  try {
    results = JSON.parse(readFileSync(RESULTS, 'utf8'))
  } catch {
    console.error('bench/results.json is missing or unreadable: run `npm run bench` first.')
    process.exit(1)
  }
  process.exit(writeReadme(results) ? 0 : 1)
}

const quick = flag('--quick')
const runs = option('--runs') || (quick ? 3 : 10)
/** Page sizes of the sweep and their runs: the 20k page takes seconds a visit, so fewer. */
const sweep = quick
  ? [
      [1000, 2],
      [5000, 1],
    ]
  : [
      [1000, runs],
      [5000, runs],
      [20000, Math.max(1, Math.ceil(runs * 0.3))],
    ]

const problems = missingFiles()
if (problems.length) {
  for (const p of problems) console.error(p)
  process.exit(1)
}
let browser
try {
  browser = await launchBrowser()
} catch (e) {
  console.error(`Chromium at ${chromiumPath()} did not start: ${String(e.message || e).split('\n')[0]}`)
  process.exit(1)
}
if (!browser) {
  console.error(CHROMIUM_MISSING)
  process.exit(1)
}

const chromiumVersion = browser.version()
const started = Date.now()
const load0 = loadavg()[0]
const site = await startSite()
const ORDER = [...LIBS, ...AUTO_LIBS.filter((l) => !LIBS.includes(l))]
const ms = (v) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) + 'ms' : '—')
const progress = (label, total) => (i, run) => {
  const parts = Object.keys(run)
    .sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))
    .map((lib) => {
      const s = run[lib]
      const f = [`fcp ${ms(s.fcp)}`, `script ${ms(s.script)}`]
      if (s.scenario === 'first' && lib !== 'bare') f.push(`banner ${s.bannerFound ? ms(s.banner) : 'NOT FOUND'}`, `prefs ${ms(s.dialog)}`)
      if (s.scenario === 'returning' && lib !== 'bare') f.push(`ran ${ms(s.ran)}`, s.banner != null ? 'BANNER SHOWN' : 'no banner')
      if (s.scenario === 'sweep' || s.scenario === 'autosweep') f.push(`dcl ${ms(s.dcl)}`)
      if (s.scenario === 'autosweep') f.push(`vendor ran ${s.vendorRan} requested ${s.vendorRequests}`, `unknown ran ${s.unknown ?? 0}`)
      if (s.errors.length) f.push(`${s.errors.length} page error(s)`)
      return `${lib} ${f.join(' ')}`
    })
  console.log(`[${Math.round((Date.now() - started) / 1000)} s, ${label} ${i + 1}/${total}] ${parts.join(' | ')}`)
}

const scenarios = {}
const counts = {}
const take = (key, list, figures) => {
  scenarios[key] = { runs: list, figures, ...summarise(list, figures) }
  counts[key] = list.length
}
try {
  take('first', await runScenario(browser, site.origin, 'first', runs, { onRun: progress('first visit', runs) }), SCENARIO_FIGURES.first)
  const states = await storedChoices(browser, site.origin)
  take('returning', await runScenario(browser, site.origin, 'returning', runs, { states, onRun: progress('returning', runs) }), SCENARIO_FIGURES.returning)
  for (const [blocks, n] of sweep) {
    take(`sweep-${blocks}`, await runScenario(browser, site.origin, 'sweep', n, { blocks, onRun: progress(`sweep ${blocks}`, n) }), SCENARIO_FIGURES.sweep)
    take(
      `autosweep-${blocks}`,
      await runScenario(browser, site.origin, 'autosweep', n, { blocks, onRun: progress(`autoBlock sweep ${blocks}`, n) }),
      SCENARIO_FIGURES.autosweep,
    )
  }
} finally {
  await browser.close()
  await site.close()
}

const results = {
  date: new Date().toISOString(),
  mode: quick ? 'quick' : 'full',
  machine: {
    cpu: cpus()[0]?.model.trim() || 'unknown CPU',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
    loadavg: { start: load0, end: loadavg()[0] },
  },
  chromium: chromiumVersion,
  node: process.version,
  consentGate: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
  peers: peerVersions(),
  settings: {
    throttle: CPU_THROTTLE,
    contentEncoding: 'none (sizes computed from the files)',
    chunkBytes: CHUNK_BYTES,
    chunkGapMs: CHUNK_GAP_MS,
    freshContextPerRun: true,
  },
  durationS: Math.round((Date.now() - started) / 1000),
  runs: counts,
  scenarios,
}
results.targets = targets(results)

console.log('\n' + render(results))
const out = quick ? QUICK_RESULTS : RESULTS
mkdirSync(join(out, '..'), { recursive: true })
writeFileSync(out, JSON.stringify(results, null, 2) + '\n')
// In the repository's JSON format, so `npm run lint` passes on the freshly written file.
if (!quick) spawnSync('npx', ['--no-install', 'biome', 'format', '--write', out], { cwd: ROOT, stdio: 'ignore' })
console.log(`\n${out.slice(ROOT.length + 1)} written (${results.durationS} s).`)
if (!quick || flag('--write-readme')) writeReadme(results)
const missed = results.targets.filter((t) => t.met === false).length
console.log(
  `Targets: ${results.targets.filter((t) => t.met).length} met, ${missed} missed${
    missed
      ? ' (' +
        results.targets
          .filter((t) => t.met === false)
          .map((t) => t.id)
          .join(', ') +
        ')'
      : ''
  }.`,
)
