/**
 * `dist/consent-gate-en.js`: the English first layer (the banner's texts). Requested by the core
 * beside the UI chunk for a visitor who gets English (or a language the site adds, which stands on
 * English), so the UI chunk carries no language and a Korean visitor downloads no English. The
 * rest of the English texts is `consent-gate-en-more.js`.
 */
import { enFirst } from './i18n/en'
import { registerChunk } from './util/load-chunk'

registerChunk('en', enFirst)
