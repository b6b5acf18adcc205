/**
 * `dist/consent-gate-cookies.js`: the cookie guard's decisions (`src/auto/cookie-guard.ts` keeps
 * only the setter and the queue), loaded by the auto core on the first write that must wait for it.
 * A cookie is classified by the config's `cookies` lists, then by the category the Open Cookie
 * Database gives it (by exact name, then by the longest matching prefix); one no one classifies
 * follows `unclassified`. The database is Apache-2.0: its NOTICE heads the table's file
 * (src/data/open-cookie-database.ts), and the build gives the chunk a license banner and the
 * license text beside it (rollup.config.mjs).
 */
import { type DroppedCookie, listing, type MakeCookieGuard } from './auto/cookie-guard'
import { own } from './core/config'
import { serviceParents } from './core/state'
import { OPEN_COOKIE_DATABASE } from './data/open-cookie-database'
import type { ResolvedConfig } from './types'
import { dict, keys } from './util/dict'
import { registerChunk } from './util/load-chunk'

/**
 * The database's lookup for a config's categories: a name → the category it needs, `''` when it
 * needs none (the database's necessary and security cookies), `undefined` when the database does
 * not have it or gives it a category the config does not have.
 */
export function makeCookieLookup({ categories }: ResolvedConfig): (name: string) => string | undefined {
  const names: Record<string, string> = dict()
  const prefixes: [string, string][] = []
  for (const category of keys(OPEN_COOKIE_DATABASE)) {
    const id = category === 'necessary' ? '' : category
    if (id && !own(categories, id)) continue
    for (const name of OPEN_COOKIE_DATABASE[category].split(' '))
      if (name.slice(-1) === '*') prefixes.push([name.slice(0, -1), id])
      else names[name] = id
  }
  // Longest first, so the first prefix that matches is the most specific.
  prefixes.sort((a, b) => b[0].length - a[0].length)
  return (name) => {
    if (name in names) return names[name]
    for (const [prefix, id] of prefixes) if (name.indexOf(prefix) === 0) return id
    return undefined
  }
}

/**
 * The guard's decisions: a name the lists name is written while every purpose that lists it is
 * granted (required categories always are); one they do not, while the category the database
 * gives it is; the rest by `unclassified`. A drop is recorded (`marks.dropped`, for `inspect()`)
 * and reported once per name (`cookie`), an allowed unknown too (`cookieUnknown`).
 */
export const makeCookieGuard: MakeCookieGuard = (api, report, marks, options, set, lists) => {
  const config = api.config
  /** A service's category: a dropped cookie is recorded with both. */
  const parents = serviceParents(config)
  const lookup = makeCookieLookup(config)
  const dropped: DroppedCookie[] = (marks.dropped = marks.dropped || [])
  const told: Record<string, 1> = dict()
  return (doc, v, name) => {
    const ids = listing(lists, name)
    // Not listed: the category the database gives it ('': one that needs none), if any.
    const found = ids.length ? undefined : lookup(name)
    if (found) ids.push(found)
    const known = ids.length > 0 || found === ''
    const denied = ids.filter((id) => !api.has(id))[0]
    const drop = known ? denied != null : options.unclassified === 'drop'
    const key = drop ? 'cookie' : known ? '' : 'cookieUnknown'
    // The last 200 drops: a tracker that retries every second must not grow the record without end.
    if (drop && dropped.push([name, Date.now(), ...(denied == null ? [] : parents[denied] ? [parents[denied], denied] : [denied])] as DroppedCookie) > 200)
      dropped.shift()
    if (key && !told[key + name]) {
      told[key + name] = 1
      report([key, name])
    }
    if (!drop) set.call(doc, v)
  }
}

registerChunk('cookies', makeCookieGuard)
