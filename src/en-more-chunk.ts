/**
 * `dist/consent-gate-en-more.js`: the English texts beyond the banner (the preferences, the
 * visitor's record, the embed placeholders, the built-in categories). Fetched by the UI chunk with
 * the preferences chunk (on intent or on opening) or with the placeholders chunk, so a first visit
 * that only accepts or rejects never downloads it; also the rest of a language the site adds.
 */
import { enMore } from './i18n/en'
import { registerChunk } from './util/load-chunk'

registerChunk('en-more', enMore)
