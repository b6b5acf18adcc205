/**
 * `dist/consent-gate-page.js`: the page's wiring once the document is parsed
 * (`src/integrations/page.ts`), loaded by the script-tag core on a page view that did not load the
 * UI chunk at its start (a returning visitor's: the UI chunk carries the same).
 */
import { later, startPage } from './integrations/page'
import { registerChunk, type PageChunk } from './util/load-chunk'

registerChunk('page', { page: startPage, later } satisfies PageChunk)
