import { afterEach, beforeEach, describe, expect, test, vi, type MockInstance } from 'vitest'
import { disconnectObservers, log, ran, releaseDom, resetDom, tick } from './support/dom'
import { createBlocker, type Blocker } from '../../src/blocker/gated-elements'
import { createConsentGate } from '../../src/create-consent-gate'
import type { ConsentGateOptions } from '../../src/types'

const blockers: Blocker[] = []
function blocker(allowed: (el: Element) => boolean) {
  const b = createBlocker(document, allowed, new Map())
  blockers.push(b)
  return b
}

let errorSpy: MockInstance<typeof console.error>
beforeEach(() => {
  errorSpy = resetDom()
})
afterEach(() => {
  for (const b of blockers.splice(0)) b.disconnect()
  releaseDom()
})

const byCategory = (granted: string[]) => (el: Element) => granted.indexOf(el.getAttribute('data-category') || '') >= 0

describe('createBlocker: iframes and images', () => {
  test('an allowed iframe gets its src, a denied one does not', () => {
    document.body.innerHTML =
      '<iframe id="yes" data-category="video" data-src="https://video.example/embed/1"></iframe>' +
      '<iframe id="no" data-category="ads" data-src="https://ads.example/frame"></iframe>'
    blocker(byCategory(['video'])).scan()
    expect(document.getElementById('yes')!.getAttribute('src')).toBe('https://video.example/embed/1')
    expect(document.getElementById('yes')!.getAttribute('data-cg')).toBe('on')
    expect(document.getElementById('no')!.hasAttribute('src')).toBe(false)
    expect(document.getElementById('no')!.hasAttribute('data-cg')).toBe(false)
  })

  test('an allowed img gets src and srcset', () => {
    document.body.innerHTML = '<img data-category="stats" data-src="https://t.example/p.gif" data-srcset="https://t.example/p2.gif 2x">'
    blocker(byCategory(['stats'])).scan()
    const img = document.querySelector('img')!
    expect(img.getAttribute('src')).toBe('https://t.example/p.gif')
    expect(img.getAttribute('srcset')).toBe('https://t.example/p2.gif 2x')
  })

  test('data-service elements are gated too', () => {
    document.body.innerHTML = '<iframe data-service="youtube" data-src="https://yt.example/x"></iframe>'
    blocker((el) => el.getAttribute('data-service') === 'youtube').scan()
    expect(document.querySelector('iframe')!.getAttribute('src')).toBe('https://yt.example/x')
  })

  test('markup without data-src or without a category is not touched', () => {
    document.body.innerHTML = '<iframe data-category="x"></iframe><img data-src="a.gif"><iframe src="https://plain.example/"></iframe>'
    const seen: Element[] = []
    blocker((el) => seen.push(el) > 0).scan()
    expect(seen).toEqual([])
    expect(document.querySelectorAll('[data-cg]')).toHaveLength(0)
  })

  test('a later scan activates what became allowed; nothing is activated twice', () => {
    document.body.innerHTML = '<iframe data-category="video" data-src="https://v.example/1"></iframe>'
    const granted: string[] = []
    const checked: Element[] = []
    const b = blocker((el) => {
      checked.push(el)
      return byCategory(granted)(el)
    })
    b.scan()
    const frame = document.querySelector('iframe')!
    expect(frame.hasAttribute('src')).toBe(false)
    granted.push('video')
    b.scan()
    expect(frame.getAttribute('src')).toBe('https://v.example/1')
    frame.setAttribute('src', 'about:blank')
    b.scan()
    expect(frame.getAttribute('src')).toBe('about:blank')
  })

  test('elements added later are picked up by the observer', async () => {
    blocker(byCategory(['video']))
    const frame = document.createElement('iframe')
    frame.setAttribute('data-category', 'video')
    frame.setAttribute('data-src', 'https://v.example/late')
    document.body.appendChild(frame)
    await tick()
    expect(frame.getAttribute('src')).toBe('https://v.example/late')
  })

  test('disconnect stops watching', async () => {
    blocker(byCategory(['video'])).disconnect()
    document.body.innerHTML = '<iframe data-category="video" data-src="https://v.example/1"></iframe>'
    await tick()
    expect(document.querySelector('iframe')!.hasAttribute('src')).toBe(false)
  })
})

