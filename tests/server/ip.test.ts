import { expect, test } from 'vitest'
import { keptIp } from '../../log-server/src/app'
import { canonicalAddress, inRanges, truncatedAddress } from '../../log-server/src/ip'

/**
 * What CONSENT_GATE_STORE_IP keeps of a client address: a /24 or /48 prefix, or a keyed hash, of
 * an address that really is one; a port, a zone, an IPv4-mapped form change nothing, and a value
 * that is not an address is never stored.
 */
const TRUNCATED: [string, string | null][] = [
  ['203.0.113.77', '203.0.113.0'],
  ['203.0.113.77:5678', '203.0.113.0'],
  ['::ffff:203.0.113.77', '203.0.113.0'],
  ['::FFFF:203.0.113.77', '203.0.113.0'],
  ['::ffff:cb00:714d', '203.0.113.0'],
  ['[::ffff:203.0.113.77]:443', '203.0.113.0'],
  ['2001:db8::1', '2001:db8:0::'],
  ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3::'],
  ['2001:DB8:0:0:0:0:0:1', '2001:db8:0::'],
  ['[2001:db8::1]:5678', '2001:db8:0::'],
  ['[2001:db8::1]', '2001:db8:0::'],
  ['fe80::1%eth0', 'fe80:0:0::'],
  ['::1', '0:0:0::'],
  ['::', '0:0:0::'],
  ['2001:db8::', '2001:db8:0::'],
  ['64:ff9b::192.0.2.33', '64:ff9b:0::'],
  // Not addresses: nothing is kept.
  ['=1+1:x::', null],
  ['', null],
  ['unknown', null],
  ['203.0.113', null],
  ['203.0.113.256', null],
  ['203.0.113.77:99999', null],
  ['2001:db8::1:5678:1:2:3:4:5', null],
  ['2001:db8::1:5678x', null],
  ['[203.0.113.77]:80', null],
  ['1.2.3.4, 5.6.7.8', null],
  ['<script>', null],
  ['a'.repeat(100), null],
]

test.each(TRUNCATED)('truncated %j → %j', (input, kept) => {
  expect(truncatedAddress(input)).toBe(kept)
  expect(keptIp('truncated', input, 'k')).toBe(kept)
})

test('hashed: the same address in any notation gives one hash; a non-address gives none', () => {
  const h = (ip: string) => keptIp('hashed', ip, 'k')
  expect(h('203.0.113.77')).toMatch(/^[0-9a-f]{32}$/)
  expect(h('203.0.113.77:1234')).toBe(h('203.0.113.77'))
  expect(h('::ffff:203.0.113.77')).toBe(h('203.0.113.77'))
  expect(h('2001:DB8:0:0::1')).toBe(h('2001:db8::1'))
  expect(h('203.0.113.78')).not.toBe(h('203.0.113.77'))
  for (const junk of ['=1+1:x::', '', 'x']) expect(h(junk)).toBeNull()
  expect(keptIp('off', '203.0.113.77', 'k')).toBeNull()
})

test('canonical form', () => {
  expect(canonicalAddress('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1')
  expect(canonicalAddress('2001:db8:0:1:0:0:0:1')).toBe('2001:db8:0:1::1')
  expect(canonicalAddress('1:0:2:0:3:0:4:0')).toBe('1:0:2:0:3:0:4:0')
  expect(canonicalAddress('[::1]:80')).toBe('::1')
  expect(canonicalAddress('::ffff:10.0.0.1')).toBe('10.0.0.1')
  expect(canonicalAddress('x')).toBeNull()
})

test('inRanges: addresses, CIDRs and the named ranges', () => {
  expect(inRanges('10.1.2.3', ['10.0.0.0/8'])).toBe(true)
  expect(inRanges('11.1.2.3', ['10.0.0.0/8'])).toBe(false)
  expect(inRanges('::ffff:10.1.2.3', ['10.0.0.0/8'])).toBe(true)
  expect(inRanges('10.0.0.5', ['10.0.0.5'])).toBe(true)
  expect(inRanges('10.0.0.6', ['10.0.0.5'])).toBe(false)
  expect(inRanges('2001:db8::1', ['2001:db8::/32'])).toBe(true)
  expect(inRanges('2001:db9::1', ['2001:db8::/32'])).toBe(false)
  expect(inRanges('127.0.0.1', ['loopback'])).toBe(true)
  expect(inRanges('::1', ['loopback'])).toBe(true)
  expect(inRanges('172.20.0.1', ['uniquelocal'])).toBe(true)
  expect(inRanges('x', ['loopback'])).toBe(false)
})
