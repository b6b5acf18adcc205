/**
 * Gated markup: `<script type="text/plain" data-category>`, `<iframe data-category data-src>`,
 * `<img data-category data-src>`. Nothing here decides consent; `allowed(el)` is passed in.
 */

/** The three kinds of gated element, each naming a category or a service. */
const SELECTOR = ':is(script[type="text/plain"],iframe[data-src],img[data-src]):is([data-category],[data-service])'

/** Attributes that belong to the blocked element, not to the script that replaces it. */
const SKIP = /^(type|data-type|data-src)$/

export interface Blocker {
  /** Queue every allowed element present now, in document order, and run the queue. */
  scan(): void
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

  function pump() {
    while (!waiting && pending.length) {
      const el = pending.shift()!
      if (el.tagName === 'SCRIPT') waiting = runScript(el as HTMLScriptElement, () => {
        waiting = false
        pump()
      })
      else {
        if (el.tagName === 'IMG') {
          const srcset = el.getAttribute('data-srcset')
          if (srcset) el.setAttribute('srcset', srcset)
        }
        const load = () => el.setAttribute('src', el.getAttribute('data-src')!)
        // Chromium ignores a src given to an iframe from the observer callback that reports the
        // parser inserting it (the frame stays on about:blank): give it in the next task instead.
        if (el.tagName === 'IFRAME' && doc.readyState === 'loading') setTimeout(load)
        else load()
        el.setAttribute('data-cg', 'on')
      }
    }
  }

  /** Replace a blocked script with a live copy. Returns whether the chain must wait for it. */
  function runScript(old: HTMLScriptElement, next: () => void): boolean {
    const parent = old.parentNode
    if (!parent) return false
    const s = doc.createElement('script')
    for (const a of Array.from(old.attributes)) if (!SKIP.test(a.name)) s.setAttribute(a.name, a.value)
    // Browsers hide the nonce attribute's value after parsing; the property still has it.
    if (old.nonce) s.nonce = old.nonce
    const type = old.getAttribute('data-type')
    if (type) s.type = type
    const src = old.getAttribute('src') || old.getAttribute('data-src')
    if (src) s.src = src
    else s.text = old.text
    s.setAttribute('data-cg', 'on')
    const external = !!src && !old.hasAttribute('async')
    // Inserted scripts are async by default; keep the chain in charge of the order instead.
    if (src) s.async = old.hasAttribute('async')
    if (external) s.onload = s.onerror = next
    parent.replaceChild(s, old)
    return external
  }

  function scan() {
    const loading = doc.readyState === 'loading'
    const found = doc.querySelectorAll(SELECTOR)
    for (let i = 0; i < found.length; i++) {
      const el = found[i]
      if (loading && el.tagName === 'SCRIPT' && !el.nextSibling) break
      if (!queued.has(el) && allowed(el)) {
        queued.add(el)
        pending.push(el)
      }
    }
    pump()
  }

  // Added nodes (elements, or the text the parser appends to a script) may complete a gated element.
  const observer = new MutationObserver((records) => records.some((r) => r.addedNodes.length) && scan())
  observer.observe(doc.documentElement, { childList: true, subtree: true })
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', scan)

  return {
    scan,
    disconnect() {
      observer.disconnect()
      doc.removeEventListener('DOMContentLoaded', scan)
    },
  }
}
