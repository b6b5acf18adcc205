// Replaced by the declaration chunk's implementation (branch sdk).
import { registerChunk } from './util/load-chunk'

registerChunk('declaration', () => undefined)
