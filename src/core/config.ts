import type { CategoryConfig, ConsentModeType, ResolvedConfig, ServiceConfig } from '../types'

/** Ids end up in the cookie, in markup and in selectors: keep them to a safe alphabet. */
export const ID_PATTERN = /^[\w-]{1,64}$/

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
  categories: {
    necessary: { title: 'necessary', required: true },
    functional: { title: 'functional' },
    analytics: { title: 'analytics' },
    personalization: { title: 'personalization' },
    marketing: { title: 'marketing' },
  } as Record<string, CategoryConfig>,
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
}

const KNOWN_KEYS = ['categories', 'revision', 'cookie', 'endpoint', 'googleConsentMode', 'lang', 'policyUrl', 'reloadOnRevoke']

type Obj = Record<string, any>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isStr = (v: unknown): v is string => typeof v === 'string'
const isBool = (v: unknown) => typeof v === 'boolean'
const STRING = 'a string'
const BOOL = 'true or false'
const URL_WHAT = 'an http(s) URL or a path'

/**
 * Accept absolute http(s) URLs and relative references only: `javascript:`, `data:` and
 * friends never reach a `fetch` or an `href`.
 */
export function isSafeUrl(value: unknown): value is string {
  if (!isStr(value) || !value.trim()) return false
  const scheme = /^\s*([a-z][\w+.-]*):/i.exec(value)
  return !scheme || /^https?$/i.test(scheme[1])
}

/**
 * Validate untrusted config (the page's global, `data-*` attributes, JSON) into a complete
 * `ResolvedConfig`. Each problem becomes one message naming the field, and that field falls back
 * to its default, so a broken config leaves trackers blocked instead of throwing.
 */
