import { readFileSync } from 'node:fs'
import thirdPartyWeb from 'third-party-web/nostats-subset.js'
import { OWN_HOSTS, OWN_NAMES } from './data/own-table'
import type { Category, Classified } from './types'

/** The lookup scripts/open-cookie-database.mjs derives; see that script for its shape. */
interface CookieLookup {
  source: string
  categories: Category[]
  platforms: string[]
  names: Record<string, [number, number, string]>
  prefixes: Record<string, [number, number, string]>
}

const UNKNOWN: Classified = { category: null, vendor: null, description: null, source: null }

let lookup: CookieLookup | undefined
/** Read on first use from the package's data/ (shipped beside dist/, with its Apache-2.0 notice). */
function cookieLookup(): CookieLookup {
  if (!lookup) lookup = JSON.parse(readFileSync(new URL('../data/open-cookie-database.json', import.meta.url), 'utf8')) as CookieLookup
  return lookup
}

const ownName = (name: string): Classified | null => {
  const row = OWN_NAMES.find((r) => (r.prefix ? name.startsWith(r.name) : name === r.name))
  return row ? { category: row.category, vendor: row.vendor, description: row.description, source: 'consent-gate' } : null
}

/**
 * A cookie or storage-key name: our table, then the Open Cookie Database by exact name, by the
 * longest matching prefix, and by exact name ignoring case (the database's spelling of a name is not
 * always the one sites write). `extraNecessary` are names the page's own consent tool uses (a
 * ConsentGate configured with another cookie name).
 */
export function classifyName(name: string, extraNecessary: readonly string[] = []): Classified {
  if (extraNecessary.includes(name))
    return { category: 'necessary', vendor: 'ConsentGate', description: "Stores the visitor's consent choice.", source: 'consent-gate' }
  const own = ownName(name)
  if (own) return own
  const db = cookieLookup()
  const own_ = (o: Record<string, [number, number, string]>, k: string) => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined)
  let hit = own_(db.names, name)
  if (!hit) {
    let best = ''
    for (const prefix of Object.keys(db.prefixes)) if (prefix.length > best.length && name.startsWith(prefix)) best = prefix
    if (best) hit = db.prefixes[best]
  }
  if (!hit) {
    const lower = name.toLowerCase()
    const key = Object.keys(db.names).find((k) => k.toLowerCase() === lower)
    if (key) hit = db.names[key]
  }
  if (!hit) return UNKNOWN
  return { category: db.categories[hit[0]] ?? null, vendor: db.platforms[hit[1]] ?? null, description: hit[2] || null, source: 'open-cookie-database' }
}

/**
 * third-party-web's categories, as consent categories. Advertising, social widgets (their pixels
 * and share buttons track) and marketing tools need consent as marketing; analytics as analytics;
 * customer-success tools (chat, help desks) are functional. Tag managers are recorded but not a
 * category of their own: what they load is judged by its own host, and Google's by Consent Mode.
 * CDNs, hosting, utilities, video, content and consent tools are infrastructure: not recorded.
 */
export const THIRD_PARTY_WEB_CATEGORIES: Record<string, Category | 'tag-manager' | null> = {
  ad: 'marketing',
  social: 'marketing',
  marketing: 'marketing',
  analytics: 'analytics',
  'customer-success': 'functional',
  'tag-manager': 'tag-manager',
  cdn: null,
  hosting: null,
  utility: null,
  video: null,
  content: null,
  'consent-provider': null,
  other: null,
}

export interface HostClass extends Classified {
  /** third-party-web's category, or ours when our table knew the host. */
  kind: string
}

/** Whether `host` is `domain` or one of its subdomains. */
export const within = (host: string, domain: string) => host === domain || host.endsWith('.' + domain)

/**
 * A request's URL: our table, then third-party-web. `null` when neither knows it, or it is
 * infrastructure (a CDN, fonts, a consent tool).
 */
export function classifyUrl(url: string): HostClass | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null
  const host = u.hostname.toLowerCase()
  const row = OWN_HOSTS.find((r) => within(host, r.host) && (!r.path || u.pathname.startsWith(r.path)))
  if (row) return { category: row.category, vendor: row.vendor, description: null, source: 'consent-gate', kind: row.category }
  const entity = thirdPartyWeb.getEntity(url)
  if (!entity) return null
  const mapped = THIRD_PARTY_WEB_CATEGORIES[entity.category]
  if (!mapped) return null
  return {
    category: mapped === 'tag-manager' ? null : mapped,
    vendor: entity.name,
    description: null,
    source: 'third-party-web',
    kind: entity.category,
  }
}

/**
 * The site a host belongs to: its registrable domain, as third-party-web approximates it (the last
 * two labels, three for `co.kr`-style suffixes). Enough to tell first from third party.
 */
export const siteOf = (host: string) => thirdPartyWeb.getRootDomain(`https://${host}/`) || host

/** Whether a cookie domain or a host belongs to the audited site. */
export function firstParty(domainOrHost: string, siteHost: string): boolean {
  const d = domainOrHost.replace(/^\./, '').toLowerCase()
  const site = siteOf(siteHost.toLowerCase())
  return within(d, site) || within(siteHost.toLowerCase(), d)
}
