/**
 * `consent-gate/server`: read the consent cookie on the server, so a backend can gate its own
 * server-side tracking with the same decision the browser enforces. No DOM, no dependencies.
 */
import { decodeRecord, isCurrent } from '../storage/codec'
import { cookieValue } from './cookie-header'
import { own } from '../core/config'
import type { ConsentState } from '../types'

export interface ParseOptions {
  /** Cookie name. @default 'consent_gate' */
  name?: string
  /** When given, a decision made under another revision counts as none (the visitor will be asked again). */
  revision?: number
  /** Clock for expiry checks, in ms since the epoch. @default Date.now() */
  now?: number
  /**
   * The SDK's `cookie.maxAgeDays`: a cookie lasting longer than this (from its timestamp or from
   * now) counts as none, like an expired one. @default 400, the longest the SDK allows
   */
  maxAgeDays?: number
}

/** Anything with Node-style headers: `http.IncomingMessage`, Express and Fastify requests. */
export interface RequestLike {
  headers?: { cookie?: string | string[]; 'sec-gpc'?: string | string[] } | Record<string, unknown>
}

/**
 * What a request says before any decision: no consent, and the request's Global Privacy Control
 * (`Sec-GPC: 1`), which a backend must honour as an opt-out of sale and sharing whatever the cookie.
 */
export interface NoDecision {
  id: null
  categories: Record<string, never>
  services: Record<string, never>
  gpc: true
}

/** A stored decision as `readConsent` returns it: with `gpc: true` when the request carries `Sec-GPC: 1`. */
export type RequestConsent = ConsentState | NoDecision

/**
 * The decision stored in a `Cookie` request header, or `null` when there is none or it does not
 * count: malformed, edited (checksum), expired, dated ahead, or made under another `revision`. Never throws.
 *
 * Only the categories and services the cookie names appear in the result; treat a missing id as
 * denied.
 */
export function parseConsentCookie(cookieHeader: string | string[] | undefined | null, options: ParseOptions = {}): ConsentState | null {
  const header = Array.isArray(cookieHeader) ? cookieHeader.join('; ') : cookieHeader
  if (typeof header !== 'string') return null
  const r = decodeRecord(cookieValue(header, options.name || 'consent_gate'))
  const now = options.now == null ? Date.now() : options.now
  if (
    !r ||
    !isCurrent(r, now, options.maxAgeDays == null ? undefined : Math.round(options.maxAgeDays * 86400) * 1000) ||
    (options.revision != null && r.revision !== options.revision)
  )
    return null
  return {
    id: r.id,
    revision: r.revision,
    categories: r.categories,
    services: r.services,
    method: r.method,
    timestamp: new Date(r.timestamp).toISOString(),
    expires: new Date(r.expires).toISOString(),
    profile: r.profile || 'eu',
    ...(r.gpc ? { gpc: true } : {}),
    ...(r.reconfirm ? { reconfirm: new Date(r.reconfirm).toISOString() } : {}),
  }
}

/**
 * `parseConsentCookie` on a Node `http`, Express or Fastify request, with the request's `Sec-GPC`:
 * `gpc: true` on the state, or, without a decision, a `NoDecision` (it grants nothing) instead of `null`.
 */
export function readConsent(req: RequestLike | null | undefined, options?: ParseOptions): RequestConsent | null {
  const headers = (req && req.headers) || {}
  const state = parseConsentCookie(headers.cookie as string | string[] | undefined, options)
  const signal = headers['sec-gpc']
  // `Sec-GPC: 1` is the only value the specification defines; anything else is no signal.
  if (String(Array.isArray(signal) ? signal[0] : signal).trim() !== '1') return state
  return state ? { ...state, gpc: true } : { id: null, categories: {}, services: {}, gpc: true }
}

/** Whether a category or service is granted in a parsed state (`null` grants nothing). */
export function hasConsent(state: Pick<ConsentState, 'categories' | 'services'> | null, id: string): boolean {
  // Own properties only: `id` may be anything, and a polluted Object.prototype must not grant it.
  return !!state && ((own(state.categories, id) && state.categories[id] === true) || (own(state.services, id) && state.services[id] === true))
}
