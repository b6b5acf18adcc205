/** `dist/consent-gate-ui.js`: Preact, the components, styles and texts; loaded by the core only when something must be shown. */
import { mountUI } from './ui/mount'
import { registerChunk } from './util/load-chunk'

registerChunk('ui', mountUI)
