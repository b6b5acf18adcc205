/**
 * `dist/consent-gate-ko.js`: the Korean first layer (the banner's texts). Fetched by the UI chunk
 * before its first drawing, only when the visitor's language is Korean, so an English visitor does
 * not download them. The rest of the Korean texts is `consent-gate-ko-more.js`.
 */
import { koFirst } from './i18n/ko'
import { registerChunk } from './util/load-chunk'

registerChunk('ko', koFirst)
