import type { GateInternals } from '../integrations/integration'
import { serviceParents } from '../core/state'
import { guard } from '../util/guard'
import type { AutoBlockOptions } from './options'
import { isObj } from '../util/dict'
import { GOOGLE_TAGS, VENDORS } from './vendors'

type Pattern = [host: string, path: string, category: string, service: string]

/** The elements that can load a vendor: what a held one becomes is the gated markup the blocker releases. */
const LOADERS = 'script[src],iframe[src],img[src]'
const TAGS: Record<string, 1> = { SCRIPT: 1, IFRAME: 1, IMG: 1 }

/**
 * The compiled patterns: the site's first, then the known vendors not switched off. A pattern is a
 * host (itself and its subdomains) and a path prefix. `basic`: Consent Mode's basic mode, where
 * Google's tags wait for `google` (src/create-consent-gate.ts: analytics or marketing).
 */
export function compile(options: AutoBlockOptions, basic?: boolean): Pattern[] {
  const out: Pattern[] = []
  const add = (match: string, category: string, service: string) => {
    const [host, ...path] = match.split('/')
    out.push([host.toLowerCase(), '/' + path.join('/'), category, service])
  }
  // What cannot be read is skipped; the rest fails closed: a `match` that is no host matches no
  // URL, a category or service that is no id is one no decision grants (the blocker names it).
  // `lintConfig` names each unusable pattern (`usablePattern`).
  for (const p of Array.isArray(options.patterns) ? options.patterns : [])
    if (isObj(p) && typeof p.match === 'string') add(p.match, p.category, p.service || p.category)
  const off = options.vendors || {}
  /** How many rows are still Google's tags, held by `google` in the basic mode. */
  let google = basic ? GOOGLE_TAGS : 0
  for (const row of VENDORS) {
    const [service, c, ...patterns] = row.split(' ')
    if (off[service] !== false) for (const m of patterns) add(m, google > 0 ? 'google' : c, service)
    google--
  }
  return out
}

/**
 * The pattern a URL matches, if any; only http(s) URLs are vendors'. Throws for a URL it cannot
 * parse (the browser would load none), as it does where the page replaced `URL`: the `src` setters
 * and `document.write` then hold what they were given (fail closed), not let it through.
 */
export function matchUrl(patterns: Pattern[], url: string): Pattern | undefined {
  const u = new URL(url, document.baseURI)
  if (!/^https?:$/.test(u.protocol)) return undefined
  // The host itself or a subdomain of it.
  const host = '.' + u.hostname
  for (const p of patterns) if (host.endsWith('.' + p[0]) && u.pathname.startsWith(p[1])) return p
  return undefined
}

/**
 * Auto-blocking (`autoBlock`, the auto core only): scripts, iframes and images of known vendors are
 * held before they can run or load, turned into gated markup (`type="text/plain"`, `data-src`,
 * `data-service` or `data-category`), which the core's blocker releases in document order once
 * granted. Nothing is held that is granted already, and unknown URLs are never touched.
 *
 * Where they come from: the parser (a MutationObserver, which Chromium runs before it prepares a
 * parser-inserted script), other scripts (the insertion methods of Node and Element, the `src`
 * setters, `innerHTML`: each holds before the browser sees the element) and `document.write` (the
 * written HTML is rewritten, as the parser runs its scripts before any observer).
 */
