import type { Texts } from '../i18n'
import { isSafeUrl } from '../core/config'

export interface BannerProps {
  texts: Texts
  policyUrl?: string
  /** Show a close button; it rejects, and says so in its accessible name. */
  closeButton?: boolean
  onAcceptAll(): void
  onRejectAll(): void
  onManage(): void
}

/**
 * The first layer: title, text, policy link and three buttons of equal prominence in one group.
 * Accept and Reject share one class, so no style can favour one of them.
 */
export function Banner({ texts, policyUrl, closeButton, onAcceptAll, onRejectAll, onManage }: BannerProps) {
  return (
    <section class="cg-banner" role="region" aria-labelledby="cg-banner-title">
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
      <div class="cg-actions" role="group" aria-label={texts.bannerTitle}>
        <button type="button" class="cg-btn" onClick={onAcceptAll}>
          {texts.acceptAll}
        </button>
        <button type="button" class="cg-btn" onClick={onRejectAll}>
          {texts.rejectAll}
        </button>
        <button type="button" class="cg-btn" onClick={onManage}>
          {texts.managePreferences}
        </button>
      </div>
      {closeButton && (
        <button type="button" class="cg-close" aria-label={texts.closeAndReject} title={texts.closeAndReject} onClick={onRejectAll}>
          ×
        </button>
      )}
    </section>
  )
}
