/**
 * The report's shape: what `--json` prints (docs/audit.md documents it field by field). Bump
 * `REPORT_VERSION` when a field changes meaning or goes away; adding one does not.
 */
export const REPORT_VERSION = 1

/** ConsentGate's default category ids (src/core/config.ts), least to most intrusive. */
export type Category = 'necessary' | 'functional' | 'analytics' | 'personalization' | 'marketing'

/** Categories whose cookies, keys and requests need consent: the audit flags them. */
export const NEEDS_CONSENT: readonly Category[] = ['analytics', 'personalization', 'marketing']

export type PassName = 'before-consent' | 'after-reject' | 'after-accept'
export const PASSES: readonly PassName[] = ['before-consent', 'after-reject', 'after-accept']

/** Which table a classification came from. */
export type Source = 'consent-gate' | 'open-cookie-database' | 'third-party-web'

export interface Classified {
  /** `null`: no table knows it. */
  category: Category | null
  vendor: string | null
  description: string | null
  source: Source | null
}

export interface CookieRecord extends Classified {
  name: string
  domain: string
  path: string
  /** ISO date; `null` for a session cookie. */
  expires: string | null
  party: 'first' | 'third'
  /** The page it was first seen on. */
  page: string
}

export interface StorageRecord extends Classified {
  area: 'localStorage' | 'sessionStorage'
  key: string
  origin: string
  party: 'first' | 'third'
  page: string
}

export interface RequestRecord extends Classified {
  url: string
  host: string
  method: string
  resourceType: string
  /** third-party-web's category (`ad`, `analytics`, `tag-manager`…) or ours when our table knew the host. */
  kind: string
  /** Milliseconds since the pass started. */
  at: number
  /** Sent after the pass's click (always false in before-consent). */
  afterChoice: boolean
  page: string
}

export interface ConsentModeCall {
  command: 'default' | 'update'
  params: Record<string, string | number | boolean>
  /** Milliseconds since the pass started. */
  at: number
  page: string
  /** Which document of the pass's tab (1, 2… in load order): order is judged within one. */
  load: number
}

export interface GoogleTagRecord {
  url: string
  /** When its request started, ms since the pass started; `null` if not seen. */
  requestedAt: number | null
  /** When the script ran (its `load` event), ms since the pass started; `null` if it never did. */
  loadedAt: number | null
  page: string
  /** As in `ConsentModeCall`; 0 when the script never ran. */
  load: number
}

export interface PassPage {
  url: string
  status: number | null
  title: string
  /** Why this page could not be audited in this pass, if it could not. */
  error?: string
}

export interface PassReport {
  name: PassName
  /** `false` when the pass could not run (no banner to click, the click failed): see `skipped`. */
  ran: boolean
  skipped?: string
  /** How the choice was made (`clicked Reject all`, `autoconsent optOut`), for after-* passes. */
  choice?: string
  /** When the choice was made, ms since the pass started. */
  choiceAt?: number
  pages: PassPage[]
  cookies: CookieRecord[]
  storage: StorageRecord[]
  requests: RequestRecord[]
  consentMode: ConsentModeCall[]
  googleTags: GoogleTagRecord[]
}

/** A button of the banner's first layer as measured in the page (the UI tests' measures). */
export interface ButtonMeasure {
  text: string
  width: number
  height: number
  fontSize: number
  fontWeight: string
  color: string
  background: string
  border: string
  /** WCAG contrast of its text on its background. */
  textContrast: number
  /** Contrast of its fill, else its border, against what surrounds it: 1 means it does not stand out. */
  fillContrast: number
  inViewport: boolean
}

export interface BannerReport {
  method: 'consent-gate' | 'autoconsent' | 'selectors' | 'none'
  /** autoconsent's name for the consent tool (`cookieconsent3`, `onetrust`…). */
  cmp: string | null
  /** One sentence: which way the banner was found, or that none was. */
  detail: string
  firstLayer: { accept: ButtonMeasure | null; reject: ButtonMeasure | null }
}

export type Severity = 'violation' | 'warning'

export interface Finding {
  /** Stable, kebab-case: what a CI rule or a dashboard keys on. */
  code: string
  severity: Severity
  pass: PassName
  page: string
  /** The cookie, key, host or button the finding is about. */
  subject: string
  message: string
}

export interface Report {
  version: typeof REPORT_VERSION
  tool: { name: string; version: string }
  url: string
  startedAt: string
  durationMs: number
  /** `error`: could not audit (exit 2), with `error` saying why. */
  status: 'clean' | 'warnings' | 'violations' | 'error'
  exitCode: 0 | 1 | 2
  error?: string
  banner: BannerReport | null
  pages: string[]
  passes: PassReport[]
  violations: Finding[]
  warnings: Finding[]
}
