import type { Part } from './server'

/**
 * The large streamed pages of the flat-cost tests (gating-incremental, auto-block): `blocks`
 * blocks of ordinary content with `every500(n)` after each 500th (`n` = 500, 1000, …), and a
 * counter, installed before the SDK, of the `querySelectorAll` calls on the whole document (on it,
 * its root, head or body: `__wide`) and on anything smaller (`__scoped`).
 */
export function largeBody(blocks: number, every500: (n: number) => string): string {
  let body = ''
  for (let i = 0; i < blocks; i++) {
    body += `<div class="block"><p>Block ${i}: some text of the page</p><a href="#b${i}">link</a><span>${i}</span></div>\n`
    if (i % 500 === 499) body += every500(i + 1) + '\n'
  }
  return body
}

export const QUERY_COUNTER = `<script>
  window.__wide = 0; window.__scoped = 0
  function wrap(proto) {
    var real = proto.querySelectorAll
    proto.querySelectorAll = function (s) {
      if (this === document || this === document.documentElement || this === document.head || this === document.body) window.__wide++
      else window.__scoped++
      return real.call(this, s)
    }
  }
  wrap(Document.prototype); wrap(Element.prototype)
</script>`

/** `html` in 16 kB parts with a 5 ms pause after each, so that the parser inserts it in many batches. */
export function streamedParts(html: string): Part[] {
  const parts: Part[] = []
  for (let i = 0; i < html.length; i += 16384) parts.push(html.slice(i, i + 16384), () => new Promise((r) => setTimeout(r, 5)))
  return parts
}

/**
 * A wider counter of the DOM work done on the page (installed before the SDK, as `window.__work`):
 * every `querySelectorAll`, `querySelector`, `getElementsByTagName` and `getElementsByClassName`
 * call (on the document, an element or a fragment) counts as `wide` (on the whole document: it,
 * its root, head or body) or `scoped`, and adds to `visited` the number of elements under the node
 * it searched (what the call costs, whatever it finds); every `matches` / `closest` call counts as
 * a `check`. `__work.elements()` is the page's element count, taken without counting. Measures
 * work without timing it: a blocker that looks at what each batch added visits about as many
 * elements as the page has, one that queries the document again per batch visits the page per batch.
 */
export const WORK_COUNTER = `<script>
(function () {
  var work = (window.__work = { wide: 0, scoped: 0, visited: 0, checks: 0 })
  var tagsOfDoc = Document.prototype.getElementsByTagName, tagsOfEl = Element.prototype.getElementsByTagName
  function size(node) {
    if (node.nodeType === 9) return tagsOfDoc.call(node, '*').length
    if (node.nodeType === 1) return tagsOfEl.call(node, '*').length + 1
    var n = 0, w = document.createTreeWalker(node, 1)
    while (w.nextNode()) n++
    return n
  }
  work.elements = function () { return size(document) }
  function wrap(proto, name, search) {
    var real = proto[name]
    if (typeof real !== 'function') return
    proto[name] = function () {
      if (!search) work.checks++
      else {
        if (this === document || this === document.documentElement || this === document.head || this === document.body) work.wide++
        else work.scoped++
        work.visited += size(this)
      }
      return real.apply(this, arguments)
    }
  }
  var protos = [Document.prototype, Element.prototype, DocumentFragment.prototype]
  for (var i = 0; i < protos.length; i++) {
    wrap(protos[i], 'querySelectorAll', true); wrap(protos[i], 'querySelector', true)
    wrap(protos[i], 'getElementsByTagName', true); wrap(protos[i], 'getElementsByClassName', true)
  }
  wrap(Element.prototype, 'matches', false); wrap(Element.prototype, 'closest', false)
})()
</script>`