describe('createBlocker: scripts', () => {
  test('an allowed inline script is replaced by a live copy that runs, a denied one does not run', () => {
    document.body.innerHTML =
      `<script type="text/plain" data-category="stats" id="s1" class="tracker" data-foo="bar">${log('stats')}</script>` +
      `<script type="text/plain" data-category="ads">${log('ads')}</script>`
    expect(ran()).toEqual([])
    blocker(byCategory(['stats'])).scan()
    expect(ran()).toEqual(['stats'])
    const live = document.getElementById('s1') as HTMLScriptElement
    expect(live.tagName).toBe('SCRIPT')
    expect(live.hasAttribute('type')).toBe(false)
    expect(live.getAttribute('class')).toBe('tracker')
    expect(live.getAttribute('data-foo')).toBe('bar')
    expect(live.getAttribute('data-category')).toBe('stats')
    expect(live.getAttribute('data-cg')).toBe('on')
    expect(live.text).toBe(log('stats'))
    const denied = document.querySelector('script[data-category="ads"]')!
    expect(denied.getAttribute('type')).toBe('text/plain')
  })

  test('the original element is replaced, not kept', () => {
    document.body.innerHTML = `<div id="p"><script type="text/plain" data-category="stats">${log('x')}</script></div>`
    const original = document.querySelector('script')!
    blocker(byCategory(['stats'])).scan()
    expect(original.parentNode).toBeNull()
    expect(document.getElementById('p')!.children).toHaveLength(1)
    expect(document.getElementById('p')!.firstElementChild).not.toBe(original)
  })

  test('type comes from data-type; data-type and data-src are not carried over', () => {
    document.body.innerHTML =
      '<script type="text/plain" data-type="module" data-category="stats" data-src="https://cdn.example/m.js" crossorigin="anonymous" referrerpolicy="no-referrer"></script>'
    blocker(byCategory(['stats'])).scan()
    const live = document.querySelector('script')!
    expect(live.getAttribute('type')).toBe('module')
    expect(live.getAttribute('src')).toBe('https://cdn.example/m.js')
    expect(live.hasAttribute('data-type')).toBe(false)
    expect(live.hasAttribute('data-src')).toBe(false)
    expect(live.getAttribute('crossorigin')).toBe('anonymous')
    expect(live.getAttribute('referrerpolicy')).toBe('no-referrer')
  })

  test('an external script keeps its src and a nonce is carried over', () => {
    document.body.innerHTML = '<script type="text/plain" data-category="stats" src="https://cdn.example/a.js" nonce="abc123"></script>'
    blocker(byCategory(['stats'])).scan()
    const live = document.querySelector('script')!
    expect(live.getAttribute('src')).toBe('https://cdn.example/a.js')
    expect(live.nonce).toBe('abc123')
  })

  test('scripts run in document order: an inline script after an external one waits for its load', () => {
    document.body.innerHTML =
      `<script type="text/plain" data-category="stats">${log('one')}</script>` +
      `<script type="text/plain" data-category="stats" src="https://cdn.example/two.js"></script>` +
      `<script type="text/plain" data-category="stats">${log('three')}</script>`
    blocker(byCategory(['stats'])).scan()
    expect(ran()).toEqual(['one'])
    const external = document.querySelector('script[src]')!
    expect(external.getAttribute('data-cg')).toBe('on')
    expect((external as HTMLScriptElement).async).toBe(false)
    external.dispatchEvent(new Event('load'))
    expect(ran()).toEqual(['one', 'three'])
  })

  test('an external script that fails to load does not stop the chain', () => {
    document.body.innerHTML =
      `<script type="text/plain" data-category="stats" src="https://cdn.example/missing.js"></script>` +
      `<script type="text/plain" data-category="stats">${log('after')}</script>`
    blocker(byCategory(['stats'])).scan()
    expect(ran()).toEqual([])
    document.querySelector('script[src]')!.dispatchEvent(new Event('error'))
    expect(ran()).toEqual(['after'])
  })

  test('an async external script does not hold the chain', () => {
    document.body.innerHTML =
      `<script type="text/plain" data-category="stats" src="https://cdn.example/a.js" async></script>` +
      `<script type="text/plain" data-category="stats">${log('next')}</script>`
    blocker(byCategory(['stats'])).scan()
    expect(ran()).toEqual(['next'])
    expect((document.querySelector('script[src]') as HTMLScriptElement).async).toBe(true)
  })

  test('a script runs once even when scanned again', () => {
    document.body.innerHTML = `<script type="text/plain" data-category="stats">${log('once')}</script>`
    const b = blocker(byCategory(['stats']))
    b.scan()
    b.scan()
    expect(ran()).toEqual(['once'])
  })

  test('a normal script is never touched', () => {
    document.body.innerHTML = `<script type="text/plain">${log('plain')}</script>`
    const seen: Element[] = []
    blocker((el) => seen.push(el) > 0).scan()
    expect(seen).toEqual([])
    expect(ran()).toEqual([])
  })
})

