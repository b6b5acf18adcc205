import { fnv1a } from '../util/hash'
import { UUID_PATTERN } from '../util/uuid'
import type { ConsentState } from '../types'

/**
 * The consent cookie, format version 1 (documented in the README so any backend can read it):
 *
 *   1|<consentId>|<revision>|<method>|<timestamp>|<expires>|<categories>|<services>|<checksum>
 *
 * - timestamp, expires: Unix time in seconds;
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
}

export const FORMAT_VERSION = '1'
const METHOD_PATTERN = /^[a-z0-9-]{1,32}$/
const INT = /^\d{1,12}$/

const flags = (map: Record<string, boolean>) =>
  Object.keys(map)
    .map((k) => k + ':' + (map[k] ? 1 : 0))
    .join('.')

function parseFlags(field: string): Record<string, boolean> | null {
  const out: Record<string, boolean> = {}
  if (!field) return out
  for (const part of field.split('.')) {
    const m = /^([A-Za-z0-9_-]{1,64}):([01])$/.exec(part)
    if (!m) return null
    out[m[1]] = m[2] === '1'
  }
  return out
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000)

export function encodeState(s: ConsentState): string {
  const body = [FORMAT_VERSION, s.id, s.revision, s.method, seconds(s.timestamp), seconds(s.expires), flags(s.categories), flags(s.services)].join('|')
  return body + '|' + fnv1a(body)
}

/** Parse a cookie value. Anything malformed, truncated or edited gives `null`, never an exception. */
export function decodeRecord(value: unknown): CookieRecord | null {
  if (typeof value !== 'string' || value.length > 4096) return null
  const cut = value.lastIndexOf('|')
  if (cut < 0 || fnv1a(value.slice(0, cut)) !== value.slice(cut + 1)) return null
  const f = value.slice(0, cut).split('|')
  if (f.length !== 8 || f[0] !== FORMAT_VERSION) return null
  const [, id, rev, method, t, e, cats, svcs] = f
  if (!UUID_PATTERN.test(id) || !INT.test(rev) || !METHOD_PATTERN.test(method) || !INT.test(t) || !INT.test(e)) return null
  const categories = parseFlags(cats)
  const services = parseFlags(svcs)
  if (!categories || !services) return null
  return { id, revision: +rev, method, timestamp: +t * 1000, expires: +e * 1000, categories, services }
}
