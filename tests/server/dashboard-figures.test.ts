import { describe, expect, test } from 'vitest'
import type { Stats } from '../../log-server/src/dashboard/api'
import { csvCell, csvName, toCsv } from '../../log-server/src/dashboard/csv'
import { decideShare, figuresOf } from '../../log-server/src/dashboard/figures'
import { TEXTS, pickLang } from '../../log-server/src/dashboard/i18n'

/** The dashboard's figures and CSV, from an answer of /api/stats (no browser needed for these). */
const bucket = (over: Partial<Stats['total']>): Stats['total'] => ({
  decisions: 0,
  impressions: 0,
  categories: {},
  services: {},
  methods: {},
  revisions: {},
  languages: {},
  profiles: {},
  ...over,
})

const stats: Stats = {
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-11-03T00:00:00.000Z',
  groupBy: 'day',
  total: bucket({
    decisions: 3,
    impressions: 4,
    categories: { analytics: { granted: 2, decisions: 3, optInRate: 0.6667 }, '-x': { granted: 1, decisions: 1, optInRate: 1 } },
    methods: { custom: 1, 'accept-all': 1, '=cmd': 1 },
    revisions: { '10': 1, '2': 2 },
    languages: { ko: 2, en: 1 },
    profiles: { default: 1, kr: 2 },
  }),
  series: [
    {
      period: '2026-11-01',
      ...bucket({
        decisions: 2,
        impressions: 4,
        categories: { analytics: { granted: 1, decisions: 2, optInRate: 0.5 } },
        methods: { 'accept-all': 1, custom: 1 },
        revisions: { '2': 2 },
        languages: { ko: 2 },
        profiles: { kr: 2 },
      }),
    },
    {
      period: '2026-11-02',
      ...bucket({
        decisions: 1,
        impressions: 0,
        categories: { analytics: { granted: 1, decisions: 1, optInRate: 1 }, '-x': { granted: 1, decisions: 1, optInRate: 1 } },
        methods: { '=cmd': 1 },
        revisions: { '10': 1 },
        languages: { en: 1 },
        profiles: { default: 1 },
      }),
    },
  ],
}
const figures = figuresOf(stats, { texts: TEXTS.en, languageName: (c) => `lang:${c}` })
const byId = (id: string) => figures.find((f) => f.id === id)!

describe('dashboard figures', () => {
  test('the decide share is decisions per impression, none without impressions', () => {
    expect(decideShare({ decisions: 3, impressions: 4 })).toBe(0.75)
    expect(decideShare({ decisions: 1, impressions: 3 })).toBe(0.3333)
    expect(decideShare({ decisions: 1, impressions: 0 })).toBeNull()
    expect(byId('reach').rows.map((r) => r.values)).toEqual([
      [4, 2, 0.5],
      [0, 1, null],
    ])
    expect(byId('reach').total).toEqual([4, 3, 0.75])
  })

  test('opt-in rates: a category missing from a period is no value there, not 0%', () => {
    const c = byId('categories')
    expect(c.columns.map((x) => x.key)).toEqual(['-x', 'analytics'])
    expect(c.rows.map((r) => r.values)).toEqual([
      [null, 0.5],
      [1, 1],
    ])
  })

  test('methods in the banner order, then others; revisions by number; languages by count', () => {
    expect(byId('methods').columns.map((x) => [x.key, x.label])).toEqual([
      ['accept-all', 'Accept all'],
      ['custom', 'Custom'],
      ['=cmd', '=cmd'],
    ])
    expect(byId('methods').rows[1].values).toEqual([0, 0, 1])
    expect(byId('revisions').columns.map((x) => x.key)).toEqual(['2', '10'])
    expect(byId('revisions').columns[0].label).toBe('Revision 2')
    expect(byId('languages').columns.map((x) => x.label)).toEqual(['lang:ko', 'lang:en'])
    expect(byId('profiles').columns.map((x) => x.label)).toEqual(['kr', 'No profile'])
  })

  test('inherited names are no keys: a method called constructor counts only itself', () => {
    const s: Stats = { ...stats, series: [{ period: '2026-11-01', ...bucket({ decisions: 1, methods: { constructor: 1 } }) }] }
    const m = figuresOf(s, { texts: TEXTS.en, languageName: (c) => c }).find((f) => f.id === 'methods')!
    expect(m.columns.map((c) => c.key)).toContain('constructor')
    // The total has no such method: 0, not Object.prototype.constructor.
    expect(m.total[m.columns.findIndex((c) => c.key === 'constructor')]).toBe(0)
    expect(m.rows[0].values[m.columns.findIndex((c) => c.key === 'constructor')]).toBe(1)
    // 'toString' is no method of this answer: its column would not exist.
    expect(m.columns.map((c) => c.key)).not.toContain('toString')
    expect(m.total[m.columns.findIndex((c) => c.key === 'accept-all')]).toBe(1)
  })
})

describe('dashboard CSV', () => {
  test('cells a spreadsheet would run as a formula get a quote; separators are quoted', () => {
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('-x')).toBe("'-x")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('\tx')).toBe("'\tx")
    expect(csvCell('＝1')).toBe("'＝1")
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('a;b')).toBe('"a;b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('=a,b')).toBe(`"'=a,b"`)
    expect(csvCell(0.5)).toBe('0.5')
    expect(csvCell(null)).toBe('')
  })

  test('one line per period, metric and key, totals last, the same values as the figures', () => {
    const lines = toCsv(figures).split('\r\n')
    expect(lines[0]).toBe('period,metric,key,value')
    expect(lines.at(-1)).toBe('')
    expect(lines).toContain('2026-11-01,impressions,,4')
    expect(lines).toContain('2026-11-01,decide_share,,0.5')
    expect(lines).toContain('2026-11-02,decide_share,,')
    expect(lines).toContain('2026-11-01,category_opt_in_rate,analytics,0.5')
    expect(lines).toContain("2026-11-02,category_opt_in_rate,'-x,1")
    expect(lines).toContain("2026-11-02,method,'=cmd,1")
    expect(lines).toContain('2026-11-01,revision,2,2')
    expect(lines).toContain('2026-11-01,language,ko,2')
    expect(lines).toContain('total,decisions,,3')
    expect(lines).toContain('total,profile,default,1')
    const firstTotal = lines.findIndex((l) => l.startsWith('total,'))
    expect(lines.slice(firstTotal, -1).every((l) => l.startsWith('total,'))).toBe(true)
    expect(csvName('2026-11-01', '2026-11-30')).toBe('consent-stats-2026-11-01-2026-11-30.csv')
  })
})

test('the UI language: ko and ko-KR are Korean, the rest English; both have every text', () => {
  expect(pickLang('ko')).toBe('ko')
  expect(pickLang('ko-KR')).toBe('ko')
  expect(pickLang('KO-kr')).toBe('ko')
  expect(pickLang('kok')).toBe('en')
  expect(pickLang('en-US')).toBe('en')
  expect(pickLang('')).toBe('en')
  expect(Object.keys(TEXTS.ko).sort()).toEqual(Object.keys(TEXTS.en).sort())
  expect(TEXTS.ko.refused).not.toBe(TEXTS.en.refused)
})
