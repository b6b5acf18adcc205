/**
 * `GET /api/export`: every stored record, as NDJSON or CSV, read page by page (keyset pagination)
 * and yielded as it goes, so memory stays constant however large the log is.
 */
import { EXPORT_HEADER, exportedRecord } from './store/record'
import type { Store } from './store/store'

export type ExportFormat = 'ndjson' | 'csv'

const PAGE = 500
/**
 * A cell a spreadsheet would read as a formula (OWASP, CSV injection): = + - @, tab and CR, and
 * the full-width = + - @ that Excel also takes as the start of one. Such a cell gets a leading `'`.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/
/**
 * Quoted (RFC 4180) when the field holds the separator, a quote or a line break (CR or LF), and
 * also `;`: spreadsheets in locales whose list separator is `;` split on it, and the part after a
 * bare `;` (`http://x/a;=1+1`) would become a cell of its own, formula included.
 */
const NEEDS_QUOTES = /[",;\r\n]/

function csvField(v: unknown): string {
  let s = v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
  if (FORMULA_START.test(s)) s = "'" + s
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export async function* exportRows(store: Store, format: ExportFormat): AsyncGenerator<string> {
  if (format === 'csv') yield EXPORT_HEADER.join(',') + '\r\n'
  let after = 0
  for (;;) {
    const page = await store.exportPage(after, PAGE)
    if (!page.length) return
    let chunk = ''
    for (const { row, record } of page) {
      after = row
      const f = exportedRecord(record)
      chunk += format === 'csv' ? EXPORT_HEADER.map((h) => csvField(f[h])).join(',') + '\r\n' : JSON.stringify(f) + '\n'
    }
    yield chunk
  }
}
