/**
 * What a request tells about its sender: where it comes from (the origin check), its client
 * address (through the trusted proxies), and what is kept of that address.
 */
import type { FastifyRequest } from 'fastify'
import { createHmac } from 'node:crypto'
import type { ServerConfig } from './config'
import { canonicalAddress, truncatedAddress } from './ip'

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

/**
 * The client's address for the rate limit and the log: the address Fastify derives (through the
 * trusted proxies), when it is one. A forwarded value that is not an address is never used; the
 * socket's address is then the key of the rate limit, and nothing is stored.
 */
export function clientAddress(req: FastifyRequest): { key: string; stored: string | null } {
  const derived = canonicalAddress(req.ip)
  return { key: derived || canonicalAddress(req.socket?.remoteAddress) || 'unknown', stored: derived }
}
