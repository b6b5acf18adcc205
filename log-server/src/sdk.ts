/**
 * What the consent-log server takes from the SDK's sources: the cookie format, the receipt's type
 * and its JSON Schema, the cookie-name rule. One source each, in the SDK; the log server's build
 * bundles them (the schema inlined), so the published `@consent-gate/log-server` does not depend
 * on the `consent-gate` package.
 */
import schema from '../../schema/receipt.schema.json'

export { cookieValue } from '../../src/server/cookie-header'
export { decodeRecord, encodeState, isCurrent, type CookieRecord } from '../../src/storage/codec'
export { COOKIE_NAME } from '../../src/storage/cookie-name'
export type { ConsentReceipt } from '../../src/types'

/** `schema/receipt.schema.json`, the receipt's published JSON Schema. */
export const RECEIPT_SCHEMA: object = schema
