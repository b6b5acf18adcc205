import Cookies from 'js-cookie'
import { matchesCookie, readCookies } from '../storage/cookie-store'
import { cookieName } from '../storage/cookie-owner'
import type { Choices } from '../core/state'
import type { CookieSpec, ResolvedConfig } from '../types'
import { keys } from '../util/dict'

/** The cookies listed for every denied category and service (names or `{ name }`; a trailing `*` is a prefix). */
export function deniedCookies(config: ResolvedConfig, choices: Choices): CookieSpec[] {
  const listed: CookieSpec[] = []
  for (const cat of keys(config.categories)) {
    const c = config.categories[cat]
    if (!choices.categories[cat]) listed.push(...(c.cookies || []))
    if (c.services) for (const sid of keys(c.services)) if (!choices.services[sid]) listed.push(...(c.services[sid].cookies || []))
  }
  return listed
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
function domainVariants(): (string | undefined)[] {
  const host = location.hostname
  const out: (string | undefined)[] = [undefined]
  if (/^[\d.]+$|:/.test(host)) return out // an IP address: host-only cookies only
  const labels = host.split('.')
  for (let i = 0; i < Math.max(1, labels.length - 1); i++) out.push(labels.slice(i).join('.'))
  return out
}

/**
 * The names js-cookie writes as they are: it percent-encodes any other character of a name
 * (`(`, `%`, non-ASCII, …), which would then delete a cookie of another name.
 */
const VERBATIM = /^[\w!#$&'*+.^`|~-]+$/

/** Delete a cookie in every path and domain variant that can hold it. */
export function deleteCookie(name: string): void {
  for (const path of pathVariants())
    for (const domain of domainVariants())
      try {
        if (VERBATIM.test(name)) Cookies.remove(name, { path, domain })
        else document.cookie = name + '=; Path=' + path + (domain ? '; Domain=' + domain : '') + '; Max-Age=0'
      } catch {
        /* sandboxed document: nothing to delete */
      }
}

/**
 * Delete every cookie this page sees that matches one of the `listed`, in every path and domain
 * variant, except the consent cookie `keep`. The script-tag core loads this in the purge chunk
 * (`dist/consent-gate-purge.js`) only when there is something to delete.
 */
export function purgeCookies(listed: CookieSpec[], keep: string): void {
  const patterns = listed.map(cookieName)
  for (const name of keys(readCookies())) if (name !== keep && patterns.some((p) => matchesCookie(p, name))) deleteCookie(name)
}

/**
 * Delete the cookies listed for every denied category and service. Scripts that set them may
 * already have run (before a withdrawal, or from a previous visit), so this runs on every
 * decision and on each page load with a stored choice. The consent cookie itself is never touched.
 */
export function purgeDenied(config: ResolvedConfig, choices: Choices): void {
  purgeCookies(deniedCookies(config, choices), config.cookie.name)
}
