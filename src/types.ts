/**
 * Public types of ConsentGate. Everything a site or a backend touches is described here;
 * internal shapes stay next to the module that owns them.
 */
import type { en } from './i18n/en'
import type { DeclarationTexts } from './i18n/declaration'

/** A cookie a category or service may set: its name, or a description the UI shows as a table row. */
export type CookieSpec =
  | string
  | {
      /** Cookie name. A trailing `*` makes it a prefix: `_ga*` matches `_ga` and `_ga_XYZ`. */
      name: string
      /** Shown in the preferences' cookie table. @default undefined (an empty cell) */
      provider?: string
      /** @default undefined (an empty cell) */
      purpose?: string
      /** @default undefined (an empty cell) */
      lifetime?: string
    }

/** A service (vendor or tool) inside a category, with its own switch. */
export interface ServiceConfig {
  /** @default the service id */
  title: string
  /** @default undefined (none shown) */
  description?: string
  /** Deleted when the service is denied. @default [] */
  cookies?: CookieSpec[]
  /** localStorage/sessionStorage keys cleared when this is denied (`*` suffix: a prefix); the auto core only. */
  storage?: string[]
}

/** A purpose the visitor can accept or refuse. */
export interface CategoryConfig {
  /** @default the built-in title for the five default ids, else the category id */
  title: string
  /** @default the built-in text for the five default ids, else none */
  description?: string
  /** Always on; the visitor cannot switch it off (e.g. `necessary`). @default false (`true` for the default `necessary`) */
  required?: boolean
  /** Deleted when the category is denied. @default [] */
  cookies?: CookieSpec[]
  /** localStorage/sessionStorage keys cleared when this is denied (`*` suffix: a prefix); the auto core only. */
  storage?: string[]
  /** Vendors with their own switch, by service id (unique across categories and services). @default {} */
  services?: Record<string, ServiceConfig>
  /** Korea's PIPA Art. 15(2) notice fields, shown with the category by the UI. @default undefined (not shown) */
  purpose?: string
  /** @default undefined (not shown) */
  items?: string
  /** @default undefined (not shown) */
  retention?: string
  /** @default undefined (not shown) */
  recipients?: string
  /** @default undefined (not shown) */
  refusalConsequence?: string
}

/** The seven Google Consent Mode v2 consent types. */
export type ConsentModeType =
  | 'ad_storage'
  | 'ad_user_data'
  | 'ad_personalization'
  | 'analytics_storage'
  | 'functionality_storage'
  | 'personalization_storage'
  | 'security_storage'

export interface GoogleConsentModeConfig {
  /**
   * Category id → the consent types it grants, merged over the default (`[]` unmaps one). A type
   * is granted when every category mapped to it is.
   * @default { analytics: ['analytics_storage'], marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'], personalization: ['personalization_storage'], functional: ['functionality_storage'] }
   */
  mapping?: Record<string, ConsentModeType[]>
  /** Milliseconds Google tags wait for an `update` before firing. @default 500 */
  waitForUpdate?: number
  /**
   * How the page's Google tags, marked `data-category="google"`, run: `'advanced'` at once, with
   * the denied defaults (they send cookieless pings); `'basic'` held until analytics or marketing
   * is granted, so nothing reaches Google before that. In the auto core, `'basic'` also gates the
   * Google Analytics, Tag Manager and Ads URLs it holds by `google`. @default 'advanced'
   */
  mode?: 'advanced' | 'basic'
  /**
   * Region-scoped defaults: an ISO 3166-1 country (`US`) or country-subdivision (`US-CA`) → the
   * consent types whose default differs there. Each is pushed as its own `default` with `region`,
   * before the general one. @default undefined (none)
   */
  regions?: Record<string, Partial<Record<ConsentModeType, 'granted' | 'denied'>>>
  /** `gtag('set', 'ads_data_redaction', true)`: redact ad click ids while ad_storage is denied. @default false */
  ads_data_redaction?: boolean
  /** `gtag('set', 'url_passthrough', true)`: pass click ids in links while storage is denied. @default false */
  url_passthrough?: boolean
}

export interface CookieConfig {
  /** @default 'consent_gate' */
  name: string
  /** e.g. `.example.com` to share the choice across subdomains. @default undefined (host-only) */
  domain?: string
  /** @default '/' */
  path: string
  /** @default 'Lax' */
  sameSite: 'Lax' | 'Strict' | 'None'
  /** The choice expires after this many days and the visitor is asked again. @default 182 */
  maxAgeDays: number
}

/**
 * The keys of the consent UI's texts: those of the English set (`src/i18n/en.ts`), which every
 * other language falls back to, plus the floating button's label.
 */
