/**
 * The receipt's shape, pinned twice: at compile time against the `ConsentReceipt` type (tsc fails
 * when a field is added to, removed from or retyped in the type only), and at run time against
 * `schema/receipt.schema.json` (tests/unit/receipt-shape.test.ts fails when the schema alone
 * changes). Together: the type and the published schema have the same fields, the same required
 * ones and the same JSON types.
 */
import type { ConsentReceipt } from '../../../src/types'

/** A field's JSON type as the schema writes it: `type`, `const: …` or a map of booleans. */
type JsonType<T> = [T] extends [Record<string, boolean>]
  ? 'object of booleans'
  : [T] extends [boolean]
    ? 'boolean'
    : [T] extends [number]
      ? 'integer'
      : [T] extends [string]
        ? string extends T
          ? 'string'
          : `const: ${T}`
        : never

type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false

/** What the type says of each field: its JSON type, and whether it is required. */
type ShapeOf<T> = { [K in keyof T]-?: { type: JsonType<Exclude<T[K], undefined>>; required: Record<never, never> extends Pick<T, K> ? false : true } }

export const RECEIPT_SHAPE = {
  schema: { type: 'const: consent-gate.receipt/1', required: true },
  receiptId: { type: 'string', required: true },
  consentId: { type: 'string', required: true },
  revision: { type: 'integer', required: true },
  categories: { type: 'object of booleans', required: true },
  services: { type: 'object of booleans', required: true },
  method: { type: 'string', required: true },
  timestamp: { type: 'string', required: true },
  url: { type: 'string', required: true },
  language: { type: 'string', required: true },
  profile: { type: 'string', required: false },
  gpc: { type: 'boolean', required: false },
  reconfirm: { type: 'string', required: false },
  configHash: { type: 'string', required: true },
} as const

// Compile-time proof: the pinned shape is exactly the type's (no field missing, none extra, none retyped).
const proof: Exactly<
  { -readonly [K in keyof typeof RECEIPT_SHAPE]: { -readonly [P in keyof (typeof RECEIPT_SHAPE)[K]]: (typeof RECEIPT_SHAPE)[K][P] } },
  ShapeOf<ConsentReceipt>
> = true
export { proof as RECEIPT_SHAPE_MATCHES_THE_TYPE }
