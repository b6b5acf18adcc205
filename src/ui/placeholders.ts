import { own } from '../core/config'
import { serviceParents } from '../core/state'
import type { Texts } from '../i18n'
import type { ConsentGate } from '../types'
import { categoryText } from './category-title'
import { guard } from '../util/guard'
import { gateIds } from '../blocker/gated-elements'
import { keys } from '../util/dict'
import { PLACEHOLDER_CSS } from './styles'

/** Layout properties a placeholder copies from its iframe, so it takes the iframe's place in the page's layout. */
const LAYOUT =
  'display position top right bottom left float margin-top margin-right margin-bottom margin-left vertical-align flex align-self justify-self grid-area order z-index'.split(
    ' ',
  )

/** The iframes a placeholder can stand for: gated, and not loaded (by the blocker, or by **Load this content**). */
const BLOCKED = 'iframe[data-src]:not([src])'

/** A placeholder on screen: its iframe, its host element, and the iframe's own inline `display`. */
type Shown = [HTMLIFrameElement, HTMLElement, string]

const words = (el: Element, attr: string) => (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean)

/**
 * Give `host` the box `iframe` has in the page: the same layout properties and the same border-box
 * size, measured with the iframe shown for an instant (no rendering happens in between, so the
 * page never sees it). Runs again when the container resizes.
 */
function fit([iframe, host, display]: Shown) {
  host.style.display = 'none'
  iframe.style.display = display
  const cs = getComputedStyle(iframe)
  for (const p of LAYOUT) host.style.setProperty(p, cs.getPropertyValue(p))
  if (cs.display === 'inline') host.style.display = 'inline-block'
  host.style.boxSizing = 'border-box'
  host.style.width = iframe.offsetWidth + 'px'
  host.style.height = iframe.offsetHeight + 'px'
  iframe.style.display = 'none'
}

/**
 * An element of the notice: its attributes, and its children, strings going in as text nodes (the
 * site's texts and the iframe's attributes are not markup).
 */
function el(tag: string, attrs: Record<string, string>, ...children: (Node | string)[]) {
  const e = document.createElement(tag)
  // Own keys only: a page may have added enumerable properties to Object.prototype.
  for (const k of keys(attrs)) e.setAttribute(k, attrs[k])
  e.append(...children)
  return e
}

/** A button of the notice. */
function button(label: string, action: () => void) {
  const b = el('button', { type: 'button', class: 'cg-btn' }, label)
  // Callbacks the browser calls are guarded: a built-in the page replaced must not throw into it.
  b.onclick = guard(action)
  return b
}

/**
 * Draw a placeholder in place of every blocked `<iframe data-src>` (with `data-category` or
 * `data-service`), now and whenever one is added to the document. **Load this content** loads that
 * one iframe for this page view (no decision is stored); **Always allow** grants its categories
 * through `gate.update()`, which loads everything gated on them. A placeholder goes away as soon
 * as its iframe gets a `src`, however it got it, or leaves the document.
 *
 * The document is searched once; after that only what each mutation added is (the chunk can
 * arrive while the page is still parsing, and a search of the whole document per mutation batch
 * would grow with the page).
 *
 * `shadow(host, css)` gives a host element its styled shadow root: the banner's styles, then `css`,
 * the placeholders' own rules (in this chunk, not the UI chunk).
 */
