/** Numbers and dates as the dashboard prints them, in the UI language; periods are UTC, like the API's. */
import type { Kind } from './figures'
import type { Lang } from './i18n'

const DAY = 864e5

export function formatter(lang: Lang) {
  const count = new Intl.NumberFormat(lang)
  const rate = new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })
  let names: Intl.DisplayNames | null = null
  try {
    names = new Intl.DisplayNames([lang], { type: 'language' })
  } catch {
    // An older browser: the codes themselves.
  }
  return {
    /** A value of a table cell; `—` for none. */
    value: (v: number | null, kind: Kind) => (v === null ? '—' : kind === 'rate' ? rate.format(v) : count.format(v)),
    count: (v: number) => count.format(v),
    rate: (v: number) => rate.format(v),
    languageName: (code: string) => {
      try {
        return names?.of(code) || code
      } catch {
        return code
      }
    },
  }
}
export type Format = ReturnType<typeof formatter>

/** `YYYY-MM-DD` of a time, in UTC. */
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** The default range: the last 30 days, today (UTC) included. */
export const lastDays = (now: number, days = 30) => ({ from: isoDay(now - (days - 1) * DAY), to: isoDay(now) })

/** A period of the API (`2026-11-03` for a day or the Monday of a week, `2026-11` for a month) → its start, in Unix seconds. */
export function periodStart(period: string): number {
  const [y, m, d] = period.split('-').map(Number)
  return Date.UTC(y, (m || 1) - 1, d || 1) / 1000
}

export const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s + 'T00:00:00Z'))