export function autoBlock(gate: GateInternals, options: AutoBlockOptions) {
  const { api, config } = gate
  const gcm = config.googleConsentMode
  const patterns = compile(options, !!gcm && gcm.mode === 'basic')
  /** Service ids the config has (→ their category): a vendor's service is gated by its category when the site has not configured it. */
  const services = serviceParents(config)
  /** Every element held, so that a tag setting `type` after `src` cannot undo the hold. */
  const held = new WeakSet<Element>()

  /**
   * The gating attribute and id for `url`, or nothing when it is no vendor's or already granted.
   * A vendor whose category is not configured either names it all the same: no decision grants it
   * (fail closed), and the core reports the id.
   */
  function gateOf(url: string): [string, string] | undefined {
    const p = matchUrl(patterns, url)
    if (!p) return undefined
    const g: [string, string] = services[p[3]] ? ['data-service', p[3]] : ['data-category', p[2]]
    return api.has(g[1]) ? undefined : g
  }

  /** Turn `el` into gated markup with `url` as its `data-src`; false when it need not be held. */
  function holdAs(el: Element, url: string): boolean {
    // `data-cg`: activated by the blocker (its live copy), or gated by the site itself.
    // (`el` is a script, iframe or image: `one` checks, and the `src` setters are theirs only.)
    if (el.matches('[data-cg],[data-category],[data-service]')) return false
    const g = gateOf(url)
    if (!g) return false
    el.setAttribute(g[0], g[1])
    el.setAttribute('data-src', url)
    const srcset = el.getAttribute('srcset')
    if (srcset != null) {
      el.setAttribute('data-srcset', srcset)
      el.removeAttribute('srcset')
    }
    // A frame the parser inserted has started navigating before any observer: sent to a blank page
    // instead (a frame without `src` is what the placeholders look for).
    if (el.tagName === 'IFRAME' && el.isConnected) el.setAttribute('src', 'about:blank')
    el.removeAttribute('src')
    held.add(el)
    plain(el)
    return true
  }

  /** A held script keeps a non-script type: the type it had goes to `data-type`, which the blocker restores. */
  function plain(el: Element) {
    const s = el as HTMLScriptElement
    if (el.tagName !== 'SCRIPT' || s.type === 'text/plain') return
    if (s.type) el.setAttribute('data-type', s.type)
    s.type = 'text/plain'
  }

  /** Hold `el` when it is a vendor's loader (or restore a held one's type). */
  function one(el: Element) {
    // A property lookup, not `matches`: this runs for the top of every batch the parser adds.
    if (!TAGS[el.tagName]) return
    const src = el.getAttribute('src')
    if (held.has(el)) plain(el)
    else if (src != null) holdAs(el, src)
  }

  /**
   * Hold every vendor element in `node` (an element, a fragment, its subtree; anything else an
   * insertion method was given, a string, has neither a node type nor children).
   */
  function look(node: Element) {
    if (node.nodeType === 1) one(node)
    // The parser adds most elements before their children: a leaf needs no query.
    if (node.childElementCount) {
      const found = node.querySelectorAll(LOADERS)
      for (let i = 0; i < found.length; i++) one(found[i])
    }
  }

  /**
   * The parser's elements, and any other insertion the patches below do not see. The work is per
   * batch of records, not per node: a node's subtree is looked at once, when its record comes,
   * and the records of what was added inside it in the same batch are skipped without touching
   * their nodes (a node the page's scripts never touched has no JavaScript object yet; making
   * one for each of a large page's nodes was most of the cost: docs/bench.md).
   */
  const observer = new MutationObserver(
    guard((records: MutationRecord[]) => {
      let seen: Node | null = null
      for (let i = 0; i < records.length; i++) {
        const r = records[i]
        // Inside the subtree looked at last (the parser's records come in document order).
        if (seen && seen.contains(r.target)) continue
        const added = r.addedNodes
        for (let j = 0; j < added.length; j++) {
          const n = added[j]
          if (n.nodeType !== 3) {
            look(n as Element)
            if (n.hasChildNodes()) seen = n
          }
        }
      }
    }),
  )
  observer.observe(document.documentElement, { childList: true, subtree: true })

  const define = (proto: object, name: string, make: (d: PropertyDescriptor) => PropertyDescriptor) => {
    const d = Object.getOwnPropertyDescriptor(proto, name)
    if (d) Object.defineProperty(proto, name, make(d))
  }
  type Methods = Record<string, (...args: unknown[]) => unknown>
  const wrap = (proto: object, names: string[], all: boolean) => {
    const methods = proto as Methods
    for (const name of names) {
      const original = methods[name]
      if (typeof original === 'function')
        methods[name] = function (this: unknown, ...args: unknown[]) {
          // Never throws into the caller: a failed look leaves the element to the observer.
          guard(() => {
            for (const a of all ? args : [args[0]]) if (a) look(a as Element)
          })(0)
          return original.apply(this, args)
        }
    }
  }
  // The node inserted is the first argument; the reference node is in the document already.
  wrap(Node.prototype, ['appendChild', 'insertBefore', 'replaceChild'], false)
  wrap(Element.prototype, ['append', 'prepend', 'before', 'after', 'replaceWith'], true)
  // `src` given to an element (in the document or not, as `new Image().src` pixels are): held
  // instead. Where the look fails (a built-in the page replaced), the `src` is not set: fail
  // closed, and never an error thrown into the page.
  for (const C of [HTMLScriptElement, HTMLIFrameElement, HTMLImageElement])
    define(C.prototype, 'src', (d) => ({
      ...d,
      set(this: Element, v: unknown) {
        try {
          if (holdAs(this, String(v))) return
        } catch {
          return
        }
        d.set!.call(this, v)
      },
    }))
  // Scripts inserted by innerHTML never run, but its images and frames would load: held before
  // the browser fetches them (Chromium starts an image's fetch in a microtask after the parse).
  define(Element.prototype, 'innerHTML', (d) => ({
    ...d,
    set(this: Element, v: unknown) {
      d.set!.call(this, v)
      guard(look)(this)
    },
  }))
  // Written rewritten, or, where the rewrite fails (a built-in the page replaced), not at all.
  const write = (original: (...html: string[]) => void) =>
    function (this: Document, ...html: string[]) {
      try {
        for (let i = 0; i < html.length; i++) html[i] = rewrite(String(html[i]))
      } catch {
        return
      }
      return original.apply(this, html)
    }
  const doc = Document.prototype
  doc.write = write(doc.write)
  doc.writeln = write(doc.writeln)

  /**
   * HTML for `document.write`, with the vendor elements in it written as gated markup: the parser
   * runs a written script before any observer can see it. Tags are found by a pattern; one it
   * cannot read (a `>` inside a quoted attribute) is written as it is.
   */
  function rewrite(html: string): string {
    return html.replace(/<(script|iframe|img)\b([^>]*)>/gi, (tag, name: string, attrs: string) => {
      const m = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(attrs)
      // The URL as the parser will read it (one of the three groups matched).
      const g = m && !/\sdata-(category|service|cg)\b/i.test(attrs) && gateOf(m.slice(1).join('').replace(/&amp;/g, '&'))
      // Held: `src`, `srcset` and `type` renamed as they are written (the parser decodes them as it
      // would have), and a script made inert.
      return g ? `<${name}${attrs.replace(/\s(src|srcset|type)\s*=/gi, ' data-$1=')}${/^s/i.test(name) ? ' type="text/plain"' : ''} ${g[0]}="${g[1]}">` : tag
    })
  }
}
