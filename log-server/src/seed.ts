/**
 * Sample decisions for a new consent log, so the dashboard has something to draw on first start
 * (the demo seeds a few weeks). Receipts take the path a visitor's receipt takes: the receipt
 * validator, the record built from it, and `store.insert` with the chain's seal, so
 * `GET /api/verify` walks the seeded chains like any others. Banner impressions go through
 * `store.countImpression`, as `POST /api/impressions` counts them.
 *
 * Deterministic: the same `now` and `seed` give the same records, byte for byte (a seeded PRNG,
 * never Math.random or randomUUID; only the meta claim below is random). Only an empty store is seeded, and only once: a meta key is
 * claimed first, so a restart, or a second instance starting beside the first, adds nothing.
 */
import { randomBytes } from 'node:crypto'
import { chainKey, seal } from './chain'
import type { ServerConfig } from './config'
import { validateReceipt } from './receipt-validator'
import { recordOf } from './store/record'
import type { Store } from './store/store'

const DAY = 864e5

/** Where the samples go: a store and the chain's HMAC key, or the configuration the key comes from. */
export type SeedTarget = { store: Store; key: string } | { store: Store; config: Pick<ServerConfig, 'secret'> }

export interface SeedOptions {
  /** Days of decisions, ending today (UTC). @default 28 */
  days?: number
  /** The clock, in ms: the last sample is before it. @default Date.now() */
  now?: number
  /** Decisions on an average weekday (weekends have fewer). @default 40 */
  perDay?: number
  /** The PRNG's seed: another number gives other, equally plausible, figures. @default 1 */
  seed?: number
}

export type SeedResult =
  | { seeded: true; receipts: number; impressions: number }
  /** `not_empty`: the store holds receipts or impressions; `seeded_before`: it was seeded once already. */
  | { seeded: false; reason: 'not_empty' | 'seeded_before' }

/** The meta key that says a store has had its samples (its value: when). */
export const SEEDED_KEY = 'sample_seeded_at'

/** mulberry32: a small, fast, seedable PRNG; plenty for sample data (not for anything secret). */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
type Random = ReturnType<typeof prng>

/** A UUID v4 from the PRNG: the receipt schema takes only v4 ids. */
function uuid(rand: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16))
  hex[12] = '4'
  hex[16] = '89ab'[Math.floor(rand() * 4)]
  const h = hex.join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

/**
 * The demo site's categories and services (demo/public/index.html), and the rate at which a
 * visitor who picks for themselves turns each on. Necessary is always granted.
 */
const CUSTOM_RATES = { functional: 0.6, analytics: 0.55, marketing: 0.2 } as const
const SERVICES_OF = { analytics: ['stats'], marketing: ['ads', 'video'] } as const
const PAGES = ['/', '/products', '/brew-guide', '/checkout']
/** Revision 2 (a new service listed, say) is live for the last 40% of the period. */
const REVISION_2_FROM = 0.6
const CONFIG_HASH: Record<number, string> = { 1: 'c0ffee01', 2: 'c0ffee02' }

interface Choice {
  categories: Record<string, boolean>
  services: Record<string, boolean>
}

function choiceFor(method: string, rand: Random): Choice {
  const categories: Record<string, boolean> = { necessary: true }
  for (const [id, rate] of Object.entries(CUSTOM_RATES)) categories[id] = method === 'accept-all' || (method === 'custom' && rand() < rate)
  const services: Record<string, boolean> = {}
  for (const [cat, ids] of Object.entries(SERVICES_OF)) for (const id of ids) services[id] = categories[cat]
  return { categories, services }
}

/** Which way a visitor decides on the banner: most accept or reject, a fifth picks. */
const pickMethod = (rand: Random) => {
  const x = rand()
  return x < 0.47 ? 'accept-all' : x < 0.8 ? 'reject-all' : 'custom'
}

