/**
 * `dist/consent-gate-storage.js`: clearing the listed localStorage and sessionStorage keys of
 * denied purposes, loaded by the auto core on a decision when the config lists any.
 */
import { clearStorage } from './auto/storage'
import { registerChunk } from './util/load-chunk'

registerChunk('storage', clearStorage)
