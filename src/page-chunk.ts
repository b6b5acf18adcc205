/**
 * `dist/consent-gate-page.js`: the page's wiring once the document is parsed
 * (`src/integrations/page.ts`), loaded by the script-tag core on a page view that did not load the
 * UI chunk at its start (a returning visitor's: the UI chunk carries the same), and the receipts or
 * decisions an earlier page left (it was closed or offline), which the receipts chunk sends. (The
 * UI chunk's copy leaves those out: an undecided visitor's decision starts the receipts chunk,
 * which sends them with it.)
 */
import { startPage } from './integrations/page'
import { leftovers, type StartChunk } from './transport/hand-over'
import { registerChunk, type PageChunk } from './util/load-chunk'

registerChunk('page', {
  page(gate, load, ...rest) {
    if (gate.config.endpoint && leftovers())
      load<StartChunk>('receipts')
        .then((begin) => begin(gate.config, []))
        .catch(() => undefined)
    startPage(gate, load, ...rest)
  },
} satisfies PageChunk)
