/**
 * Gated markup: `<script type="text/plain" data-category>`, `<iframe data-category data-src>`,
 * `<img data-category data-src>`. Nothing here decides consent; `allowed(el)` is passed in.
 */

import { EMBED } from '../util/build'
import { guard } from '../util/guard'

/**
 * The three kinds of gated element, each naming a category or a service. Spelled out rather than
 * with `:is()`, which Safari before 14 does not parse (the whole query would throw). A literal,
 * not built with `map()`: code at a module's top level runs before the embed's `try`, and the page
 * may have replaced `Array.prototype.map`.
 */
export const SELECTOR =
  'script[type="text/plain"][data-category],script[type="text/plain"][data-service],iframe[data-src][data-category],iframe[data-src][data-service],img[data-src][data-category],img[data-src][data-service]'

/**
 * The ids gated markup names in `data-category` and `data-service`, or `null` when it names none
 * or one of those attributes is there with no id in it (`data-category=""`, `" "`). Such an
 * element is gated, yet no decision can allow it (granting it on Accept all would guess what it
 * needs), so it stays blocked for good: fail closed.
 */
export function gateIds(el: Element): string[] | null {
  let all = ''
  for (const name of ['data-category', 'data-service']) {
    const value = el.getAttribute(name)
    if (value != null) {
      if (!/\S/.test(value)) return null
      all += ' ' + value
    }
  }
  return all.match(/\S+/g)
}

/** Attributes that belong to the blocked element, not to the script that replaces it. */
const SKIP = /^(type|data-type|data-src)$/

/**
 * What the blocker did with an element, for the debug view (`ConsentGate.inspect()`), keyed by the
 * gated element: when it was activated (`Date.now()`) and, for an external script, the `load` or
 * `error` event of its live copy. Blocked elements are not recorded: they are the gated markup
 * still in the document.
 */
export type Mark = [at: number, outcome?: string]

export interface Blocker {
  /** Queue every allowed element present now, in document order, and run the queue (at set-up and after each decision). */
  scan(): void
  /** Stop watching (for `destroy()`; the script tag, which has none, leaves it out: `EMBED`). */
  disconnect(): void
}

/**
 * Watch the document for gated elements and activate those `allowed()` says may run: the ones
 * present at set-up, at DOMContentLoaded and after each decision (`scan()`, one query of the
 * document), and the ones each mutation adds: only the added nodes and their subtrees are looked
 * at, so the cost of a batch grows with what it added, never with the document.
 *
 * Scripts run in document order: an external one is awaited (load or error: one that fails does
 * not stop the chain) before the next is inserted, unless it is `async`. While the document is
 * loading, the parser may still be adding a script's text: it has all of it once the parser has
 * put anything after it (after the script or one of its ancestors), so until then the chain waits
 * there, and moves on at the next mutation or at DOMContentLoaded.
 *
 * Undecided while the parser runs (`undecided`), nothing it adds may run but markup naming
 * required purposes only, which can wait for DOMContentLoaded: the parser's additions go unwatched
 * until then, or until a decision (`scan()`), so a first visit pays nothing per node.
 */
