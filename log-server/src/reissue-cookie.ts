/**
 * The `Set-Cookie` that answers a receipt. Safari keeps a cookie written by a script for at most
 * 7 days; the same cookie set by the server's response keeps its full lifetime. So the server
 * re-issues the visitor's consent cookie, unchanged, with the lifetime it has left.
 *
 * It must never resurrect or roll back a decision, nor write one the stored receipt does not
 * carry: a late retry of an old receipt, or a receipt posted after the visitor reset their
 * choice, must not overwrite what the browser holds now.
 * - the request carries a valid cookie holding exactly the receipt's decision (consent ID,
 *   revision, method, time, categories, services): re-issue it;
 * - it carries an older one of this consent ID, or none at all, and the receipt is new to the
 *   server: issue the receipt's decision (the browser's write may have failed or been capped);
 * - anything else (a newer decision, another consent ID, an unreadable cookie, a retried
 *   receipt): leave it alone.
 * A cookie is never given more than `maxAgeDays` of life: one whose `expires` lies beyond that
 * (a forgery with a valid checksum, the format has no secret) is not re-issued at all.
 *
 * The caller decides whether the request may get a cookie at all (only the server's own origin).
 */
import { serialize } from 'cookie'
import { cookieValue, decodeRecord, encodeState, isCurrent, type CookieRecord } from './sdk'
import type { ServerConfig } from './config'
import type { Receipt } from './receipt-validator'

/** The profiles the cookie format can carry. */
const PROFILES = /^(eu|uk|kr|us|none)$/

export function reissuedCookie(
  header: string | undefined,
  receipt: Receipt,
  isNew: boolean,
  cookie: ServerConfig['cookie'],
  secure: boolean,
  now: number,
): string | null {
  const raw = header ? cookieValue(header, cookie.name) : undefined
  const carried = raw === undefined ? null : decodeRecord(raw)
  const decidedAt = Math.floor(Date.parse(receipt.timestamp) / 1000) * 1000
  const lifetime = cookie.maxAgeDays * 864e5
  let value: string | null = null
  let expires = 0
  if (carried && carried.id === receipt.consentId && isCurrent(carried, now, lifetime) && sameDecision(carried, receipt, decidedAt)) {
    value = raw!
    expires = carried.expires
  } else if (isNew && (raw === undefined || (carried && carried.id === receipt.consentId && carried.timestamp < decidedAt))) {
    expires = decidedAt + lifetime
    value = encodeState({
      id: receipt.consentId,
      revision: receipt.revision,
      method: receipt.method,
      timestamp: new Date(decidedAt).toISOString(),
      expires: new Date(expires).toISOString(),
      categories: receipt.categories,
      services: receipt.services,
      // The cookie's profile alphabet is narrower than the receipt's (older SDKs, other clients): eu otherwise.
      profile: PROFILES.test(receipt.profile || '') ? receipt.profile : 'eu',
      gpc: receipt.gpc === true,
      reconfirm: receipt.reconfirm,
    } as any)
  }
  // A receipt may be dated up to a day ahead; the cookie still lives no longer than maxAgeDays.
  const maxAge = Math.min(Math.floor((expires - now) / 1000), cookie.maxAgeDays * 86400)
  if (!value || maxAge <= 0) return null
  // SameSite=None needs Secure; on plain http the SDK falls back to Lax, and so does the server.
  const sameSite = cookie.sameSite === 'None' && !secure ? 'lax' : (cookie.sameSite.toLowerCase() as 'lax' | 'strict' | 'none')
  // The value is the SDK's cookie format, written as it is: its alphabet needs no encoding.
  return serialize(cookie.name, value, {
    encode: (v) => v,
    maxAge,
    expires: new Date(now + maxAge * 1000),
    path: cookie.path,
    domain: cookie.domain || undefined,
    sameSite,
    secure,
  })
}

const sameFlags = (a: Record<string, boolean>, b: Record<string, boolean>) => {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === !!b[k])
}

/** The carried cookie records the very decision this receipt reports. */
function sameDecision(c: CookieRecord, r: Receipt, decidedAt: number): boolean {
  return (
    c.timestamp === decidedAt &&
    c.revision === r.revision &&
    c.method === r.method &&
    sameFlags(c.categories, r.categories) &&
    sameFlags(c.services, r.services || {})
  )
}
