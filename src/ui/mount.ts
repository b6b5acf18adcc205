import { h, render } from 'preact'
import { isObj } from '../core/config'
import type { ChunkName } from '../chunks'
import type { Problem } from '../core/problems'
import { availableLanguages, pickLanguage, resolveTexts } from '../i18n'
import type { ConsentGate } from '../types'
import { App, type View } from './App'
import { CSS } from './styles'
import { firstFocusable } from './focus'
import { guard } from '../util/guard'
import type { placeholders } from './placeholders'
import type { PreferencesDialog } from './PreferencesDialog'

export interface UIController {
  show(view: 'banner' | 'preferences'): void
  hide(): void
  /** A gated iframe is blocked: draw the embed placeholders (loading their chunk the first time). */
  embeds(): void
}

/** Load a chunk by name (see `chunkLoader`): the core's, so chunks come from its directory with its nonce. */
export type LoadChunk = <T>(name: ChunkName) => Promise<T>

/** The focused element, looking inside shadow roots (the page's own widgets may use them too). */
function deepActive(): Element | null {
  let el = document.activeElement
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement
  return el
}

/**
 * Mount the consent UI for `gate` in an open shadow root appended to `<body>`: open so assistive
 * technology and test tools reach it, a shadow root so the page's CSS cannot break it. Styles go in
 * as a constructable stylesheet (no `style-src` needed), or as a `<style>` with `nonce` where
 * constructable sheets are missing. UI options come from the config's extra fields: `texts`,
 * `theme` (`light` | `dark`), `position` (`bar` | `box` | `center`), `closeButton`, `blocking`.
 */
export function mountUI(gate: ConsentGate, nonce: string, load: LoadChunk, report: (problem: Problem) => void): UIController {
  const extra = gate.config.extra
  const overrides = isObj(extra.texts) ? extra.texts : {}
  const browser = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || '']
  const lang = pickLanguage(gate.config.lang, document.documentElement.lang, browser, availableLanguages(overrides))
  const texts = resolveTexts(lang, overrides)

  /** One constructable sheet, shared by the banner's root and every placeholder's. */
  let sheet: CSSStyleSheet | null = null
  /** An open shadow root on `host` with the widget's styles, language and theme. */
  function shadow(host: HTMLElement): ShadowRoot {
    host.setAttribute('lang', lang)
    if (extra.theme === 'light' || extra.theme === 'dark') host.setAttribute('data-theme', extra.theme)
    const root = host.attachShadow({ mode: 'open' })
    try {
      const made = sheet || new CSSStyleSheet()
      if (!sheet) made.replaceSync(CSS)
      root.adoptedStyleSheets = [made]
      sheet = made
    } catch {
      const style = document.createElement('style')
      if (nonce) style.nonce = nonce
      style.textContent = CSS
      root.appendChild(style)
    }
    return root
  }

  const host = document.createElement('div')
  host.id = 'consent-gate-root'
  if (extra.position === 'box' || extra.position === 'center') host.setAttribute('data-position', extra.position)
  const mountPoint = document.createElement('div')
  shadow(host).appendChild(mountPoint)
  // At the end of <body>, last in the tab order: wait for the parser when the chunk came early
  // (a blocked iframe loads it while the page is still parsing).
  const attach = () => host.isConnected || (document.body || document.documentElement).appendChild(host)
  // Callbacks the browser calls are guarded: a built-in the page replaced must not throw into it.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', guard(attach))
  else attach()

  /** The preferences dialog, from its own chunk: fetched on the first opening, or at idle time once the banner is up. */
  let Dialog: typeof PreferencesDialog | undefined
  const loadDialog = () => load<typeof PreferencesDialog>('preferences').then((d) => (Dialog = d))
  let embeds: Promise<unknown> | undefined

  let view: View = null
  /** The view last asked for: the preferences stay asked for while their chunk loads, unless something else is asked meanwhile. */
  let wanted: View = null
  let opener: Element | null = null
  function go(next: View) {
    attach()
    wanted = next
    if (next === 'preferences' && view !== 'preferences') {
      opener = deepActive()
      // Until the chunk is here the banner stays as it is, usable; a failure is reported and changes nothing.
      if (!Dialog)
        return void loadDialog()
          .then(() => wanted === 'preferences' && view !== 'preferences' && draw(wanted))
          .catch((e) => report(['ui', '', e]))
    }
    draw(next)
  }
  function draw(next: View) {
    const leavingPreferences = view === 'preferences' && next !== 'preferences'
    view = next
    render(h(App, { gate, texts, lang, view, closeButton: extra.closeButton === true, blocking: extra.blocking === true, Dialog, go }), mountPoint)
    // Fetch the preferences while the visitor reads the banner, after it is painted, so a click opens them at once.
    // A failure here is silent: the click tries again and reports it.
    if (next === 'banner' && !Dialog) (window.requestIdleCallback || setTimeout)(guard(() => loadDialog().catch(() => 0)))
    // A dialog takes focus: the preferences, and the banner when it is modal.
    if (next === 'preferences' || (next === 'banner' && extra.blocking === true)) (firstFocusable(mountPoint) as HTMLElement | null)?.focus()
    // Focus goes back to what opened the preferences (a settings link, the banner's button).
    if (!leavingPreferences) return
    if (opener && opener.isConnected && opener !== document.body) (opener as HTMLElement).focus()
    // Opened from the banner, whose buttons were re-rendered: back to its "Manage preferences".
    else if (next === 'banner') (mountPoint.querySelector('.cg-actions button:last-child') as HTMLElement | null)?.focus()
  }
  return {
    show: go,
    hide: () => go(null),
    embeds() {
      // Once per page; the iframes stay blocked if the chunk cannot load.
      embeds =
        embeds ||
        load<typeof placeholders>('placeholders')
          .then((draw) => draw(gate, texts, shadow))
          .catch((e) => report(['ui', '', e]))
    },
  }
}
