/**
 * `dist/consent-gate-ko.js`: the Korean texts. Fetched by the UI chunk before its first drawing,
 * only when the visitor's language is Korean, so an English visitor does not download them.
 */
import { ko } from './i18n/ko'
import { registerChunk } from './util/load-chunk'

registerChunk('ko', ko)
