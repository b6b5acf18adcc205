import { afterEach, beforeEach, describe, expect, test, vi, type MockInstance } from 'vitest'
import { fireEvent, within } from '@testing-library/preact'
import { placeholders } from '../../src/ui/placeholders'
import { resolveTexts } from '../../src/i18n'
import { createConsentGate } from '../../src/create-consent-gate'
import { validateConfig } from '../../src/core/config'
import type { ConsentGate, ConsentGateOptions } from '../../src/types'
import { releaseDom, resetDom, tick } from './support/dom'

// The placeholders drawn by the real function, on a real gate (whose blocker loads the iframes) in
// jsdom; the box they take (layout) is measured in Chromium (tests/e2e/placeholders.test.ts).
// (`@testing-library/preact` is used for its DOM queries only: the placeholders have no Preact.)

const options: ConsentGateOptions = {
  reloadOnRevoke: false,
  categories: {
    necessary: { title: 'necessary', required: true },
    analytics: { title: 'analytics' },
    marketing: { title: 'marketing', services: { youtube: { title: 'YouTube' } } },
  },
}
const VIDEO = '<iframe data-category="marketing" data-service="youtube" data-src="https://video.example/embed/1" title="Brew guide"></iframe>'
const NOTICE = 'This content from YouTube is blocked until you allow Marketing.'

let errors: MockInstance<typeof console.error>
beforeEach(() => {
  errors = resetDom()
})
afterEach(releaseDom)

/** Draw the placeholders for `html` (the page's body) on a gate with `config`, in `lang`. */
function start(html: string, { lang = 'en', overrides = {}, config = options } = {}) {
  document.body.innerHTML = html
  const gate = createConsentGate(config)
  placeholders(gate, resolveTexts(lang, overrides), (host) => host.attachShadow({ mode: 'open' }))
  return gate
}
const hosts = () => Array.from(document.querySelectorAll<HTMLElement>('[data-cg-placeholder]'))
/** The notice in the only placeholder on the page, queried as assistive technology sees it. */
const only = () => {
  expect(hosts()).toHaveLength(1)
  return within(hosts()[0].shadowRoot as unknown as HTMLElement)
}
const iframe = () => document.querySelector('iframe')!

