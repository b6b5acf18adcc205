/**
 * `dist/consent-gate-purge.js`: deleting the listed cookies of denied purposes in every path and
 * domain variant, loaded by the core when a decision denies a purpose and the page has cookies
 * besides the consent cookie; it finds which cookies the denied purposes list.
 */
import { purgeDenied } from './blocker/cookies'
import { registerChunk } from './util/load-chunk'

registerChunk('purge', purgeDenied)
