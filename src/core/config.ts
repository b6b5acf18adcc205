import type { CategoryConfig, ConsentModeType, ResolvedConfig, ServiceConfig } from '../types'
import { describeProblem, type Problem } from './problems'
import { dict, isObj, keys } from '../util/dict'
import { COOKIE_NAME } from '../storage/cookie-name'
import { EMBED } from '../util/build'
import { lintConfig } from './lint'
import { ID_PATTERN } from './ids'
import { isSafeUrl } from './safe-url'

export { isSafeUrl }

export const CONSENT_MODE_TYPES: ConsentModeType[] = [
  'ad_storage',
  'ad_user_data',
  'ad_personalization',
  'analytics_storage',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
]

/**
 * The one place defaults live. Category titles and descriptions are texts, so they belong to the
 * UI's language files; the core only needs ids and which ones are required.
 */
export const DEFAULTS = {
  // Validated like a site's own (which gives each its id as title), so only what differs is here.
  categories: {
    necessary: { required: true },
    functional: {},
    analytics: {},
    personalization: {},
    marketing: {},
  } as Record<string, Partial<CategoryConfig>>,
  revision: 1,
  cookie: { name: 'consent_gate', path: '/', sameSite: 'Lax' as const, maxAgeDays: 182 },
  /** Google Consent Mode v2: category → the consent types it grants. */
  consentModeMapping: {
    analytics: ['analytics_storage'],
    marketing: ['ad_storage', 'ad_user_data', 'ad_personalization'],
    personalization: ['personalization_storage'],
    functional: ['functionality_storage'],
  } as Record<string, ConsentModeType[]>,
  waitForUpdate: 500,
  lang: 'auto',
  reloadOnRevoke: true,
  profile: 'eu',
}

type Obj = Record<string, any>
type Check = (v: any) => boolean
/** Field name → the test its value must pass. What it expected is in `problems.ts`, under the same name. */
type Specs = Record<string, Check>

/** Whether `o` has its own property `k` (not one inherited from Object.prototype). */
export const own = (o: object, k: string) => ({}).hasOwnProperty.call(o, k)
const isStr: Check = (v) => typeof v === 'string'
const isBool: Check = (v) => typeof v === 'boolean'
const matches =
  (re: RegExp): Check =>
  (v) =>
    isStr(v) && re.test(v)
const isType: Check = (v) => CONSENT_MODE_TYPES.indexOf(v) >= 0
/** An object whose every key passes `key` and every value `value`. */
const dictOf =
  (key: Check, value: Check): Check =>
  (o) =>
    isObj(o) && keys(o).every((k) => key(k) && value(o[k]))
const within =
  (lo: number, hi: number): Check =>
  (v) =>
    typeof v === 'number' && v > lo && v <= hi

const TOP: Specs = {
  // A whole number from 0 to 2^31-1 (the consent-log server keeps it in a PostgreSQL integer and
  // refuses more): exactly those survive `| 0` unchanged and are not negative.
  revision: (v) => v === (v | 0) && v >= 0,
  endpoint: isSafeUrl,
  policyUrl: isSafeUrl,
  lang: matches(/^(auto|[a-z]{2,3}(-[a-z\d]{1,8})*)$/i),
  reloadOnRevoke: isBool,
  profile: matches(/^(eu|uk|kr|us|none)$/),
}
const COOKIE: Specs = {
  name: matches(COOKIE_NAME),
  domain: matches(/^\.?[a-z\d.-]+$/i),
  path: matches(/^\/[^;,\s]*$/),
  sameSite: matches(/^(lax|strict|none)$/i),
  // Chromium caps cookie lifetimes at 400 days; a longer one would silently shrink.
  maxAgeDays: within(0, 400),
}
const ITEM: Specs = {
  title: isStr,
  description: isStr,
  required: isBool,
  cookies: (v) => Array.isArray(v) && v.every((c) => matches(/^[^\s;,=*]+\*?$/)(isObj(c) ? c.name : c)),
  services: isObj,
}

/**
 * Validate untrusted config (the page's global, `data-*` attributes, JSON) into a complete
 * `ResolvedConfig`. Each problem becomes one message naming the field, and that field falls back
 * to its default, so a broken config leaves trackers blocked instead of throwing.
 */
export function normalizeConfig(input: unknown): { config: ResolvedConfig; errors: string[] } {
  const { config, problems } = validateConfig(input)
  return { config, errors: problems.map(describeProblem) }
}

/**
 * `normalizeConfig` without the sentences: the same config, and each problem as a `Problem`.
 * A field that fails its test falls back to its default, so a broken config leaves trackers
 * blocked instead of throwing.
 */
