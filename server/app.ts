/**
 * The consent-log HTTP API as a Fastify application. `buildApp` wires routes to a `Store`; it does
 * no I/O of its own at import, so tests build as many apps as they like, on either store.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import cors from '@fastify/cors'
import rateLimit from '@fastify/rate-limit'
import { createHmac, createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { Readable } from 'node:stream'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { seal, sorted, subjectOf } from './chain'
import type { ServerConfig } from './config'
import { validateReceipt, type Receipt } from './receipt-validator'
import { reissuedCookie } from './reissue-cookie'
import { buildStats, parseRange } from './stats'
import { exportRows, type ExportFormat } from './export'
import { verifyChains } from './verify'
import { canonicalAddress, inRanges, truncatedAddress } from './ip'
import { OverloadedError } from './store/rows'
import { MAX_INTEGER, purgeExpired, type NewRecord, type Store, type StoredRecord } from './store/store'

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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

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

/**
 * Where a state-changing request comes from, as the browser tells it. A page on another site can
 * make the visitor's browser POST (a text/plain form, fetch no-cors, sendBeacon) without CORS, but
 * it cannot choose the `Origin` and `Sec-Fetch-Site` headers the browser adds, nor the `Host`.
 * - `own`: the server's own origin (Sec-Fetch-Site: same-origin, or an Origin equal to the scheme
 *   and Host of the request): may post, and may get the consent cookie;
 * - `allowed`: an origin of CONSENT_GATE_ORIGINS: may post, never gets a cookie for this host;
 * - `other`: neither header (curl, a server): no browser forgery is possible, may post, no cookie;
 * - `forbidden`: any other origin, the opaque origin `null`, or a cross-site fetch without Origin.
 */
export type OriginVerdict = 'own' | 'allowed' | 'other' | 'forbidden'

/** The origin the request was addressed to: its scheme (X-Forwarded-Proto when trusted) and Host. */
function ownOrigin(req: FastifyRequest): string | null {
  const host = String(req.host || '')
  if (!host || /[/?#@\\\s]/.test(host)) return null
  try {
    return new URL(`${req.protocol}://${host}`).origin
  } catch {
    return null
  }
}

export function originVerdict(req: FastifyRequest, allowlist: string[]): OriginVerdict {
  const origin = req.headers.origin
  const site = req.headers['sec-fetch-site']
  if (Array.isArray(origin) || Array.isArray(site)) return 'forbidden'
  const crossSite = site === 'cross-site' || site === 'same-site'
  if (origin === undefined) return crossSite ? 'forbidden' : site === 'same-origin' ? 'own' : 'other'
  // `null`: a sandboxed frame, a data: URL or a cross-origin redirect; nobody to vouch for.
  if (origin === 'null') return 'forbidden'
  if (site === 'same-origin') return 'own'
  const own = ownOrigin(req)
  if (!crossSite && own) {
    if (origin === own) return 'own'
    // Behind a TLS-terminating proxy that does not send X-Forwarded-Proto (or is not trusted), the
    // request looks like http although the page is https: the same host over https is the same site.
    if (own.startsWith('http:') && origin === 'https:' + own.slice(5)) return 'own'
  }
  return allowlist.includes(origin) ? 'allowed' : 'forbidden'
}

/**
 * What is kept of the client address: nothing, a truncated prefix (/24, /48), or a keyed hash of
 * its canonical form. A value that does not parse as an address is never stored.
 */
export function keptIp(mode: ServerConfig['storeIp'], ip: string, key: string): string | null {
  if (mode === 'off') return null
  if (mode === 'truncated') return truncatedAddress(ip)
  const canonical = canonicalAddress(ip)
  return canonical && createHmac('sha256', key).update('ip:').update(canonical).digest('hex').slice(0, 32)
}

const trustHops = (n: number) => (_addr: string, i: number) => i < n

/**
 * The client's address for the rate limit and the log: the address Fastify derives (through the
 * trusted proxies), when it is one. A forwarded value that is not an address is never used; the
 * socket's address is then the key of the rate limit, and nothing is stored.
 */
export function clientAddress(req: FastifyRequest): { key: string; stored: string | null } {
  const derived = canonicalAddress(req.ip)
  return { key: derived || canonicalAddress(req.socket?.remoteAddress) || 'unknown', stored: derived }
}

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
        `X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
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
  const exempt = Array.isArray(config.trustProxy) ? config.trustProxy : []
  const open = new Map<string, number>()
  server.prependListener('connection', (socket: Socket) => {
    const who = canonicalAddress(socket.remoteAddress)
    // No address: the socket is already gone.
    if (!who || (exempt.length && inRanges(who, exempt))) return
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

/** Failed admin logins allowed per client address and minute, before a 429. */
export const ADMIN_FAILURES_PER_MINUTE = 10

const sha = (s: string) => createHash('sha256').update(s).digest()

/** The record as the API shows it: the receipt's own fields, then what the server added. */
function publicRecord(r: StoredRecord) {
  return {
    schema: 'consent-gate.receipt/1',
    receiptId: r.receiptId,
    consentId: r.consentId,
    revision: r.revision,
    categories: r.categories,
    services: r.services,
    method: r.method,
    timestamp: r.timestamp,
    url: r.url,
    language: r.language,
    configHash: r.configHash,
    ...(r.profile ? { profile: r.profile } : {}),
    seq: r.seq,
    receivedAt: new Date(r.receivedAt).toISOString(),
    hash: r.hash,
  }
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config, store, key } = opts
  const now = opts.now || Date.now
  const adminDigest = sha(opts.adminToken)

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

  // Failed admin logins per client address: guessing the token is limited even when the public
  // rate limit is off. Bounded: the oldest address goes first past 10,000.
  const failures = new Map<string, { count: number; until: number }>()
  const admin = async (req: FastifyRequest, reply: FastifyReply) => {
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

  app.get('/healthz', async (_req, reply) => {
    try {
      await store.ping()
      return { status: 'ok', store: store.kind }
    } catch {
      return reply.code(503).send({ status: 'unavailable', store: store.kind })
    }
  })

  app.post('/api/consents', { config: limited, onRequest: sameOriginOnly }, async (req, reply) => {
    const v = validateReceipt(req.body, now())
    if (!v.ok) return reply.code(400).send({ error: 'invalid_receipt', field: v.field, message: `${v.field} ${v.message}` })
    const r: Receipt = v.receipt
    const record: NewRecord = {
      receiptId: r.receiptId,
      consentId: r.consentId,
      revision: r.revision,
      method: r.method,
      categories: sorted(r.categories),
      services: sorted(r.services),
      timestamp: r.timestamp,
      url: r.url,
      language: r.language,
      configHash: r.configHash,
      profile: r.profile || null,
      ip: (() => {
        const ip = clientAddress(req).stored
        return ip && keptIp(config.storeIp, ip, key)
      })(),
      userAgent: config.storeUserAgent ? String(req.headers['user-agent'] || '').slice(0, 512) || null : null,
    }
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

  return app
}

/** A fresh random admin token, printed at start when none is configured. */
export const newToken = () => randomBytes(24).toString('base64url')
