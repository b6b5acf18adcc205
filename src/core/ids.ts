/**
 * Ids end up in the cookie, in markup and in selectors: keep them to a safe alphabet. Not the
 * names that reach an object's prototype (`__proto__`, `constructor`, `prototype`): a dictionary
 * somewhere on the way (the page's, a backend's) may be a plain object, and the consent-log
 * server refuses receipts naming them, so a decision under such an id could never be proven.
 * A module of its own: the page chunk's checks and the auto core use it without `config.ts`.
 */
export const ID_PATTERN = /^(?!(__proto__|constructor|prototype)$)[\w-]{1,64}$/

/** A string that is a usable id. */
export const isId = (v: unknown): v is string => typeof v === 'string' && ID_PATTERN.test(v)
