/**
 * The consent-log HTTP API as a Fastify application. `buildApp` sets up what every answer shares
 * (limits, headers, CORS, the rate limit, body parsing, error answers, the origin check) and
 * registers the routes, one module per resource (`routes/`), on a `Store`; it does no I/O of its
 * own at import, so tests build as many apps as they like, on either store.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import { randomBytes } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { ServerConfig } from './config'
import { canonicalAddress, rangeMatcher } from './ip'
import { clientAddress, originVerdict } from './request'
import { adminOnly, adminRoutes } from './routes/admin'
import { consentRoutes } from './routes/consents'
import { dashboardRoutes } from './routes/dashboard'
import type { RouteContext } from './routes/context'
import { healthRoutes } from './routes/health'
import { impressionRoutes } from './routes/impressions'
import { OverloadedError } from './store/batch'
import { purgeExpired, type Store } from './store/store'

export { clientAddress, keptIp, originVerdict, type OriginVerdict } from './request'
export { ADMIN_FAILURES_PER_MINUTE } from './routes/admin'

/**
 * How long a client may take: the request line and headers within HEADERS_TIMEOUT_MS, the whole
 * request (body included) within REQUEST_TIMEOUT_MS, however it trickles; an idle keep-alive
 * connection is closed after KEEP_ALIVE_TIMEOUT_MS, any silent socket after SOCKET_IDLE_MS. Node
 * enforces the first two only when it checks, every CHECK_EVERY_MS (30 s by default, which let a
 * trickled body live ~70 s).
 */
export const REQUEST_TIMEOUT_MS = 15_000
export const HEADERS_TIMEOUT_MS = 10_000
export const KEEP_ALIVE_TIMEOUT_MS = 5_000
export const SOCKET_IDLE_MS = 20_000
const CHECK_EVERY_MS = 1_000
/** Largest receipt body, in bytes (the 16 kB). */
export const MAX_RECEIPT_BYTES = 16 * 1024

export interface AppOptions {
  config: ServerConfig
  store: Store
  /** HMAC key of the chains and tombstones. */
  key: string
  /** Admin bearer token. */
  adminToken: string
  /** Fastify's logger option: pino options, a pino instance, or false. */
  logger?: FastifyServerOptions['logger']
  /** Clock, in ms (tests move it). */
  now?: () => number
}

declare module 'fastify' {
  interface FastifyInstance {
    consentGate: { store: Store; purgeExpired(): Promise<number> }
  }
  interface FastifyRequest {
    /** Set by the origin check: the browser says the request comes from the server's own origin. */
    firstParty: boolean
  }
}

const trustHops = (n: number) => (_addr: string, i: number) => i < n

/** Every answer carries these, errors included: no MIME sniffing, and nothing kept by caches. */
const SAFE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' }
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'timeout', 'the request took too long'],
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'the request line and headers are too large'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'too_large', 'chunk extensions too large'],
}

/**
 * Node's `clientError`: a request that never reached Fastify (a malformed request line, headers
 * too large, too slow). Fastify's default answer lacks the safe headers; this one has them, says
 * nothing about the request (no URL: it may hold a consent ID) and closes the connection.
 */
