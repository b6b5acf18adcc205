import { createBlocker, gateIds, type Blocker } from './blocker/gated-elements'
import { deniedCookies, purgeCookies } from './blocker/cookies'
import { own, validateConfig } from './core/config'
import { describeProblem, type Problem } from './core/problems'
import { createEmitter } from './core/emitter'
import { applyChanges, grantsDiffer, isRevocation, makeState, serviceParents, stateFromRecord, uniform, type Choices } from './core/state'
import { pushConsentDefault, pushConsentUpdate } from './integrations/google-consent-mode'
import { decodeRecord, encodeState } from './storage/codec'
import { readCookies, writeCookie } from './storage/cookie-store'
import type { deliverReceipts } from './transport/deliver-receipts'
import type { UIController } from './ui/mount'
import { pageUrl } from './transport/receipt'
import { startReceipts } from './transport/receipts'
import type { ConsentGate, ConsentGateOptions, ConsentMethod, ConsentState, CookieSpec, ResolvedConfig } from './types'
import { uuid4 } from './util/uuid'
import { guard } from './util/guard'
import { dict, keys } from './util/dict'

declare const __VERSION__: string

const LOG = '[ConsentGate] '
const METHOD_PATTERN = /^[a-z0-9-]{1,32}$/

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
  return createGate(options, {
    report: (p) => console.error(LOG + describeProblem(p), ...p.slice(2)),
    receipts:
      loadDelivery &&
      ((config) => {
        const record = startReceipts(config, loadDelivery)
        return (state) => record(state, pageUrl(location))
      }),
    purge: purgeCookies,
    loadUI,
  })
}

/**
 * What `createGate` leaves to its caller. The npm entry does all of it directly; the script-tag
 * core loads the code for each (sentences, receipts, cookie purge, UI) as a chunk, the first time
 * it is needed. Whatever the hook, the safe choice is already in force when it is called.
 */
export interface GateHooks {
  /** Log a problem (config errors, unknown ids, a cookie that did not stick, a failure). */
  report: (problem: Problem) => void
  /** Receipts, used when the config has an `endpoint`: called once, returns what takes each decision. */
  receipts?: (config: ResolvedConfig) => (state: ConsentState) => void
  /** Delete the cookies matching the `listed` ones (see `purgeCookies`), except `keep`. */
  purge: (listed: CookieSpec[], keep: string) => unknown
  loadUI?: () => Promise<(gate: ConsentGate) => UIController>
}

