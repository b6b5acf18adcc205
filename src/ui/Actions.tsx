/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import type { Texts } from '../i18n'

export interface ActionsProps {
  texts: Texts
  /** The group's accessible name. */
  label: string
  onAcceptAll(): void
  onRejectAll(): void
  /** The third button: "Manage preferences" in the banner, "Save preferences" in the dialog. */
  third: [string, () => void]
}

/**
 * Accept all, Reject all and a third action, as one group of buttons sharing one class: equal
 * prominence is a property of the markup, so no style can favour accepting.
 */
export function Actions({ texts, label, onAcceptAll, onRejectAll, third }: ActionsProps) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset brings its own border and legend layout; role="group" on a div is the same to assistive technology
    <div class="cg-actions" role="group" aria-label={label}>
      <button type="button" class="cg-btn" onClick={onAcceptAll}>
        {texts.acceptAll}
      </button>
      <button type="button" class="cg-btn" onClick={onRejectAll}>
        {texts.rejectAll}
      </button>
      <button type="button" class="cg-btn" onClick={third[1]}>
        {third[0]}
      </button>
    </div>
  )
}
