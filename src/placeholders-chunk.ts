/**
 * `dist/consent-gate-placeholders.js`: the embed placeholders. Loaded by the UI chunk when a gated
 * iframe is blocked; plain DOM, so it needs no Preact (a page whose only UI is a placeholder
 * downloads none for it).
 */
import { placeholders } from './ui/placeholders'
import { registerChunk } from './util/load-chunk'

registerChunk('placeholders', placeholders)
