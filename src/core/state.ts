import { isCurrent, type CookieRecord } from '../storage/codec'
import { own } from './config'
import { dict, keys } from '../util/dict'
import type { ConsentMethod, ConsentState, ResolvedConfig } from '../types'

/** Category and service switches, before they become a dated, identified state. */
export interface Choices {
  categories: Record<string, boolean>
  services: Record<string, boolean>
}

type Flags = Record<string, boolean>

/** Service id → the category that holds it. */
export function serviceParents(config: ResolvedConfig): Record<string, string> {
  const out: Record<string, string> = dict()
  for (const cat of keys(config.categories)) for (const sid of keys(config.categories[cat].services || {})) out[sid] = cat
  return out
}

/**
 * Make choices consistent with the config: exactly the configured ids, required categories (and
 * their services) on, and no service granted while its category is denied.
 */
function enforce(config: ResolvedConfig, categories: Flags, services: Flags): Choices {
  const parents = serviceParents(config)
  // Plain objects: these are the state's, handed to the page (which may call their methods), and
  // keyed only by configured ids, which never name a prototype member (see `ID_PATTERN`). The
  // choices read here are a record's (no prototype), a state's (every configured id its own) or
  // `uniform`'s, so nothing inherited from a polluted Object.prototype is read as a grant.
  const c: Flags = {}
  const s: Flags = {}
  for (const cat of keys(config.categories)) c[cat] = !!config.categories[cat].required || categories[cat] === true
  for (const sid of keys(parents)) s[sid] = c[parents[sid]] && (services[sid] === true || !!config.categories[parents[sid]].required)
  return { categories: c, services: s }
}

/** Every category and service set to `value`; required ones stay on. */
export function uniform(config: ResolvedConfig, value: boolean): Choices {
  const all: Flags = new Proxy({}, { get: () => value }) // answers `value` for every id
  return enforce(config, all, all)
}

/**
 * Merge `changes` (category or service ids) into `base`. A category switched on or off takes its
 * services along unless they are named too; a service switched on switches its category on.
 * Required purposes stay on. Returns the ids it did not know.
 */
export function applyChanges(config: ResolvedConfig, base: Choices, changes: Record<string, unknown>) {
  const parents = serviceParents(config)
  const categories = { ...base.categories }
  const services = { ...base.services }
  const unknown: string[] = []
  // Categories first, then services, so the result does not depend on the order of the keys.
  for (const id of keys(changes)) {
    if (own(config.categories, id)) categories[id] = !!changes[id]
    else if (!own(parents, id)) unknown.push(id)
  }
  for (const sid of keys(parents)) {
    const cat = parents[sid]
    if (own(changes, sid)) {
      services[sid] = !!changes[sid]
      if (changes[sid]) categories[cat] = true
    } else if (own(changes, cat)) services[sid] = !!changes[cat]
  }
  return { choices: enforce(config, categories, services), unknown }
}

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * States are handed to pages and listeners: frozen, so that editing one (say, a custom UI using
 * it as form data) cannot change what `has()` answers without a decision.
 */
function freeze(s: ConsentState): ConsentState {
  const f = Object.freeze
  f(s.categories)
  f(s.services)
  return f(s)
}

/** Whether a profile asks before anything optional runs (`us` and `none` do not). */
export const optIn = (profile: string) => profile !== 'us' && profile !== 'none'

/**
 * Build the dated state of a decision made now. Times are whole seconds so they survive the cookie.
 * `gpc`: the browser sends Global Privacy Control. Under `kr` a granted marketing consent is due
 * for confirmation two years after it was given: a later decision that keeps it keeps its date
 * (`prev`, the state in force).
 */
export function makeState(
  config: ResolvedConfig,
  choices: Choices,
  method: ConsentMethod,
  id: string,
  now: number,
  gpc?: boolean,
  prev?: ConsentState | null,
): ConsentState {
  const t = Math.floor(now / 1000) * 1000
  const s: ConsentState = {
    id,
    revision: config.revision,
    ...choices,
    method,
    timestamp: iso(t),
    expires: iso(t + Math.round(config.cookie.maxAgeDays * 86400) * 1000),
    profile: config.profile,
    gpc: !!gpc,
  }
  // 730 days: two years, or a day less across a 29 February (a day early rather than late).
  if (config.profile === 'kr' && choices.categories.marketing) s.reconfirm = (prev && prev.categories.marketing && prev.reconfirm) || iso(t + 730 * 864e5)
  return freeze(s)
}

/** Whether a stored marketing consent is due for confirmation again (`kr`) at `now`. */
export const reconfirmDue = (r: CookieRecord | null, now: number) => !!r && !!r.reconfirm && r.reconfirm <= now

/**
 * The state a stored record stands for under this config, or `null` when it does not count as a
 * decision: other revision, expired, lasting longer than `cookie.maxAgeDays`, or dated in the
 * future (a tampered or broken clock), or made under an opt-out profile (`us`, `none`) while this
 * one asks first: running until the visitor objects is no consent where consent is asked for.
 * Categories the record does not name (added since) are denied, and so is a marketing consent due
 * for confirmation (the gate asks again).
 */
export function stateFromRecord(config: ResolvedConfig, r: CookieRecord | null, now: number): ConsentState | null {
  // No longer than the config's lifetime, counted as `makeState` does.
  if (
    !r ||
    r.revision !== config.revision ||
    !isCurrent(r, now, Math.round(config.cookie.maxAgeDays * 86400) * 1000) ||
    (optIn(config.profile) && !optIn(r.profile!))
  )
    return null
  const due = reconfirmDue(r, now)
  const s: ConsentState = {
    id: r.id,
    revision: r.revision,
    ...enforce(config, due ? Object.assign(dict(), r.categories, { marketing: false }) : r.categories, r.services),
    method: r.method,
    timestamp: iso(r.timestamp),
    expires: iso(r.expires),
    // Decoding always sets both (`eu`, false for a version 1 cookie).
    profile: r.profile!,
    gpc: r.gpc!,
  }
  if (r.reconfirm && !due) s.reconfirm = iso(r.reconfirm)
  return freeze(s)
}

const granted = (c: Choices) =>
  [c.categories, c.services].map((m) =>
    keys(m)
      .filter((k) => m[k])
      .sort(),
  )

/** Whether any category or service granted in `before` is denied in `after`. */
export function isRevocation(before: Choices, after: Choices): boolean {
  const [c, s] = granted(before)
  return c.some((k) => !after.categories[k]) || s.some((k) => !after.services[k])
}

/** Whether the granted categories or services differ. */
export function grantsDiffer(a: Choices, b: Choices): boolean {
  return granted(a).join('|') !== granted(b).join('|')
}
