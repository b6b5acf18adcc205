import { deleteCookie, matchesCookie, readCookies } from '../storage/cookie-store'
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

/**
 * Delete every cookie this page sees that matches one of the `listed`, in every path and domain
 * variant, except the consent cookie `keep`. The script-tag core loads this in the purge chunk
 * (`dist/consent-gate-purge.js`) only when there is something to delete.
 */
export function purgeCookies(listed: CookieSpec[], keep: string): void {
  const patterns = listed.map((c) => (typeof c === 'string' ? c : c.name))
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
