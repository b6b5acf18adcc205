/**
 * The CSV export of what the dashboard shows: one line per period, metric and key (long form,
 * so any number of categories or methods fits one header), the totals last, ids rather than
 * labels, rates as fractions. Made in the browser from the figures on screen.
 */
import type { Figure } from './figures'
import { csvCell } from '../csv-cell'

/** The metric each figure's values are, in the CSV (the reach figure names its own per column). */
const METRIC: Record<Exclude<Figure['id'], 'reach'>, string> = {
  categories: 'category_opt_in_rate',
  services: 'service_opt_in_rate',
  methods: 'method',
  revisions: 'revision',
  languages: 'language',
  profiles: 'profile',
}

export { csvCell }

export function toCsv(figures: Figure[]): string {
  const lines = [['period', 'metric', 'key', 'value']]
  const add = (period: string, f: Figure, values: (number | null)[]) => {
    f.columns.forEach((c, i) => {
      lines.push(f.id === 'reach' ? [period, c.key, '', fmt(values[i])] : [period, METRIC[f.id], c.key, fmt(values[i])])
    })
  }
  for (const f of figures) for (const r of f.rows) add(r.period, f, r.values)
  for (const f of figures) add('total', f, f.total)
  return lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

const fmt = (v: number | null) => (v === null ? '' : String(v))

/** `consent-stats-2026-11-01-2026-11-30.csv` */
export const csvName = (from: string, to: string) => `consent-stats-${from}-${to}.csv`