describe('gated markup through createConsentGate', () => {
  const options: ConsentGateOptions = {
    reloadOnRevoke: false,
    googleConsentMode: false,
    categories: { necessary: { title: 'N', required: true }, analytics: { title: 'A', services: { hotjar: { title: 'H' } } }, marketing: { title: 'M' } },
  }

  test('a gated script runs only after consent', async () => {
    document.body.innerHTML = `<script type="text/plain" data-category="analytics">${log('analytics')}</script><script type="text/plain" data-category="marketing">${log('marketing')}</script>`
    const g = createConsentGate(options)
    await tick()
    expect(ran()).toEqual([])
    g.update({ analytics: true })
    await tick()
    expect(ran()).toEqual(['analytics'])
  })

  test('a gated script added after consent runs at once', async () => {
    const g = createConsentGate(options)
    g.acceptAll()
    const s = document.createElement('script')
    s.type = 'text/plain'
    s.setAttribute('data-category', 'marketing')
    s.text = log('late')
    document.body.appendChild(s)
    await tick()
    expect(ran()).toEqual(['late'])
  })

  test('with a stored decision, allowed markup runs at load', async () => {
    createConsentGate(options).acceptAll()
    disconnectObservers()
    document.body.innerHTML = `<iframe data-category="marketing" data-src="https://ads.example/f"></iframe>`
    createConsentGate(options)
    expect(document.querySelector('iframe')!.getAttribute('src')).toBe('https://ads.example/f')
  })

  test('an element needing a category and a service needs both', async () => {
    document.body.innerHTML = '<img data-category="analytics" data-service="hotjar" data-src="https://example.com/p.gif">'
    const g = createConsentGate(options)
    g.update({ analytics: true, hotjar: false })
    await tick()
    expect(document.querySelector('img')!.hasAttribute('src')).toBe(false)
    g.update({ hotjar: true })
    await tick()
    expect(document.querySelector('img')!.getAttribute('src')).toBe('https://example.com/p.gif')
  })

  test('an element naming an unknown id stays blocked and is reported once', async () => {
    document.body.innerHTML =
      '<iframe data-category="nosuch" data-src="https://example.com/a"></iframe><iframe data-category="nosuch" data-src="https://example.com/b"></iframe>'
    const g = createConsentGate(options)
    g.acceptAll()
    document.body.appendChild(document.createElement('p'))
    await tick()
    g.acceptAll()
    for (const f of Array.from(document.querySelectorAll('iframe'))) expect(f.hasAttribute('src')).toBe(false)
    const reports = errorSpy.mock.calls.map((c) => c.join(' ')).filter((e) => e.includes('"nosuch"'))
    expect(reports).toHaveLength(1)
  })

  test('withdrawing consent does not activate anything more', async () => {
    document.body.innerHTML = `<iframe data-category="analytics" data-src="https://v.example/1"></iframe>`
    const g = createConsentGate(options)
    g.rejectAll()
    await tick()
    expect(document.querySelector('iframe')!.hasAttribute('src')).toBe(false)
  })
})

