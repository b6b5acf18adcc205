/**
 * One figure: its heading, the chart, and the same numbers as a table. The table is always in
 * the accessibility tree (visually hidden until "Show table", never `display: none`), so a
 * screen reader gets the figures whatever the chart shows.
 */
import { useMemo, useState } from 'preact/hooks'
import { Chart, type ChartSeries } from './Chart'
import type { Figure } from './figures'
import type { Format } from './format'
import type { Lang, Texts } from './i18n'

/** Okabe & Ito's colour-blind-safe palette (black last). */
const COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#8a7b00', '#000000']

interface Props {
  figure: Figure
  texts: Texts
  fmt: Format
  lang: Lang
  /** The range, for the table's caption. */
  from: string
  to: string
}

export function FigureView({ figure: f, texts: t, fmt, lang, from, to }: Props) {
  const [shown, setShown] = useState(false)
  const id = `fig-${f.id}`
  const periods = useMemo(() => f.rows.map((r) => r.period), [f])
  const series = useMemo<ChartSeries[]>(
    () =>
      f.charted.map((c, i) => ({
        label: f.columns[c].label,
        color: COLORS[i % COLORS.length],
        values: f.rows.map((r) => r.values[c]),
      })),
    [f],
  )
  const empty = !f.rows.length || !f.columns.length
  const table = (
    <table>
      <caption id={`${id}-caption`}>{t.tableOf(f.title, from, to)}</caption>
      <thead>
        <tr>
          <th scope="col">{t.period}</th>
          {f.columns.map((c) => (
            <th scope="col" key={c.key}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {f.rows.map((r) => (
          <tr key={r.period}>
            <th scope="row">{r.period}</th>
            {r.values.map((v, i) => (
              <td key={f.columns[i].key}>{fmt.value(v, f.columns[i].kind)}</td>
            ))}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t.total}</th>
          {f.total.map((v, i) => (
            <td key={f.columns[i].key}>{fmt.value(v, f.columns[i].kind)}</td>
          ))}
        </tr>
      </tfoot>
    </table>
  )
  return (
    <section class="figure" aria-labelledby={`${id}-title`} data-figure={f.id}>
      <h2 id={`${id}-title`}>{f.title}</h2>
      {empty ? (
        <p class="empty">{t.noData}</p>
      ) : (
        <>
          <Chart kind={f.chart} periods={periods} series={series} y={f.columns[f.charted[0]].kind} fmt={fmt} lang={lang} periodLabel={t.period} />
          <button type="button" class="toggle" aria-expanded={shown} aria-controls={`${id}-table`} onClick={() => setShown(!shown)}>
            {shown ? t.hideTable : t.showTable}
          </button>
          {shown ? (
            // A wide table scrolls inside its own box, never the page.
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a box that scrolls must be reachable by keyboard to be scrolled (WCAG 2.1.1; axe's scrollable-region-focusable)
            <section class="table-wrap" id={`${id}-table`} aria-labelledby={`${id}-caption`} tabIndex={0}>
              {table}
            </section>
          ) : (
            <div class="table-wrap visually-hidden" id={`${id}-table`}>
              {table}
            </div>
          )}
        </>
      )}
    </section>
  )
}
