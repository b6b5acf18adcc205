/** What every group of routes gets from `buildApp`. */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ServerConfig } from '../config'
import type { Store } from '../store/store'

export type Guard = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>

export interface RouteContext {
  config: ServerConfig
  store: Store
  /** HMAC key of the chains and tombstones. */
  key: string
  now: () => number
  /** Route config of the public endpoints: the per-address rate limit, when on. */
  limited: { rateLimit?: { max: number; timeWindow: number } }
  /** The origin check of the public endpoints that change state (sets `req.firstParty`). */
  sameOriginOnly: Guard
  /** The admin bearer token check. */
  admin: Guard
}

/** Consent IDs are UUIDs v4; any other path parameter is an ID this server has never seen. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
