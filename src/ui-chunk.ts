/**
 * `dist/consent-gate-ui.js`: the banner (plain DOM), the stylesheet and the English texts; loaded
 * by the core only when something must be shown. It loads the visitor's language when that is not
 * English (`ko`), the preferences (with Preact) and the embed placeholders as chunks of their own.
 */
import { mountUI } from './ui/mount'
import { registerChunk } from './util/load-chunk'

registerChunk('ui', mountUI)
