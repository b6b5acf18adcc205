/**
 * `GET /api/export`: every stored record, as NDJSON or CSV, read page by page (keyset pagination)
 * and yielded as it goes, so memory stays constant however large the log is.
 */
import { EXPORT_HEADER, exportedRecord } from './store/record'
import type { Store } from './store/store'
import { csvCell as csvField } from './csv-cell'

export type ExportFormat = 'ndjson' | 'csv'

const PAGE = 500
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
