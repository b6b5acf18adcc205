/**
 * A random UUID v4. `crypto.randomUUID` exists only in secure contexts (https, localhost), but
 * `crypto.getRandomValues` works on plain http too, so build the UUID from it: each `0`, `1` and
 * `8` of the template becomes a random hex digit (the `8`, 8 to b: the RFC 4122 variant), the `4`
 * is the version.
 */
export const uuid4 = (): string =>
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (+c / 4)))).toString(16))
