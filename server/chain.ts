/**
 * Tamper evidence: every record of a consent ID is sealed with an HMAC over its content and the
 * previous record's seal. Editing, removing or reordering a stored record breaks the chain, and
 * without the server's key nobody can forge a consistent one. `GET /api/verify` walks the chains.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { ServerConfig } from './config'
import type { Store } from './store/store'

/** `prevHash` of a chain's first record. */
export const GENESIS = '0'.repeat(64)

/** The sealed content of a record: exactly what the proof of consent rests on. */
export interface Sealable {
  receiptId: string
  consentId: string
  seq: number
  revision: number
  method: string
  categories: Record<string, boolean>
  services: Record<string, boolean>
  timestamp: string
  receivedAt: number
  url: string
  language: string
  configHash: string
  profile: string | null
  ip: string | null
  userAgent: string | null
}

/**
 * A map keyed by ids from outside (category and service ids), with no prototype: `__proto__`,
 * `constructor` or `toString` are ordinary keys of it, never Object.prototype's members, whoever
 * later reads, counts or assigns through it. Own properties are defined, not assigned, so a
 * `__proto__` key of the source (JSON.parse makes one an own property) stays a key.
 * JSON.stringify serialises it exactly like a plain object.
 */
export function idMap<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out: Record<string, T> = Object.create(null)
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
  return out
}

/** Keys in a fixed order, so the same record always gives the same bytes. */
export const sorted = (map: Record<string, boolean>): Record<string, boolean> => idMap(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))

export function canonical(r: Sealable): string {
  return JSON.stringify([
    r.receiptId,
    r.consentId,
    r.seq,
    r.revision,
    r.method,
    sorted(r.categories),
    sorted(r.services),
    r.timestamp,
    r.receivedAt,
    r.url,
    r.language,
    r.configHash,
    r.profile,
    r.ip,
    r.userAgent,
  ])
}

export function seal(key: string, prevHash: string, r: Sealable): string {
  return createHmac('sha256', key).update(prevHash).update('\n').update(canonical(r)).digest('hex')
}

/** A keyed, one-way name for a consent ID: tombstones say that an ID was erased without keeping it. */
export function subjectOf(key: string, consentId: string): string {
  return createHmac('sha256', key).update('erased:').update(consentId).digest('hex')
}

/**
 * The HMAC key: `CONSENT_GATE_SECRET` when set, else the one kept in the database (created by the
 * first instance to ask), so every instance and command on one database seals alike.
 */
export async function chainKey(config: Pick<ServerConfig, 'secret'>, store: Pick<Store, 'metaSetIfAbsent'>): Promise<string> {
  return config.secret || store.metaSetIfAbsent('hmac_key', randomBytes(32).toString('hex'))
}
