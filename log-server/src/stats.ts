/**
 * `GET /api/stats`: decisions, opt-in rates per category and service, and counts per method,
 * revision, language and profile, per period and in total, from the store's aggregates.
 * No identifiers: only counts leave this module.
 */
import type { AggregateRow, GroupBy } from './store/store'

export interface Range {
  from: number
  to: number
  groupBy: GroupBy
}

const DAY = 864e5
const GROUPS: GroupBy[] = ['day', 'week', 'month']

/** `from` / `to`: ISO dates or date-times (`to` exclusive; a bare date means the whole day). Default: the last 30 days. */
export function parseRange(q: Record<string, string | undefined>, now: number): Range | { error: string; field: string } {
  const when = (s: string, end: boolean) => {
    if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) return NaN
    const t = Date.parse(s.length === 10 ? s + 'T00:00:00Z' : s)
    return s.length === 10 && end ? t + DAY : t
  }
  const to = q.to ? when(q.to, true) : now
  if (Number.isNaN(to)) return { field: 'to', error: 'to must be an ISO date (2026-11-25) or date-time' }
  const from = q.from ? when(q.from, false) : to - 30 * DAY
  if (Number.isNaN(from)) return { field: 'from', error: 'from must be an ISO date (2026-11-01) or date-time' }
  if (from >= to) return { field: 'from', error: 'from must be before to' }
  if (to - from > 3700 * DAY) return { field: 'from', error: 'the range is limited to about ten years' }
  const groupBy = (q.groupBy || 'day') as GroupBy
  if (!GROUPS.includes(groupBy)) return { field: 'groupBy', error: 'groupBy must be day, week or month' }
  return { from, to, groupBy }
}

interface Bucket {
  decisions: number
  impressions: number
  categories: Record<string, { granted: number; decisions: number; optInRate: number }>
  services: Record<string, { granted: number; decisions: number; optInRate: number }>
  methods: Record<string, number>
  revisions: Record<string, number>
  languages: Record<string, number>
  profiles: Record<string, number>
}

/**
 * The keys of these maps are ids a visitor sent (category, service, method, profile). On a plain
 * object `map['__proto__']` is Object.prototype and `map['constructor']` is Object: counting into
 * them would write onto every object of the process (after which ajv sees `granted` as a field of
 * every receipt) or miscount. A null-prototype object has no inherited keys at all, and
 * JSON.stringify serialises it like any other object.
 */
const dict = <T>(): Record<string, T> => Object.create(null)
const empty = (): Bucket => ({
  decisions: 0,
  impressions: 0,
  categories: dict(),
  services: dict(),
  methods: dict(),
  revisions: dict(),
  languages: dict(),
  profiles: dict(),
})
const COUNTS = new Map<string, 'methods' | 'revisions' | 'languages' | 'profiles'>([
  ['method', 'methods'],
  ['revision', 'revisions'],
  ['language', 'languages'],
  ['profile', 'profiles'],
])
const rate = (granted: number, n: number) => (n ? Math.round((granted / n) * 10000) / 10000 : 0)

function add(b: Bucket, r: AggregateRow) {
  if (r.dim === 'decisions') b.decisions += r.count
  else if (r.dim === 'impressions') b.impressions += r.count
  else if (r.dim === 'category' || r.dim === 'service') {
    const map = r.dim === 'category' ? b.categories : b.services
    if (!map[r.key]) map[r.key] = { granted: 0, decisions: 0, optInRate: 0 }
    const e = map[r.key]
    e.granted += r.granted
    e.decisions += r.count
    e.optInRate = rate(e.granted, e.decisions)
  } else if (COUNTS.has(r.dim)) {
    const map = b[COUNTS.get(r.dim)!]
    map[r.key] = (map[r.key] || 0) + r.count
  }
}

export function buildStats(rows: AggregateRow[], range: Range) {
  const total = empty()
  const periods = new Map<string, Bucket>()
  for (const r of rows) {
    if (r.period == null) continue
    add(total, r)
    if (!periods.has(r.period)) periods.set(r.period, empty())
    add(periods.get(r.period)!, r)
  }
  return {
    from: new Date(range.from).toISOString(),
    to: new Date(range.to).toISOString(),
    groupBy: range.groupBy,
    total,
    series: [...periods.keys()].sort().map((period) => ({ period, ...periods.get(period)! })),
  }
}