export function createBlocker(doc: Document, allowed: (el: Element) => boolean, marks: Map<Element, Mark>, undecided?: boolean): Blocker {
  /** Every element queued so far: each runs once (one moved while it waits keeps its turn). */
  const queued = new WeakSet<Element>()
  /** Queued elements, in document order; those from `next` on are yet to run. */
  const pending: Element[] = []
  let next = 0
  let waiting = false

  const attr = (el: Element, name: string) => el.getAttribute(name)
  const mark = (el: Element, outcome?: string) => marks.set(el, [Date.now(), outcome])

  function pump() {
    const loading = doc.readyState === 'loading'
    let el: Element | undefined
    // An index, not `shift()`: a replaced `shift` could hand back the same element for ever.
    while (!waiting && (el = pending[next])) {
      const script = el.tagName === 'SCRIPT'
      if (loading && script) {
        // Complete once the parser has put anything after it (after it or one of its ancestors).
        let n: Node | null = el
        while (n && !n.nextSibling) n = n.parentNode
        if (!n) break
      }
      next++
      // Removed before its turn: skipped (an image or a frame would load even detached) and
      // forgotten, so that it runs if it is inserted again.
      if (!el.isConnected) {
        queued.delete(el)
        continue
      }
      // Before a script is copied, so that the live copy carries it too.
      el.setAttribute('data-cg', 'on')
      mark(el)
      if (script) runScript(el as HTMLScriptElement)
      else {
        const srcset = attr(el, 'data-srcset')
        if (srcset) el.setAttribute('srcset', srcset)
        const load = (e: Element) => e.setAttribute('src', attr(e, 'data-src')!)
        // Chromium ignores a src given to an iframe from the observer callback that reports the
        // parser inserting it (the frame stays on about:blank): give it in the next task instead.
        if (el.tagName === 'IFRAME' && loading) setTimeout(guard(load), 0, el)
        else load(el)
      }
    }
  }

  /** Replace a blocked script with a live copy; an external one holds the chain until it loads or fails. */
  function runScript(old: HTMLScriptElement) {
    const s = doc.createElement('script')
    for (const a of old.attributes) if (!SKIP.test(a.name)) s.setAttribute(a.name, a.value)
    // Browsers hide the nonce attribute's value after parsing; the property still has it.
    if (old.nonce) s.nonce = old.nonce
    const type = attr(old, 'data-type')
    if (type) s.type = type
    const src = attr(old, 'src') || attr(old, 'data-src')
    if (!src) s.text = old.text
    else {
      s.src = src
      // Inserted scripts are async by default; unless the markup says `async`, keep the chain in
      // charge of the order instead.
      const chain = (waiting = !(s.async = old.hasAttribute('async')))
      // Listeners, not `onload`: the markup's own `onload` attribute was copied and must still run.
      const done = guard((e: Event) => {
        mark(old, e.type)
        if (chain) {
          waiting = false
          pump()
        }
      })
      s.addEventListener('load', done)
      s.addEventListener('error', done)
    }
    // In the document: `pump()` skips what was removed.
    old.parentNode!.replaceChild(s, old)
  }

  /**
   * Queue the gated elements in `node` (added by a mutation, or the document's root): the node
   * itself, else those in its subtree (text and comments have neither `matches` nor children).
   * Each goes to its place in document order, walking back from the end with
   * `compareDocumentPosition` (`& 2`: the other one follows it), written out rather than with
   * `sort()` or `splice()`, which the page may have replaced; parsed content comes last, so a new
   * element usually takes no step.
   */
  function look(node: Element) {
    // A static NodeList: iterating it is safe while scripts are replaced.
    if (node.nodeType === 1)
      for (const el of node.matches(SELECTOR) ? [node] : node.querySelectorAll(SELECTOR))
        if (!queued.has(el) && allowed(el)) {
          queued.add(el)
          let i = pending.length
          while (i > next && pending[i - 1].compareDocumentPosition(el) & 2) pending[i] = pending[--i]
          pending[i] = el
        }
  }

  /** The one query of the whole document, and from then on the watch (observing again adds none). */
  function scan() {
    observer.observe(doc.documentElement, { childList: true, subtree: true })
    look(doc.documentElement)
    pump()
  }

  const observer = new MutationObserver(
    guard((records: MutationRecord[]) => {
      for (const r of records) for (const n of r.addedNodes) look(n as Element)
      pump()
    }),
  )
  // Once parsed, the last script of the document has all its text, and what the parser added
  // unwatched is found (once loaded, this never fires). A document watched from the start (a
  // decision was stored) has had every addition looked at already: it only needs the chain moved on.
  const parsed = guard(undecided ? scan : pump)
  doc.addEventListener('DOMContentLoaded', parsed)
  if (!undecided || doc.readyState !== 'loading') scan()

  return EMBED
    ? ({ scan } as Blocker)
    : {
        scan,
        disconnect() {
          observer.disconnect()
          doc.removeEventListener('DOMContentLoaded', parsed)
        },
      }
}
