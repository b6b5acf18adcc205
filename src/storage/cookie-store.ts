import type { CookieConfig } from '../types'
import { dict } from '../util/dict'

/**
 * First-party cookies, read and written directly. (js-cookie was the planned tool; its 0.7 kB gzip
 * did not fit the core's 4 kB budget, and the core needs only these few operations on values
 * that are cookie-octets already, see `codec.ts`.)
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

/** Every path a cookie visible on this page can have been set with: `/`, `/a`, `/a/`, `/a/b`, … */
function pathVariants(): string[] {
  const out = ['/']
  let acc = ''
  for (const seg of location.pathname.split('/'))
    if (seg) {
      acc += '/' + seg
      out.push(acc, acc + '/')
    }
  return out
}

/**
 * Every Domain attribute that can cover this host: none (host-only), the host itself and each
 * parent domain (`a.b.example.com` → `b.example.com`, `example.com`). A browser ignores a delete
 * aimed at a public suffix, so no list of suffixes is needed.
 */
function domainVariants(): string[] {
  const host = location.hostname
  const out = ['']
  if (/^[\d.]+$|:/.test(host)) return out // an IP address: host-only cookies only
  const labels = host.split('.')
  for (let i = 0; i < Math.max(1, labels.length - 1); i++) out.push('; Domain=' + labels.slice(i).join('.'))
  return out
}

/** Delete a cookie in every path and domain variant that can hold it. */
export function deleteCookie(name: string): void {
  for (const path of pathVariants()) for (const domain of domainVariants()) set(name, '', '; Path=' + path + domain + '; Max-Age=0')
}

/** Whether a cookie name matches a listed name, where a trailing `*` is a prefix. */
export function matchesCookie(pattern: string, name: string): boolean {
  return pattern.slice(-1) === '*' ? name.indexOf(pattern.slice(0, -1)) === 0 : name === pattern
}
