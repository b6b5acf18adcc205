import type { CookieConfig } from '../types'
import { dict } from '../util/dict'

/**
 * The core's own reader and writer of first-party cookies: it needs only these two operations, on
 * values that are cookie-octets already (see `codec.ts`). js-cookie, which the purge chunk uses to
 * delete cookies off the critical path, measured as the core's reader and writer instead: 6073 B
 * gzip for `consent-gate.js` against 5625 B, +448 B, over the core's 5632 B budget.
 */

/** Every cookie this document sees, name → value (the first one wins when a name is set at several paths). */
export function readCookies(): Record<string, string> {
  // No prototype: a cookie named `constructor` (or a consent cookie configured so) is read like any other.
  const out: Record<string, string> = dict()
  let all = ''
  try {
    all = document.cookie
  } catch {
    /* a sandboxed document without allow-same-origin throws: it has no cookies */
  }
  for (const part of all ? all.split('; ') : []) {
    const eq = part.indexOf('=')
    const name = part.slice(0, eq)
    if (eq > 0 && !(name in out)) out[name] = part.slice(eq + 1)
  }
  return out
}

function set(name: string, value: string, attributes: string) {
  try {
    document.cookie = name + '=' + value + attributes
  } catch {
    /* sandboxed document: nothing to write or delete */
  }
}

/**
 * Write a cookie value that consists of RFC 6265 cookie-octets only. With `maxAge` 0 it deletes
 * the cookie written with the same config.
 */
export function writeCookie(cfg: CookieConfig, value: string, maxAge = Math.round(cfg.maxAgeDays * 86400)): void {
  const https = location.protocol === 'https:'
  set(
    cfg.name,
    value,
    '; Path=' +
      cfg.path +
      (cfg.domain ? '; Domain=' + cfg.domain : '') +
      '; Max-Age=' +
      maxAge +
      // Browsers drop `SameSite=None` without `Secure`, which needs https: fall back to Lax there.
      '; SameSite=' +
      (cfg.sameSite === 'None' && !https ? 'Lax' : cfg.sameSite) +
      (https ? '; Secure' : ''),
  )
}

/** Whether a cookie name matches a listed name, where a trailing `*` is a prefix. */
export function matchesCookie(pattern: string, name: string): boolean {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern
}
