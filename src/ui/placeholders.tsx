/** @jsxRuntime classic */
/** @jsx h */
import { h, render } from 'preact'
import { own } from '../core/config'
import { serviceParents } from '../core/state'
import type { Texts } from '../i18n'
import type { ConsentGate } from '../types'
import { categoryText } from './category-title'
import { guard } from '../util/guard'
import { gateIds } from '../blocker/gated-elements'

/** Layout properties a placeholder copies from its iframe, so it takes the iframe's place in the page's layout. */
const LAYOUT =
  'display position top right bottom left float margin-top margin-right margin-bottom margin-left vertical-align flex align-self justify-self grid-area order z-index'.split(
    ' ',
  )

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

export interface PlaceholderProps {
  texts: Texts
  /** Who serves the content: the services' titles, or the iframe's host name. */
  service: string
  /** The titles of the categories it needs. */
  category: string
  onLoadOnce(): void
  onAlwaysAllow(): void
}

/** The notice in a blocked iframe's place: what is blocked and why, and two ways to load it. */
export function Placeholder({ texts, service, category, onLoadOnce, onAlwaysAllow }: PlaceholderProps) {
  const text = texts.placeholderText.replace(/\{(service|category)\}/g, (_, k) => (k === 'service' ? service : category))
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset brings its own border and legend layout; role="group" on a div is the same to assistive technology
    <div role="group" aria-labelledby="cg-ph-text">
      <p id="cg-ph-text">{text}</p>
      <div class="cg-actions">
        <button type="button" class="cg-btn" onClick={onLoadOnce}>
          {texts.loadOnce}
        </button>
        <button type="button" class="cg-btn" onClick={onAlwaysAllow}>
          {texts.alwaysAllow}
        </button>
      </div>
    </div>
  )
}

/**
 * Draw a placeholder in place of every blocked `<iframe data-src>` (with `data-category` or
 * `data-service`), now and whenever the document changes. **Load this content** loads that one
 * iframe for this page view (no decision is stored); **Always allow** grants its categories
 * through `gate.update()`, which loads everything gated on them. A placeholder goes away as soon
 * as its iframe gets a `src`, however it got it.
 *
 * `shadow(host)` gives a host element its styled shadow root (the same styles as the banner).
 */
export function placeholders(gate: ConsentGate, texts: Texts, shadow: (host: HTMLElement) => ShadowRoot) {
  const { categories } = gate.config
  const parents = serviceParents(gate.config)
  const shown: Shown[] = []
  // Callbacks the browser calls are guarded: a built-in the page replaced must not throw into it.
  const refit = guard(() => shown.forEach(fit))
  const resized = typeof ResizeObserver === 'function' ? new ResizeObserver(refit) : null

  function place(iframe: HTMLIFrameElement) {
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
    const host = document.createElement('div')
    host.setAttribute('data-cg-placeholder', '')
    const root = document.createElement('div')
    root.className = 'cg-ph'
    shadow(host).appendChild(root)
    const item: Shown = [iframe, host, iframe.style.display]
    render(
      <Placeholder
        texts={texts}
        service={service}
        category={needed
          .filter((c, i) => needed.indexOf(c) === i)
          .map((c) => categoryText(c, categories[c], texts).title)
          .join(', ')}
        onLoadOnce={() => {
          // This page view only: the iframe leaves the gated set, and nothing is stored.
          iframe.setAttribute('data-cg', 'on')
          iframe.src = iframe.getAttribute('data-src')!
          iframe.removeAttribute('data-src')
          sync()
        }}
        onAlwaysAllow={() => {
          const grant: Record<string, boolean> = Object.create(null) // keyed by the iframe's attributes
          for (const id of cats.length ? cats : services) grant[id] = true
          gate.update(grant, 'placeholder')
          sync()
        }}
      />,
      root,
    )
    iframe.before(host)
    // biome-ignore lint/suspicious/noFocusedTests: fit() sizes a placeholder; this is not a test file
    fit(item)
    shown.push(item)
    if (resized && iframe.parentElement) resized.observe(iframe.parentElement)
  }

  /** Drop the placeholders whose iframe has loaded or left, and place those still missing. */
  function sync() {
    // Runs from a MutationObserver: whatever goes wrong stays here (the iframes stay blocked).
    try {
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
      const found = document.querySelectorAll<HTMLIFrameElement>('iframe[data-src]:not([src])')
      for (let i = 0; i < found.length; i++) if (!shown.some((s) => s[0] === found[i])) place(found[i])
    } catch (e) {
      console.error('[ConsentGate] could not draw an embed placeholder:', e)
    }
  }

  sync()
  new MutationObserver(sync).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['src'] })
  // Late stylesheets can change the iframes' boxes without resizing their containers.
  addEventListener('load', refit)
}
