import type { Mark } from '../blocker/gated-elements'
import type { ConsentGate, Inspection } from '../types'
import type { Integration } from './integration'
import { EMBED } from '../util/build'

/**
 * The debug chunk's export. Given the API and the marks, not the gate's internals: the core's
 * build shortens those property names (rollup.config.mjs), which a chunk built apart cannot know.
 */
export type MakeDebugView = (api: ConsentGate, marks: Map<Element, Mark>) => DebugView

/** `?consent-gate-debug` in the page's URL opens the overlay (the page chunk checks, once parsed). */
export const DEBUG_PARAM = /[?&]consent-gate-debug(&|=|$)/

/** What the debug chunk makes of the gate: the data of `inspect()`, and the overlay. */
export interface DebugView {
  inspect(): Inspection
  open(): void
}

/**
 * `ConsentGate.debug()` and `ConsentGate.inspect()`. The code that gathers and draws is the debug chunk's (`load`), fetched on
 * the first call; the core keeps only the blocker's marks. `inspect()` answers synchronously once
 * the chunk is there, with a promise of the same object before.
 */
export const debugView =
  (load: () => Promise<MakeDebugView>): Integration =>
  ({ api, marks, report }) => {
    let view: DebugView | undefined
    const get = () => load().then((make) => (view = view || make(api, marks)))
    api.inspect = () => (view ? view.inspect() : get().then((v) => v.inspect()))
    api.debug = () => {
      get()
        .then((v) => v.open())
        .catch((e) => report(['ui', '', e]))
    }
    // The script tag's page chunk checks the URL; the npm entry, here.
    if (!EMBED) api.on('ready', () => DEBUG_PARAM.test(location.search) && api.debug())
  }
