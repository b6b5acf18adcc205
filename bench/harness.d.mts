/** Types of bench/harness.mjs for the smoke test (tests/e2e/bench-smoke.test.ts). */
export type Lib = 'bare' | 'cg' | 'vcc' | 'klaro'

export interface Sample {
  lib: Lib
  scenario: 'first' | 'returning' | 'sweep'
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
  dcl: number | null
  load: number | null
  /** The tool's files the page requested before any click, summed; null on the bare page. */
  bytes: { raw: number; gzip: number; brotli: number } | null
  files: string[]
  /** Click on the tool's own "Manage preferences" → its dialog visible, ms (first visit). */
  dialog: number | null
  errors: string[]
}

export type Run = Record<Lib, Sample>

export const CHROMIUM_MISSING: string
export function smoke(): Promise<{ first: Run; returning: Run; chromium: string }>
