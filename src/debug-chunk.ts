/**
 * `dist/consent-gate-debug.js`: `ConsentGate.inspect()`'s data and the debug overlay, loaded by
 * `debug()`, `inspect()` or `?consent-gate-debug` only.
 */
import { makeDebugView } from './ui/debug-overlay'
import { registerChunk } from './util/load-chunk'

registerChunk('debug', makeDebugView)
