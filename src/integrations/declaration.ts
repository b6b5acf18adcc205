import type { Integration } from './integration'

/** The element a privacy policy page puts where its cookie declaration goes. */
export const DECLARATION_SELECTOR = '[data-consent-gate-declaration]'

/**
 * The cookie declaration of a policy page: once the page is parsed, when it has a
 * `data-consent-gate-declaration` element, `fill` draws the declaration into it (the declaration
 * chunk in the script tag). Other pages pay one query.
 */
export const declaration =
  (fill: () => unknown): Integration =>
  ({ api }) => {
    api.on('ready', () => document.querySelector(DECLARATION_SELECTOR) && fill())
  }
