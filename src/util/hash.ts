/**
 * FNV-1a, 32 bit, as 8 hex digits. A checksum against truncation and casual edits, not a
 * signature: anyone can recompute it. Chosen because a backend in any language can implement
 * it in five lines (see README, "The consent cookie").
 */
export function fnv1a(input: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i)
    h = Math.imul(h, 16777619) >>> 0 // the 32-bit FNV prime
  }
  return h.toString(16).padStart(8, '0')
}
