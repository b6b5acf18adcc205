declare const __AUTO__: boolean

/**
 * Whether this is the auto core, `dist/consent-gate.auto.js`: Rollup replaces `__AUTO__` with
 * `true` there only, so the plain core (`consent-gate.js`) carries none of auto-blocking or the
 * cookie guard, and names the file to load when a config asks for them.
 */
export const AUTO = typeof __AUTO__ === 'boolean' && __AUTO__
