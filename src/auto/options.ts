import { isObj } from '../util/dict'
import type { CookieSpec, ResolvedConfig } from '../types'
import { cookieName } from '../storage/cookie-owner'
import { isId } from '../core/ids'
import { eachItem } from '../core/items'

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

/** A pattern the blocker can use: a host with an optional path, a category id, a service id if any. */
export const usablePattern = (p: unknown): p is AutoPattern =>
  isObj(p) && typeof p.match === 'string' && /^[a-z\d.-]+\.[a-z\d-]+(\/\S*)?$/i.test(p.match) && isId(p.category) && (p.service == null || isId(p.service))

/** A name a `storage` list can hold: a non-empty string (`lintConfig` names a list with any other). */
export const isStorageKey = (k: unknown): k is string => typeof k === 'string' && !!k

/** On: anything but absent or `false`. */
const asked = (v: unknown) => v != null && v !== false

/**
 * Whether the config asks for auto-blocking or the cookie guard: either is anything but absent or
 * `false`, as `autoOptions` reads them. The plain core, which has neither, then releases nothing
 * (`src/create-consent-gate.ts`) and names the file to load.
 */
export const asksAuto = (extra: Record<string, unknown>) => asked(extra.autoBlock) || asked(extra.cookieGuard)

/**
 * `autoBlock` and `cookieGuard` of the auto core, read here rather than in `core/config.ts` so
 * that the plain core carries none of it (they arrive in `config.extra`, as the core keeps fields
 * it does not use). They are read the way that fails closed, not checked: anything but absent or
 * `false` is on (a mistyped `autoBlock: 'yes'` holds the known vendors), only `false` switches a
 * vendor off, only `'drop'` drops unclassified cookies, and `autoBlock.patterns` and `storage` lists
 * keep only their usable entries (`compile`, below). What is wrong is named by `lintConfig`
 * (src/core/lint.ts, in the page chunk: the auto core carries no sentence of it, docs/size.md).
 */
export function autoOptions(config: ResolvedConfig) {
  const { autoBlock: a, cookieGuard: g } = config.extra as Record<string, unknown>
  const on = (v: unknown) => (asked(v) ? (isObj(v) ? v : {}) : null)
  /** The config's `cookies` lists (validated by the core) by id, for the cookie guard. */
  const cookies: Record<string, string[]> = {}
  /** Whether any category or service lists `storage` keys (cleared by the storage chunk). */
  let storage = false
  const each = (id: string, item: { storage?: unknown; cookies?: readonly CookieSpec[] }) => {
    if (item.cookies) cookies[id] = item.cookies.map(cookieName)
    if (item.storage) storage = true
  }
  eachItem(config, each)
  // A tuple: the core's build does not shorten property names it may not own (17 B gzip).
  return [on(a) as AutoBlockOptions | null, on(g) as CookieGuardOptions | null, storage, cookies] as const
}
