import { describe, expect, test } from 'vitest'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import schema from '../../schema/receipt.schema.json'
import { normalizeConfig } from '../../src/core/config'
import { makeState, uniform } from '../../src/core/state'
import { buildReceipt, RECEIPT_SCHEMA } from '../../src/transport/receipt'

const ajv = new Ajv2020({ allErrors: true })
addFormats(ajv)
const validate = ajv.compile(schema)

describe('the published receipt JSON Schema', () => {
  const { config } = normalizeConfig({
    categories: {
      necessary: { title: 'Necessary', required: true },
      analytics: { title: 'Analytics', services: { ga4: { title: 'GA4' } } },
    },
  })
  const state = makeState(config, uniform(config, true), 'accept-all', '1b4e28ba-2fa1-41d2-883f-0016d3cca427', Date.UTC(2026, 10, 25, 12, 0, 0, 500))
  const receipt = buildReceipt(state, config, 'https://shop.example/checkout', 'ko')

  test('accepts the receipts the SDK builds', () => {
    expect(receipt.schema).toBe(RECEIPT_SCHEMA)
    expect(validate(receipt), JSON.stringify(validate.errors)).toBe(true)
  })

  test.each([
    ['an unknown field', { extra: 1 }],
    ['a wrong schema id', { schema: 'consent-gate.receipt/2' }],
    ['a non-UUID receiptId', { receiptId: 'abc' }],
    ['a non-boolean category', { categories: { analytics: 'yes' } }],
    ['a category id with a dot', { categories: { 'a.b': true } }],
    ['a method with spaces', { method: 'accept all' }],
    ['a timestamp that is not a date', { timestamp: 'yesterday' }],
    ['a negative revision', { revision: -1 }],
    ['a long language tag', { language: 'en-US' }],
    ['a GPC flag that is not a boolean', { gpc: 'yes' }],
    ['a re-confirmation date that is not a date', { reconfirm: 'in two years' }],
  ])('rejects %s', (_, patch) => {
    expect(validate({ ...receipt, ...patch })).toBe(false)
  })

  // JSON.parse, as a server does: in an object literal `__proto__` would set the prototype, not a key.
  test.each(['__proto__', 'constructor', 'prototype'])('rejects %s as a category or service id', (id) => {
    for (const where of ['categories', 'services'] as const) {
      const patch = { [where]: JSON.parse(`{"${id}": true}`) }
      expect(Object.keys(patch[where]), where).toEqual([id])
      expect(validate({ ...receipt, ...patch }), `${where}.${id}`).toBe(false)
      expect(
        validate.errors!.some((e) => e.keyword === 'propertyNames' && (e.params as any).propertyName === id),
        JSON.stringify(validate.errors),
      ).toBe(true)
    }
  })

  test('accepts ids that only resemble prototype members (toString, hasOwnProperty, Constructor, proto)', () => {
    const categories = { ...receipt.categories, toString: true, hasOwnProperty: false, Constructor: true, proto: false, __proto: true }
    expect(validate({ ...receipt, categories }), JSON.stringify(validate.errors)).toBe(true)
  })

  test('rejects a receipt with a required field missing', () => {
    for (const key of Object.keys(receipt).filter((k) => k !== 'profile' && k !== 'gpc')) {
      const copy: Record<string, unknown> = { ...receipt }
      delete copy[key]
      expect(validate(copy), key).toBe(false)
    }
  })
})