export type TextKey = keyof typeof en | keyof DeclarationTexts | 'settingsButton'

/**
 * Text overrides by language: `{ ko: { bannerTitle: '…' } }` overrides built-in strings, and a
 * language the UI does not have (`{ ja: { … } }`) is added; missing keys fall back to English.
 */
export type TextOverrides = { [lang: string]: Partial<Record<TextKey, string>> }

/** Options of the built-in consent UI (the banner, the preferences, the floating button). The core does not read them. */
export interface UIOptions {
  /** `false`: no built-in UI (bring your own; listen to the `show` event). @default true */
  ui?: boolean
  /** Override strings, or add a language, by language tag. @default {} */
  texts?: TextOverrides
  /** Forces a colour scheme. @default undefined (follows `prefers-color-scheme`) */
  theme?: 'light' | 'dark'
  /** Where the banner sits: `'bar'` (bottom), `'box'` (bottom right) or `'center'`. @default 'bar' */
  position?: 'bar' | 'box' | 'center'
  /** Make the banner a modal dialog over a backdrop (a cookie wall: only where the law allows). @default false */
  blocking?: boolean
  /** Add a close button to the banner; it rejects, and says so. @default false */
  closeButton?: boolean
  /**
   * A small button, fixed at the bottom left, that opens the preferences; shown once the visitor
   * has decided. Loaded as its own chunk (`consent-gate-button.js`). @default false
   */
  floatingButton?: boolean
  /**
   * Count each time the banner is shown to an undecided visitor at the consent log's
   * `POST /api/impressions` (`{ revision, language, profile }`, no identifiers; `sendBeacon`, once
   * per page view). `false` turns it off. @default true (when an impressions URL is known)
   */
  impressions?: boolean
  /** Where impressions go. @default beside `endpoint`: `/api/consents` gives `/api/impressions`; none without an endpoint */
  impressionsEndpoint?: string
}

/**
 * What a site passes in `window.consentGateConfig` or to `createConsentGate()`. Every field is
 * optional; an unknown field is a compile error (the script tag, without TypeScript, validates at
 * run time and names each invalid field on the console).
 */
export interface ConsentGateOptions extends UIOptions {
  /**
   * Purposes by id. @default `necessary` (required), `functional`, `analytics`, `personalization`,
   * `marketing`, titled by the UI's texts
   */
  categories?: Record<string, CategoryConfig>
  /** Bump it when purposes change: a choice stored under another revision is asked again. An integer from 0 to 2147483647. @default 1 */
  revision?: number
  /** The consent cookie. @default { name: 'consent_gate', path: '/', sameSite: 'Lax', maxAgeDays: 182 } */
  cookie?: Partial<CookieConfig>
  /** Where consent receipts are POSTed (absolute http(s) URL or a path). @default undefined (no receipts) */
  endpoint?: string
  /** `true` (default mapping), `false` (off) or options. @default true */
  googleConsentMode?: boolean | GoogleConsentModeConfig
  /** A language tag, or `'auto'` (from `<html lang>`, then the browser). @default 'auto' */
  lang?: string
  /** Link to the privacy policy shown by the UI. @default undefined (no link) */
  policyUrl?: string
  /** Reload the page when a granted purpose is withdrawn, since running scripts cannot be stopped. @default true */
  reloadOnRevoke?: boolean
  /**
   * The law the visitor is served under (see the README's profile table): `eu`, `uk` opt-in;
   * `kr` opt-in, itemised, PIPA notice fields required, Korean by default; `us` opt-out, with a
   * "Do Not Sell or Share" control; `none` no banner, everything runs. @default 'eu'
   */
  profile?: Profile
  /**
   * The vendors' own consent APIs (docs/vendor-consent.md): Microsoft UET and Clarity, Meta Pixel,
   * TikTok and Matomo get a default before their tags run and an update on every decision.
   * `false` switches one vendor off. @default all true
   */
  vendorConsent?: VendorConsentConfig
}

/** Each vendor whose consent API ConsentGate drives: anything but `false` is on. */
export interface VendorConsentConfig {
  /** Microsoft UET: `uetq.push('consent', 'default' | 'update', { ad_storage })` (marketing). @default true */
  uet?: boolean
  /** Microsoft Clarity: `clarity('consentv2', { ad_Storage, analytics_Storage })` (marketing, analytics). @default true */
  clarity?: boolean
  /** Meta Pixel: `fbq('consent', 'revoke' | 'grant')`, before `fbq('init')` (marketing). @default true */
  meta?: boolean
  /** TikTok: `ttq.holdConsent()`, `ttq.grantConsent()`, `ttq.revokeConsent()` (marketing). @default true */
  tiktok?: boolean
  /** Matomo: `_paq.push(['requireCookieConsent'])`, then remember / forget (analytics). @default true */
  matomo?: boolean
}

