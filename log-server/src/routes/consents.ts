/**
 * The visitor's endpoints: `POST /api/consents` stores a receipt (and answers the server's own
 * pages with the re-issued consent cookie); `GET` and `DELETE /api/consents/:consentId` are the
 * visitor's rights to see and to erase their record.
 */
import type { FastifyInstance } from 'fastify'
import { seal, subjectOf } from '../chain'
import { validateReceipt } from '../receipt-validator'
import { reissuedCookie } from '../reissue-cookie'
import { clientAddress, keptIp } from '../request'
import { publicRecord, recordOf } from '../store/record'
import { UUID, type RouteContext } from './context'

export function consentRoutes(app: FastifyInstance, { config, store, key, now, limited, sameOriginOnly }: RouteContext) {
  app.post('/api/consents', { config: limited, onRequest: sameOriginOnly }, async (req, reply) => {
    const v = validateReceipt(req.body, now())
    if (!v.ok) return reply.code(400).send({ error: 'invalid_receipt', field: v.field, message: `${v.field} ${v.message}` })
    const r = v.receipt
    const ip = clientAddress(req).stored
    const record = recordOf(r, {
      ip: ip && keptIp(config.storeIp, ip, key),
      userAgent: config.storeUserAgent ? String(req.headers['user-agent'] || '').slice(0, 512) || null : null,
    })
    const outcome = await store.insert(record, (prev, s) => seal(key, prev, s), now())
    if (outcome.status === 'conflict')
      return reply.code(409).send({ error: 'conflict', field: 'receiptId', message: 'receiptId is already used by another consent ID' })
    // Only the server's own pages get the cookie: a Set-Cookie answering another origin (even an
    // allowlisted one) would write a decision into this host's jar that its pages never made.
    const cookie = req.firstParty ? reissuedCookie(req.headers.cookie, r, outcome.status === 'created', config.cookie, req.protocol === 'https', now()) : null
    if (cookie) reply.header('Set-Cookie', cookie)
    const s = outcome.record
    return reply.code(outcome.status === 'created' ? 201 : 200).send({
      receiptId: s.receiptId,
      consentId: s.consentId,
      seq: s.seq,
      receivedAt: new Date(s.receivedAt).toISOString(),
      hash: s.hash,
      duplicate: outcome.status === 'duplicate',
    })
  })

  app.get<{ Params: { consentId: string } }>('/api/consents/:consentId', { config: limited }, async (req, reply) => {
    const id = req.params.consentId
    const records = UUID.test(id) ? await store.history(id) : []
    if (records.length) return { consentId: id, receipts: records.map(publicRecord) }
    const erased = UUID.test(id) ? await store.tombstone(subjectOf(key, id)) : null
    return reply.code(404).send(erased ? { error: 'not_found', erased: true, erasedAt: new Date(erased.erasedAt).toISOString() } : { error: 'not_found' })
  })

  app.delete<{ Params: { consentId: string } }>('/api/consents/:consentId', { config: limited, onRequest: sameOriginOnly }, async (req, reply) => {
    const id = req.params.consentId
    if (!UUID.test(id)) return reply.code(404).send({ error: 'not_found' })
    const subject = subjectOf(key, id)
    const n = await store.erase(id, subject, now())
    // Nothing erased and never erased before: an ID this server has never seen.
    if (!n && (await store.tombstone(subject))!.records === 0) {
      return reply.code(404).send({ error: 'not_found' })
    }
    return reply.code(204).send()
  })
}