/** `createConsentGate` with the work that can wait given to `hooks`. */
export function createGate(options: unknown, { report, receipts, purge: purgeHook, loadUI }: GateHooks): ConsentGate {
  const { config, problems } = validateConfig(options)
  for (const p of problems) report(p)

  const win = typeof window !== 'undefined' && typeof document !== 'undefined' ? window : undefined
  const doc = win && document
  const emitter = createEmitter(report)
  const gcm = config.googleConsentMode
  const parents = serviceParents(config)
  /** Problems reported so far, by key and subject (markup ids, opening tags). */
  const reported: Record<string, 1> = dict()
  const undecided = uniform(config, false)
  const receipt = doc && config.endpoint && receipts ? receipts(config) : null
  /** The built-in UI, loaded the first time something must be shown; `ui: false` in the config opts out. */
  const withUI = !!loadUI && config.extra.ui !== false
  let ui: Promise<UIController> | null = null

  let current: ConsentState | null = null
  /** The consent ID of an expired or outdated cookie: the next decision continues its history. */
  let knownId: string | null = null
  let isReady = false
  let blocker: Blocker | null = null

  const choicesOf = (s: ConsentState | null): Choices => s || undecided

  if (doc) {
    const record = decodeRecord(readCookies()[config.cookie.name])
    current = stateFromRecord(config, record, Date.now())
    knownId = record && record.id
  }

  function emit(type: string, detail: unknown) {
    emitter.emit(type, detail)
    // dispatchEvent reports a throwing listener itself and returns normally; a `CustomEvent` the
    // page replaced must not stop the decision (nor the banner) here.
    if (win) guard(() => win.dispatchEvent(new CustomEvent('consentgate:' + type, { detail })))(0)
  }

  function has(id: string): boolean {
    const c = choicesOf(current)
    // Own properties only: the id is the page's (or markup's) word, and a polluted
    // Object.prototype must not grant an id that is not configured.
    return typeof id === 'string' && ((own(c.categories, id) && c.categories[id] === true) || (own(c.services, id) && c.services[id] === true))
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
   * its opening tag. A blocked iframe loads the UI, which draws its placeholder.
   */
  function allowed(el: Element): boolean {
    const ids = gateIds(el)
    if (!ids) once('empty', el.outerHTML.replace(/>[\s\S]*/, '>'))
    let ok = !!ids
    // A loop rather than `every()`, which the page may have replaced; each unknown id is reported.
    for (const id of ids || []) {
      if (!own(config.categories, id) && !own(parents, id)) once('markup', id)
      ok = has(id) && ok
    }
    if (!ok && ids && el.tagName === 'IFRAME') toUI()
    return ok
  }

  /**
   * Tell the UI what to show, loading it first if needed; `null` hides it (never loads it), and
   * no view asks it for the placeholders of blocked iframes.
   */
  function toUI(view?: 'banner' | 'preferences' | null) {
    if (!withUI || (view === null && !ui)) return
    ui = ui || loadUI!().then((mount) => mount(api))
    ui.then((c) => (view ? c.show(view) : view === null ? c.hide() : c.embeds())).catch((e) => {
      ui = null
      report(['ui', '', e])
    })
  }

  /**
   * Delete the listed cookies of denied purposes, when the page has any cookie besides the consent
   * cookie (usually it has none left to delete: the trackers that set them stayed blocked).
   */
  function purge(choices: Choices): unknown {
    const listed = deniedCookies(config, choices)
    return listed.length && keys(readCookies()).some((name) => name !== config.cookie.name) ? purgeHook(listed, config.cookie.name) : 0
  }

  /**
   * Put `next` in force (`null`: undecided): Consent Mode, events, cookie purge, gated markup,
   * receipt. When a granted purpose was withdrawn, the page reloads once the purge is done (scripts
   * already running cannot be stopped); returns whether it does.
   */
  function settle(next: ConsentState | null): boolean {
    const before = choicesOf(current)
    const after = choicesOf(next)
    current = next
    if (doc && gcm) pushConsentUpdate(win!, gcm, next)
    if (next) emit('consent', next)
    if (grantsDiffer(before, after)) emit('change', next)
    let purged: unknown
    if (doc) {
      purged = purge(after)
      if (blocker) blocker.scan()
      // Kept synchronously: a reload right after (withdrawal) must not lose it.
      if (next && receipt) receipt(next)
    }
    const reload = !!doc && config.reloadOnRevoke && isRevocation(before, after)
    if (reload) Promise.resolve(purged).then(() => location.reload())
    return reload
  }

  function decide(choices: Choices, method: ConsentMethod): ConsentState {
    const next = makeState(config, choices, method, (current && current.id) || knownId || uuid4(), Date.now())
    knownId = next.id
    if (doc) {
      // Writing throws in sandboxed documents and is silently dropped when cookies are blocked or
      // `cookie.domain` does not cover this host: read it back. The decision holds for this page view.
      const value = encodeState(next)
      writeCookie(config.cookie, value)
      if (readCookies()[config.cookie.name] !== value) report(['unstored'])
    }
    toUI(null) // a decision made any way closes the banner or the preferences
    settle(next)
    return next
  }

  const api: ConsentGate = {
    get: () => current,
    has,
    acceptAll: () => decide(uniform(config, true), 'accept-all'),
    rejectAll: () => decide(uniform(config, false), 'reject-all'),
    update(changes, method) {
      const { choices, unknown } = applyChanges(config, choicesOf(current), Object(changes))
      if (unknown.length) report(['unknown', unknown.join(', ')])
      const m = typeof method === 'string' && METHOD_PATTERN.test(method) ? method : 'custom'
      return decide(choices, m)
    },
    reset() {
      knownId = null
      if (doc) writeCookie(config.cookie, '', 0)
      if (!settle(null)) api.show()
    },
    show() {
      emit('show', { view: 'banner' })
      toUI('banner')
    },
    showPreferences() {
      emit('show', { view: 'preferences' })
      toUI('preferences')
    },
    hide() {
      emit('hide', null)
      toUI(null)
    },
    on(event, listener) {
      const off = emitter.on(event, listener)
      // `ready` has usually fired before the page's own scripts subscribe: replay it to them.
      if (event === 'ready' && isReady) Promise.resolve().then(() => emitter.emit(event, current, listener))
      return off
    },
    config,
    version: typeof __VERSION__ === 'string' ? __VERSION__ : 'dev',
  }

  if (doc) {
    if (gcm) pushConsentDefault(win!, gcm, current)
    if (current) purge(current)
    blocker = createBlocker(doc, allowed)
    blocker.scan()
    const ready = guard(() => {
      isReady = true
      emit('ready', current)
      // Decided synchronously from the cookie: a returning visitor never loads or sees the UI.
      if (!current) api.show()
    })
    // Any element with data-consent-settings reopens the preferences (a footer link, a button).
    doc.addEventListener(
      'click',
      guard((e: Event) => {
        const t = e.target as Element | null
        if (t && t.closest && t.closest('[data-consent-settings]')) {
          e.preventDefault()
          api.showPreferences()
        }
      }),
    )
    // `ready` fires once the document is parsed, so listeners added by the page's scripts hear it.
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', ready)
    else Promise.resolve().then(ready)
  } else {
    isReady = true
  }

  return api
}
