import type { CookieRecord } from '../storage/codec'
import type { ConsentMethod, ConsentState, ResolvedConfig } from '../types'

/** Category and service switches, before they become a dated, identified state. */
export interface Choices {
  categories: Record<string, boolean>
  services: Record<string, boolean>
}

/** Service id → the category that holds it. */
export function serviceParents(config: ResolvedConfig): Record<string, string> {
  const out: Record<string, string> = {}
  for (const cat of Object.keys(config.categories)) {
    const services = config.categories[cat].services
    if (services) for (const sid of Object.keys(services)) out[sid] = cat
  }
  return out
}

/**
 * Every configured category and service set to `value`, except required categories (and their
 * services), which are always on.
 */
export function uniform(config: ResolvedConfig, value: boolean): Choices {
  const categories: Record<string, boolean> = {}
  const services: Record<string, boolean> = {}
  const parents = serviceParents(config)
  for (const cat of Object.keys(config.categories)) categories[cat] = value || !!config.categories[cat].required
  for (const sid of Object.keys(parents)) services[sid] = categories[parents[sid]]
  return { categories, services }
}

/**
 * Merge `changes` (category or service ids) into `base`. A category switched on or off takes its
 * services along unless they are named too; a service switched on switches its category on; a
 * category whose services are all off stays as the visitor set it. Required purposes stay on.
 * Returns the ids it did not know.
 */
export function applyChanges(config: ResolvedConfig, base: Choices, changes: Record<string, unknown>) {
  const parents = serviceParents(config)
  const categories = { ...base.categories }
  const services = { ...base.services }
  const unknown: string[] = []
  const ids = Object.keys(changes)
  for (const id of ids) {
    if (!config.categories[id]) {
      if (!parents[id]) unknown.push(id)
      continue
    }
    categories[id] = !!changes[id]
    for (const sid of Object.keys(parents)) if (parents[sid] === id && !(sid in changes)) services[sid] = !!changes[id]
  }
  for (const id of ids) {
    const parent = parents[id]
    if (!parent) continue
    services[id] = !!changes[id]
    if (changes[id]) categories[parent] = true
  }
  return { choices: enforce(config, { categories, services }), unknown }
}

/** Required categories on; a service is never granted while its category is denied. */
function enforce(config: ResolvedConfig, c: Choices): Choices {
  const parents = serviceParents(config)
  for (const cat of Object.keys(config.categories)) if (config.categories[cat].required) c.categories[cat] = true
  for (const sid of Object.keys(parents)) c.services[sid] = !!c.services[sid] && c.categories[parents[sid]]
  return c
}

/** Build the dated state of a decision made now. Times are whole seconds so they survive the cookie. */
export function makeState(config: ResolvedConfig, choices: Choices, method: ConsentMethod, id: string, now: number): ConsentState {
  const t = Math.floor(now / 1000) * 1000
  return {
    id,
    revision: config.revision,
    categories: choices.categories,
    services: choices.services,
    method,
    timestamp: new Date(t).toISOString(),
    expires: new Date(t + Math.round(config.cookie.maxAgeDays * 864e5 / 1000) * 1000).toISOString(),
  }
}

/**
 * The state a stored record stands for under this config, or `null` when it does not count as a
 * decision: other revision, expired, or dated in the future (a tampered or broken clock).
 * Categories the record does not name (added since) are denied.
 */
export function stateFromRecord(config: ResolvedConfig, r: CookieRecord | null, now: number): ConsentState | null {
  if (!r || r.revision !== config.revision || r.expires <= now || r.timestamp > now + 864e5 || r.expires <= r.timestamp) return null
  const base = uniform(config, false)
  for (const cat of Object.keys(base.categories)) base.categories[cat] = base.categories[cat] || r.categories[cat] === true
  for (const sid of Object.keys(base.services)) base.services[sid] = r.services[sid] === true
  const c = enforce(config, base)
  return {
    id: r.id,
    revision: r.revision,
    categories: c.categories,
    services: c.services,
    method: r.method,
    timestamp: new Date(r.timestamp).toISOString(),
    expires: new Date(r.expires).toISOString(),
  }
}

/** Whether any category or service granted in `before` is denied in `after`. */
export function isRevocation(before: Choices, after: Choices): boolean {
  const lost = (m: Record<string, boolean>, n: Record<string, boolean>) => Object.keys(m).some((k) => m[k] && !n[k])
  return lost(before.categories, after.categories) || lost(before.services, after.services)
}

/** Whether the granted categories or services differ. */
export function grantsDiffer(a: Choices, b: Choices): boolean {
  const key = (c: Choices) => [c.categories, c.services].map((m) => Object.keys(m).filter((k) => m[k]).sort().join()).join('|')
  return key(a) !== key(b)
}
