import { createBlocker, gateIds, type Blocker, type Mark } from './blocker/gated-elements'
import { purgeDenied } from './blocker/cookies'
import { own, validateConfig } from './core/config'
import { describeProblem, type Problem } from './core/problems'
import { createEmitter } from './core/emitter'
import { applyChanges, grantsDiffer, makeState, optIn, reconfirmDue, serviceParents, stateFromRecord, uniform, type Choices } from './core/state'
import { consentMode } from './integrations/consent-mode'
import type { GateInternals, Hooks, Integration, Settled } from './integrations/integration'
import { purge } from './integrations/purge'
import { receipts } from './integrations/receipts'
import { reloadOnRevoke } from './integrations/reload-on-revoke'
import { settingsLink } from './integrations/settings-link'
import { builtInUI } from './integrations/ui'
import { debugView } from './integrations/debug'
import { vendorConsent } from './integrations/vendor-consent'
import { makeDebugView } from './ui/debug-overlay'
import { decodeRecord, encodeState } from './storage/codec'
import { readCookies, writeCookie } from './storage/cookie-store'
import type { deliverReceipts } from './transport/deliver-receipts'
import type { UIController } from './ui/mount'
import { pageUrl } from './transport/receipt'
import { startReceipts } from './transport/receipts'
import type { ConsentGate, ConsentGateOptions, ConsentMethod, ConsentState, GoogleConsentModeConfig } from './types'
import { uuid4 } from './util/uuid'
import { guard } from './util/guard'
import { EMBED } from './util/build'
import { dict } from './util/dict'
import { AUTO } from './auto/build'
import { asksAuto } from './auto/options'

declare const __VERSION__: string

const LOG = '[ConsentGate] '
const METHOD_PATTERN = /^[a-z\d-]{1,32}$/

/**
 * Create a consent gate: validate the config, restore the stored decision, push the Google
 * Consent Mode default, start gating markup, and return the API that `window.ConsentGate` exposes.
 *
 * Safe to call during server-side rendering: without a DOM it keeps the decision in memory and
 * touches nothing else.
 *
 * @example
 * const gate = createConsentGate({ revision: 2, endpoint: '/api/consents' })
 * gate.on('change', (state) => console.log(state?.categories))
 */
export function createConsentGate(
  options?: ConsentGateOptions,
  loadDelivery?: () => Promise<typeof deliverReceipts>,
  loadUI?: () => Promise<(gate: ConsentGate) => UIController>,
): ConsentGate {
  return createGate(options, (p) => console.error(LOG + describeProblem(p), ...p.slice(2)), [
    consentMode,
    vendorConsent,
    purge(purgeDenied),
    reloadOnRevoke,
    ...(loadDelivery
      ? [
          receipts((config) => {
            const record = startReceipts(config, loadDelivery)
            return Object.assign((state: ConsentState) => record(state, pageUrl(location)), { stop: record.stop })
          }),
        ]
      : []),
    ...(loadUI ? [builtInUI(loadUI)] : []),
    ({ api }) => settingsLink(api),
    debugView(() => Promise.resolve(makeDebugView)),
  ])
}

/**
 * The core: state, the consent cookie, gating and events; everything else attaches through the
 * `integrations` (see `integrations/integration.ts`), set up in list order when there is a DOM.
 * The npm entry passes them all, doing their work directly; the script-tag core passes the same
 * list with the code for each (sentences, receipts, cookie purge, UI) loaded as a chunk, the first
 * time it is needed. Whatever an integration does, the safe choice is already in force.
 * `report` logs a problem (config errors, unknown ids, a cookie that did not stick, a failure).
 */
