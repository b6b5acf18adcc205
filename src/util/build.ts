declare const __EMBED__: boolean

/**
 * Whether this is the script-tag build, `dist/consent-gate.js`: Rollup replaces `__EMBED__` with
 * `true` there only. The script tag has no `destroy()` (it is the npm entry's), so its core leaves
 * out the teardown bookkeeping; the npm entry and the unit tests (on the source) keep it.
 */
export const EMBED = typeof __EMBED__ === 'boolean' && __EMBED__
