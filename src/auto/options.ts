import { ID_PATTERN } from '../core/config'
import { isObj } from '../util/dict'
import type { Problem } from '../core/problems'
import type { CookieSpec, ResolvedConfig } from '../types'
import { cookieName } from '../storage/cookie-owner'
import { keys } from '../util/dict'

/** A site's own pattern: `match` is a host with an optional path (`cdn.example.com/track.js`). */
export interface AutoPattern {
  match: string
  category: string
  service?: string
}

export interface AutoBlockOptions {
  /** `false` switches a known vendor off (its URLs are left alone). */
  vendors?: Record<string, boolean>
  /** Tried before the known vendors. */
  patterns?: AutoPattern[]
}

export interface CookieGuardOptions {
  /** What happens to a cookie nothing classifies: `'allow'` (the default; reported) or `'drop'`. */
  unclassified?: 'allow' | 'drop'
}

const HOST_PATH = /^[a-z\d.-]+\.[a-z\d-]+(\/\S*)?$/i

/**
 * `autoBlock` and `cookieGuard` of the auto core, validated here rather than in `core/config.ts`
 * so that the plain core carries none of it (they arrive in `config.extra`, as the core keeps
 * fields it does not use). A field that fails is reported and falls back to off for
 * `autoBlock: {…}` parts (the known vendors stay blocked) and to the defaults for `cookieGuard`.
 */
export function autoOptions(config: ResolvedConfig, report: (p: Problem) => void) {
  const extra = config.extra as Record<string, unknown>
  const fail = (subject: string) => report(['auto', subject])
  let block: AutoBlockOptions | null = null
  const a = extra.autoBlock
  if (a === true) block = {}
  else if (isObj(a)) {
    block = {}
    const v = a.vendors
    if (v != null)
      if (isObj(v) && keys(v).every((k) => typeof v[k] === 'boolean')) block.vendors = v as Record<string, boolean>
      else fail('autoBlock.vendors')
    const p = a.patterns
    if (p != null)
      if (
        Array.isArray(p) &&
        p.every(
          (x) =>
            isObj(x) &&
            typeof x.match === 'string' &&
            HOST_PATH.test(x.match) &&
            ID_PATTERN.test(x.category) &&
            (x.service == null || ID_PATTERN.test(x.service)),
        )
      )
        block.patterns = p as AutoPattern[]
      else fail('autoBlock.patterns')
  } else if (a != null && a !== false) {
    // Meant as on, mistyped: the known vendors are held (fail closed).
    fail('autoBlock')
    block = {}
  }

  let guard: CookieGuardOptions | null = null
  const g = extra.cookieGuard
  if (g === true) guard = {}
  else if (isObj(g)) {
    guard = {}
    if (g.unclassified === 'drop' || g.unclassified === 'allow') guard.unclassified = g.unclassified
    else if (g.unclassified != null) fail('cookieGuard.unclassified')
  } else if (g != null && g !== false) fail('cookieGuard')

  /** `storage` lists of categories and services: id → key patterns (a trailing `*` is a prefix). */
  const storage: Record<string, string[]> = {}
  /** Their `cookies` lists (validated by the core) the same way, for the cookie guard. */
  const cookies: Record<string, string[]> = {}
  for (const cat of keys(config.categories)) {
    const c = config.categories[cat]
    const items: [string, { storage?: unknown; cookies?: readonly CookieSpec[] }, string][] = [[cat, c, 'categories.' + cat]]
    for (const sid of keys(c.services || {})) items.push([sid, c.services![sid], 'categories.' + cat + '.services.' + sid])
    for (const [id, item, path] of items) {
      if (item.cookies) cookies[id] = item.cookies.map(cookieName)
      const list = item.storage
      if (list == null) continue
      if (Array.isArray(list) && list.every((k) => typeof k === 'string' && k)) storage[id] = list as string[]
      else fail(path + '.storage')
    }
  }
  return { block, guard, storage, cookies }
}
