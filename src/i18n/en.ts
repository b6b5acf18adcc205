/**
 * English texts of the consent UI: the reference set, every other language falls back to it key by
 * key. Two parts, each a chunk of its own per language: the first layer (`enFirst`, chunk `en`),
 * which the banner shows and every first visit downloads, and the rest (`enMore`, chunk `en-more`),
 * which only the preferences and the embed placeholders use, fetched with their chunks. A key
 * belongs to the part of the view that shows it: `src/ui/banner.ts` and `mount.ts` take
 * `FirstTexts`, so a first-layer view that used a key of the rest would not compile.
 */
export const enFirst = {
  bannerTitle: 'We value your privacy',
  /** The accessible name of the widget's host (`#consent-gate-root`, a region): what tools that read the page look for. */
  consentRegion: 'Cookie consent',
  bannerText: 'We use cookies and similar technologies for the purposes below. Optional ones run only if you allow them; you can change your mind at any time.',
  policyLink: 'Privacy policy',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  managePreferences: 'Manage preferences',
  closeAndReject: 'Close and reject all',
  /** The `us` profile's opt-out control (CCPA/CPRA wording). */
  doNotSell: 'Do Not Sell or Share My Personal Information',
  /** Shown in the banner when the browser sends Global Privacy Control. */
  gpcHonoured: 'Your Global Privacy Control signal is honoured: marketing (sale and sharing) stays off.',
}

/** English texts of the preferences, the visitor's record, the embed placeholders and the built-in categories. */
export const enMore = {
  preferencesTitle: 'Privacy preferences',
  preferencesIntro: 'Choose which purposes you allow. Strictly necessary ones cannot be switched off.',
  savePreferences: 'Save preferences',
  alwaysOn: 'Always on',
  requiredReason: 'Needed for the site to work and to remember your choice.',
  services: 'Services',
  cookies: 'Cookies',
  cookieName: 'Name',
  cookieProvider: 'Provider',
  cookiePurpose: 'Purpose',
  cookieLifetime: 'Lifetime',
  noticePurpose: 'Purpose',
  noticeItems: 'Data collected',
  noticeRetention: 'Retention',
  noticeRecipients: 'Recipients',
  noticeRefusal: 'If you refuse',
  rightToRefuse: 'You may refuse this consent.',
  yourRecord: 'Your consent record',
  consentId: 'Consent ID',
  decidedAt: 'Decided on',
  withdrawConsent: 'Withdraw consent',
  viewRecord: 'View my consent record',
  deleteRecord: 'Delete my consent record',
  recordDeleted: 'Your consent record was deleted.',
  recordUnavailable: 'Your consent record could not be reached. Please try again later.',
  placeholderText: 'This content from {service} is blocked until you allow {category}.',
  loadOnce: 'Load this content',
  alwaysAllow: 'Always allow',
  categoryNecessary: 'Strictly necessary',
  categoryNecessaryText: 'Keeps the site working and remembers your privacy choice.',
  categoryFunctional: 'Functional',
  categoryFunctionalText: 'Remembers settings such as language or region.',
  categoryAnalytics: 'Analytics',
  categoryAnalyticsText: 'Counts visits and measures how the site is used, to improve it.',
  categoryPersonalization: 'Personalization',
  categoryPersonalizationText: 'Tailors content and recommendations to you.',
  categoryMarketing: 'Marketing',
  categoryMarketingText: 'Shows relevant ads and measures them, possibly across other sites.',
}

/** The banner's texts: the first layer. */
export type FirstTexts = typeof enFirst
/** The texts only the preferences and the embed placeholders show. */
export type MoreTexts = typeof enMore
/** Every text of the consent UI: the two parts, whose keys are the one list of keys. */
export type Texts = FirstTexts & MoreTexts
export type TextKey = keyof Texts

/** The whole English table, for code that bundles it (the cookie declaration's fallback, the tests). */
export const en: Texts = { ...enFirst, ...enMore }
