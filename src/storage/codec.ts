import { fnv1a } from '../util/hash'
import { dict, keys } from '../util/dict'
import type { ConsentState, Profile } from '../types'

/**
 * The consent cookie, format version 2 (documented in docs/cookie.md so any backend can read it):
 *
 *   2|<consentId>|<revision>|<method>|<timestamp>|<expires>|<categories>|<services>|<profile>|<gpc>|<reconfirm>|<checksum>
 *
 * Version 1 is the same without `<profile>|<gpc>|<reconfirm>`; it still decodes (profile `eu`,
 * the only model it knew), so a visitor's earlier decision keeps counting.
 *
 * - timestamp, expires: Unix time in seconds;
 * - profile: `eu`, `uk`, `kr`, `us` or `none`; gpc: `1` when Global Privacy Control was on, else `0`;
 * - reconfirm: Unix time in seconds when a `kr` marketing consent must be confirmed again, or empty;
 * - categories, services: `id:1` (granted) or `id:0` (denied), joined by `.`;
 * - checksum: FNV-1a 32-bit, 8 lowercase hex digits, of everything before the last `|`.
 *
 * Every character is a valid RFC 6265 cookie-octet, so the value needs no escaping.
 */
export interface CookieRecord {
  id: string
  revision: number
  method: string
  /** Milliseconds since the epoch, whole seconds. */
  timestamp: number
  expires: number
  categories: Record<string, boolean>
  services: Record<string, boolean>
  /** Optional only for records built by hand: decoding always sets these three (`eu`, false, 0 for version 1). */
  profile?: Profile
  gpc?: boolean
  /** Milliseconds since the epoch; 0: none. */
  reconfirm?: number
}

/**
 * The whole format in one pattern: anything else (truncated, padded, reordered) is not a record.
 * Groups: 1 everything the checksum covers, 2 version, 3 id (UUID v4), 4 revision (up to 2^31-1, ten digits), 5 method,
 * 6 timestamp, 7 expires, 8 categories, 9 services (`id:0|1` joined by `.`, possibly empty),
 * 10 profile, 11 gpc, 12 reconfirm (these three in version 2 only), 13 checksum.
 */
const FORMAT =
  /^(([12])\|([\da-f]{8}-[\da-f]{4}-4[\da-f]{3}-[89ab][\da-f]{3}-[\da-f]{12})\|(\d{1,10})\|([a-z\d-]{1,32})\|(\d{1,11})\|(\d{1,11})\|((?:[\w-]{1,64}:[01](?:\.[\w-]{1,64}:[01])*)?)\|((?:[\w-]{1,64}:[01](?:\.[\w-]{1,64}:[01])*)?)(?:\|(eu|uk|kr|us|none)\|([01])\|(\d{0,12}))?)\|([\da-f]{8})$/

const flags = (map: Record<string, boolean>) =>
  keys(map)
    .map((k) => k + ':' + +!!map[k])
    .join('.')

function parseFlags(field: string): Record<string, boolean> {
  // Keyed by what the cookie says: no prototype, so `__proto__:1` is a key like any other and an
  // id the cookie does not name is never read from a polluted Object.prototype.
  const out: Record<string, boolean> = dict()
  for (const part of field ? field.split('.') : []) out[part.slice(0, -2)] = part.slice(-1) === '1'
  return out
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000)

/** A state without a profile (built by hand, say) is written as `eu`. */
export function encodeState(s: Omit<ConsentState, 'profile'> & { profile?: Profile }): string {
  const body = [
    '2',
    s.id,
    s.revision,
    s.method,
    seconds(s.timestamp),
    seconds(s.expires),
    flags(s.categories),
    flags(s.services),
    s.profile || 'eu',
    +!!s.gpc,
    s.reconfirm ? seconds(s.reconfirm) : '',
  ].join('|')
  return body + '|' + fnv1a(body)
}

/** Parse a cookie value. Anything malformed, truncated or edited gives `null`, never an exception. */
export function decodeRecord(value: unknown): CookieRecord | null {
  const m = typeof value === 'string' && value.length < 4096 ? FORMAT.exec(value) : null
  // The version-2 fields are there exactly when the version says 2.
  if (!m || fnv1a(m[1]) !== m[13] || (m[2] === '2') !== !!m[10]) return null
  return {
    id: m[3],
    revision: +m[4],
    method: m[5],
    timestamp: +m[6] * 1000,
    expires: +m[7] * 1000,
    categories: parseFlags(m[8]),
    services: parseFlags(m[9]),
    profile: (m[10] || 'eu') as Profile,
    gpc: m[11] === '1',
    reconfirm: +m[12] * 1000 || 0,
  }
}

/** 400 days, Chromium's cap on a cookie's lifetime and the longest `cookie.maxAgeDays` allowed. */
export const MAX_AGE = 400 * 864e5

/**
 * Whether a record is still in force at `now`: not expired, not dated more than a day ahead (a
 * tampered cookie or a broken clock), and not lasting longer than `maxAge` (ms; the config's
 * `cookie.maxAgeDays`, at most 400 days by default), neither from its timestamp nor from now. The
 * checksum is no signature: anyone can write `expires` in the year 5138 and a valid checksum, and
 * such a cookie must count as no decision, like an expired one. (Lowering `maxAgeDays` asks
 * visitors whose choice would outlast it again, which is what the setting says.) Browser and
 * server apply the same rule.
 */
export function isCurrent(r: CookieRecord, now: number, maxAge = MAX_AGE): boolean {
  return r.expires > now && r.expires > r.timestamp && r.timestamp <= now + 864e5 && r.expires <= Math.min(r.timestamp, now) + maxAge
}