describe('placeholders', () => {
  test('a blocked iframe gets, just before it, a group named by its notice with two buttons; the iframe stays blocked', () => {
    start(VIDEO)
    const [host] = hosts()
    expect(host.nextElementSibling).toBe(iframe())
    const group = only().getByRole('group', { name: NOTICE })
    expect(
      within(group)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Load this content', 'Always allow'])
    // The same markup as the Preact component it replaces, so the stylesheet's classes still apply.
    expect(host.shadowRoot!.innerHTML).toBe(
      '<div class="cg-ph"><div role="group" aria-labelledby="cg-ph-text"><p id="cg-ph-text">' +
        NOTICE +
        '</p><div class="cg-actions"><button type="button" class="cg-btn">Load this content</button><button type="button" class="cg-btn">Always allow</button></div></div></div>',
    )
    expect(iframe().hasAttribute('src')).toBe(false)
    expect(iframe().style.display).toBe('none')
  })

  test('Load this content loads that iframe only, records nothing, and the notice goes away', () => {
    const gate = start(VIDEO + VIDEO.replace('embed/1', 'embed/2'))
    expect(hosts()).toHaveLength(2)
    fireEvent.click(within(hosts()[0].shadowRoot as unknown as HTMLElement).getByRole('button', { name: 'Load this content' }))
    const [first, second] = Array.from(document.querySelectorAll('iframe'))
    expect(first.getAttribute('src')).toBe('https://video.example/embed/1')
    expect(first.style.display).toBe('')
    expect(second.hasAttribute('src')).toBe(false)
    expect(hosts()).toHaveLength(1)
    expect(hosts()[0].nextElementSibling).toBe(second)
    expect(gate.get()).toBeNull()
  })

  test('Always allow records the iframe’s service with method "placeholder"; the iframe loads and the notice goes away', () => {
    const gate = start(VIDEO)
    fireEvent.click(only().getByRole('button', { name: 'Always allow' }))
    expect(iframe().getAttribute('src')).toBe('https://video.example/embed/1')
    expect(hosts()).toHaveLength(0)
    expect(gate.get()).toMatchObject({ method: 'placeholder', services: { youtube: true } })
    expect(gate.has('youtube')).toBe(true)
  })

  test('Always allow on an iframe gated by category grants that category', () => {
    const gate = start('<iframe data-category="marketing" data-src="https://video.example/e"></iframe>')
    only().getByRole('group', { name: 'This content from video.example is blocked until you allow Marketing.' })
    fireEvent.click(only().getByRole('button', { name: 'Always allow' }))
    expect(gate.get()).toMatchObject({ method: 'placeholder', categories: { marketing: true } })
    expect(hosts()).toHaveLength(0)
  })

  test('the notice goes away when consent arrives another way, and when its iframe leaves the page', async () => {
    const gate = start(VIDEO + '<div id="other">' + VIDEO.replace('embed/1', 'embed/2').replace('data-category="marketing" ', '') + '</div>')
    expect(hosts()).toHaveLength(2)
    document.getElementById('other')!.remove()
    await tick()
    expect(hosts()).toHaveLength(1)
    gate.acceptAll()
    await tick()
    expect(hosts()).toHaveLength(0)
    expect(iframe().getAttribute('src')).toBe('https://video.example/embed/1')
    expect(iframe().style.display).toBe('')
  })

  test('an iframe added later, deep in an added subtree, gets one notice, also when moved', async () => {
    start('<div id="slot"></div>')
    expect(hosts()).toHaveLength(0)
    const wrapper = document.createElement('section')
    wrapper.innerHTML = '<div><p>Watch</p>' + VIDEO + '</div>'
    document.getElementById('slot')!.appendChild(wrapper)
    // In the same batch, moved within what was added: still one notice.
    wrapper.prepend(wrapper.querySelector('iframe')!)
    await tick()
    only().getByRole('group', { name: NOTICE })
    expect(hosts()[0].nextElementSibling).toBe(iframe())
    // Added and removed before the observer runs: nothing to draw.
    const gone = document.createElement('div')
    gone.innerHTML = VIDEO
    document.body.appendChild(gone)
    gone.remove()
    await tick()
    expect(hosts()).toHaveLength(1)
  })

  test('unknown ids, an empty gating attribute, a granted or loaded iframe: no notice', async () => {
    start(
      '<iframe data-category="nosuch" data-src="https://a.example/"></iframe>' +
        '<iframe data-category="marketing nosuch" data-src="https://b.example/"></iframe>' +
        '<iframe data-service="nosuch" data-src="https://c.example/"></iframe>' +
        '<iframe data-category="" data-service="youtube" data-src="https://d.example/"></iframe>' +
        '<iframe data-category="necessary" data-src="https://e.example/"></iframe>' +
        '<iframe data-category="marketing" data-src="https://f.example/" src="https://f.example/"></iframe>',
    )
    await tick()
    expect(hosts()).toHaveLength(0)
    for (const f of Array.from(document.querySelectorAll('iframe')).slice(0, 4)) expect(f.hasAttribute('src')).toBe(false)
    expect(errors.mock.calls.filter((c) => String(c[0]).includes('failed'))).toEqual([])
  })

  test('Korean, and texts overrides', () => {
    start(VIDEO, { lang: 'ko' })
    only().getByRole('group', { name: '마케팅에 동의하기 전에는 YouTube의 콘텐츠가 차단됩니다.' })
    only().getByRole('button', { name: '이 콘텐츠 불러오기' })
    only().getByRole('button', { name: '항상 허용' })
    releaseDom()
    resetDom()
    start(VIDEO, { overrides: { en: { alwaysAllow: 'Allow videos', placeholderText: '{service} needs {category}.' } } })
    only().getByRole('group', { name: 'YouTube needs Marketing.' })
    only().getByRole('button', { name: 'Allow videos' })
  })

  test('site texts and the iframe’s attributes are shown as written, never as markup', () => {
    const config: ConsentGateOptions = {
      categories: {
        necessary: { title: 'necessary', required: true },
        marketing: { title: '<b>M</b>', services: { youtube: { title: 'A$&B <img src=x onerror=alert(1)>' } } },
      },
    }
    start(VIDEO, { config, overrides: { en: { loadOnce: '<i>Play</i>' } } })
    only().getByRole('group', { name: 'This content from A$&B <img src=x onerror=alert(1)> is blocked until you allow <b>M</b>.' })
    only().getByRole('button', { name: '<i>Play</i>' })
    expect(hosts()[0].shadowRoot!.querySelectorAll('img, b, i')).toHaveLength(0)
  })

  test('a callback the browser calls does not throw into the page: a failing action is logged', () => {
    const gate = start(VIDEO)
    const update = vi.spyOn(gate, 'update').mockImplementation(() => {
      throw new Error('hostile')
    })
    // What a listener throws reaches the page as an uncaught error (jsdom reports it on window).
    const uncaught: unknown[] = []
    const onError = (e: ErrorEvent) => uncaught.push(e.error)
    addEventListener('error', onError)
    fireEvent.click(only().getByRole('button', { name: 'Always allow' }))
    removeEventListener('error', onError)
    expect(uncaught).toEqual([])
    expect(update).toHaveBeenCalled()
    expect(errors.mock.calls.some((c) => String(c[0]).startsWith('[ConsentGate]'))).toBe(true)
    expect(iframe().hasAttribute('src')).toBe(false)
  })

  test('after the first search, a mutation batch searches only what it added, never the whole document', async () => {
    // A gate of its own, without a blocker (which has its own observer): only the placeholders watch the document.
    const { config } = validateConfig(options)
    const gate = { config, has: () => false, update: vi.fn() } as unknown as ConsentGate
    document.body.innerHTML = '<main>' + '<div><p>text <a href="#">link</a></p></div>'.repeat(50) + '</main>'
    placeholders(gate, resolveTexts('en', {}), (host) => host.attachShadow({ mode: 'open' }))
    const main = document.querySelector('main')!
    // Every search by selector made while the batch is handled, by where it starts. (jsdom's own
    // searches, such as an iframe's when it is attached, do not go through these.)
    const searched: unknown[] = []
    let recording = true
    for (const proto of [Document.prototype, Element.prototype, DocumentFragment.prototype] as any[])
      for (const name of ['querySelectorAll', 'querySelector']) {
        const real = proto[name]
        vi.spyOn(proto, name).mockImplementation(function (this: unknown, ...args: unknown[]) {
          if (recording) searched.push(this)
          return real.apply(this, args)
        })
      }
    const added: Element[] = []
    for (let i = 0; i < 3; i++) {
      const block = document.createElement('div')
      block.innerHTML = i === 1 ? VIDEO : '<p>more</p>'
      added.push(block)
      main.appendChild(block)
    }
    await tick()
    recording = false
    expect(hosts()).toHaveLength(1)
    expect(searched.length).toBeGreaterThan(0)
    // The added blocks, and the placeholder drawn for one of them (added too).
    for (const root of searched) expect(added.concat(hosts())).toContain(root)
  })
})