/** A jurisdiction profile: the consent model and its defaults. */
export type Profile = 'eu' | 'uk' | 'kr' | 'us' | 'none'

/** Read-only all the way down (arrays and dictionaries included). */
export type DeepReadonly<T> = T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends (...args: never[]) => unknown
    ? T
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T

/** The config after validation and defaults: what the core works with. Read-only. */
export type ResolvedConfig = DeepReadonly<{
  categories: Record<string, CategoryConfig>
  revision: number
  cookie: CookieConfig
  endpoint?: string
  googleConsentMode: false | (Required<Pick<GoogleConsentModeConfig, 'mapping' | 'waitForUpdate'>> & GoogleConsentModeConfig)
  lang: string
  policyUrl?: string
  reloadOnRevoke: boolean
  profile: Profile
  /**
   * The UI's options as the site gave them (`ui`, `texts`, `theme`, `position`, `blocking`,
   * `closeButton`, `floatingButton`; `floatingButton` validated, the others checked where the UI
   * reads them). The core does not interpret them.
   */
  extra: UIOptions
}>

/** How a decision was made. Custom UIs may use their own words (`[a-z0-9-]+`). */
export type ConsentMethod = 'accept-all' | 'reject-all' | 'custom' | (string & {})

/** A stored, valid decision. `ConsentGate.get()` returns it, or `null` while the visitor has not decided. */
export interface ConsentState {
  /** Random UUID v4, kept across the visitor's decisions until `reset()`. */
  id: string
  revision: number
  /** Every configured category: `true` granted, `false` denied. Required ones are always `true`. */
  categories: Record<string, boolean>
  /** Every configured service, by service id. */
  services: Record<string, boolean>
  method: ConsentMethod
  /** When the decision was made (ISO 8601, whole seconds). */
  timestamp: string
  /** When it stops counting (ISO 8601). */
  expires: string
  /** The profile it was made under. */
  profile: Profile
  /** Whether the browser sent Global Privacy Control at the decision (always set by the gate; absent in hand-built states). */
  gpc?: boolean
  /** `kr`: when a granted marketing consent must be confirmed again (two years after it was given; ISO 8601). */
  reconfirm?: string
}

/** The JSON body POSTed to `endpoint`; its JSON Schema is `schema/receipt.schema.json`. */
export interface ConsentReceipt {
  schema: 'consent-gate.receipt/1'
  receiptId: string
  consentId: string
  revision: number
  categories: Record<string, boolean>
  services: Record<string, boolean>
  method: ConsentMethod
  timestamp: string
  /** Page origin and path, never the query or the fragment. */
  url: string
  language: string
  /** The profile the decision was made under (`eu`, `uk`, `kr`, `us`, `none`). */
  profile?: string
  /** `true`: the browser sent Global Privacy Control when the decision was made. */
  gpc?: boolean
  /** `kr`: when the granted marketing consent must be confirmed again (ISO 8601). */
  reconfirm?: string
  /** Fingerprint of the purposes shown (see README). */
  configHash: string
}

export interface UIRequest {
  view: 'banner' | 'preferences'
}

export interface ConsentGateEvents {
  /** The state is known for this page view (`null`: undecided). */
  ready: ConsentState | null
  /** A decision was saved. */
  consent: ConsentState
  /** Granted categories or services differ from before (`null` after `reset()`). */
  change: ConsentState | null
  /** The UI was asked to show the banner or the preferences. */
  show: UIRequest
  /** The UI was asked to close. */
  hide: null
}

export type ConsentGateEvent = keyof ConsentGateEvents

