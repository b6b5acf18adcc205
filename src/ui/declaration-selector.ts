/**
 * Where a policy page wants its cookie declaration: `<div data-consent-gate-declaration></div>`.
 * Apart from the declaration's code, so that the page chunk can look for it without carrying it.
 */
export const DECLARATION_SELECTOR = '[data-consent-gate-declaration]'
