/** @jsxRuntime classic */
/** @jsx h */
import { h, render } from 'preact'
import type { Texts } from '../i18n'
import type { ConsentGate } from '../types'
import type { View } from './mount'
import { Preferences } from './Preferences'
import { deepActive, firstFocusable, trapTab } from './focus'
import { PREFERENCES_CSS } from './styles'

export interface PreferencesDialogProps {
  gate: ConsentGate
  texts: Texts
  lang: string
  /** Switch views; `null` closes everything. */
  go(view: View): void
}

/** Every optional category off: required ones stay on whatever is asked. */
const withdrawAll = (gate: ConsentGate) => {
  const off: Record<string, boolean> = {}
  for (const id of Object.keys(gate.config.categories)) off[id] = false
  return off
}

/**
 * The preferences as a modal dialog: keeps Tab inside, closes on Escape (back to the banner while
 * the visitor has not decided), and sends every decision through the gate's public API.
 */
export function PreferencesDialog({ gate, texts, lang, go }: PreferencesDialogProps) {
  const decide = (fn: () => unknown) => {
    fn()
    go(null)
  }
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the overlay only keeps Tab inside the dialog and closes it on Escape; it is not a control
    <div
      class="cg-overlay"
      onKeyDown={(e: KeyboardEvent) => {
        if (e.key !== 'Escape') return trapTab(e.currentTarget as Element, e)
        e.preventDefault()
        go(gate.get() ? null : 'banner')
      }}
    >
      <Preferences
        config={gate.config}
        texts={texts}
        state={gate.get()}
        onAcceptAll={() => decide(gate.acceptAll)}
        onRejectAll={() => decide(gate.rejectAll)}
        onSave={(choices) => decide(() => gate.update(choices, 'custom'))}
        onWithdraw={() => decide(() => gate.update(withdrawAll(gate), 'withdraw'))}
        lang={lang}
      />
    </div>
  )
}

/** The containers drawn into so far: each root gets the preferences' stylesheet once. */
const styled = new WeakSet<Element>()
/** What had the focus when the dialog opened: it gets it back when the dialog closes. */
let opener: Element | null = null

/**
 * What `dist/consent-gate-preferences.js` gives the UI chunk, which has no Preact of its own: draw
 * the dialog into `into` (a container in the UI's shadow root, styled by its sheet), or with `null`
 * take it away. The first drawing adds the preferences' own rules to that root through `style`
 * (the UI's, which knows the nonce), so the UI chunk carries none of them. The chunk is fetched
 * when the visitor shows intent to open the preferences.
 *
 * Focus is the dialog's too, so that the UI chunk carries none of it: opening, the dialog takes
 * it; closing, it goes back to what had it (a settings link, the floating button, the banner's
 * "Manage preferences"), or, when that is gone and the banner is back, to the banner's "Manage
 * preferences". The UI draws the banner before it closes the dialog.
 */
export function drawPreferences(into: Element, props: PreferencesDialogProps | null, style: (css: string) => void): void {
  const open = !!into.firstChild
  if (props && !styled.has(into)) {
    styled.add(into)
    style(PREFERENCES_CSS)
  }
  if (props && !open) opener = deepActive()
  render(props && <PreferencesDialog {...props} />, into)
  if (props && !open) firstFocusable(into)?.focus()
  else if (!props && open) {
    if (opener && opener.isConnected && opener !== document.body) (opener as HTMLElement).focus()
    else (into.getRootNode() as ShadowRoot).querySelector<HTMLElement>('[data-cg-action=manage]')?.focus()
  }
}