/** The API of `window.ConsentGate` and of `createConsentGate()`. */
export interface ConsentGate {
  /** The current decision, or `null` while there is none. */
  get(): ConsentState | null
  /** Whether a category or a service id is granted. Unknown ids are never granted. */
  has(id: string): boolean
  acceptAll(): ConsentState
  /** Deny everything that is not required. */
  rejectAll(): ConsentState
  /**
   * Merge choices into the current decision. A category switched on switches its services on
   * unless they are named too; a service switched on switches its category on.
   * For a visitor who has not decided, what is not named keeps what was in force before the
   * decision: denied under the opt-in profiles (`eu`, `uk`, `kr`), granted under `us` and `none`
   * (under `us` with GPC, marketing stays off). Under `us` it records a decision like anywhere
   * else; the opt-out control is `update({ marketing: false }, 'opt-out')`.
   */
  update(choices: Record<string, boolean>, method?: ConsentMethod): ConsentState
  /** Forget the decision (and the consent ID): the visitor is asked again. */
  reset(): void
  show(): void
  showPreferences(): void
  hide(): void
  /** Subscribe; returns the function that unsubscribes. `ready` is replayed to late listeners. */
  on<E extends ConsentGateEvent>(event: E, listener: (detail: ConsentGateEvents[E]) => void): () => void
  /**
   * Stop the gate: gated markup is no longer watched (elements added later stay blocked), its
   * listeners (`data-consent-settings` clicks, …) are removed and each integration is torn down.
   * Afterwards every call does nothing and never throws: no events, no cookie, no UI; a decision
   * returns the state it would have made, unsaved. Calling it again does nothing. Only on the npm
   * entry's gate (`createConsentGate()`): `window.ConsentGate` has none.
   */
  destroy(): void
  /**
   * Open the debug overlay: every gated element and what became of it, the Consent Mode calls, the
   * cookies with their purpose, the stored record and the last receipt (`?consent-gate-debug` in
   * the page's URL opens it too). Its code is a chunk of its own, loaded on the first call.
   */
  debug(): void
  /**
   * The debug overlay's data as an object (plain data: `JSON.stringify` it, or return it from a
   * test's `page.evaluate`). Synchronous once the debug chunk is loaded (by `debug()`, an earlier
   * `inspect()` or `?consent-gate-debug`), a promise of it before: `await` works either way.
   */
  inspect(): Inspection | Promise<Inspection>
  /** The validated config (read-only). */
  readonly config: ResolvedConfig
  readonly version: string
}

/** One gated element and what became of it, in `Inspection.elements` (document order). */
export interface InspectedElement {
  tag: 'script' | 'iframe' | 'img'
  /** The URL it loads (`src` or `data-src`); `null` for an inline script. */
  url: string | null
  /** An inline script's first 80 characters, whitespace collapsed; `null` otherwise. */
  snippet: string | null
  /** Its `data-category`, as written; `null` without one. */
  category: string | null
  /** Its `data-service`, as written; `null` without one. */
  service: string | null
  /**
   * `blocked`: still inert (not allowed, or waiting for its turn); `loading`: an external script
   * inserted, not loaded yet; `loaded`: it ran or loaded; `failed`: its request failed.
   */
  state: 'blocked' | 'loading' | 'loaded' | 'failed'
  /** When it entered that state, in ms since the page's navigation started; `null` while blocked. */
  at: number | null
}

/** A `gtag('consent', …)` call on the page's `dataLayer`, in order. */
export interface InspectedSignal {
  /** `default` or `update` (as called; the page's own calls are listed too). */
  command: string
  /** The consent types it set, e.g. `{ analytics_storage: 'denied' }`, and options such as `wait_for_update`. */
  signals: Record<string, unknown>
}

/** A cookie this page sees, with the purpose the config lists it under. */
export interface InspectedCookie {
  name: string
  /** The category that lists it (a service's cookie: the service's category); `null`: listed nowhere. */
  category: string | null
  /** The service that lists it; `null` when a category lists it directly, or nothing does. */
  service: string | null
  /** Whether the consent in force allows it (the consent cookie and required categories: always); `null`: unlisted. */
  allowed: boolean | null
}

/** A write through `document.cookie` that the cookie guard dropped (`cookieGuard`, the auto core). */
export interface InspectedDroppedCookie {
  name: string
  /** The category it needs, by the config's lists or the Open Cookie Database; `null`: no one classifies it (`unclassified: 'drop'`). */
  category: string | null
  /** The service whose list names it; `null` otherwise. */
  service: string | null
  /** When, in ms since the navigation started. */
  at: number
}

/** The receipt side: what the last delivery attempt gave, and what is still queued. */
export interface InspectedReceipt {
  /** `none`: no endpoint, or nothing sent from this browser yet; otherwise the last attempt's outcome. */
  status: 'none' | 'queued' | 'delivered' | 'refused' | 'failed' | 'beaconed'
  /** The receipt the status is about. */
  receiptId: string | null
  /** The endpoint's HTTP status (`refused`, `delivered`). */
  httpStatus: number | null
  /** When, as an ISO date-time. */
  at: string | null
  /** Receipts waiting in this browser to be delivered. */
  queued: number
}

/** What `ConsentGate.inspect()` returns and the debug overlay shows. */
export interface Inspection {
  elements: InspectedElement[]
  consentMode: InspectedSignal[]
  cookies: InspectedCookie[]
  /** The cookie guard's drops on this page, in order; empty without `cookieGuard`. */
  droppedCookies: InspectedDroppedCookie[]
  /** The decision in force, as stored in the consent cookie; `null` while undecided. */
  record: ConsentState | null
  receipt: InspectedReceipt
  endpoint: string | null
}
