/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import type { Texts } from '../i18n'
import type { ConsentGate } from '../types'
import { Banner } from './Banner'
import { trapTab } from './focus'
import type { PreferencesDialog } from './PreferencesDialog'

export type View = 'banner' | 'preferences' | null

export interface AppProps {
  gate: ConsentGate
  texts: Texts
  lang: string
  view: View
  closeButton: boolean
  /** `blocking: true`: the banner is modal, over a backdrop that keeps the page out of reach. */
  blocking: boolean
  /**
   * The preferences dialog, once its chunk has loaded (the script tag's UI fetches it on demand);
   * `view: 'preferences'` shows nothing without it.
   */
  Dialog?: typeof PreferencesDialog
  /** Switch views; `null` closes everything. */
  go(view: View): void
}

/**
 * What the visitor sees: the banner (non-modal, or modal with `blocking`) or the preferences (a
 * modal dialog, see `PreferencesDialog`). Every decision goes through the gate's public API.
 */
export function App({ gate, texts, lang, view, closeButton, blocking, Dialog, go }: AppProps) {
  if (view === 'preferences') return Dialog ? <Dialog gate={gate} texts={texts} lang={lang} go={go} /> : null
  if (view !== 'banner') return null
  const decide = (fn: () => unknown) => {
    fn()
    go(null)
  }
  const banner = (
    <Banner
      modal={blocking}
      texts={texts}
      policyUrl={gate.config.policyUrl}
      closeButton={closeButton}
      onAcceptAll={() => decide(gate.acceptAll)}
      onRejectAll={() => decide(gate.rejectAll)}
      onManage={() => go('preferences')}
    />
  )
  return blocking ? (
    // biome-ignore lint/a11y/noStaticElementInteractions: the overlay only keeps Tab inside the dialog it holds; it is not a control
    <div class="cg-overlay" onKeyDown={(e: KeyboardEvent) => trapTab(e.currentTarget as Element, e)}>
      {banner}
    </div>
  ) : (
    banner
  )
}
