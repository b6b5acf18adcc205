/** Types of bench/harness.mjs for the smoke test (tests/e2e/bench-smoke.test.ts). */
export type Lib = 'bare' | 'cg' | 'vcc' | 'klaro' | 'cga'

export interface Sample {
  lib: Lib
  scenario: 'first' | 'returning' | 'sweep' | 'autosweep'
  blocks?: number
  /** First contentful paint, ms after navigation start. */
  fcp: number | null
  /** The first frame at which the tool's banner was visible, ms; null when it never was. */
  banner: number | null
  /** The banner was found (first visit and sweep), or appeared at all (returning). */
  bannerFound: boolean
  /** Main-thread script time over the load (DevTools ScriptDuration delta), ms. */
  script: number
  longTasks: number
  longestTask: number
  cls: number
  heapMB: number
  /** When the gated analytics script ran, ms; null when it did not. */
  ran: number | null
  /** How many of the page's unknown scripts ran (auto-blocking sweep); null on the other pages. */
  unknown: number | null
  /** Requests to the known vendors' hosts before any click (auto-blocking sweep; the preload scanner's too). */
  vendorRequests: number
  /** Vendor scripts that ran and vendor pixels that loaded before any click (auto-blocking sweep). */
  vendorRan: number
  dcl: number | null
  load: number | null
  /** The tool's files the page requested before any click, summed; null on the bare page. */
  bytes: { raw: number; gzip: number; brotli: number } | null
  files: string[]
  /** Click on the tool's own "Manage preferences" → its dialog visible, ms (first visit). */
  dialog: number | null
  errors: string[]
}

export type Run = Record<Exclude<Lib, 'cga'>, Sample>
export type AutoRun = Record<'bare' | 'cg' | 'cga', Sample>

export const CHROMIUM_MISSING: string
export function smoke(): Promise<{ first: Run; returning: Run; auto: AutoRun; chromium: string }>
