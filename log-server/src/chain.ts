/**
 * Tamper evidence: every record of a consent ID is sealed with an HMAC over its content and the
 * previous record's seal. Editing, removing or reordering a stored record breaks the chain, and
 * without the server's key nobody can forge a consistent one. `GET /api/verify` walks the chains.
 */
import { createHmac, randomBytes } from 'node:crypto'
import type { ServerConfig } from './config'
import { canonical, type Sealable } from './store/record'
import type { Store } from './store/store'

/** `prevHash` of a chain's first record. */
export const GENESIS = '0'.repeat(64)

export { canonical, type Sealable } from './store/record'
export { idMap, sorted } from './store/ids'

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
