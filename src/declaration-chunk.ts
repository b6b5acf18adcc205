/**
 * `dist/consent-gate-declaration.js`: the cookie declaration of a privacy policy. Loaded by the
 * core only on a page with a `[data-consent-gate-declaration]` element, once it is parsed; it fills
 * each one with plain HTML from the config (`ui/declaration.ts`). No Preact, no stylesheet.
 */
import { fillDeclarations } from './ui/declaration'
import { registerChunk } from './util/load-chunk'

registerChunk('declaration', fillDeclarations)
