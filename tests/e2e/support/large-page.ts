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
