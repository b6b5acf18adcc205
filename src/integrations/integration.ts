import type { Mark } from '../blocker/gated-elements'
import type { Choices } from '../core/state'
import type { Problem } from '../core/problems'
import type { ConsentGate, ConsentState, ResolvedConfig } from '../types'

/**
 * What a decision put in force, handed to every `settle` hook in the order of the integration
 * list. Hooks may add to it: the cookie purge leaves what it is doing in `purged` (a promise while
 * its chunk deletes), the reload-on-revoke hook sets `reloading` when the page is about to reload.
 */
export interface Settled {
  /** The new state; `null`: undecided (after `reset()`). */
  state: ConsentState | null
  before: Choices
  after: Choices
  purged?: unknown
  reloading?: boolean
}

/** Internal hooks: `settle` on every decision and `reset()`; `ui` when something must be shown or hidden. */
export interface Hooks {
  settle: Settled
  /**
   * The view to show; `null`: close it (a decision was made, or `hide()`); `undefined`: a gated
   * iframe is blocked and needs its placeholder.
   */
  ui: 'banner' | 'preferences' | null | undefined
}

/**
 * What an integration gets: the gate's API and config, and the internal hooks. Integrations are
 * set up only where there is a DOM, so they use `window` and `document` directly.
 */
export interface GateInternals {
  readonly api: ConsentGate
  readonly config: ResolvedConfig
  report(problem: Problem): void
  /**
   * Subscribe to an internal hook (not one of the page's events). Hooks never fire once the gate
   * is destroyed, so a subscription needs no teardown.
   */
  hook<H extends keyof Hooks>(name: H, fn: (detail: Hooks[H]) => void): void
  /** The elements the blocker activated, with their state and when (for the debug view). */
  readonly marks: Map<Element, Mark>
  /** The choices in force while the visitor has not decided: all denied under opt-in profiles, granted under `us` and `none`. */
  readonly undecided?: Choices
}

/**
 * One piece that attaches to the core (state, cookie, gating, events): Google Consent Mode,
 * receipts, the cookie purge, reloading on a withdrawal, the UI, the settings links, and next
 * vendor consent APIs, profiles, GPC. Set up in list order once, when there is a DOM (never
 * during server-side rendering), before gated markup is first scanned; returns its teardown
 * (listeners or observers of its own to remove), which `destroy()` calls.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: an integration with nothing to tear down returns nothing
export type Integration = (gate: GateInternals) => Teardown | void

/** Removes what an integration added to the page. */
export type Teardown = () => void
