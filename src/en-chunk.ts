/**
 * `dist/consent-gate-en.js`: the English texts. Requested by the core beside the UI chunk for a
 * visitor who gets English (or a language the site adds, which stands on English), so the UI chunk
 * carries no language and a Korean visitor downloads no English.
 */
import { en } from './i18n/en'
import { registerChunk } from './util/load-chunk'

registerChunk('en', en)
