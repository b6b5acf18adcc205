/**
 * What the dashboard shows, as data: each figure's columns and rows, derived from `/api/stats`
 * once. The charts draw these rows, the tables print them, the CSV export writes them: the three
 * can never disagree. No DOM here.
 */
import type { Bucket, Stats } from './api'
import type { Texts } from './i18n'

export type Kind = 'count' | 'rate'

export interface Column {
  /** The id in the data (a category id, a method) or the metric's own name. */
  key: string
  label: string
  kind: Kind
}

export interface Row {
  period: string
  /** One value per column; `null` where the period has none (a category nobody was asked about). */
  values: (number | null)[]
}

export interface Figure {
  id: 'reach' | 'categories' | 'services' | 'methods' | 'revisions' | 'languages' | 'profiles'
  title: string
  /** How the chart draws it: lines over time, or counts stacked per period. */
  chart: 'lines' | 'stacked'
  columns: Column[]
  rows: Row[]
  total: (number | null)[]
  /** The columns the chart draws (the reach chart leaves the share to the table: another scale). */
  charted: number[]
}

/** decisions / impressions, to 4 decimals like the API's rates; none without impressions. */
export const decideShare = (b: Pick<Bucket, 'decisions' | 'impressions'>): number | null =>
  b.impressions ? Math.round((b.decisions / b.impressions) * 10000) / 10000 : null

/** The SDK's own methods first, in the order a banner offers them, then any other word sorted. */
const METHOD_ORDER = ['accept-all', 'reject-all', 'custom', 'withdraw', 'placeholder']
/** Own keys only: the answer's maps are parsed JSON, whose prototype has `constructor` and friends. */
const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k)
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function keysOf(stats: Stats, pick: (b: Bucket) => Record<string, unknown>, order: (a: string, b: string) => number): string[] {
  const keys = new Set<string>(Object.keys(pick(stats.total)))
  for (const p of stats.series) for (const k of Object.keys(pick(p))) keys.add(k)
  return [...keys].sort(order)
}

const byCount = (m: Record<string, number>) => (a: string, b: string) => (m[b] || 0) - (m[a] || 0) || byName(a, b)

export interface Labels {
  texts: Texts
  /** A language code's name in the UI language (Intl.DisplayNames), or the code. */
  languageName(code: string): string
}

function rates(stats: Stats, id: 'categories' | 'services', title: string): Figure {
  const keys = keysOf(stats, (b) => b[id], byName)
  const value = (b: Bucket, k: string) => (own(b[id], k) ? b[id][k].optInRate : null)
  return {
    id,
    title,
    chart: 'lines',
    columns: keys.map((k) => ({ key: k, label: k, kind: 'rate' })),
    rows: stats.series.map((p) => ({ period: p.period, values: keys.map((k) => value(p, k)) })),
    total: keys.map((k) => value(stats.total, k)),
    charted: keys.map((_, i) => i),
  }
}

function counts(stats: Stats, id: 'methods' | 'revisions' | 'languages' | 'profiles', title: string, label: (k: string) => string): Figure {
  const m = stats.total[id]
  const order =
    id === 'methods'
      ? (a: string, b: string) => {
          const i = METHOD_ORDER.indexOf(a)
          const j = METHOD_ORDER.indexOf(b)
          return (i < 0 ? 99 : i) - (j < 0 ? 99 : j) || byName(a, b)
        }
      : id === 'revisions'
        ? (a: string, b: string) => Number(a) - Number(b)
        : byCount(m)
  const keys = keysOf(stats, (b) => b[id], order)
  const value = (b: Bucket, k: string) => (own(b[id], k) ? b[id][k] : 0)
  return {
    id,
    title,
    chart: 'stacked',
    columns: keys.map((k) => ({ key: k, label: label(k), kind: 'count' })),
    rows: stats.series.map((p) => ({ period: p.period, values: keys.map((k) => value(p, k)) })),
    total: keys.map((k) => value(stats.total, k)),
    charted: keys.map((_, i) => i),
  }
}

export function figuresOf(stats: Stats, { texts: t, languageName }: Labels): Figure[] {
  const reach: Figure = {
    id: 'reach',
    title: t.reach,
    chart: 'lines',
    columns: [
      { key: 'impressions', label: t.impressions, kind: 'count' },
      { key: 'decisions', label: t.decisions, kind: 'count' },
      { key: 'decide_share', label: t.decideShare, kind: 'rate' },
    ],
    rows: stats.series.map((p) => ({ period: p.period, values: [p.impressions, p.decisions, decideShare(p)] })),
    total: [stats.total.impressions, stats.total.decisions, decideShare(stats.total)],
    charted: [0, 1],
  }
  return [
    reach,
    rates(stats, 'categories', t.categories),
    rates(stats, 'services', t.services),
    counts(stats, 'methods', t.methods, (k) => t.method[k] || k),
    counts(stats, 'revisions', t.revisions, t.revision),
    counts(stats, 'languages', t.languages, languageName),
    counts(stats, 'profiles', t.profiles, (k) => (k === 'default' ? t.noProfile : k)),
  ]
}