export function normalizeConfig(input: unknown): { config: ResolvedConfig; errors: string[] } {
  const errors: string[] = []
  /** `o[key]` when `ok` accepts it; its default when absent; its default and an error otherwise. */
  function field<T>(o: Obj, key: string, path: string, ok: (v: any) => boolean, what: string, def: T): T {
    const v = o[key]
    if (v == null) return def
    if (ok(v)) return v
    errors.push('config.' + path + key + ': expected ' + what)
    return def
  }
  const src: Obj = isObj(input) ? input : {}
  if (input != null && !isObj(input)) errors.push('config: expected an object; using defaults')

  let categories: Record<string, CategoryConfig> = {}
  const seen: Obj = {}
  const rawCats = field(src, 'categories', '', (v) => isObj(v) && Object.keys(v).length > 0, 'an object of categories', DEFAULTS.categories)
  /** A category or a service: both have a title, a description and cookies. Null when dropped. */
  function item(raw: any, id: string, path: string): any {
    if (!ID_PATTERN.test(id) || !isObj(raw) || seen[id]) {
      errors.push('config.' + path + ': expected an object under a unique id of letters, digits, "_" or "-"; dropped')
      return null
    }
    seen[id] = 1
    const p = path + '.'
    return {
      ...raw,
      title: field(raw, 'title', p, isStr, STRING, id),
      description: field(raw, 'description', p, isStr, STRING, undefined),
      cookies: field(raw, 'cookies', p, (v) => Array.isArray(v) && v.every((c) => /^[^\s;,=*]+\*?$/.test(isObj(c) ? c.name : c)), 'an array of cookie names or { name }', undefined),
    }
  }
  for (const id of Object.keys(rawCats)) {
    const path = 'categories.' + id
    const cat: CategoryConfig | null = item(rawCats[id], id, path)
    if (!cat) continue
    cat.required = field(cat, 'required', path + '.', isBool, BOOL, false)
    if (cat.services != null) {
      const raw = field(cat, 'services', path + '.', isObj, 'an object of services', {} as Obj)
      const services: Record<string, ServiceConfig> = (cat.services = {})
      for (const sid of Object.keys(raw)) {
        // A service id must not collide with any category id, declared before or after it.
        const s = sid in rawCats ? item(null, sid, path + '.services.' + sid) : item(raw[sid], sid, path + '.services.' + sid)
        if (s) services[sid] = s
      }
    }
    categories[id] = cat
  }
  if (!Object.keys(categories).length) categories = DEFAULTS.categories

  const c: Obj = field(src, 'cookie', '', isObj, 'an object', {})
  const sameSite = field(c, 'sameSite', 'cookie.', (v) => /^(lax|strict|none)$/i.test(v), '"Lax", "Strict" or "None"', 'Lax')
  const cookie: ResolvedConfig['cookie'] = {
    name: field(c, 'name', 'cookie.', (v) => /^[\w.-]{1,64}$/.test(v), 'letters, digits, "_", "-" or "."', DEFAULTS.cookie.name),
    domain: field(c, 'domain', 'cookie.', (v) => /^\.?[a-z0-9.-]+$/i.test(v), 'a domain such as ".example.com"', undefined),
    path: field(c, 'path', 'cookie.', (v) => /^\/[^;,\s]*$/.test(v), 'a path starting with "/"', '/'),
    sameSite: (sameSite.charAt(0).toUpperCase() + sameSite.slice(1).toLowerCase()) as 'Lax',
    // Chromium caps cookie lifetimes at 400 days; a longer one would silently shrink.
    maxAgeDays: field(c, 'maxAgeDays', 'cookie.', (v) => typeof v === 'number' && v > 0 && v <= 400, 'days, more than 0 and at most 400', DEFAULTS.cookie.maxAgeDays),
  }

  const extra: Obj = {}
  for (const key of Object.keys(src)) if (KNOWN_KEYS.indexOf(key) < 0) extra[key] = src[key]

  const config: ResolvedConfig = {
    categories,
    revision: field(src, 'revision', '', (v) => Number.isInteger(v) && v >= 0, 'a whole number ≥ 0', DEFAULTS.revision),
    cookie,
    endpoint: field(src, 'endpoint', '', isSafeUrl, URL_WHAT, undefined),
    googleConsentMode: consentMode(src, categories, field),
    lang: field(src, 'lang', '', (v) => /^(auto|[a-z]{2,3}(-[a-z0-9]{1,8})*)$/i.test(v), 'a language tag such as "ko", or "auto"', DEFAULTS.lang),
    policyUrl: field(src, 'policyUrl', '', isSafeUrl, URL_WHAT, undefined),
    reloadOnRevoke: field(src, 'reloadOnRevoke', '', isBool, BOOL, DEFAULTS.reloadOnRevoke),
    extra,
  }
  return { config, errors }
}

function consentMode(src: Obj, categories: Record<string, CategoryConfig>, field: <T>(o: Obj, key: string, path: string, ok: (v: any) => boolean, what: string, def: T) => T) {
  const value = field<boolean | Obj>(src, 'googleConsentMode', '', (v) => isBool(v) || isObj(v), 'true, false or an object', true)
  if (value === false) return false
  const o: Obj = isObj(value) ? value : {}
  const p = 'googleConsentMode.'
  const userMapping: Obj = field(o, 'mapping', p, (m) =>
    isObj(m) && Object.keys(m).every((cat) => categories[cat] && Array.isArray(m[cat]) && m[cat].every((t: any) => CONSENT_MODE_TYPES.indexOf(t) >= 0)),
    '{ category: [consent types] } with configured categories and the seven Consent Mode types', {})
  return {
    ...o,
    // Merged over the defaults: naming one category does not unmap the others; `[]` unmaps one.
    mapping: { ...DEFAULTS.consentModeMapping, ...userMapping },
    waitForUpdate: field(o, 'waitForUpdate', p, (v) => typeof v === 'number' && v >= 0 && v <= 60000, 'milliseconds from 0 to 60000', DEFAULTS.waitForUpdate),
  }
}
