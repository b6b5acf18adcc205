import { expect, test } from 'vitest'
import { smoke } from '../../bench/harness.mjs'

// `npm run bench` must not rot: one first visit and one returning visit per library through the
// benchmark's own code, checking that each figure was taken and each tool did its job. Figures
// are never judged here (no timed assertions); the benchmark reports them.
test('the browser benchmark measures every library: peers loaded, banners found, the consented script ran', async () => {
  const { first, returning, auto } = await smoke()
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v)
  for (const run of [first, returning])
    for (const s of Object.values(run)) {
      expect(s.errors, `${s.lib} ${s.scenario}: page errors`).toEqual([])
      for (const key of ['fcp', 'script', 'heapMB', 'cls', 'longTasks', 'longestTask', 'dcl', 'load'] as const)
        expect(finite(s[key]), `${s.lib} ${s.scenario}: ${key} = ${s[key]}`).toBe(true)
    }
  for (const lib of ['cg', 'vcc', 'klaro'] as const) {
    const f = first[lib]
    // The tool's files were requested and weighed, its banner showed, and its own
    // "Manage preferences" opened its dialog; the gated script stayed blocked.
    expect(f.files.length, `${lib}: files`).toBeGreaterThan(0)
    expect(f.bytes!.gzip).toBeGreaterThan(1000)
    expect(f.bytes!.brotli).toBeLessThan(f.bytes!.raw)
    expect(f.bannerFound, `${lib}: banner`).toBe(true)
    expect(finite(f.banner)).toBe(true)
    expect(finite(f.dialog), `${lib}: preferences dialog`).toBe(true)
    expect(f.ran, `${lib}: the gated script ran before consent`).toBeNull()
    // A returning visitor who accepted: no banner, the consented script ran.
    const r = returning[lib]
    expect(r.banner, `${lib}: banner on a returning visit`).toBeNull()
    expect(finite(r.ran), `${lib}: consented script`).toBe(true)
  }
  expect(first.cg.files).toContain('consent-gate.js')
  // A returning visitor: the core and the page chunk (settings links, leftovers), no UI.
  expect(returning.cg.files).toEqual(['consent-gate.js', 'consent-gate-page.js'])
  expect(first.bare.bytes).toBeNull()
  // The page-size sweep with autoBlock: the auto core loaded, its banner showed, the unknown
  // scripts ran and the vendor tags as shipped neither ran nor loaded; on the plain core's page
  // (the tags marked by hand) the vendors were not even requested.
  for (const s of Object.values(auto)) {
    expect(s.errors, `${s.lib} autosweep: page errors`).toEqual([])
    expect(finite(s.script) && finite(s.dcl), `${s.lib} autosweep: figures`).toBe(true)
    expect(s.unknown, `${s.lib}: unknown scripts run`).toBe(4)
    expect(s.vendorRan, `${s.lib}: vendor tags run or loaded before consent`).toBe(0)
  }
  expect(auto.cga.files).toContain('consent-gate.auto.js')
  expect(auto.cg.files).toContain('consent-gate.js')
  expect(auto.cga.bannerFound && auto.cg.bannerFound).toBe(true)
  expect([auto.bare.vendorRequests, auto.cg.vendorRequests]).toEqual([0, 0])
}, 120_000)