/** A gated script of category `stats` that logs `name`, or loads `src` (an external one holds the chain until its load event). */
function gatedScript(name: string, src?: string): HTMLScriptElement {
  const s = document.createElement('script')
  s.type = 'text/plain'
  s.setAttribute('data-category', 'stats')
  if (src) s.setAttribute('src', src)
  else s.text = log(name)
  return s
}
const gatedHTML = (name: string) => `<script type="text/plain" data-category="stats">${log(name)}</script>`
/** The live copy of a held external script, to fire its load event. */
const live = (src: string) => document.querySelector(`script[src="${src}"][data-cg]`)!

describe('createBlocker: what mutations add', () => {
  test('a gated script inside an added subtree runs: innerHTML, and appendChild of a built fragment', async () => {
    blocker(byCategory(['stats']))
    const div = document.createElement('div')
    document.body.appendChild(div)
    div.innerHTML = `<p><span>${gatedHTML('inner-html')}</span></p>`
    await tick()
    const frag = document.createDocumentFragment()
    const section = document.createElement('section')
    section.appendChild(document.createElement('div')).appendChild(gatedScript('fragment'))
    frag.appendChild(section)
    document.body.appendChild(frag)
    await tick()
    expect(ran()).toEqual(['inner-html', 'fragment'])
  })

  test('nested insertions of one batch run in document order, whatever the order they were made in', async () => {
    blocker(byCategory(['stats']))
    const outer = document.createElement('div')
    outer.innerHTML = `<div>${gatedHTML('2')}<div>${gatedHTML('3')}</div></div>${gatedHTML('4')}`
    document.body.appendChild(outer)
    document.body.insertBefore(gatedScript('1'), outer)
    outer.appendChild(document.createElement('div')).appendChild(gatedScript('5'))
    await tick()
    expect(ran()).toEqual(['1', '2', '3', '4', '5'])
  })

  test('an element added while the chain waits runs at its place in document order among the waiting ones', async () => {
    document.body.innerHTML = `<div id="a"></div><script type="text/plain" data-category="stats" src="https://cdn.example/hold.js"></script><div id="b"></div>`
    blocker(byCategory(['stats'])).scan()
    document.getElementById('b')!.innerHTML = `<section>${gatedHTML('b1')}<div>${gatedHTML('b2')}</div></section>`
    await tick()
    const frag = document.createDocumentFragment()
    frag.appendChild(document.createElement('section')).appendChild(gatedScript('a1'))
    document.getElementById('a')!.appendChild(frag)
    document.body.appendChild(gatedScript('c1'))
    await tick()
    expect(ran()).toEqual([])
    live('https://cdn.example/hold.js').dispatchEvent(new Event('load'))
    expect(ran()).toEqual(['a1', 'b1', 'b2', 'c1'])
  })

  test('an element moved while it waits keeps its turn and runs once', async () => {
    document.body.innerHTML = `<script type="text/plain" data-category="stats" src="https://cdn.example/hold.js"></script><div id="x">${gatedHTML('moved')}</div>${gatedHTML('stays')}<div id="y"></div>`
    blocker(byCategory(['stats'])).scan()
    const moved = document.querySelector('#x script')!
    document.getElementById('y')!.appendChild(moved)
    await tick()
    live('https://cdn.example/hold.js').dispatchEvent(new Event('load'))
    await tick()
    expect(ran()).toEqual(['moved', 'stays'])
  })

  test('an element removed before it ran does not run; inserted again later, it runs once', async () => {
    document.body.innerHTML = `<script type="text/plain" data-category="stats" src="https://cdn.example/hold.js"></script>${gatedHTML('away')}${gatedHTML('here')}`
    blocker(byCategory(['stats'])).scan()
    const away = document.querySelectorAll('script')[1]
    away.remove()
    await tick()
    live('https://cdn.example/hold.js').dispatchEvent(new Event('load'))
    await tick()
    expect(ran()).toEqual(['here'])
    document.body.appendChild(away)
    await tick()
    document.body.appendChild(away)
    await tick()
    expect(ran()).toEqual(['here', 'away'])
  })

  test('an element that ran does not run again when moved or inserted again', async () => {
    document.body.innerHTML = `<div id="a"><iframe data-category="stats" data-src="https://v.example/1"></iframe>${gatedHTML('once')}</div><div id="b"></div>`
    const original = document.querySelector('script')!
    blocker(byCategory(['stats'])).scan()
    const frame = document.querySelector('iframe')!
    frame.setAttribute('src', 'about:blank')
    const b = document.getElementById('b')!
    b.appendChild(frame)
    b.appendChild(document.querySelector('#a script')!)
    // The blocked original, replaced by its live copy, put back by the page.
    b.appendChild(original)
    await tick()
    expect(frame.getAttribute('src')).toBe('about:blank')
    expect(ran()).toEqual(['once'])
  })

  test('a mutation batch queries only the nodes it added, never the whole document', async () => {
    blocker(byCategory(['stats'])).scan()
    const whole = new Set<unknown>([document, document.documentElement, document.head, document.body])
    let wide = 0
    let scoped = 0
    const count = (proto: { querySelectorAll: (s: string) => NodeListOf<Element> }) => {
      const real = proto.querySelectorAll
      vi.spyOn(proto, 'querySelectorAll').mockImplementation(function (this: Element, s: string) {
        if (whole.has(this)) wide++
        else scoped++
        return real.call(this, s)
      })
    }
    count(Document.prototype)
    count(Element.prototype)
    const BATCHES = 40
    let added = 0
    for (let b = 0; b < BATCHES; b++) {
      let html = ''
      for (let i = 0; i < 25; i++) html += `<div><p>block ${i}</p><a href="#">link</a><span>x</span></div>`
      const t = document.createElement('template')
      t.innerHTML = html + gatedHTML('b' + b)
      added += t.content.children.length
      document.body.appendChild(t.content)
      await tick()
    }
    expect(ran()).toHaveLength(BATCHES)
    expect(wide).toBe(0)
    // At most one query per element a batch added (its subtree), none for what they contain.
    expect(scoped).toBeGreaterThanOrEqual(BATCHES * 25)
    expect(scoped).toBeLessThanOrEqual(added)
  })
})

