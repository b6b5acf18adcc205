/**
 * What a page needs once it is parsed and nothing needs sooner, run by the script-tag core once
 * the document is parsed on every page view: receipts left by an earlier page, the
 * `data-consent-settings` links, the floating button (its own chunk, when configured), the cookie
 * declaration of a policy page (its own chunk, when the page has one), `?consent-gate-debug`, and
 * the config checks that change nothing the core does. Out of the core, so that the core stays
 * within its budget (docs/size.md); in two chunks: the page chunk (`src/page-chunk.ts`), and the
 * UI chunk (`src/ui-chunk.ts`), which a first visit loads anyway, so that it downloads one file
 * less (the core takes it from whichever it has).
 */
import { settingsLink } from './settings-link'
import { lintConfig } from '../core/lint'
import { isObj } from '../util/dict'
import { DECLARATION_SELECTOR } from '../ui/declaration-selector'
import type { fillDeclarations } from '../ui/declaration'
import type { GateInternals } from './integration'
import type { floatingButton as drawButton } from '../ui/floating-button'
import type { StartPage } from '../util/load-chunk'
import { DEBUG_PARAM } from './debug'
import { leftovers, type StartChunk } from '../transport/hand-over'
import { asksAuto } from '../auto/options'

export const startPage: StartPage = (gate, load, report, nonce, auto) => {
  const ui = (e: unknown) => report(['ui', '', e])
  // What is only named is named here, not in the core (docs/size.md): a global that is not an
  // object (the defaults applied), the config checks of src/core/lint.ts, and auto-blocking asked
  // of the plain core, which has none (and so releases nothing: src/create-consent-gate.ts).
  const global = (window as { consentGateConfig?: unknown }).consentGateConfig
  if (global != null && !isObj(global)) report(['object', ''])
  for (const problem of lintConfig(gate.config, global)) report(problem)
  const { floatingButton, ui: uiOption } = gate.config.extra as Record<string, unknown>
  if (!auto && asksAuto(gate.config.extra)) report(['plain'])
  // Receipts or decisions an earlier page left (it was closed or offline): the receipts chunk sends
  // them. Here in both copies: a returning visitor's page with a blocked embed loads the UI chunk
  // at its start too.
  if (gate.config.endpoint && leftovers())
    load<StartChunk>('receipts')
      .then((begin) => begin(gate.config, []))
      .catch(() => undefined)
  settingsLink({ api: gate } as GateInternals)
  // Its own small chunk: a returning visitor gets the button without the UI's code. Hidden until
  // there is a decision, so an undecided visitor fetches it with the first one, not before a click.
  const button = () =>
    load<typeof drawButton>('button')
      .then((draw) => draw(gate, nonce))
      .catch(ui)
  if (floatingButton === true && uiOption !== false)
    if (gate.get()) button()
    else {
      const off = gate.on('consent', () => {
        off()
        button()
      })
    }
  // The core runs this once `ready` has fired: the document is parsed.
  if (document.querySelector(DECLARATION_SELECTOR))
    load<typeof fillDeclarations>('declaration')
      .then((fill) => fill(gate, load, report))
      .catch(ui)
  if (DEBUG_PARAM.test(location.search)) gate.debug()
}
