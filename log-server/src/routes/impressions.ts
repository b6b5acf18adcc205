/** `POST /api/impressions`: one banner shown, counted per day, revision, language and profile (no identifier). */
import type { FastifyInstance } from 'fastify'
import { MAX_INTEGER } from '../store/store'
import type { RouteContext } from './context'

export function impressionRoutes(app: FastifyInstance, { store, now, limited, sameOriginOnly }: RouteContext) {
  app.post<{ Body: unknown }>('/api/impressions', { config: limited, onRequest: sameOriginOnly }, async (req, reply) => {
    const b = req.body as Record<string, unknown> | null
    const ok =
      b &&
      typeof b === 'object' &&
      Number.isInteger(b.revision) &&
      (b.revision as number) >= 0 &&
      (b.revision as number) <= MAX_INTEGER &&
      typeof b.language === 'string' &&
      /^[a-z]{2,3}$/.test(b.language) &&
      (b.profile === undefined || (typeof b.profile === 'string' && /^[a-z0-9-]{1,32}$/.test(b.profile)))
    if (!ok) return reply.code(400).send({ error: 'invalid_impression', message: 'expected { revision, language, profile? }' })
    await store.countImpression(new Date(now()).toISOString().slice(0, 10), b.revision as number, b.language as string, (b.profile as string) || 'default')
    return reply.code(204).send()
  })
}