/** Seed `target` with sample decisions and banner impressions, unless it holds any already. */
export async function seedSampleDecisions(target: SeedTarget, options: SeedOptions = {}): Promise<SeedResult> {
  const { store } = target
  const now = options.now ?? Date.now()
  const days = Math.max(1, Math.floor(options.days ?? 28))
  const perDay = Math.max(1, options.perDay ?? 40)
  const rand = prng(options.seed ?? 1)

  if ((await store.exportPage(0, 1)).length) return { seeded: false, reason: 'not_empty' }
  // Impressions alone (a banner shown, nobody decided yet) are real data too, whatever their day.
  if ((await store.aggregate(0, Date.UTC(9999, 0, 1), 'month')).some((r) => r.dim === 'impressions')) return { seeded: false, reason: 'not_empty' }
  const claim = `${new Date(now).toISOString()} ${randomBytes(8).toString('hex')}`
  if ((await store.metaSetIfAbsent(SEEDED_KEY, claim)) !== claim) return { seeded: false, reason: 'seeded_before' }

  const key = 'key' in target ? target.key : await chainKey(target.config, store)
  const sealer = (prev: string, r: Parameters<typeof seal>[2]) => seal(key, prev, r)
  const today = Math.floor(now / DAY) * DAY
  /** Visitors who decided earlier, by language: some come back to withdraw or to allow a video. */
  const earlier: { consentId: string; language: string; profile: string; revision: number; choice: Choice }[] = []
  let receipts = 0
  let impressions = 0

  for (let d = 0; d < days; d++) {
    const dayStart = today - (days - 1 - d) * DAY
    const date = new Date(dayStart).toISOString().slice(0, 10)
    // Today only up to now; weekends a third quieter; ±20% from day to day.
    const open = Math.min(DAY, now - dayStart) / DAY
    const weekday = new Date(dayStart).getUTCDay()
    const weight = (weekday === 0 || weekday === 6 ? 0.65 : 1) * (0.8 + rand() * 0.4) * open
    const decisions = Math.round(perDay * weight)
    const revision = d >= days * REVISION_2_FROM ? 2 : 1
    const at = () => dayStart + Math.floor(rand() * Math.max(1, Math.min(DAY, now - dayStart - 1000)))
    const jobs: Promise<unknown>[] = []
    const put = (fields: { consentId: string; revision: number; method: string; choice: Choice; language: string; profile: string }) => {
      const receivedAt = at()
      const body = {
        schema: 'consent-gate.receipt/1',
        receiptId: uuid(rand),
        consentId: fields.consentId,
        revision: fields.revision,
        categories: fields.choice.categories,
        services: fields.choice.services,
        method: fields.method,
        // Whole seconds, as the SDK writes it; received a moment later.
        timestamp: new Date(Math.floor((receivedAt - 300) / 1000) * 1000).toISOString(),
        url: 'https://shop.example' + PAGES[Math.floor(rand() * PAGES.length)],
        language: fields.language,
        configHash: CONFIG_HASH[fields.revision],
        profile: fields.profile,
      }
      const v = validateReceipt(body, now)
      // A sample the validator refuses is a bug here, not bad input: say which field.
      if (!v.ok) throw new Error(`sample receipt refused: ${v.field} ${v.message}`)
      receipts++
      jobs.push(store.insert(recordOf(v.receipt, { ip: null, userAgent: null }), sealer, receivedAt))
    }

    for (let i = 0; i < decisions; i++) {
      const language = rand() < 0.35 ? 'ko' : 'en'
      // Korean visitors mostly under the Korean profile (PIPA), the others under the EU's (GDPR).
      const profile = language === 'ko' ? (rand() < 0.9 ? 'kr' : 'eu') : rand() < 0.85 ? 'eu' : 'kr'
      const method = pickMethod(rand)
      const choice = choiceFor(method, rand)
      const consentId = uuid(rand)
      put({ consentId, revision, method, choice, language, profile })
      earlier.push({ consentId, language, profile, revision, choice })
    }
    // Returning visitors decide again, always about a decision of an earlier day, so each chain's
    // records arrive in order (the day's inserts go in one batch).
    const before = earlier.length - decisions
    const again = before > 0 ? Math.round(decisions * 0.08) : 0
    const seen = new Set<number>()
    for (let i = 0; i < again; i++) {
      const n = Math.floor(rand() * before)
      // One more record per chain and day at most.
      if (seen.has(n)) continue
      seen.add(n)
      const who = earlier[n]
      const placeholder = rand() < 0.6 && !who.choice.services.video
      const choice: Choice = placeholder
        ? { categories: { ...who.choice.categories, marketing: true }, services: { ...who.choice.services, video: true } }
        : choiceFor('reject-all', rand)
      put({ ...who, revision, method: placeholder ? 'placeholder' : 'withdraw', choice })
      who.choice = choice
    }
    await Promise.all(jobs)

    // The banner was shown to more visitors than decided on it: 70–85% decide.
    const shown = Math.round(decisions / (0.7 + rand() * 0.15))
    const counted: Promise<void>[] = []
    for (let i = 0; i < shown; i++) {
      const language = rand() < 0.35 ? 'ko' : 'en'
      // Together: on PostgreSQL each is a round trip, and the upsert takes them in any order.
      counted.push(store.countImpression(date, revision, language, language === 'ko' ? 'kr' : 'eu'))
      impressions++
    }
    await Promise.all(counted)
  }
  return { seeded: true, receipts, impressions }
}
