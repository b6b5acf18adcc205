/**
 * A map keyed by ids from outside (category and service ids), with no prototype: `__proto__`,
 * `constructor` or `toString` are ordinary keys of it, never Object.prototype's members, whoever
 * later reads, counts or assigns through it. Own properties are defined, not assigned, so a
 * `__proto__` key of the source (JSON.parse makes one an own property) stays a key.
 * JSON.stringify serialises it exactly like a plain object.
 */
export function idMap<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out: Record<string, T> = Object.create(null)
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true })
  return out
}

/** Keys in a fixed order, so the same record always gives the same bytes. */
export const sorted = (map: Record<string, boolean>): Record<string, boolean> => idMap(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
