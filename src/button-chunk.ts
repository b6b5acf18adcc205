/** `dist/consent-gate-button.js`: the floating button of `floatingButton: true`; plain DOM, no Preact. */
import { floatingButton } from './ui/floating-button'
import { registerChunk } from './util/load-chunk'

registerChunk('button', floatingButton)