function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const [status, error, message] = CLIENT_ERRORS[err.code || ''] || [400, 'bad_request', 'malformed HTTP request']
  const body = JSON.stringify({ error, message })
  // An answer already under way cannot be replaced by another: just close.
  // Node's own link from a socket to the response it is writing (not in its types).
  const pending = (socket as Socket & { _httpMessage?: { headersSent: boolean } })._httpMessage
  if (socket.writable && !(pending && pending.headersSent)) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        Object.entries(SAFE_HEADERS)
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join('') +
        `Connection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy()
}

/**
 * One client address may hold at most `maxConnectionsPerAddress` connections; the next ones are
 * closed before a byte is read. A trusted proxy speaks for many clients and is exempt (it is
 * where per-client connection limits belong then); so is every peer with a hop count, which
 * cannot tell a proxy from a client. `maxConnections` caps them all.
 */
function limitConnections(server: FastifyInstance['server'], config: ServerConfig) {
  server.maxConnections = config.maxConnections
  const cap = config.maxConnectionsPerAddress
  if (!cap || typeof config.trustProxy === 'number') return
  const exempt = Array.isArray(config.trustProxy) && config.trustProxy.length ? rangeMatcher(config.trustProxy) : null
  const open = new Map<string, number>()
  server.prependListener('connection', (socket: Socket) => {
    const who = canonicalAddress(socket.remoteAddress)
    // No address: the socket is already gone.
    if (!who || exempt?.(who)) return
    const n = open.get(who) || 0
    if (n >= cap) return void socket.destroy()
    open.set(who, n + 1)
    socket.once('close', () => {
      const left = (open.get(who) || 1) - 1
      if (left) open.set(who, left)
      else open.delete(who)
    })
  })
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config, store, key } = opts
  const now = opts.now || Date.now

  const app = Fastify({
    logger:
      opts.logger === undefined
        ? { level: config.logLevel, serializers: { req: (req) => ({ method: req.method }), res: (res) => ({ statusCode: res.statusCode }) } }
        : opts.logger,
    // Our own line per request below: the route pattern, never the URL (it holds consent IDs) or an address.
    logController: new LogController({ disableRequestLogging: true }),
    // A hop count as a function: Fastify's own number form believes no proxy at all. Counted from
    // the socket: hop i is believed when i < n, so the client is the n-th entry from the right of
    // X-Forwarded-For, never one the client wrote itself.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy || false,
    bodyLimit: MAX_RECEIPT_BYTES,
    // Leave a slow or silent client no room to hold connections open.
    requestTimeout: REQUEST_TIMEOUT_MS,
    connectionTimeout: SOCKET_IDLE_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    http: { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: CHECK_EVERY_MS } as any,
    return503OnClosing: true,
    clientErrorHandler,
    // Fastify's answers to a bad URL and a too long path parameter quote the path: they may hold a
    // consent ID, which is the visitor's bearer secret. Say what was wrong, not what was asked.
    frameworkErrors: (error, _req, reply: FastifyReply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      reply
        .code(tooLong ? 414 : 400)
        .headers(SAFE_HEADERS)
        .send(tooLong ? { error: 'uri_too_long', message: 'a path segment is too long' } : { error: 'bad_request', message: 'the URL is not valid' })
    },
  })
  // Every answer written through Node's response object starts with the safe headers, even those
  // Fastify writes without its hooks (503 while closing); a route's own Cache-Control still wins.
  app.server.prependListener('request', (_req, res) => {
    for (const [name, value] of Object.entries(SAFE_HEADERS)) res.setHeader(name, value)
  })
  limitConnections(app.server, config)

  app.decorate('consentGate', {
    store,
    purgeExpired: () => purgeExpired(store, config.retentionDays, now()),
  })

  app.addHook('onResponse', async (req, reply) => {
    req.log.info({ method: req.method, route: req.routeOptions.url || '(no route)', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request')
  })
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff')
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store')
    return payload
  })

  await app.register(cors, {
    origin: (origin, cb) => cb(null, !!origin && config.origins.includes(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Authorization'],
    maxAge: 600,
  })
  await app.register(rateLimit, {
    global: false,
    // Bounded memory: an LRU of client addresses.
    cache: 10_000,
    keyGenerator: (req) => clientAddress(req).key,
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      error: 'rate_limited',
      message: `over ${ctx.max} requests per minute; retry in ${Math.ceil(ctx.ttl / 1000)} s`,
    }),
  })
  const limited: { rateLimit?: { max: number; timeWindow: number } } = config.rateLimit > 0 ? { rateLimit: { max: config.rateLimit, timeWindow: 60_000 } } : {}

  // Receipts come as application/json, or as text/plain from sendBeacon (no CORS preflight).
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string', bodyLimit: MAX_RECEIPT_BYTES }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string))
    } catch {
      const e = Object.assign(new Error('body is not valid JSON'), { statusCode: 400, code: 'invalid_json' })
      done(e, undefined)
    }
  })

  app.setErrorHandler((error: any, req, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
    if (status === 413) return reply.code(413).send({ error: 'too_large', message: `body over ${MAX_RECEIPT_BYTES} bytes` })
    if (status === 415) return reply.code(415).send({ error: 'unsupported_media_type', message: 'Content-Type must be application/json or text/plain' })
    if (status === 429) return reply.code(429).send({ error: 'rate_limited', message: error.message })
    if (error instanceof OverloadedError) return reply.code(503).header('Retry-After', '1').send({ error: 'overloaded', message: 'try again' })
    if (status >= 500) {
      req.log.error({ err: { type: error.name, message: error.message, code: error.code } }, 'request failed')
      return reply.code(status).send({ error: 'internal', message: 'internal error' })
    }
    // Our own parser's and Fastify's body errors say what was wrong with the body; any other
    // framework message might quote the request, so it is not echoed.
    const known = error.code === 'invalid_json' || String(error.code || '').startsWith('FST_ERR_CTP_')
    return reply.code(status).send({
      error: error.code === 'invalid_json' ? 'invalid_json' : 'bad_request',
      field: '(body)',
      message: known ? error.message : STATUS_CODES[status] || 'bad request',
    })
  })
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: 'not_found' }))

  // The public endpoints that change state: a receipt (and the cookie that answers it), an
  // erasure (a cross-site page would destroy the visitor's proof), an impression (stats).
  app.decorateRequest('firstParty', false)
  const sameOriginOnly = async (req: FastifyRequest, reply: FastifyReply) => {
    const verdict = originVerdict(req, config.origins)
    if (verdict === 'forbidden') {
      return reply
        .code(403)
        .send({ error: 'forbidden_origin', message: 'cross-site requests are refused: post from the site itself or from an origin in CONSENT_GATE_ORIGINS' })
    }
    req.firstParty = verdict === 'own'
  }

  const routes: RouteContext = { config, store, key, now, limited, sameOriginOnly, admin: adminOnly(opts.adminToken, now) }
  healthRoutes(app, routes)
  consentRoutes(app, routes)
  impressionRoutes(app, routes)
  adminRoutes(app, routes)
  dashboardRoutes(app)

  return app
}

/** A fresh random admin token, printed at start when none is configured. */
export const newToken = () => randomBytes(24).toString('base64url')
