/**
 * Client addresses, parsed for real. What reaches the server as "the client address" may be a
 * socket address, or whatever a proxy (or a client pretending to be one) wrote in
 * X-Forwarded-For: `203.0.113.77:5678`, `[2001:db8::1]:443`, `fe80::1%eth0`, or `=1+1:x::`. Only a
 * value that parses as an IP address is ever used; everything else is `null`.
 */
import { isIP } from 'node:net'

export type Address = { family: 4; bytes: number[] } | { family: 6; groups: number[] }

/** Eight 16-bit groups of a valid IPv6 address (`::` expanded, an embedded IPv4 tail folded in). */
function v6groups(ip: string): number[] {
  let s = ip
  const last = s.lastIndexOf(':')
  const tail = s.slice(last + 1)
  if (tail.includes('.')) {
    const b = tail.split('.').map(Number)
    s = s.slice(0, last + 1) + ((b[0] << 8) | b[1]).toString(16) + ':' + ((b[2] << 8) | b[3]).toString(16)
  }
  const [head, rest] = s.split('::')
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : [])
  const h = parse(head)
  if (rest === undefined) return h
  const r = parse(rest)
  return [...h, ...new Array(8 - h.length - r.length).fill(0), ...r]
}

/**
 * Parse an address, with or without a port (`1.2.3.4:80`, `[::1]:80`) or an IPv6 zone. An
 * IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) is the IPv4 address it maps.
 */
export function parseAddress(value: unknown): Address | null {
  if (typeof value !== 'string' || value.length > 64) return null
  let s = value.trim()
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(s)
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(s)
  if (bracketed) s = bracketed[1]
  else if (v4port) s = v4port[1]
  const port = bracketed?.[2] ?? v4port?.[2]
  if (port !== undefined && Number(port) > 65535) return null
  // A zone (`%eth0`) names a local interface, not part of the address.
  if (s.includes('%')) s = s.slice(0, s.indexOf('%'))
  const family = isIP(s)
  // Brackets belong to IPv6 only (`[1.2.3.4]` is no notation of an IPv4 address).
  if (family === 4 && !bracketed) return { family: 4, bytes: s.split('.').map(Number) }
  if (family !== 6 || (v4port && !bracketed)) return null
  const groups = v6groups(s)
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return { family: 4, bytes: [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255] }
  }
  return { family: 6, groups }
}

/** The address in one canonical text form (RFC 5952 for IPv6), or `null` when it is not one. */
export function canonicalAddress(value: unknown): string | null {
  const a = parseAddress(value)
  if (!a) return null
  if (a.family === 4) return a.bytes.join('.')
  // Longest run of zero groups (at least two) becomes `::`.
  let best = -1
  let len = 0
  for (let i = 0; i < 8; i++) {
    let j = i
    while (j < 8 && a.groups[j] === 0) j++
    if (j - i > len && j - i >= 2) [best, len] = [i, j - i]
    if (j > i) i = j - 1
  }
  const hex = a.groups.map((g) => g.toString(16))
  if (best < 0) return hex.join(':')
  return hex.slice(0, best).join(':') + '::' + hex.slice(best + len).join(':')
}

/** The network prefix kept by CONSENT_GATE_STORE_IP=truncated: IPv4 /24 (`a.b.c.0`), IPv6 /48 (`g0:g1:g2::`). */
export function truncatedAddress(value: unknown): string | null {
  const a = parseAddress(value)
  if (!a) return null
  if (a.family === 4) return `${a.bytes[0]}.${a.bytes[1]}.${a.bytes[2]}.0`
  return (
    a.groups
      .slice(0, 3)
      .map((g) => g.toString(16))
      .join(':') + '::'
  )
}

/** proxy-addr's named ranges, as CONSENT_GATE_TRUST_PROXY accepts them. */
const NAMED: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
}

const bitsOf = (a: Address): number[] =>
  a.family === 4
    ? a.bytes.flatMap((b) => [...Array(8)].map((_, i) => (b >> (7 - i)) & 1))
    : a.groups.flatMap((g) => [...Array(16)].map((_, i) => (g >> (15 - i)) & 1))

/**
 * A test of whether an address lies in one of `ranges` (addresses, CIDRs, or the names above). The
 * ranges are parsed once, here: the test runs on every new connection.
 */
export function rangeMatcher(ranges: string[]): (value: unknown) => boolean {
  const nets = ranges
    .flatMap((r) => NAMED[r] || [r])
    .flatMap((range) => {
      const [addr, len] = range.split('/')
      const net = parseAddress(addr)
      return net ? [{ family: net.family, bits: bitsOf(net), len: len === undefined ? undefined : Number(len) }] : []
    })
  return (value) => {
    const a = parseAddress(value)
    if (!a) return false
    const mine = bitsOf(a)
    return nets.some((net) => {
      if (net.family !== a.family) return false
      const n = net.len === undefined ? mine.length : net.len
      for (let i = 0; i < n; i++) if (mine[i] !== net.bits[i]) return false
      return true
    })
  }
}

/** Whether `value` lies in one of `ranges`: `rangeMatcher` for a single question. */
export const inRanges = (value: unknown, ranges: string[]) => rangeMatcher(ranges)(value)
