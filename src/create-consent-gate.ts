import { createBlocker, type Blocker } from './blocker/gated-elements'
import { purgeDenied } from './blocker/cookies'
import { normalizeConfig, own } from './core/config'
import { createEmitter } from './core/emitter'
import {
  applyChanges,
  grantsDiffer,
  isRevocation,
  makeState,
  serviceParents,
  stateFromRecord,
  uniform,
  type Choices,
} from './core/state'
import { pushConsentDefault, pushConsentUpdate } from './integrations/google-consent-mode'
import { decodeRecord, encodeState } from './storage/codec'
import { deleteCookie, readCookies, writeCookie } from './storage/cookie-store'
import type { deliverReceipts, Delivery } from './transport/deliver-receipts'
import type { UIController } from './ui/mount'
import { buildReceipt, pageUrl } from './transport/receipt'
import { createReceiptStore } from './transport/receipt-store'
import type { ConsentGate, ConsentGateOptions, ConsentMethod, ConsentState } from './types'
import { uuid4 } from './util/uuid'
import { primary } from './i18n'

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
  const { config, errors } = normalizeConfig(options)
  for (const e of errors) console.error(LOG + e)

  const win = typeof window !== 'undefined' && typeof document !== 'undefined' ? window : undefined
  const doc = win && document
  const emitter = createEmitter()
  const gcm = config.googleConsentMode
  const parents = serviceParents(config)
  const reported: Record<string, 1> = Object.create(null)
  const undecided = uniform(config, false)
  const store = doc && config.endpoint && loadDelivery ? createReceiptStore() : null
  let delivery: Promise<Delivery | void> | null = null
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
    // dispatchEvent reports a throwing listener itself and returns normally.
    if (win) win.dispatchEvent(new CustomEvent('consentgate:' + type, { detail }))
  }

  function has(id: string): boolean {
    const c = choicesOf(current)
    if (typeof id !== 'string') return false
    return c.categories[id] === true || c.services[id] === true
  }

  /**
   * Whether gated markup may run: every category and service it names is granted. A blocked
   * iframe loads the UI, which draws its placeholder.
   */
  function allowed(el: Element): boolean {
    const ids = (el.getAttribute('data-category') || '').split(/\s+/).concat((el.getAttribute('data-service') || '').split(/\s+/))
    const ok = ids.every((id) => {
      if (!id) return true
      if (!own(config.categories, id) && !own(parents, id) && !reported[id]) {
        reported[id] = 1
        console.error(LOG + 'data-category/data-service "' + id + '" is not a configured category or service; that element stays blocked')
      }
      return has(id)
    })
    if (!ok && el.tagName === 'IFRAME') toUI()
    return ok
  }

  function language(): string {
    let tag = config.lang
    if (tag === 'auto') tag = (doc && doc.documentElement.lang) || (win && navigator.language) || 'en'
    // The primary subtag, as the receipt schema wants it; `und` (undetermined) for anything odd.
    const lang = primary(tag)
    return /^[a-z]{2,3}$/.test(lang) ? lang : 'und'
  }

  /** Send what is queued; the sender is loaded on first use, so a page without receipts never pays for it. */
  function deliver() {
    delivery =
      delivery ||
      loadDelivery!()
        .then((create) => create(config.endpoint!, store!))
        .catch((e) => {
          delivery = null
          console.error(LOG + 'could not load the receipt sender; receipts stay queued:', e)
        })
    delivery.then((d) => d && d.flush())
  }

  /**
   * Tell the UI what to show, loading it first if needed; `null` hides it (never loads it), and
   * no view only loads it (it draws the placeholders of blocked iframes itself).
   */
  function toUI(view?: 'banner' | 'preferences' | null) {
    if (!withUI || (view === null && !ui)) return
    ui = ui || loadUI!().then((mount) => mount(api))
    ui.then((c) => (view ? c.show(view) : view === null && c.hide())).catch((e) => {
      ui = null
      console.error(LOG + 'could not load the consent UI:', e)
    })
  }

  function decide(choices: Choices, method: ConsentMethod): ConsentState {
    const prev = current
    const next = makeState(config, choices, method, (prev && prev.id) || knownId || uuid4(), Date.now())
    current = next
    knownId = next.id
    if (doc) {
      // Writing throws in sandboxed documents and is silently dropped when cookies are blocked or
      // `cookie.domain` does not cover this host: read it back. The decision holds for this page view.
      const value = encodeState(next)
      writeCookie(config.cookie, value)
      if (readCookies()[config.cookie.name] !== value)
        console.error(LOG + 'the consent cookie could not be stored (cookies blocked, or cookie.domain does not match this host)')
      if (gcm) pushConsentUpdate(win!, gcm, next)
    }
    toUI(null) // a decision made any way closes the banner or the preferences
    emit('consent', next)
    if (grantsDiffer(choicesOf(prev), next)) emit('change', next)
    if (doc) {
      purgeDenied(config, next)
      if (blocker) blocker.scan()
      if (store) {
        // Queued synchronously: a reload right after (withdrawal) must not lose it.
        store.save(store.load().concat(buildReceipt(next, config, pageUrl(location), language())))
        deliver()
      }
      if (config.reloadOnRevoke && isRevocation(choicesOf(prev), next)) location.reload()
    }
    return next
  }

  const api: ConsentGate = {
    get: () => current,
    has,
    acceptAll: () => decide(uniform(config, true), 'accept-all'),
    rejectAll: () => decide(uniform(config, false), 'reject-all'),
    update(changes, method) {
      const { choices, unknown } = applyChanges(config, choicesOf(current), Object(changes))
      if (unknown.length) console.error(LOG + 'update(): unknown category or service ' + unknown.join(', ') + ' ignored')
      const m = typeof method === 'string' && METHOD_PATTERN.test(method) ? method : 'custom'
      return decide(choices, m)
    },
    reset() {
      const prev = current
      current = null
      knownId = null
      if (doc) {
        deleteCookie(config.cookie.name)
        if (gcm) pushConsentUpdate(win!, gcm, null)
        purgeDenied(config, undecided)
      }
      if (grantsDiffer(choicesOf(prev), undecided)) emit('change', null)
      if (doc && config.reloadOnRevoke && isRevocation(choicesOf(prev), undecided)) location.reload()
      else api.show()
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
    if (current) purgeDenied(config, current)
    blocker = createBlocker(doc, allowed)
    blocker.scan()
    if (store && store.load().length) deliver()
    const ready = () => {
      isReady = true
      emit('ready', current)
      // Decided synchronously from the cookie: a returning visitor never loads or sees the UI.
      if (!current) api.show()
    }
    // Any element with data-consent-settings reopens the preferences (a footer link, a button).
    doc.addEventListener('click', (e) => {
      const t = e.target as Element | null
      if (t && t.closest && t.closest('[data-consent-settings]')) {
        e.preventDefault()
        api.showPreferences()
      }
    })
    // `ready` fires once the document is parsed, so listeners added by the page's scripts hear it.
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', ready)
    else Promise.resolve().then(ready)
  } else {
    isReady = true
  }

  return api
}
