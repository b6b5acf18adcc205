/**
 * The operator's endpoints, behind the admin bearer token: `GET /api/stats`, `GET /api/export`
 * (NDJSON or CSV, streamed), `GET /api/verify` (the hash chains walked).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { createHash, timingSafeEqual } from 'node:crypto'
import { Readable } from 'node:stream'
import { seal } from '../chain'
import { exportRows, type ExportFormat } from '../export'
import { clientAddress } from '../request'
import { buildStats, parseRange } from '../stats'
import { verifyChains } from '../verify'
import type { Guard, RouteContext } from './context'

/** Failed admin logins allowed per client address and minute, before a 429. */
export const ADMIN_FAILURES_PER_MINUTE = 10

const sha = (s: string) => createHash('sha256').update(s).digest()

/** The check of `Authorization: Bearer <token>`, with its own limit on failed attempts. */
export function adminOnly(token: string, now: () => number): Guard {
  const adminDigest = sha(token)
  // Failed admin logins per client address: guessing the token is limited even when the public
  // rate limit is off. Bounded: the oldest address goes first past 10,000.
  const failures = new Map<string, { count: number; until: number }>()
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const who = clientAddress(req).key
    const t = now()
    let f = failures.get(who)
    if (f && f.until <= t) {
      failures.delete(who)
      f = undefined
    }
    // Locked out: refuse the right token too, or a guess would tell by its answer.
    if (f && f.count >= ADMIN_FAILURES_PER_MINUTE) {
      const wait = Math.ceil((f.until - t) / 1000)
      return reply
        .code(429)
        .header('Retry-After', String(wait))
        .send({ error: 'rate_limited', message: `over ${ADMIN_FAILURES_PER_MINUTE} failed admin logins per minute; retry in ${wait} s` })
    }
    // The auth scheme is case-insensitive (RFC 7235).
    const m = /^bearer +(.+)$/i.exec(String(req.headers.authorization || ''))
    if (!m || !timingSafeEqual(sha(m[1].trim()), adminDigest)) {
      if (f) f.count++
      else {
        if (failures.size >= 10_000) failures.delete(failures.keys().next().value!)
        failures.set(who, { count: 1, until: t + 60_000 })
      }
      return reply.code(401).header('WWW-Authenticate', 'Bearer').send({ error: 'unauthorized', message: 'Authorization: Bearer <admin token> required' })
    }
  }
}

export function adminRoutes(app: FastifyInstance, { store, key, now, admin }: RouteContext) {
  app.get<{ Querystring: Record<string, string> }>('/api/stats', { preHandler: admin }, async (req, reply) => {
    const range = parseRange(req.query, now())
    if ('error' in range) return reply.code(400).send({ error: 'bad_request', field: range.field, message: range.error })
    return buildStats(await store.aggregate(range.from, range.to, range.groupBy), range)
  })

  app.get<{ Querystring: { format?: string } }>('/api/export', { preHandler: admin }, async (req, reply) => {
    const format = (req.query.format || 'ndjson') as ExportFormat
    if (format !== 'ndjson' && format !== 'csv') return reply.code(400).send({ error: 'bad_request', field: 'format', message: 'format must be ndjson or csv' })
    const stamp = new Date(now()).toISOString().slice(0, 10)
    reply
      .header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
      .header('Content-Disposition', `attachment; filename="consents-${stamp}.${format}"`)
    return reply.send(Readable.from(exportRows(store, format)))
  })

  app.get('/api/verify', { preHandler: admin }, async () => verifyChains(store, (prev, r) => seal(key, prev, r)))
}
