/**
 * The script-tag entry, `dist/consent-gate.js`: the only module with side effects. It must be the
 * first script in `<head>` and load synchronously, so the Consent Mode default and the gating are in
 * place before any tracker can run.
 */
import { createConsentGate } from './create-consent-gate'
import { chunkLoader } from './util/load-chunk'
import type { ConsentGate, ConsentGateOptions } from './types'
import type { mountUI } from './ui/mount'
import type { floatingButton as drawButton } from './ui/floating-button'

type Win = Window & { ConsentGate?: ConsentGate; consentGateConfig?: unknown }

/** `data-*` attributes of the script tag, and the config field each one sets. They win over the object. */
const ATTRIBUTES: [string, string][] = [
  ['endpoint', 'endpoint'],
  ['lang', 'lang'],
  ['revision', 'revision'],
  ['policy-url', 'policyUrl'],
]

;(function (win: Win) {
  try {
    if (win.ConsentGate) {
      console.error('[ConsentGate] consent-gate.js is included twice; the second copy does nothing')
      return
    }
    const global = win.consentGateConfig
    const isObject = !!global && typeof global === 'object' && !Array.isArray(global)
    if (global != null && !isObject) console.error('[ConsentGate] config: window.consentGateConfig must be an object; using defaults')
    const options: ConsentGateOptions = isObject ? { ...(global as ConsentGateOptions) } : {}
    const script = document.currentScript
    if (script) {
      for (const [attr, field] of ATTRIBUTES) {
        const value = script.getAttribute('data-' + attr)
        if (value != null) options[field] = field === 'revision' && /^\d+$/.test(value) ? +value : value
      }
      const domain = script.getAttribute('data-cookie-domain')
      if (domain != null) options.cookie = { ...(options.cookie as object), domain }
    }
    // Lazy chunks are loaded from next to this script, with its nonce.
    const src = (script as HTMLScriptElement | null)?.src || ''
    const nonce = (script as HTMLScriptElement | null)?.nonce || ''
    const load = chunkLoader(src.slice(0, src.lastIndexOf('/') + 1), nonce)
    const gate = (win.ConsentGate = createConsentGate(
      options,
      () => load('receipts'),
      () => load<typeof mountUI>('ui').then((mount) => (gate: ConsentGate) => mount(gate, nonce)),
    ))
    // Its own small chunk: a returning visitor gets the button without the UI's code.
    const { floatingButton, ui } = gate.config.extra
    if (floatingButton && ui !== false)
      load<typeof drawButton>('button')
        .then((draw) => draw(gate, nonce))
        // The same words as the core's: the button is part of the consent UI.
        .catch((e) => console.error('[ConsentGate] could not load the consent UI:', e))
  } catch (e) {
    // A bug here must not break the host page; with no gate nothing gated runs (fail closed).
    console.error('[ConsentGate] failed to start; gated content stays blocked:', e)
  }
})(window)
