import { describe, expect, test } from 'vitest'
import { decodeRecord, encodeState } from '../../src/storage/codec'
import type { ConsentState } from '../../src/types'

/** FNV-1a 32-bit as documented for the cookie format, written independently of src. */
function fnv(input: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i)
    h = Math.imul(h, 16777619) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}
const sign = (body: string) => body + '|' + fnv(body)

const ID = '3f2b8c1e-9d4a-4b6e-8f01-23456789abcd'
const state: ConsentState = {
  id: ID,
  revision: 7,
  categories: { necessary: true, analytics: true, marketing: false, 'with-dash_1': true },
  services: { ga: true, 'meta-pixel': false },
  method: 'custom',
  timestamp: '2025-03-01T12:00:00.000Z',
  expires: '2025-08-30T12:00:00.000Z',
  profile: 'eu',
}
const T = Date.parse(state.timestamp) / 1000
const E = Date.parse(state.expires) / 1000

/** RFC 6265 cookie-octet: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E. */
const COOKIE_OCTETS = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/

describe('encodeState', () => {
  test('writes the documented format, version 2, with an FNV-1a checksum of the body', () => {
    const body = `2|${ID}|7|custom|${T}|${E}|necessary:1.analytics:1.marketing:0.with-dash_1:1|ga:1.meta-pixel:0|eu|0|`
    expect(encodeState(state)).toBe(sign(body))
  })

  test('writes the profile, the GPC flag and the re-confirmation date', () => {
    const value = encodeState({ ...state, profile: 'kr', gpc: true, reconfirm: '2027-03-01T12:00:00.000Z' })
    expect(value.split('|').slice(8, 11)).toEqual(['kr', '1', String(Date.parse('2027-03-01T12:00:00Z') / 1000)])
    expect(decodeRecord(value)).toMatchObject({ profile: 'kr', gpc: true, reconfirm: Date.parse('2027-03-01T12:00:00Z') })
  })

  test('every character is an RFC 6265 cookie-octet', () => {
    const value = encodeState(state)
    expect(value).toMatch(COOKIE_OCTETS)
    for (const method of ['accept-all', 'reject-all', 'custom', 'banner-2']) expect(encodeState({ ...state, method })).toMatch(COOKIE_OCTETS)
    expect(encodeState({ ...state, categories: {}, services: {} })).toMatch(COOKIE_OCTETS)
  })

  test('sub-second timestamps are written as whole seconds', () => {
    const value = encodeState({ ...state, timestamp: '2025-03-01T12:00:00.999Z' })
    expect(value.split('|')[4]).toBe(String(T))
  })
})

