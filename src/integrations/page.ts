/**
 * What a page needs once it is parsed and nothing needs sooner, run by the script-tag core once
 * the document is parsed on every page view: receipts left by an earlier page, the
 * `data-consent-settings` links, the floating button (its own chunk, when configured), the cookie
 * declaration of a policy page (its own chunk, when the page has one), `?consent-gate-debug`, and
 * the config checks that change nothing the core does. Out of the core, so that the core stays
 * within its budget (docs/size.md); in two chunks: the page chunk (`src/page-chunk.ts`), all of
 * it, and the UI chunk (`src/ui-chunk.ts`), which a first visit loads anyway, with what a first
 * visit needs before a click (`startFirst`: the rest comes from the page chunk after the first
 * decision, so that a first visit's download stays within its budget).
 */
import { settingsLink } from './settings-link'
import { firstChecks, laterChecks } from '../core/lint'
import { isObj } from '../util/dict'
import { DECLARATION_SELECTOR } from '../ui/declaration-selector'
import type { fillDeclarations } from '../ui/declaration'
import type { floatingButton as drawButton } from '../ui/floating-button'
import type { PageChunk, StartPage } from '../util/load-chunk'
import { DEBUG_PARAM } from './debug'
import { leftovers, type StartChunk } from '../transport/hand-over'

type Args = Parameters<StartPage>
type Gate = Args[0]
type Load = Args[1]
type Report = Args[2]

/** Run `fn` now when there is a decision, else once the first is made. */
const afterDecision = (gate: Gate, fn: () => void) => {
  if (gate.get()) fn()
  else {
    const off = gate.on('consent', () => {
      off()
      fn()
    })
  }
}

/** The site's global config, as given. */
const given = () => (window as { consentGateConfig?: unknown }).consentGateConfig

/**
 * The wiring a page needs from its start: the settings and opt-out links, the declaration,
 * `?consent-gate-debug`, and the checks promised on the console as it loads (a global config that
 * is not an object, and `firstChecks`); then `rest` (the page chunk's `later`): at once, or after
 * the visitor's first decision when `wait`.
 */
const wire = (gate: Gate, load: Load, report: Report, rest: () => void, wait?: boolean) => {
  const ui = (e: unknown) => report(['ui', '', e])
  // What is only named is named here, not in the core (docs/size.md): the config checks of
  // src/core/lint.ts. (Auto-blocking asked of the plain core is the core's to name: it releases
  // nothing then, src/create-consent-gate.ts.)
  const global = given()
  if (global != null && !isObj(global)) report(['object', ''])
  firstChecks(gate.config, global, report)
  settingsLink(gate)
  // The core runs this once `ready` has fired: the document is parsed.
  if (document.querySelector(DECLARATION_SELECTOR))
    load<typeof fillDeclarations>('declaration')
      .then((fill) => fill(gate, load, report))
      .catch(ui)
  // The debug view shows every problem: the rest at once.
  if (DEBUG_PARAM.test(location.search)) {
    gate.debug()
    rest()
  } else if (wait) afterDecision(gate, rest)
  else rest()
}

/**
 * The rest, which can wait for the visitor's first decision on a first visit: the other config
 * checks, the floating button, and receipts or decisions an earlier page left (it was closed or
 * offline), which the receipts chunk sends.
 */
export const later: StartPage = (gate, load, report, nonce) => {
  laterChecks(gate.config, given(), report)
  // Its own small chunk: a returning visitor gets the button without the UI's code. Hidden until
  // there is a decision, so an undecided visitor fetches it with the first one, not before a click.
  const { floatingButton, ui } = gate.config.extra
  if (floatingButton === true && ui !== false)
    afterDecision(gate, () =>
      load<typeof drawButton>('button')
        .then((draw) => draw(gate, nonce))
        .catch((e) => report(['ui', '', e])),
    )
  if (gate.config.endpoint && leftovers())
    load<StartChunk>('receipts')
      .then((begin) => begin(gate.config, []))
      .catch(() => undefined)
}

/** The page chunk's wiring (a returning visit's, or a first visit's without the UI chunk): all of it at once. */
export const startPage: StartPage = (gate, load, report, nonce) => wire(gate, load, report, () => later(gate, load, report, nonce))

/**
 * The UI chunk's wiring (a first visit's): the rest from the page chunk after the first decision,
 * so that what a first visit downloads before a click stays within its budget (docs/size.md); at
 * once when there is a decision already (the UI chunk came for an embed's placeholder) or the
 * debug view is asked for (`?consent-gate-debug`).
 */
export const startFirst: StartPage = (gate, load, report, nonce) =>
  wire(
    gate,
    load,
    report,
    () =>
      load<PageChunk>('page')
        .then((chunk) => chunk.later(gate, load, report, nonce))
        .catch((e) => report(['ui', '', e])),
    true,
  )
