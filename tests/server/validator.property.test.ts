import { describe, expect, test } from 'vitest'
import fc from 'fast-check'
import { validateReceipt } from '../../log-server/src/receipt-validator'
import { sorted } from '../../log-server/src/chain'

/** Property-based fuzzing of the receipt validator: it never throws, accepts every valid receipt, and names a field for every refusal. */
const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n })
const uuid = fc.tuple(hex(8), hex(4), hex(3), fc.constantFrom('8', '9', 'a', 'b'), hex(3), hex(12)).map(([a, b, c, v, d, e]) => `${a}-${b}-4${c}-${v}${d}-${e}`)
// The schema refuses the three ids of JavaScript's prototype machinery (issue #8); fast-check likes to try __proto__.
const RESERVED = ['__proto__', 'constructor', 'prototype']
const id = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_-'), minLength: 1, maxLength: 64 }).filter((k) => !RESERVED.includes(k))
const flags = (max: number) => fc.dictionary(id, fc.boolean(), { maxKeys: max })
const validReceipt = fc.record({
  schema: fc.constant('consent-gate.receipt/1'),
  receiptId: uuid,
  consentId: uuid,
  revision: fc.integer({ min: 0, max: 1e6 }),
  categories: flags(10),
  services: flags(10),
  method: fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), minLength: 1, maxLength: 32 }),
  timestamp: fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2026-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString()),
  url: fc.webUrl({ validSchemes: ['https', 'http'] }).filter((u) => u.length < 2000),
  language: fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 2, maxLength: 3 }),
  configHash: hex(8),
})

describe('receipt validator', () => {
  test('accepts every valid receipt', () => {
    fc.assert(
      fc.property(validReceipt, (r) => {
        const v = validateReceipt(r)
        if (!v.ok) throw new Error(`${v.field} ${v.message}: ${JSON.stringify(r)}`)
      }),
      { numRuns: 500 },
    )
  })

  test('refuses a valid receipt with one field broken, naming that field', () => {
    const fields = ['receiptId', 'consentId', 'revision', 'categories', 'method', 'timestamp', 'url', 'language', 'configHash', 'schema', 'services']
    fc.assert(
      fc.property(
        validReceipt,
        fc.constantFrom(...fields),
        fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.integer()), fc.double()),
        (r, field, junk) => {
          const broken: any = { ...r, [field]: junk }
          const v = validateReceipt(broken)
          // Junk that happens to be valid for the field (an integer revision, an empty-ish object) is fine.
          if (v.ok) return
          expect(v.field.split('.')[0]).toBe(field)
        },
      ),
      { numRuns: 500 },
    )
  })

  test('never throws, and never accepts anything that is not an object with every field', () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }),
        (x) => {
          const v = validateReceipt(x)
          expect(v.ok).toBe(false)
        },
      ),
      { numRuns: 1000 },
    )
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(() => validateReceipt(JSON.parse(text))).not.toThrow()
      }),
      { numRuns: 1000 },
    )
  })

  test('refuses __proto__, constructor and prototype as ids, naming them; keeps a __proto__ key as a key; refuses oversized maps', () => {
    const r = fc.sample(validReceipt, 1)[0]
    for (const reserved of RESERVED) {
      const odd = validateReceipt(JSON.parse(JSON.stringify({ ...r, categories: {} }).replace('"categories":{}', `"categories":{"${reserved}":true}`)))
      expect(odd).toMatchObject({ ok: false, field: `categories.${reserved}` })
    }
    expect(
      Object.keys(
        sorted({
          ...Object.fromEntries([
            ['__proto__', true],
            ['a', false],
          ]),
        }),
      ),
    ).toEqual(['__proto__', 'a'])
    const many: Record<string, boolean> = {}
    for (let i = 0; i < 65; i++) many['c' + i] = true
    const v = validateReceipt({ ...r, categories: many })
    expect(v.ok).toBe(false)
  })
})
