/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import type { Texts } from '../i18n'
import type { ConsentGate } from '../types'
import { Banner } from './Banner'
import { Preferences } from './Preferences'
import { trapTab } from './focus'

export type View = 'banner' | 'preferences' | null

export interface AppProps {
  gate: ConsentGate
  texts: Texts
  lang: string
  view: View
  closeButton: boolean
  /** `blocking: true`: the banner is modal, over a backdrop that keeps the page out of reach. */
  blocking: boolean
  /** Switch views; `null` closes everything. */
  go(view: View): void
}

/**
 * What the visitor sees: the banner (non-modal) or the preferences (a modal dialog that keeps
 * Tab inside and closes on Escape, back to the banner while the visitor has not decided). Every
 * decision goes through the gate's public API.
 */
/** Every optional category off: required ones stay on whatever is asked. */
const withdrawAll = (gate: ConsentGate) => {
  const off: Record<string, boolean> = {}
  for (const id of Object.keys(gate.config.categories)) off[id] = false
  return off
}

export function App({ gate, texts, lang, view, closeButton, blocking, go }: AppProps) {
  const decide = (fn: () => unknown) => {
    fn()
    go(null)
  }
  if (view === 'banner') {
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
      <div class="cg-overlay" onKeyDown={(e: KeyboardEvent) => trapTab(e.currentTarget as Element, e)}>
        {banner}
      </div>
    ) : (
      banner
    )
  }
  if (view === 'preferences')
    return (
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
  return null
}
