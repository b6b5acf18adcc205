import { matchesCookie } from '../storage/cookie-store'
import { cookieOwners } from '../storage/cookie-owner'
import type { GateInternals } from '../integrations/integration'
import { keys } from '../util/dict'
import type { CookieGuardOptions } from './options'

/** A write that deletes (an expiry in the past, `Max-Age` 0 or less): never tracking, always let through. */
const DELETES = /;\s*max-age\s*=\s*(0|-)|;\s*expires\s*=\s*[^;]*\b19[0-6]\d\b/i

/**
 * The cookie guard (`cookieGuard`, the auto core only): every write through `document.cookie` of a
 * cookie the current consent does not allow is dropped and reported (once per name, on the console: `cookie`). A cookie is classified
 * by the cookie lists of the categories and services (the consent cookie and the required
 * categories' cookies always pass); one nothing lists follows `unclassified` (default: allowed, and
 * reported: `cookieUnknown`). The original accessor does the work for everything let through.
 */
export function cookieGuard(gate: GateInternals, options: CookieGuardOptions) {
  const { api, config, report } = gate
  const told: Record<string, 1> = {}
  const ownerOf = cookieOwners(config)

  /** The id a cookie needs: `''` for the consent cookie, undefined when nothing lists it. */
  function needs(name: string): string | undefined {
    if (name === config.cookie.name) return ''
    const owner = ownerOf(name)
    return owner ? owner.service || owner.category : undefined
  }

  const d = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')
  if (!d || !d.set) return
  Object.defineProperty(Document.prototype, 'cookie', {
    ...d,
    set(this: Document, v: unknown) {
      const text = String(v)
      const name = text.slice(0, text.indexOf('=') >>> 0).trim()
      const id = needs(name)
      const drop = !(DELETES.test(text) || id === '') && (id == null ? options.unclassified === 'drop' : !api.has(id))
      const key = drop ? 'cookie' : id == null && !DELETES.test(text) ? 'cookieUnknown' : ''
      if (key && !told[key + name]) {
        told[key + name] = 1
        report([key, name])
      }
      if (!drop) d.set!.call(this, v)
    },
  })
}

/**
 * Clear the localStorage and sessionStorage keys listed (`storage: ['_hj*']`) for every category
 * and service the current consent denies: on every decision, as the cookie purge does, so a
 * withdrawal takes the vendor's stored data with it.
 */
export function clearStorage(gate: GateInternals, storage: Record<string, string[]>) {
  const clear = () => {
    for (const id of keys(storage))
      if (!gate.api.has(id))
        for (const area of ['localStorage', 'sessionStorage'] as const)
          try {
            const s = window[area]
            const names: string[] = []
            for (let i = 0; i < s.length; i++) names.push(s.key(i)!)
            for (const k of names) if (storage[id].some((p) => matchesCookie(p, k))) s.removeItem(k)
          } catch {
            /* storage disabled: nothing stored */
          }
  }
  gate.hook('settle', (s) => {
    if (s.state) clear()
  })
}
