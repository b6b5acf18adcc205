/**
 * `dist/consent-gate-purge.js`: deleting the listed cookies of denied purposes in every path and
 * domain variant, loaded by the core when a denied purpose lists cookies and the page has cookies
 * besides the consent cookie.
 */
import { purgeCookies } from './blocker/cookies'
import { registerChunk } from './util/load-chunk'

registerChunk('purge', purgeCookies)
