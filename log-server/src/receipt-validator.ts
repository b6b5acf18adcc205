/**
 * Validation of incoming receipts against the SDK's published JSON Schema
 * (`schema/receipt.schema.json`, the one source of truth), plus the checks a schema cannot say:
 * a timestamp not far in the future, an http(s) URL. The result names the first bad field the way
 * a developer reads it (`categories.analytics`), never throws, whatever the input.
 */
import Ajv2020 from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { RECEIPT_SCHEMA as schema, type ConsentReceipt } from './sdk'

/** A receipt as the SDK sends it (`src/types.ts`), with the optional legal profile. */
export type Receipt = ConsentReceipt & { profile?: string }

export type Validation = { ok: true; receipt: Receipt } | { ok: false; field: string; message: string }

// ajv's CJS default export differs between bundlers and Node's ESM loader.
const AjvClass: typeof Ajv2020 = (Ajv2020 as unknown as { default?: typeof Ajv2020 }).default || Ajv2020
const formats: typeof addFormats = (addFormats as unknown as { default?: typeof addFormats }).default || addFormats
const ajv = new AjvClass({ allErrors: false, strict: true })
formats(ajv, ['date-time', 'uri'])
const check = ajv.compile(schema)

/** A decision dated more than this ahead of the server's clock is refused (a broken clock or a forgery). */
const MAX_FUTURE_MS = 24 * 3600 * 1000

const dotted = (pointer: string) =>
  pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.')

export function validateReceipt(body: unknown, now = Date.now()): Validation {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, field: '(body)', message: 'must be a JSON object' }
  if (!check(body)) {
    const e = check.errors![0]
    let field = dotted(e.instancePath)
    const p = e.params as Record<string, string>
    if (e.keyword === 'required') field = field ? `${field}.${p.missingProperty}` : p.missingProperty
    else if (e.keyword === 'additionalProperties')
      return { ok: false, field: field ? `${field}.${p.additionalProperty}` : p.additionalProperty, message: 'is not a receipt field' }
    // Inside propertyNames ajv reports the inner keyword (pattern, not) first, with the offending key in `propertyName`.
    else if (e.keyword === 'propertyNames' || e.propertyName !== undefined)
      return {
        ok: false,
        field: `${field}.${e.propertyName ?? p.propertyName}`,
        message: 'is not a valid id (1-64 letters, digits, _ or -; not __proto__, constructor or prototype)',
      }
    return { ok: false, field: field || '(body)', message: e.keyword === 'required' ? 'is required' : e.message || 'is invalid' }
  }
  const r = body as Receipt
  const t = Date.parse(r.timestamp)
  if (!(t <= now + MAX_FUTURE_MS)) return { ok: false, field: 'timestamp', message: 'is more than a day in the future' }
  if (!/^https?:\/\//i.test(r.url)) return { ok: false, field: 'url', message: 'must be an http or https URL' }
  // The receipt promises origin and path only. An older or modified SDK may send a query
  // (`?email=…`), a fragment or `user:pass@`: keep what was promised, never the rest. A url the
  // WHATWG parser refuses (the schema's uri format is looser) is not a page anyone was on.
  let page: URL
  try {
    page = new URL(r.url)
  } catch {
    return { ok: false, field: 'url', message: 'is not a valid URL' }
  }
  if (!/^https?:$/.test(page.protocol) || !page.hostname) return { ok: false, field: 'url', message: 'must be an http or https URL' }
  return { ok: true, receipt: { ...r, url: page.origin + page.pathname } }
}
