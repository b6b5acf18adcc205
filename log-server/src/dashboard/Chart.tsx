/**
 * One uPlot chart in a Preact component: lines over time, or counts stacked per period. The
 * canvas is hidden from assistive technology (`aria-hidden`): the table beside it (`FigureView`)
 * says the same in text. uPlot styles its own elements through the CSSOM (`el.style…`), which the
 * page's CSP allows; it writes no `style` attribute markup.
 */
import { useEffect, useRef } from 'preact/hooks'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import type { Kind } from './figures'
import { type Format, periodStart } from './format'
import type { Lang } from './i18n'

export interface ChartSeries {
  label: string
  color: string
  values: (number | null)[]
}

export interface ChartProps {
  kind: 'lines' | 'stacked'
  /** The API's periods, in order. */
  periods: string[]
  series: ChartSeries[]
  /** The y axis: counts from 0, or rates from 0 to 100%. */
  y: Kind
  fmt: Format
  lang: Lang
  /** Label of the x value in the legend. */
  periodLabel: string
}

const HEIGHT = 220
const AXIS = { stroke: '#3d3d3d', grid: { stroke: '#e3e3e3', width: 1 }, ticks: { stroke: '#cfcfcf', width: 1 }, font: '12px system-ui, sans-serif' }

/** Month and weekday names in the UI language, for uPlot's date templates. */
function dateNames(lang: Lang): uPlot.DateNames {
  const names = (opts: Intl.DateTimeFormatOptions, n: number, at: (i: number) => number) => {
    const f = new Intl.DateTimeFormat(lang, { ...opts, timeZone: 'UTC' })
    return Array.from({ length: n }, (_, i) => f.format(at(i)))
  }
  const month = (i: number) => Date.UTC(2000, i, 1)
  // 2000-01-02 was a Sunday: uPlot's weekday lists start on Sunday.
  const weekday = (i: number) => Date.UTC(2000, 0, 2 + i)
  return {
    MMMM: names({ month: 'long' }, 12, month),
    MMM: names({ month: 'short' }, 12, month),
    WWWW: names({ weekday: 'long' }, 7, weekday),
    WWW: names({ weekday: 'short' }, 7, weekday),
  }
}

/**
 * Stacked bars drawn as overlapping bars: series i is the sum of its own and every later series'
 * values, drawn in order, so each bar shows its own count as the part above the next one. The
 * legend shows the series' own values, not the sums.
 */
function stack(series: ChartSeries[]): (number | null)[][] {
  const sums: (number | null)[][] = series.map((s) => s.values.slice())
  for (let i = series.length - 2; i >= 0; i--) sums[i] = sums[i].map((v, j) => (v ?? 0) + (sums[i + 1][j] ?? 0))
  return sums
}

function options(p: ChartProps, width: number): uPlot.Options {
  const names = dateNames(p.lang)
  const own = (si: number, idx: number | null) => {
    const v = idx == null ? null : p.series[si - 1].values[idx]
    return v == null ? '—' : p.y === 'rate' ? p.fmt.rate(v) : p.fmt.count(v)
  }
  const bars = p.kind === 'stacked' ? uPlot.paths.bars?.({ size: [0.7, 48], gap: 1 }) : undefined
  return {
    width,
    height: HEIGHT,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    fmtDate: (tpl) => uPlot.fmtDate(tpl, names),
    cursor: { drag: { x: false, y: false }, points: { show: p.kind === 'lines' } },
    legend: { live: true },
    scales: {
      x: { time: true },
      y: p.y === 'rate' ? { range: [0, 1] } : { range: (_u, _min, max) => [0, max > 0 ? Math.ceil(max * 1.1) : 1] },
    },
    axes: [
      { ...AXIS, space: 60 },
      {
        ...AXIS,
        size: 52,
        values: (_u, splits) => splits.map((v) => (p.y === 'rate' ? `${Math.round(v * 100)}%` : Number.isInteger(v) ? p.fmt.count(v) : '')),
      },
    ],
    series: [
      { label: p.periodLabel, value: (_u, _v, _si, idx) => (idx == null ? '—' : p.periods[idx]) },
      ...p.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: p.kind === 'stacked' ? 0 : 2,
        fill: p.kind === 'stacked' ? s.color : undefined,
        paths: bars,
        points: { show: p.kind === 'lines', size: 5 },
        value: (_u: uPlot, _v: number, si: number, idx: number | null) => own(si, idx),
      })),
    ],
  }
}

export function Chart(p: ChartProps) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const width = () => Math.max(120, Math.floor(el.clientWidth))
    const ys = p.kind === 'stacked' ? stack(p.series) : p.series.map((s) => s.values)
    const data = [p.periods.map(periodStart), ...ys] as uPlot.AlignedData
    const chart = new uPlot(options(p, width()), data, el)
    let last = width()
    // Resized with its container (a phone turned, a window narrowed): the canvas never overflows it.
    const watch = new ResizeObserver(() => {
      const w = width()
      if (w === last) return
      last = w
      chart.setSize({ width: w, height: HEIGHT })
    })
    watch.observe(el)
    return () => {
      watch.disconnect()
      chart.destroy()
    }
  }, [p.kind, p.periods, p.series, p.y, p.fmt, p.lang, p.periodLabel])
  return <div class="chart" ref={ref} aria-hidden="true" />
}