export function validateConfig(input: unknown): { config: ResolvedConfig; problems: Problem[] } {
  const problems: Problem[] = []
  const fail = (path: string, expected: string) => problems.push([expected, path])
  /** Copy `o` over `defaults`, dropping (with an error) each field of `specs` that fails its test. */
  function pick(o: unknown, specs: Specs, path: string, defaults: Obj): any {
    if (o != null && !isObj(o)) fail(path.slice(0, -1), 'object')
    // Spreading defines own properties (an own `__proto__` stays data); only known keys are set below.
    const out: Obj = { ...defaults, ...(isObj(o) ? o : {}) }
    for (const key of keys(specs)) {
      if (out[key] == null || out[key] === defaults[key]) continue
      if (!specs[key](out[key])) {
        fail(path + key, key)
        out[key] = defaults[key]
      }
    }
    return out
  }

  const src: Obj = pick(input, TOP, '', DEFAULTS)
  const categories: Record<string, CategoryConfig> = dict()
  const rawCats = isObj(src.categories) && keys(src.categories).length ? src.categories : DEFAULTS.categories
  if (rawCats !== src.categories) fail('categories', 'categories')
  /** Ids taken so far. */
  const seen: Obj = dict()
  /** A category or a service. Null (with an error) when its id is unusable or taken. */
  function item(raw: unknown, id: string, path: string, defaults: Obj) {
    if (!ID_PATTERN.test(id) || seen[id] || !isObj(raw)) {
      fail(path, 'id')
      return null
    }
    seen[id] = 1
    return pick(raw, ITEM, path + '.', { ...defaults, title: id })
  }
  function fill(rawCats: Obj) {
    for (const id of keys(rawCats)) {
      const path = 'categories.' + id
      const cat: CategoryConfig | null = item(rawCats[id], id, path, { required: false })
      if (!cat) continue
      if (cat.services) {
        const services: Record<string, ServiceConfig> = dict()
        for (const sid of keys(cat.services)) {
          // A service id must not collide with a category id, declared before or after it.
          const service = item(own(rawCats, sid) ? null : cat.services[sid], sid, path + '.services.' + sid, {})
          if (service) services[sid] = service
        }
        cat.services = services
      }
      categories[id] = cat
    }
  }
  fill(rawCats)
  // Every category dropped: the defaults (nothing of them was taken, so no id is seen yet).
  if (!keys(categories).length) fill(DEFAULTS.categories)
  if (src.profile === 'kr') {
    // Korean by default, whatever the browser (the PIPA notice fields are checked by `lintConfig`).
    if (src.lang === 'auto') src.lang = 'ko'
    // Marketing is a purpose of its own, never bundled into the required ones.
    const m = categories.marketing
    if (m && m.required) m.required = !fail('categories.marketing.required', 'krMarketing')
  }

  // A value that is neither false nor an object is Consent Mode on, with its defaults (`lintConfig` names it).
  const gcm = src.googleConsentMode
  const mode =
    gcm !== false &&
    pick(
      isObj(gcm) ? gcm : null,
      {
        mapping: dictOf(
          (c) => own(categories, c),
          (v) => Array.isArray(v) && v.every(isType),
        ),
        waitForUpdate: (v) => within(-1, 60000)(v) && v >= 0,
        // Region (ISO 3166-1 country, or country-subdivision) → consent type → granted or denied.
        regions: dictOf(matches(/^[A-Z]{2}(-[A-Z\d]{1,3})?$/), dictOf(isType, matches(/^(granted|denied)$/))),
      },
      'googleConsentMode.',
      { mapping: {}, waitForUpdate: DEFAULTS.waitForUpdate },
    )
  if (mode) {
    // Merged over the defaults (`[]` unmaps one), keeping only configured categories: a default
    // entry for a category this site does not have would keep its consent types denied forever.
    const merged: Obj = { ...DEFAULTS.consentModeMapping, ...mode.mapping }
    mode.mapping = dict()
    for (const c of keys(merged)) if (own(categories, c)) mode.mapping[c] = merged[c]
  }
  const cookie = pick(src.cookie, COOKIE, 'cookie.', DEFAULTS.cookie)
  cookie.sameSite = cookie.sameSite[0].toUpperCase() + cookie.sameSite.slice(1).toLowerCase()

  // The core's fields: the top-level ones as validated.
  const config: Obj = { categories, cookie, googleConsentMode: mode, extra: dict() }
  for (const key of keys(TOP)) config[key] = src[key]
  // Fields the core does not use (`ui`, `texts`, `floatingButton`, …) are kept for the UI.
  for (const key of keys(isObj(input) ? input : {})) if (!own(config, key)) config.extra[key] = src[key]
  // The checks that change nothing: here for the npm entry, in the page chunk for the script tag.
  if (!EMBED) problems.push(...lintConfig(config as ResolvedConfig, input))
  return { config: config as ResolvedConfig, problems }
}
