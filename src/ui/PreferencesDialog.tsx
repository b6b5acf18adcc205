/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import type { Texts } from '../i18n'
import type { ConsentGate } from '../types'
import type { View } from './App'
import { Preferences } from './Preferences'
import { trapTab } from './focus'

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
 * the visitor has not decided), and sends every decision through the gate's public API. It comes in
 * `dist/consent-gate-preferences.js` with the visitor's record, loaded when the preferences are
 * first opened, or at idle time once the banner is up.
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
