/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import type { Texts } from '../i18n'
import { isSafeUrl } from '../core/config'
import { Actions } from './Actions'

export interface BannerProps {
  texts: Texts
  policyUrl?: string
  /** Show a close button; it rejects, and says so in its accessible name. */
  closeButton?: boolean
  /** Modal: a dialog the visitor must answer before using the page (`blocking: true`). */
  modal?: boolean
  onAcceptAll(): void
  onRejectAll(): void
  onManage(): void
}

/**
 * The first layer: title, text, policy link and three buttons of equal prominence in one group.
 */
export function Banner({ texts, policyUrl, closeButton, modal, onAcceptAll, onRejectAll, onManage }: BannerProps) {
  return (
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: aria-modal is set only when the role is dialog
    <section class="cg-banner" role={modal ? 'dialog' : 'region'} aria-modal={modal || undefined} aria-labelledby="cg-banner-title">
      <h2 id="cg-banner-title" class="cg-title">
        {texts.bannerTitle}
      </h2>
      <p class="cg-text">
        {texts.bannerText}{' '}
        {policyUrl && isSafeUrl(policyUrl) && (
          <a class="cg-link" href={policyUrl}>
            {texts.policyLink}
          </a>
        )}
      </p>
      <Actions texts={texts} label={texts.bannerTitle} onAcceptAll={onAcceptAll} onRejectAll={onRejectAll} third={[texts.managePreferences, onManage]} />
      {closeButton && (
        <button type="button" class="cg-close" aria-label={texts.closeAndReject} title={texts.closeAndReject} onClick={onRejectAll}>
          ×
        </button>
      )}
    </section>
  )
}