describe('createBlocker: while the document is loading', () => {
  let state = 'loading'
  beforeEach(() => {
    state = 'loading'
    Object.defineProperty(document, 'readyState', { configurable: true, get: () => state })
  })
  afterEach(() => {
    delete (document as { readyState?: string }).readyState
  })

  test('a gated script that is the last child of a closed element runs once the parser puts anything after that element', async () => {
    blocker(byCategory(['stats']))
    const div = document.body.appendChild(document.createElement('div'))
    div.appendChild(gatedScript('in-div'))
    await tick()
    expect(ran()).toEqual([])
    document.body.appendChild(document.createElement('p'))
    await tick()
    expect(ran()).toEqual(['in-div'])
  })

  test('a gated script with nothing after it waits for the rest of its text', async () => {
    blocker(byCategory(['stats']))
    const s = gatedScript('')
    s.text = log('first') + ';'
    document.body.appendChild(s)
    await tick()
    s.appendChild(document.createTextNode(log('second')))
    await tick()
    expect(ran()).toEqual([])
    document.body.appendChild(document.createTextNode('\n'))
    await tick()
    expect(ran()).toEqual(['first', 'second'])
  })

  test('the chain waits there: what comes after runs after it, and the last script runs at DOMContentLoaded', async () => {
    blocker(byCategory(['stats']))
    document.body.appendChild(gatedScript('1'))
    await tick()
    document.body.appendChild(gatedScript('2'))
    await tick()
    expect(ran()).toEqual(['1'])
    state = 'interactive'
    document.dispatchEvent(new Event('DOMContentLoaded'))
    expect(ran()).toEqual(['1', '2'])
  })
})
