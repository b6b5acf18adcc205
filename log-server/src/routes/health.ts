/** `GET /healthz`: the store answers (200) or not (503). For load balancers and orchestrators. */
import type { FastifyInstance } from 'fastify'
import type { RouteContext } from './context'

export function healthRoutes(app: FastifyInstance, { store }: RouteContext) {
  app.get('/healthz', async (_req, reply) => {
    try {
      await store.ping()
      return { status: 'ok', store: store.kind }
    } catch {
      return reply.code(503).send({ status: 'unavailable', store: store.kind })
    }
  })
}