describe('decodeRecord', () => {
  test('round trip', () => {
    expect(decodeRecord(encodeState(state))).toEqual({
      id: ID,
      revision: 7,
      method: 'custom',
      timestamp: T * 1000,
      expires: E * 1000,
      categories: state.categories,
      services: state.services,
      profile: 'eu',
      gpc: false,
      reconfirm: 0,
    })
  })

  test('round trip with no categories and no services', () => {
    const r = decodeRecord(encodeState({ ...state, categories: {}, services: {} }))
    expect(r).not.toBeNull()
    expect(r!.categories).toEqual({})
    expect(r!.services).toEqual({})
  })

  test('round trip of revision 0 and accept-all', () => {
    const r = decodeRecord(encodeState({ ...state, revision: 0, method: 'accept-all' }))
    expect(r && r.revision).toBe(0)
    expect(r && r.method).toBe('accept-all')
  })

  test('a hand-built record in the documented format is read (other backends can write it)', () => {
    const r = decodeRecord(sign(`2|${ID}|2|reject-all|1700000000|1715000000|necessary:1.analytics:0||us|1|`))
    expect(r).toEqual({
      id: ID,
      revision: 2,
      method: 'reject-all',
      timestamp: 1700000000000,
      expires: 1715000000000,
      categories: { necessary: true, analytics: false },
      services: {},
      profile: 'us',
      gpc: true,
      reconfirm: 0,
    })
  })

  test('a version 1 cookie (written before profiles) still decodes, as an eu decision without GPC', () => {
    const r = decodeRecord(sign(`1|${ID}|2|reject-all|1700000000|1715000000|necessary:1.analytics:0|`))
    expect(r).toEqual({
      id: ID,
      revision: 2,
      method: 'reject-all',
      timestamp: 1700000000000,
      expires: 1715000000000,
      categories: { necessary: true, analytics: false },
      services: {},
      profile: 'eu',
      gpc: false,
      reconfirm: 0,
    })
  })

  test('the version decides which fields there are: a version 1 body with the new fields, or version 2 without them, is no record', () => {
    expect(decodeRecord(sign(`1|${ID}|2|reject-all|1700000000|1715000000|necessary:1||eu|0|`))).toBeNull()
    expect(decodeRecord(sign(`2|${ID}|2|reject-all|1700000000|1715000000|necessary:1|`))).toBeNull()
    expect(decodeRecord(sign(`2|${ID}|2|reject-all|1700000000|1715000000|necessary:1||fr|0|`))).toBeNull()
  })

  const valid = encodeState(state)

  test('truncated at every length gives null', () => {
    for (let n = 0; n < valid.length; n++) expect(decodeRecord(valid.slice(0, n)), 'length ' + n).toBeNull()
  })

  test('one character edited anywhere gives null', () => {
    for (let i = 0; i < valid.length; i++) {
      for (const c of ['0', '1', 'a', 'f', 'z', '|', ':', '.', '-', 'A']) {
        if (valid[i] === c) continue
        const edited = valid.slice(0, i) + c + valid.slice(i + 1)
        expect(decodeRecord(edited), `position ${i} → ${c}`).toBeNull()
      }
    }
  })

  test('one character deleted or inserted anywhere gives null', () => {
    for (let i = 0; i < valid.length; i++) {
      expect(decodeRecord(valid.slice(0, i) + valid.slice(i + 1)), 'delete ' + i).toBeNull()
      expect(decodeRecord(valid.slice(0, i) + 'x' + valid.slice(i)), 'insert ' + i).toBeNull()
    }
    expect(decodeRecord(valid + '|')).toBeNull()
    expect(decodeRecord(' ' + valid)).toBeNull()
    expect(decodeRecord(valid + ' ')).toBeNull()
  })

  test.each([
    ['wrong version', `2|${ID}|1|custom|${T}|${E}|a:1|`],
    ['version 0', `0|${ID}|1|custom|${T}|${E}|a:1|`],
    ['no version', `${ID}|1|custom|${T}|${E}|a:1|`],
    ['uuid not v4', `1|3f2b8c1e-9d4a-1b6e-8f01-23456789abcd|1|custom|${T}|${E}|a:1|`],
    ['uuid bad variant', `1|3f2b8c1e-9d4a-4b6e-cf01-23456789abcd|1|custom|${T}|${E}|a:1|`],
    ['uuid upper case', `1|${ID.toUpperCase()}|1|custom|${T}|${E}|a:1|`],
    ['uuid too short', `1|3f2b8c1e-9d4a-4b6e-8f01-23456789abc|1|custom|${T}|${E}|a:1|`],
    ['not a uuid', `1|hello|1|custom|${T}|${E}|a:1|`],
    ['negative revision', `1|${ID}|-1|custom|${T}|${E}|a:1|`],
    ['revision not a number', `1|${ID}|x|custom|${T}|${E}|a:1|`],
    ['empty revision', `1|${ID}||custom|${T}|${E}|a:1|`],
    ['method with upper case', `1|${ID}|1|Custom|${T}|${E}|a:1|`],
    ['empty method', `1|${ID}|1||${T}|${E}|a:1|`],
    ['method too long', `1|${ID}|1|${'a'.repeat(33)}|${T}|${E}|a:1|`],
    ['timestamp not a number', `1|${ID}|1|custom|soon|${E}|a:1|`],
    ['timestamp in ms with a fraction', `1|${ID}|1|custom|${T}.5|${E}|a:1|`],
    ['flag value 2', `1|${ID}|1|custom|${T}|${E}|a:2|`],
    ['flag without value', `1|${ID}|1|custom|${T}|${E}|a|`],
    ['flag with bad id', `1|${ID}|1|custom|${T}|${E}|a b:1|`],
    ['empty flag', `1|${ID}|1|custom|${T}|${E}|a:1..b:0|`],
    ['trailing dot', `1|${ID}|1|custom|${T}|${E}|a:1.|`],
    ['too few fields', `1|${ID}|1|custom|${T}|${E}|a:1`],
    ['too many fields', `1|${ID}|1|custom|${T}|${E}|a:1||`],
  ])('%s (with a correct checksum) gives null', (_, body) => {
    expect(decodeRecord(sign(body))).toBeNull()
  })

  test('the control case of the table above decodes', () => {
    expect(decodeRecord(sign(`1|${ID}|1|custom|${T}|${E}|a:1|`))).not.toBeNull()
  })

  test('upper-case checksum hex gives null', () => {
    const body = `1|${ID}|1|custom|${T}|${E}|a:1|`
    const sum = fnv(body)
    if (sum === sum.toUpperCase()) return
    expect(decodeRecord(body + '|' + sum.toUpperCase())).toBeNull()
  })

  test.each([
    ['empty', ''],
    ['garbage', 'hello world'],
    ['only pipes', '||||||||'],
    ['json', '{"id":"x"}'],
    ['url-encoded', encodeURIComponent(valid)],
    ['huge', 'a'.repeat(5_000_000)],
    ['huge of pipes', '|'.repeat(100_000)],
    ['huge valid-looking record', sign(`1|${ID}|1|custom|${T}|${E}|${Array.from({ length: 2000 }, (_, i) => 'c' + i + ':1').join('.')}|`)],
    ['unicode', '1|é|ü|' + '\u{1F600}'],
  ])('%s gives null', (_, value) => {
    expect(decodeRecord(value)).toBeNull()
  })

  test.each([[undefined], [null], [42], [true], [{}], [[valid]], [Symbol('x')], [() => valid], [new String(valid)]])(
    'non-string %s gives null without throwing',
    (value) => {
      expect(decodeRecord(value)).toBeNull()
    },
  )

  test('random strings never throw', () => {
    let seed = 12345
    const rnd = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed / 2 ** 32
    }
    const alphabet = '0123456789abcdef|:.-_xyz' + ID
    for (let n = 0; n < 2000; n++) {
      let s = ''
      const len = Math.floor(rnd() * 200)
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rnd() * alphabet.length)]
      expect(() => decodeRecord(s)).not.toThrow()
    }
  })
})
