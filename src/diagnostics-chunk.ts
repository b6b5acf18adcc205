/**
 * `dist/consent-gate-diagnostics.js`: the sentences of console errors (config fields, unknown ids),
 * loaded by the core only when there is a problem to report, so that a correct page never pays for them.
 */
import { describeProblem } from './core/problems'
import { registerChunk } from './util/load-chunk'

registerChunk('diagnostics', describeProblem)
