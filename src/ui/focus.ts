const FOCUSABLE = 'button:not([disabled]),a[href],summary,input:not([disabled]),[tabindex]:not([tabindex="-1"])'

/** The focused element, looking inside shadow roots (the page's own widgets may use them too). */
export function deepActive(): Element | null {
  let el = document.activeElement
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement
  return el
}

/** The first control a keyboard user can reach inside `root`. */
export function firstFocusable(root: Element): HTMLElement | null {
  return root.querySelector<HTMLElement>(FOCUSABLE)
}

/**
 * Keep Tab inside `root`: from the last control to the first, and Shift+Tab the other way. Inside
 * a shadow root `document.activeElement` is the host, so the root node's `activeElement` is used.
 */
export function trapTab(root: Element, e: KeyboardEvent): void {
  if (e.key !== 'Tab') return
  const all = Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE))
  if (!all.length) return
  const active = (root.getRootNode() as Document | ShadowRoot).activeElement
  const first = all[0]
  const last = all[all.length - 1]
  if (e.shiftKey ? active === first || !root.contains(active) : active === last || !root.contains(active)) {
    e.preventDefault()
    ;(e.shiftKey ? last : first).focus()
  }
}
