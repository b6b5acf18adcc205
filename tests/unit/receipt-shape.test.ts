import { expect, test } from 'vitest'
import schema from '../../schema/receipt.schema.json'
import { RECEIPT_SHAPE } from './support/receipt-shape'

type Prop = { type?: string; const?: string; additionalProperties?: { type?: string } | boolean }

/** A property of the schema in the words of RECEIPT_SHAPE. */
const jsonType = (p: Prop) =>
  p.const !== undefined
    ? 'const: ' + p.const
    : p.type === 'object' && typeof p.additionalProperties === 'object' && p.additionalProperties.type === 'boolean'
      ? 'object of booleans'
      : p.type

test('the published JSON Schema and the ConsentReceipt type have the same fields, required ones and JSON types', () => {
  const props = schema.properties as Record<string, Prop>
  const fromSchema = Object.fromEntries(Object.entries(props).map(([k, p]) => [k, { type: jsonType(p), required: schema.required.includes(k) }]))
  // RECEIPT_SHAPE is proven equal to the TypeScript type at compile time (tsc, in npm test).
  expect(fromSchema).toEqual(RECEIPT_SHAPE)
  expect(Object.keys(props).sort()).toEqual(Object.keys(RECEIPT_SHAPE).sort())
  // Every required field is a property, and nothing else is allowed.
  expect(schema.required.filter((k) => !(k in props))).toEqual([])
  expect(schema.additionalProperties).toBe(false)
})
