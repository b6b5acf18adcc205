/**
 * The script-tag entry, `dist/consent-gate.js`: the only module with side effects. It must be the
 * first script in `<head>` and load synchronously, so the Consent Mode default and the gating are in
 * place before any tracker can run.
 */
import { createGate } from './create-consent-gate'
import { consentMode } from './integrations/consent-mode'
import { purge } from './integrations/purge'
import { receipts } from './integrations/receipts'
import { reloadOnRevoke } from './integrations/reload-on-revoke'
import { builtInUI } from './integrations/ui'
import { debugView, type MakeDebugView } from './integrations/debug'
import { vendorConsent } from './integrations/vendor-consent'
import { chunkLoader, type UIPage } from './util/load-chunk'
import { handOver, type StartChunk } from './transport/hand-over'
import type { ConsentGate } from './types'
import { failed, later } from './util/guard'
import { isObj } from './util/dict'
import type { describeProblem, Problem } from './core/problems'
import type { UIChunk } from './ui-chunk'
import type { purgeDenied } from './blocker/cookies'
import { AUTO } from './auto/build'
import { auto } from './auto/integration'

/** `window.ConsentGate` has no `destroy()`: the script tag's core is built without it (`EMBED`). */
type Win = Window & { ConsentGate?: Omit<ConsentGate, 'destroy'>; consentGateConfig?: unknown }

/**
 * Config fields the script tag's `data-*` attributes set (`data-policy-url` is `dataset.policyUrl`),
 * winning over the object; `data-cookie-domain` sets `cookie.domain`. `data-profile` lets the
 * site's server or edge pick the profile per request (from a geo header, say).
 */
const FIELDS = ['endpoint', 'lang', 'revision', 'policyUrl', 'profile']

;((win: Win) => {
  try {
    // No script element (run as a module, or from another script): no base, nonce or data.
    const script: Partial<HTMLScriptElement> = document.currentScript || {}
    // Lazy chunks are loaded from next to this script, with its nonce.
    const src = script.src || ''
    const nonce = script.nonce || ''
    const load = chunkLoader(src.slice(0, src.lastIndexOf('/') + 1), nonce)
    /**
     * Problems are logged with sentences that only a broken page needs: they come in the
     * diagnostics chunk, loaded on the first problem, in a task after the first tick (a config
     * problem is found in it). The safe choice is in force meanwhile.
     */
    // Called from callbacks too: it leaves no rejection unhandled, and `later` catches the rest.
    const report = (problem: Problem) =>
      later(() =>
        load<typeof describeProblem>('diagnostics')
          // Without the chunk, still name the problem and its subject.
          .then(
            (describe) => describe(problem),
            () => problem.slice(0, 2).join(' '),
          )
          .then((line) => console.error('[ConsentGate] ' + line, ...problem.slice(2)))
          .catch(failed),
      )
    if (win.ConsentGate) {
      report(['twice'])
      return
    }
    const global = win.consentGateConfig
    // A global that is not an object is a problem of the whole config: the defaults apply (the
    // page wiring names it). Untrusted until validated: any field may be there, of any type
    // (`createGate` validates).
    const options: Record<string, unknown> = isObj(global) ? { ...global } : {}
    const data = script.dataset || {}
    for (const field of FIELDS) {
      const value = data[field]
      if (value != null) options[field] = field === 'revision' && /^\d+$/.test(value) ? +value : value
    }
    if (data.cookieDomain != null) options.cookie = { ...(options.cookie as object), domain: data.cookieDomain }
    /** The UI chunk, once requested. */
    let ui: Promise<UIChunk> | undefined
    const gate: ConsentGate = (win.ConsentGate = createGate(options, report, [
      consentMode,
      vendorConsent,
      // Loaded only when a decision denies a purpose and the page has cookies besides the consent cookie.
      purge((config, choices) =>
        load<typeof purgeDenied>('purge')
          .then((purgeDenied) => purgeDenied(config, choices))
          .catch((e) => report(['purge', '', e])),
      ),
      // consent-gate.auto.js: auto-blocking, the cookie guard, storage clearing (src/auto/): after
      // the purge and before the reload of a withdrawal, which waits for both.
      ...(AUTO ? [auto(load)] : []),
      reloadOnRevoke,
      receipts((config) => handOver(config, () => load<StartChunk>('receipts'))),
      // The UI loads its own chunks (preferences, placeholders) the same way, and reports the same way.
      // Its texts come in a language chunk: the likely one is requested beside it, not after it
      // (the UI chunk picks exactly, and the loader serves the same request again).
      builtInUI((config) => {
        ui = load<UIChunk>('ui')
        const tag = config.lang === 'auto' ? document.documentElement.lang || navigator.language : config.lang
        // A failure is silent here: the UI chunk asks again and reports it.
        load(/^ko\b/i.test(tag) ? 'ko' : 'en').catch(() => 0)
        return ui.then((mount) => (gate: ConsentGate) => mount(gate, nonce, load, report))
      }),
      debugView(() => load<MakeDebugView>('debug')),
    ]))
    // The settings links, the floating button, a policy page's declaration, `?consent-gate-debug`,
    // the config checks: once the document is parsed, when the UI has been asked for if it shows at
    // the start; from the UI chunk when it was requested (a first visit: one file less), else (or
    // when it failed) from the page chunk.
    gate.on('ready', () =>
      later(() =>
        (ui || Promise.reject())
          .catch(() => load<UIPage>('page'))
          .then((chunk) => chunk.page(gate, load, report, nonce))
          .catch((e) => report(['ui', '', e])),
      ),
    )
  } catch (e) {
    // A bug here, or a built-in the page replaced, must not break the host page; with no gate
    // nothing gated runs (fail closed). Every module keeps its top level free of calls, so that
    // all of the core runs in this `try`.
    failed(e)
  }
})(window)
