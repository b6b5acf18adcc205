/**
 * A dictionary keyed by input (ids, cookie names, event types, receipt ids): no prototype, so a
 * key such as `__proto__` or `constructor` is a key like any other, never reads a member of
 * Object.prototype (polluted or not) and never sets it.
 */
export const dict = (): any => Object.create(null)

/** `Object.keys`, short (read once, as the module loads: reading is safe, calling is not). */
export const keys = Object.keys

/** A plain object (not null, not an array): what every config field that takes `{ … }` must be. */
export const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v)
