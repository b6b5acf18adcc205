import type { CookieSpec, ResolvedConfig } from '../types'
import { keys } from '../util/dict'
import { matchesCookie } from './cookie-store'

/** A cookie list entry's name or pattern (a name, or `{ name, provider, … }`). */
export const cookieName = (c: CookieSpec): string => (typeof c === 'string' ? c : c.name)

/** The purpose a cookie name belongs to: its category, and the service when a service's list names it. */
export interface CookieOwner {
  category: string
  service: string | null
}

/**
 * Who lists a cookie name in the config's `cookies` lists: a service's list first (the narrower
 * word), then a category's own; `null` when none does. The lists are read once; the returned
 * function is what each lookup calls (the cookie guard on every write, the debug view per cookie).
 */
export function cookieOwners(config: ResolvedConfig): (name: string) => CookieOwner | null {
  const lists: [pattern: string, owner: CookieOwner][] = []
  for (const category of keys(config.categories)) {
    const services = config.categories[category].services || {}
    for (const service of keys(services)) for (const k of services[service].cookies || []) lists.push([cookieName(k), { category, service }])
  }
  for (const category of keys(config.categories))
    for (const k of config.categories[category].cookies || []) lists.push([cookieName(k), { category, service: null }])
  return (name) => {
    for (const [pattern, owner] of lists) if (matchesCookie(pattern, name)) return owner
    return null
  }
}