export function placeholders(gate: ConsentGate, texts: Texts, shadow: (host: HTMLElement, css: string) => ShadowRoot) {
  const { categories } = gate.config
  const parents = serviceParents(gate.config)
  const shown: Shown[] = []
  // Callbacks the browser calls are guarded: a built-in the page replaced must not throw into it.
  const refit = guard(() => shown.forEach(fit))
  const resized = typeof ResizeObserver === 'function' ? new ResizeObserver(refit) : null

  function place(iframe: HTMLIFrameElement) {
    // Added and removed again in the same batch, or already shown (found in two added subtrees, or moved).
    if (!iframe.isConnected || shown.some((s) => s[0] === iframe)) return
    const services = words(iframe, 'data-service')
    const cats = words(iframe, 'data-category')
    const ids = cats.concat(services)
    // Unknown ids, or a gating attribute with none (see `gateIds`), keep the iframe blocked for
    // good (the core says so in the console): no offer to load it.
    if (!gateIds(iframe) || ids.some((id) => !own(categories, id) && !own(parents, id)) || ids.every((id) => gate.has(id))) return
    const needed = cats.length ? cats : services.map((s) => parents[s])
    let service = services.map((s) => categories[parents[s]].services![s].title).join(', ')
    if (!service)
      try {
        service = new URL(iframe.getAttribute('data-src')!, location.href).hostname
      } catch {
        service = '?'
      }
    const host = el('div', { 'data-cg-placeholder': '' })
    const item: Shown = [iframe, host, iframe.style.display]
    const category = needed
      .filter((c, i) => needed.indexOf(c) === i)
      .map((c) => categoryText(c, categories[c], texts).title)
      .join(', ')
    // What is blocked and why, and two ways to load it. A fieldset brings its own border and
    // legend layout; role="group" on a div is the same to assistive technology.
    shadow(host, PLACEHOLDER_CSS).append(
      el(
        'div',
        { class: 'cg-ph' },
        el(
          'div',
          { role: 'group', 'aria-labelledby': 'cg-ph-text' },
          el(
            'p',
            { id: 'cg-ph-text' },
            texts.placeholderText.replace(/\{(service|category)\}/g, (_, k) => (k === 'service' ? service : category)),
          ),
          el(
            'div',
            { class: 'cg-actions' },
            button(texts.loadOnce, () => {
              // This page view only: the iframe leaves the gated set, and nothing is stored.
              iframe.setAttribute('data-cg', 'on')
              iframe.src = iframe.getAttribute('data-src')!
              iframe.removeAttribute('data-src')
              drop()
            }),
            button(texts.alwaysAllow, () => {
              const grant: Record<string, boolean> = Object.create(null) // keyed by the iframe's attributes
              for (const id of cats.length ? cats : services) grant[id] = true
              gate.update(grant, 'placeholder')
              drop()
            }),
          ),
        ),
      ),
    )
    iframe.before(host)
    // biome-ignore lint/suspicious/noFocusedTests: fit() sizes a placeholder; this is not a test file
    fit(item)
    shown.push(item)
    if (resized && iframe.parentElement) resized.observe(iframe.parentElement)
  }

  /** Drop the placeholders whose iframe has loaded or left. */
  function drop() {
    for (let i = shown.length; i--; ) {
      const [iframe, host, display] = shown[i]
      if (iframe.isConnected && !iframe.hasAttribute('src')) continue
      // The notice had focus (a button was pressed): focus goes to the content that replaces it.
      const focused = host.shadowRoot!.activeElement
      shown.splice(i, 1)
      host.remove()
      iframe.style.display = display
      if (focused && iframe.isConnected) iframe.focus()
    }
  }

  /** Place the missing placeholders in `root`'s subtree, `root` included. */
  function look(root: Element) {
    if (root.matches(BLOCKED)) place(root as HTMLIFrameElement)
    for (const iframe of root.querySelectorAll<HTMLIFrameElement>(BLOCKED)) place(iframe)
  }

  guard(look)(document.documentElement)
  // Whatever goes wrong stays here (the iframes stay blocked). Work per batch is proportional to
  // what it added, plus the placeholders on screen when it removed nodes or set a `src`.
  new MutationObserver(
    guard((records: MutationRecord[]) => {
      let gone = false
      for (const r of records) {
        // An attribute record is a `src` set (the only one observed).
        if (r.attributeName || r.removedNodes.length) gone = true
        for (const n of r.addedNodes) if (n.nodeType === 1) look(n as Element)
      }
      if (gone) drop()
    }),
  ).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['src'] })
  // Late stylesheets can change the iframes' boxes without resizing their containers.
  addEventListener('load', refit)
}
