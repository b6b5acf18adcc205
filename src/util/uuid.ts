/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts (https, localhost), but
 * `crypto.getRandomValues` works on plain http too, so build the UUID from it.
 */
export function uuid4(): string {
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6] & 15) | 64 // version 4
  b[8] = (b[8] & 63) | 128 // RFC 4122 variant
  let hex = ''
  for (const x of b) hex += (x + 256).toString(16).slice(1)
  return hex.replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')
}
