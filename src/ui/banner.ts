import type { FirstTexts } from '../i18n'
import { isSafeUrl } from '../core/safe-url'
import { guard } from '../util/guard'
import { trapTab } from './focus'

export interface BannerOptions {
  /** The first layer only: the rest of the texts is not downloaded before a click. */
  texts: FirstTexts
  policyUrl?: string
  /** Show a close button; it rejects, and says so in its accessible name. */
  closeButton?: boolean
  /** Modal: a dialog the visitor must answer before using the page (`blocking: true`). */
  modal?: boolean
  /** The browser sends Global Privacy Control: say that it is honoured. */
  gpc?: boolean
  /** The `us` profile's "Do Not Sell or Share My Personal Information" control. */
  onOptOut?(): void
  onAcceptAll(): void
  onRejectAll(): void
  onManage(): void
  /**
   * The visitor shows intent to open the preferences: a pointer over "Manage preferences", a press
   * on it, or focus on it. The UI fetches the preferences chunk then, so the click finds it loaded.
   */
  onIntent?(): void
}

/** An element with a class and, when given, its text (as text: the site's strings are never parsed as HTML). */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag)
  e.className = className
  if (text != null) e.textContent = text
  return e
}

/**
 * A button of the banner; its action is a callback the browser calls, so it is guarded. `action`
 * (`accept-all`, `reject-all`, `manage`) is its `data-cg-action`: a stable hook, whatever the
 * language, for tools that answer banners for people (`data/autoconsent/consent-gate.json`).
 */
function button(className: string, text: string, onClick: () => void, action?: string): HTMLButtonElement {
  const b = el('button', className, text)
  b.type = 'button'
  if (action) b.setAttribute('data-cg-action', action)
  b.addEventListener('click', guard(onClick))
  return b
}

/**
 * The first layer, in plain DOM (no Preact: the banner is what every first visit downloads): title,
 * text, policy link and Accept all / Reject all / Manage preferences as one group of buttons
 * sharing one class, so equal prominence is a property of the markup and no style can favour
 * accepting. Returns the element to mount: the banner, or with `modal` the overlay holding it,
 * which keeps Tab inside.
 */
export function banner(o: BannerOptions): HTMLElement {
  const { texts } = o
  const section = el('section', 'cg-banner')
  section.setAttribute('role', o.modal ? 'dialog' : 'region')
  if (o.modal) section.setAttribute('aria-modal', 'true')
  section.setAttribute('aria-labelledby', 'cg-banner-title')
  const title = el('h2', 'cg-title', texts.bannerTitle)
  title.id = 'cg-banner-title'
  const text = el('p', 'cg-text', texts.bannerText + ' ')
  if (o.policyUrl && isSafeUrl(o.policyUrl)) {
    const link = el('a', 'cg-link', texts.policyLink)
    link.href = o.policyUrl
    text.appendChild(link)
  }
  const actions = el('div', 'cg-actions')
  actions.setAttribute('role', 'group')
  actions.setAttribute('aria-label', texts.bannerTitle)
  const manage = button('cg-btn', texts.managePreferences, o.onManage, 'manage')
  if (o.onIntent) for (const type of ['pointerover', 'pointerdown', 'focus']) manage.addEventListener(type, guard(o.onIntent))
  actions.append(button('cg-btn', texts.acceptAll, o.onAcceptAll, 'accept-all'), button('cg-btn', texts.rejectAll, o.onRejectAll, 'reject-all'), manage)
  section.append(title, text)
  if (o.gpc) section.appendChild(el('p', 'cg-text cg-gpc', texts.gpcHonoured))
  section.appendChild(actions)
  if (o.onOptOut) {
    // A link-like control of its own, outside the equal-prominence group of the three choices.
    const optOut = button('cg-link cg-opt-out', texts.doNotSell, o.onOptOut, 'opt-out')
    section.appendChild(optOut)
  }
  if (o.closeButton) {
    const close = button('cg-close', '×', o.onRejectAll)
    close.setAttribute('aria-label', texts.closeAndReject)
    close.title = texts.closeAndReject
    section.appendChild(close)
  }
  if (!o.modal) return section
  const overlay = el('div', 'cg-overlay')
  overlay.addEventListener(
    'keydown',
    guard((e: KeyboardEvent) => trapTab(overlay, e)),
  )
  overlay.appendChild(section)
  return overlay
}