export function createGate(options: unknown, report: (problem: Problem) => void, integrations: Integration[]): ConsentGate {
  const { config, problems } = validateConfig(options)
  for (const p of problems) report(p)

  /** Whether there is a DOM: always in the script tag (`EMBED`), never during server-side rendering. */
  const dom = EMBED || (typeof window !== 'undefined' && typeof document !== 'undefined')
  const emitter = createEmitter(report)
  /** The integrations' own hooks (`settle`, `ui`), apart from the page's events. */
  const hooks = createEmitter(report)
  const parents = serviceParents(config)
  /**
   * `google`, the id of the page's Google tags under Consent Mode (`data-category="google"`): they
   * run at once in `advanced` mode (Consent Mode's defaults are in place before any of them), and
   * once analytics or marketing is granted in `basic` mode. Unknown without Consent Mode.
   */
  const gcm = config.googleConsentMode as GoogleConsentModeConfig
  const isGoogle = (id: string) => id === 'google' && !!gcm
  /** Problems reported so far, by key and subject (markup ids, opening tags). */
  const reported: Record<string, 1> = dict()
  const profile = config.profile
  /**
   * Global Privacy Control, read on the first tick, before any gated tag can run: an objection to
   * the sale and sharing of personal data, which marketing stands for here. Not under `none`,
   * where the site decides elsewhere.
   */
  const gpc = dom && profile !== 'none' && (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true
  /** `choices` with marketing off while GPC is on: what Accept all and the opt-out model grant. */
  const unsold = (choices: Choices) => (gpc ? applyChanges(config, choices, { marketing: false }).choices : choices)
  /** What holds before a decision: nothing optional under opt-in, everything (but what GPC objects to) under `us` and `none`. */
  const undecided = optIn(profile) ? uniform(config, false) : unsold(uniform(config, true))
  /**
   * `autoBlock` or `cookieGuard` given to the plain script-tag core, which has neither (issue #12):
   * nothing unblocks. Decisions are made and recorded as ever (cookie, receipt, events, the
   * Consent Mode and vendor signals of tags that run anyway), but `has()` grants nothing, so gated
   * markup stays blocked, until the page loads consent-gate.auto.js, which the console names
   * (`plain`). Never in the auto core or the npm entry.
   */
  const closed = EMBED && !AUTO && asksAuto(config.extra)
  if (closed) report(['plain'])
  /** The integrations' teardowns, for `destroy()`. */
  const stops: ReturnType<Integration>[] = []

  let current: ConsentState | null = null
  /**
   * The consent ID: the current state's, or that of an expired or outdated cookie (the next
   * decision continues its history); `null` after `reset()`.
   */
  let knownId: string | null = null
  let isReady = false
  /** Set by `destroy()`; never in the script tag, which has no `destroy()` (`EMBED`). */
  let dead = false
  let blocker: Blocker | null = null
  /** What the blocker activated, and how it went: for the debug view. */
  const marks = new Map<Element, Mark>()

  const choicesOf = (s: ConsentState | null): Choices => s || undecided

  /** A stored marketing consent is due for confirmation (`kr`): it is denied, and the banner asks again. */
  let due = false
  if (dom) {
    const record = decodeRecord(readCookies()[config.cookie.name])
    const now = Date.now()
    current = stateFromRecord(config, record, now)
    due = !!current && reconfirmDue(record, now)
    knownId = record && record.id
  }

  /** An integrations' hook; none once destroyed. */
  const fire: <H extends keyof Hooks>(name: H, detail?: Hooks[H]) => unknown = EMBED ? hooks.emit : (name, detail) => dead || hooks.emit(name, detail)

  /** A page event, on `on()` listeners and on `window`; none once destroyed. */
  function emit(type: string, detail: unknown) {
    if (!EMBED && dead) return
    emitter.emit(type, detail)
    // dispatchEvent reports a throwing listener itself and returns normally; a `CustomEvent` the
    // page replaced must not stop the decision (nor the banner) here.
    if (dom) guard(() => dispatchEvent(new CustomEvent('consentgate:' + type, { detail })))(0)
  }

  function has(id: string): boolean {
    const c = choicesOf(current)
    // Own properties only: the id is the page's (or markup's) word, and a polluted
    // Object.prototype must not grant an id that is not configured. A site's own `google` wins.
    if (closed || typeof id !== 'string') return false
    return own(c.categories, id)
      ? c.categories[id] === true
      : own(c.services, id)
        ? c.services[id] === true
        : isGoogle(id) && (gcm.mode !== 'basic' || has('analytics') || has('marketing'))
  }

  /** Report a problem once per page view (markup is checked again on every scan). */
  function once(key: string, subject: string) {
    if (!reported[key + subject]) {
      reported[key + subject] = 1
      report([key, subject])
    }
  }

  /**
   * Whether gated markup may run: it names ids, and every category and service it names is
   * granted. One with a gating attribute but no id never may (see `gateIds`); it is reported by
   * its opening tag. A blocked iframe asks the UI for its placeholder.
   */
  function allowed(el: Element): boolean {
    const ids = gateIds(el)
    if (!ids) once('empty', el.outerHTML.replace(/>[\s\S]*/, '>'))
    let ok = !!ids
    // A loop rather than `every()`, which the page may have replaced; each unknown id is reported.
    for (const id of ids || []) {
      if (!own(config.categories, id) && !own(parents, id) && !isGoogle(id)) once('markup', id)
      ok = has(id) && ok
    }
    if (!ok && ids && el.tagName === 'IFRAME') fire('ui')
    return ok
  }

  /**
   * Put `next` in force (`null`: undecided): the integrations' `settle` hooks (Consent Mode,
   * cookie purge, receipt, reload on a withdrawal), events, gated markup. Returns what the hooks
   * left (`reloading`: the page reloads).
   */
  function settle(next: ConsentState | null): Settled {
    const before = choicesOf(current)
    const after = choicesOf(next)
    const s: Settled = { state: next, before, after }
    current = next
    fire('settle', s)
    if (next) emit('consent', next)
    if (grantsDiffer(before, after)) emit('change', next)
    if (blocker) blocker.scan()
    return s
  }

  function decide(choices: Choices, method: ConsentMethod): ConsentState {
    const next = makeState(config, choices, method, knownId || uuid4(), Date.now(), gpc, current)
    if (!EMBED && dead) return next
    knownId = next.id
    if (dom) {
      // Writing throws in sandboxed documents and is silently dropped when cookies are blocked or
      // `cookie.domain` does not cover this host: read it back. The decision holds for this page view.
      const value = encodeState(next)
      writeCookie(config.cookie, value)
      if (readCookies()[config.cookie.name] !== value) report(['unstored'])
    }
    fire('ui', null) // a decision made any way closes the banner or the preferences
    settle(next)
    return next
  }

  /** `show()`, `showPreferences()` (a view) and `hide()` (`null`): the event, then the UI. */
  function view(v: 'banner' | 'preferences' | null) {
    emit(v ? 'show' : 'hide', v && { view: v })
    fire('ui', v)
  }

  // `destroy` is added below, except in the script tag.
  const api = {
    get: () => current,
    has,
    acceptAll: () => decide(unsold(uniform(config, true)), 'accept-all'),
    rejectAll: () => decide(uniform(config, false), 'reject-all'),
    update(changes, method) {
      const { choices, unknown } = applyChanges(config, choicesOf(current), Object(changes))
      if (unknown.length) report(['unknown', unknown.join(', ')])
      const m = typeof method === 'string' && METHOD_PATTERN.test(method) ? method : 'custom'
      return decide(choices, m)
    },
    reset() {
      if (!EMBED && dead) return
      knownId = null
      if (dom) writeCookie(config.cookie, '', 0)
      if (!settle(null).reloading) api.show()
    },
    show: () => view('banner'),
    showPreferences: () => view('preferences'),
    hide: () => view(null),
    on(event, listener) {
      const off = emitter.on(event, listener)
      // `ready` has usually fired before the page's own scripts subscribe: replay it to them.
      if (event === 'ready' && isReady) Promise.resolve().then(() => emitter.emit(event, current, listener))
      return off
    },
    config,
    version: typeof __VERSION__ === 'string' ? __VERSION__ : 'dev',
  } as ConsentGate
  if (!EMBED)
    // A second call does nothing more: the teardowns are taken out of the list, the rest may run again.
    api.destroy = guard(() => {
      dead = true
      for (const stop of stops.splice(0)) if (stop) stop()
      if (blocker) blocker.disconnect()
      if (dom) document.removeEventListener('DOMContentLoaded', ready)
    }) as () => void

  const ready = guard(() => {
    isReady = true
    emit('ready', current)
    // Decided synchronously from the cookie: a returning visitor never loads or sees the UI.
    // `none` never asks.
    if ((!current && profile !== 'none') || due) api.show()
  })

  if (dom) {
    const gate: GateInternals = { api, config, report, hook: hooks.on, marks, undecided }
    for (const setup of integrations) {
      const stop = setup(gate)
      if (!EMBED) stops.push(stop)
    }
    // Under `us`, GPC is the visitor's opt-out of sale and sharing: recorded at once, without
    // asking, unless a decision made with the signal on is already in force (it may have switched
    // marketing back on explicitly).
    if (gpc && profile === 'us' && !(current && current.gpc)) decide(unsold(choicesOf(current)), 'gpc')
    // The parser's additions wait unwatched only where nothing optional may run before a choice.
    blocker = createBlocker(document, allowed, marks, !current && optIn(profile))
    // `ready` fires once the document is parsed, so listeners added by the page's scripts hear it.
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready)
    else Promise.resolve().then(ready)
  } else {
    isReady = true
  }

  return api
}
