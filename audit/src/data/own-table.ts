import type { Category } from '../types'

/**
 * What neither the Open Cookie Database nor third-party-web knows, or knows under a category that
 * misleads a consent audit. Data only: a vendor is a row here, never a branch in the code. Checked
 * before the two tables, so a row here wins.
 */

export interface HostRow {
  /** A hostname; it also matches its subdomains. */
  host: string
  /** Only URLs whose path starts with this (a vendor that shares a CDN host). */
  path?: string
  vendor: string
  category: Category
}

export interface NameRow {
  /** A cookie or storage-key name; with `prefix`, every name that starts with it. */
  name: string
  prefix?: boolean
  vendor: string
  category: Category
  description: string
}

export const OWN_HOSTS: readonly HostRow[] = [
  // Naver Analytics and Naver's ad conversion tracking share one script and one log host.
  { host: 'wcs.naver.net', vendor: 'Naver Analytics', category: 'analytics' },
  { host: 'wcs.naver.com', vendor: 'Naver Analytics', category: 'analytics' },
  { host: 'siape.veta.naver.com', vendor: 'Naver GFA (ads)', category: 'marketing' },
  // Kakao's pixel is served from Daum's shared CDN, under /kas/; the rest of that host is not a tracker.
  { host: 't1.daumcdn.net', path: '/kas/', vendor: 'Kakao Pixel', category: 'marketing' },
  { host: 'bc.ad.daum.net', vendor: 'Kakao Pixel', category: 'marketing' },
  { host: 'stat.tiara.kakao.com', vendor: 'Kakao Tiara', category: 'analytics' },
  { host: 'stat.tiara.daum.net', vendor: 'Kakao Tiara', category: 'analytics' },
  // Channel.io: customer chat (its visitor id keeps the conversation), a customer-success tool.
  { host: 'channel.io', vendor: 'Channel.io', category: 'functional' },
  // third-party-web files Microsoft Clarity (session recording, heatmaps) under "utility".
  { host: 'clarity.ms', vendor: 'Microsoft Clarity', category: 'analytics' },
]

export const OWN_NAMES: readonly NameRow[] = [
  // Consent tools' own records of the visitor's choice: needed to honour it, so necessary.
  { name: 'consent_gate', vendor: 'ConsentGate', category: 'necessary', description: "Stores the visitor's consent choice." },
  { name: 'consent_gate_pending', vendor: 'ConsentGate', category: 'necessary', description: 'Consent receipts waiting to be sent to the consent log.' },
  { name: 'consent_gate_receipts', vendor: 'ConsentGate', category: 'necessary', description: 'Consent receipts waiting to be sent to the consent log.' },
  { name: 'cc_cookie', vendor: 'CookieConsent (orestbida)', category: 'necessary', description: "Stores the visitor's consent choice." },
  { name: 'klaro', vendor: 'Klaro', category: 'necessary', description: "Stores the visitor's consent choice." },
  { name: 'CookieConsent', vendor: 'Cookiebot', category: 'necessary', description: "Stores the visitor's consent choice." },
  { name: 'OptanonConsent', vendor: 'OneTrust', category: 'necessary', description: "Stores the visitor's consent choice." },
  { name: 'OptanonAlertBoxClosed', vendor: 'OneTrust', category: 'necessary', description: 'Remembers that the consent banner was answered.' },
  { name: 'euconsent-v2', vendor: 'IAB TCF', category: 'necessary', description: "The visitor's choice as a TCF consent string." },
  { name: 'didomi_token', vendor: 'Didomi', category: 'necessary', description: "Stores the visitor's consent choice." },
  // Naver.
  { name: 'NNB', vendor: 'Naver', category: 'marketing', description: 'Browser identifier Naver uses across its services, advertising included.' },
  { name: 'wcs_bt', vendor: 'Naver Analytics', category: 'analytics', description: 'Times of the visitor’s visits, for Naver Analytics.' },
  { name: 'NID_', prefix: true, vendor: 'Naver', category: 'functional', description: 'Naver account sign-in.' },
  // Kakao.
  { name: '_kau', vendor: 'Kakao Pixel', category: 'marketing', description: 'Kakao advertising identifier.' },
  { name: '_kadu', vendor: 'Kakao Pixel', category: 'marketing', description: 'Kakao advertising identifier.' },
  { name: '_kawlt', prefix: true, vendor: 'Kakao', category: 'functional', description: 'Kakao account sign-in.' },
  { name: '_karmt', prefix: true, vendor: 'Kakao', category: 'functional', description: 'Kakao account sign-in.' },
  { name: 'TIARA', vendor: 'Kakao Tiara', category: 'analytics', description: 'Visitor identifier for Kakao’s Tiara analytics.' },
  // Channel.io.
  { name: 'ch-veil-id', vendor: 'Channel.io', category: 'functional', description: 'Identifies the visitor to Channel.io’s chat.' },
  { name: 'ch-session-', prefix: true, vendor: 'Channel.io', category: 'functional', description: 'Channel.io chat session.' },
]
