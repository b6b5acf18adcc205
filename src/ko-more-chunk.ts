/**
 * `dist/consent-gate-ko-more.js`: the Korean texts beyond the banner, fetched like
 * `consent-gate-en-more.js`; if it cannot load, the UI reports it and uses the English one.
 */
import { koMore } from './i18n/ko'
import { registerChunk } from './util/load-chunk'

registerChunk('ko-more', koMore)
