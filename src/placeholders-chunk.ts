/**
 * `dist/consent-gate-placeholders.js`: the embed placeholders. Loaded by the UI chunk when a gated
 * iframe is blocked; it uses the UI chunk's Preact (`preact` is external in the build).
 */
import { placeholders } from './ui/placeholders'
import { registerChunk } from './util/load-chunk'

registerChunk('placeholders', placeholders)
