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
const SELECTOR =
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

export interface Blocker {
  /** Queue every allowed element present now, in document order, and run the queue. */
  scan(): void
  /** Stop watching (for `destroy()`; the script tag, which has none, leaves it out: `EMBED`). */
  disconnect(): void
}

/**
 * Watch the document for gated elements and activate those `allowed()` says may run, now and
 * whenever `scan()` is called after a decision.
 *
 * Scripts run in document order: an external one is awaited (load or error: one that fails does
 * not stop the chain) before the next is inserted, unless it is `async`. While the parser is still
 * running, a script without a next sibling may not have its whole text yet, so the scan stops there
 * and resumes on the next mutation or at DOMContentLoaded.
 */
export function createBlocker(doc: Document, allowed: (el: Element) => boolean): Blocker {
  const queued = new WeakSet<Element>()
  const pending: Element[] = []
  let waiting = false

  const attr = (el: Element, name: string) => el.getAttribute(name)

  function pump() {
    let el: Element | undefined
    while (!waiting && (el = pending.shift())) {
      // Before a script is copied, so that the live copy carries it too.
      el.setAttribute('data-cg', 'on')
      if (el.tagName === 'SCRIPT') runScript(el as HTMLScriptElement)
      else {
        const srcset = attr(el, 'data-srcset')
        if (srcset) el.setAttribute('srcset', srcset)
        const load = (e: Element) => e.setAttribute('src', attr(e, 'data-src')!)
        // Chromium ignores a src given to an iframe from the observer callback that reports the
        // parser inserting it (the frame stays on about:blank): give it in the next task instead.
        if (el.tagName === 'IFRAME' && doc.readyState === 'loading') setTimeout(guard(load), 0, el)
        else load(el)
      }
    }
  }

  /** Replace a blocked script with a live copy; an external one holds the chain until it loads or fails. */
  function runScript(old: HTMLScriptElement) {
    const parent = old.parentNode
    if (!parent) return
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
      s.async = old.hasAttribute('async')
      if (!s.async) {
        waiting = true
        s.onload = s.onerror = guard(() => {
          waiting = false
          pump()
        })
      }
    }
    parent.replaceChild(s, old)
  }

  function scan() {
    const loading = doc.readyState === 'loading'
    // A static NodeList: iterating it is safe while scripts are replaced.
    for (const el of doc.querySelectorAll(SELECTOR)) {
      if (loading && el.tagName === 'SCRIPT' && !el.nextSibling) break
      if (!queued.has(el) && allowed(el)) {
        queued.add(el)
        pending.push(el)
      }
    }
    pump()
  }

  // Added nodes (elements, or the text the parser appends to a script) may complete a gated element.
  const observer = new MutationObserver(
    guard((records: MutationRecord[]) => {
      for (const r of records) if (r.addedNodes.length) return scan()
    }),
  )
  observer.observe(doc.documentElement, { childList: true, subtree: true })
  const parsed = guard(scan)
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', parsed)

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
