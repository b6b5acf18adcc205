/**
 * The figures of one range: the range form (two dates and day / week / month), a summary, the
 * seven figures and the CSV export. Every change of the range asks the server again; an answer
 * to an older question is dropped (its request is aborted).
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { type GroupBy, type Query, type Stats, fetchStats } from './api'
import { csvName, toCsv } from './csv'
import { FigureView } from './FigureView'
import { decideShare, figuresOf } from './figures'
import { type Format, isDay } from './format'
import type { Lang, Texts } from './i18n'
import { type Problem, messageOf } from './messages'

interface Props {
  token: string
  texts: Texts
  lang: Lang
  fmt: Format
  query: Query
  /** The figures of `query`, when the sign-in already fetched them. */
  stats: Stats | null
  onQuery(q: Query): void
  /** The token stopped working (401): back to the sign-in. */
  onRefused(): void
}

const GROUPS: GroupBy[] = ['day', 'week', 'month']

/** Save `text` as a file: a Blob URL on a link with `download`, clicked (no server round trip, no inline script). */
function download(text: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}

export function Dashboard({ token, texts: t, lang, fmt, query, stats: initial, onQuery, onRefused }: Props) {
  const [stats, setStats] = useState<Stats | null>(initial)
  const [loading, setLoading] = useState(!initial)
  const [problem, setProblem] = useState<Problem | null>(null)
  // The form's own values: a date being typed is not yet a query.
  const [from, setFrom] = useState(query.from)
  const [to, setTo] = useState(query.to)
  const heading = useRef<HTMLHeadingElement>(null)
  const fetched = useRef<Query | null>(initial ? query : null)

  useEffect(() => heading.current?.focus(), [])

  useEffect(() => {
    const q = fetched.current
    if (q && q.from === query.from && q.to === query.to && q.groupBy === query.groupBy) return
    const abort = new AbortController()
    setLoading(true)
    fetchStats(token, query, abort.signal).then(
      (answer) => {
        fetched.current = query
        setLoading(false)
        if (answer.ok) {
          setStats(answer.stats)
          setProblem(null)
        } else if (answer.reason === 'refused') onRefused()
        else setProblem(answer)
      },
      // Aborted: a newer query is on its way.
      () => undefined,
    )
    return () => abort.abort()
  }, [token, query.from, query.to, query.groupBy])

  /** A complete, ordered range becomes the query; anything else is said and waits. */
  function change(next: { from?: string; to?: string; groupBy?: GroupBy }) {
    const f = next.from ?? from
    const tt = next.to ?? to
    if (next.from !== undefined) setFrom(f)
    if (next.to !== undefined) setTo(tt)
    if (!isDay(f) || !isDay(tt)) return setProblem({ ok: false, reason: 'bad-date' })
    if (f > tt) return setProblem({ ok: false, reason: 'bad-range' })
    setProblem(null)
    onQuery({ from: f, to: tt, groupBy: next.groupBy ?? query.groupBy })
  }

  const figures = useMemo(() => (stats ? figuresOf(stats, { texts: t, languageName: fmt.languageName }) : []), [stats, t, fmt])
  const shownFrom = stats ? stats.from.slice(0, 10) : query.from
  // The API's `to` is exclusive; the form's is the last day shown.
  const shownTo = stats ? new Date(Date.parse(stats.to) - 1).toISOString().slice(0, 10) : query.to
  const groupName = { day: t.day, week: t.week, month: t.month }

  return (
    <>
      <h1 tabIndex={-1} ref={heading}>
        {t.title}
      </h1>
      <form class="range" onSubmit={(e) => e.preventDefault()} aria-describedby="range-status">
        <fieldset>
          <legend>{t.range}</legend>
          <div class="field">
            <label for="from">{t.from}</label>
            <input id="from" type="date" value={from} max={to} onChange={(e) => change({ from: (e.target as HTMLInputElement).value })} />
          </div>
          <div class="field">
            <label for="to">{t.to}</label>
            <input id="to" type="date" value={to} min={from} onChange={(e) => change({ to: (e.target as HTMLInputElement).value })} />
          </div>
          <div class="field">
            <label for="group">{t.groupBy}</label>
            <select id="group" value={query.groupBy} onChange={(e) => change({ groupBy: (e.target as HTMLSelectElement).value as GroupBy })}>
              {GROUPS.map((g) => (
                <option key={g} value={g}>
                  {groupName[g]}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        <button type="button" class="csv" disabled={!stats} onClick={() => download(toCsv(figures), csvName(shownFrom, shownTo))}>
          {t.downloadCsv}
        </button>
      </form>
      <p id="range-status" class="status" role="status">
        {loading ? t.loading : stats ? t.showing(shownFrom, shownTo, groupName[stats.groupBy]) : ''}
      </p>
      {problem ? (
        <p class="problem" role="alert">
          {messageOf(problem, t)}
        </p>
      ) : null}
      {stats ? (
        <>
          <section class="summary" aria-labelledby="summary-title">
            <h2 id="summary-title">{t.summary}</h2>
            <dl>
              <div>
                <dt>{t.impressions}</dt>
                <dd>{fmt.count(stats.total.impressions)}</dd>
              </div>
              <div>
                <dt>{t.decisions}</dt>
                <dd>{fmt.count(stats.total.decisions)}</dd>
              </div>
              <div>
                <dt>{t.decideShare}</dt>
                <dd>
                  {fmt.value(decideShare(stats.total), 'rate')} <small>{t.decideShareHint}</small>
                </dd>
              </div>
              {Object.keys(stats.total.categories)
                .sort()
                .map((k) => (
                  <div key={k}>
                    <dt>{t.optIn(k)}</dt>
                    <dd>{fmt.rate(stats.total.categories[k].optInRate)}</dd>
                  </div>
                ))}
            </dl>
          </section>
          <div class="figures">
            {figures.map((f) => (
              <FigureView key={f.id} figure={f} texts={t} fmt={fmt} lang={lang} from={shownFrom} to={shownTo} />
            ))}
          </div>
        </>
      ) : null}
    </>
  )
}
