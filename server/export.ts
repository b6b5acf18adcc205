/**
 * `GET /api/export`: every stored record, as NDJSON or CSV, read page by page (keyset pagination)
 * and yielded as it goes, so memory stays constant however large the log is.
 */
import type { Store, StoredRecord } from './store/store'

export type ExportFormat = 'ndjson' | 'csv'

const PAGE = 500
const HEADER = ['receiptId', 'consentId', 'seq', 'revision', 'method', 'categories', 'services', 'timestamp', 'receivedAt', 'url', 'language', 'configHash', 'profile', 'ip', 'userAgent', 'prevHash', 'hash'] as const

function flat(r: StoredRecord) {
  return { ...r, receivedAt: new Date(r.receivedAt).toISOString() }
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
function csvField(v: unknown): string {
  let s = v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export async function* exportRows(store: Store, format: ExportFormat): AsyncGenerator<string> {
  if (format === 'csv') yield HEADER.join(',') + '\r\n'
  let after = 0
  for (;;) {
    const page = await store.exportPage(after, PAGE)
    if (!page.length) return
    let chunk = ''
    for (const { row, record } of page) {
      after = row
      const f = flat(record)
      chunk += format === 'csv' ? HEADER.map((h) => csvField((f as any)[h])).join(',') + '\r\n' : JSON.stringify(f) + '\n'
    }
    yield chunk
  }
}
