import { afterEach, describe, expect, test, vi } from 'vitest'
import { fireEvent, screen, within } from '@testing-library/preact'
import { banner, type BannerOptions } from '../../src/ui/banner'
import { mountUI } from '../../src/ui/mount'
import { BUILT_IN, resolveTexts } from '../../src/i18n'
import { ko, koFirst, koMore } from '../../src/i18n/ko'
import { en, enMore } from '../../src/i18n/en'
import type { Texts } from '../../src/i18n'
import { normalizeConfig } from '../../src/core/config'
import type { ConsentGate } from '../../src/types'

afterEach(() => {
  document.body.textContent = ''
})

function setup(options: Partial<BannerOptions> = {}, lang = 'en') {
  const calls: string[] = []
  document.body.appendChild(
    banner({
      texts: resolveTexts(lang),
      onAcceptAll: () => calls.push('accept'),
      onRejectAll: () => calls.push('reject'),
      onManage: () => calls.push('manage'),
      ...options,
    }),
  )
  return calls
}

describe('banner', () => {
  test('offers Accept all, Reject all and Manage preferences as buttons in one group', () => {
    setup()
    const group = screen.getByRole('group')
    const names = Array.from(group.querySelectorAll('button')).map((b) => b.textContent)
    expect(names).toEqual(['Accept all', 'Reject all', 'Manage preferences'])
    expect(group.getAttribute('aria-label')).toBe('We value your privacy')
    expect(screen.getByRole('region', { name: 'We value your privacy' })).toBeTruthy()
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('We value your privacy')
  })

  test('each button calls its own action', () => {
    const calls = setup()
    fireEvent.click(screen.getByRole('button', { name: 'Reject all' }))
    fireEvent.click(screen.getByRole('button', { name: 'Accept all' }))
    fireEvent.click(screen.getByRole('button', { name: 'Manage preferences' }))
    expect(calls).toEqual(['reject', 'accept', 'manage'])
  })

  test('Accept all and Reject all carry the same class, so they look the same', () => {
    setup()
    expect(screen.getByRole('button', { name: 'Accept all' }).className).toBe(screen.getByRole('button', { name: 'Reject all' }).className)
  })

  test('the close button rejects and says so', () => {
    const calls = setup({ closeButton: true })
    fireEvent.click(screen.getByRole('button', { name: 'Close and reject all' }))
    expect(calls).toEqual(['reject'])
  })

  test('without closeButton there is no close button', () => {
    setup()
    expect(screen.queryByRole('button', { name: 'Close and reject all' })).toBeNull()
  })

  test('the policy link is shown for a safe URL and left out for a javascript: one', () => {
    setup({ policyUrl: '/privacy' })
    expect(screen.getByRole('link', { name: 'Privacy policy' }).getAttribute('href')).toBe('/privacy')
    document.body.textContent = ''
    setup({ policyUrl: 'java\tscript:alert(1)' })
    expect(screen.queryByRole('link')).toBeNull()
  })

  test('modal: a dialog over an overlay that keeps Tab inside', () => {
    setup({ modal: true, closeButton: true })
    const dialog = screen.getByRole('dialog', { name: 'We value your privacy' })
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(dialog.parentElement!.className).toBe('cg-overlay')
    const close = screen.getByRole('button', { name: 'Close and reject all' })
    close.focus()
    fireEvent.keyDown(close, { key: 'Tab' })
    expect(document.activeElement!.textContent).toBe('Accept all')
    fireEvent.keyDown(document.activeElement!, { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(close)
  })

  test('not modal: a region with no aria-modal and no overlay', () => {
    setup()
    const region = screen.getByRole('region')
    expect(region.hasAttribute('aria-modal')).toBe(false)
    expect(document.querySelector('.cg-overlay')).toBeNull()
  })

  test('pointer over, a press on or focus on Manage preferences signals intent; the other buttons do not', () => {
    const onIntent = vi.fn()
    setup({ onIntent })
    fireEvent.pointerOver(screen.getByRole('button', { name: 'Accept all' }))
    fireEvent.focus(screen.getByRole('button', { name: 'Reject all' }))
    expect(onIntent).not.toHaveBeenCalled()
    const manage = screen.getByRole('button', { name: 'Manage preferences' })
    fireEvent.pointerOver(manage)
    fireEvent.pointerDown(manage)
    fireEvent.focus(manage)
    expect(onIntent).toHaveBeenCalledTimes(3)
  })

  test('speaks Korean', () => {
    setup({}, 'ko')
    expect(screen.getByRole('button', { name: '모두 동의' })).toBeTruthy()
    expect(screen.getByRole('button', { name: '모두 거부' })).toBeTruthy()
    expect(screen.getByRole('button', { name: '설정 관리' })).toBeTruthy()
  })

  test('config strings render as text, never as HTML', () => {
    setup({ texts: { ...resolveTexts('en'), bannerTitle: '<img src=x onerror=alert(1)>', bannerText: '<b>bold</b>' } })
    expect(document.querySelector('img, b')).toBeNull()
    expect(screen.getByRole('heading').textContent).toBe('<img src=x onerror=alert(1)>')
    expect(document.querySelector('.cg-text')!.textContent).toBe('<b>bold</b> ')
  })

  test('an action that throws does not throw into the page', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    setup({
      onAcceptAll: () => {
        throw new Error('boom')
      },
    })
    expect(() => screen.getByRole('button', { name: 'Accept all' }).click()).not.toThrow()
    expect(error).toHaveBeenCalled()
    error.mockRestore()
  })
})

/** A gate as `mountUI` sees it: its config and the two decisions of the banner. */
function fakeGate(options: Record<string, unknown> = {}) {
  const calls: string[] = []
  const gate = {
    config: normalizeConfig(options).config,
    acceptAll: () => calls.push('accept'),
    rejectAll: () => calls.push('reject'),
    get: () => null,
  } as unknown as ConsentGate
  return { gate, calls }
}

/** A chunk loader whose chunks arrive when the test says so; `requested` names what was asked, in order. */
function fakeLoader() {
  const requested: string[] = []
  const pending: Record<string, { resolve(v: unknown): void; reject(e: unknown): void; promise: Promise<unknown> }> = {}
  const load = <T>(name: string): Promise<T> => {
    if (!pending[name]) {
      requested.push(name)
      const entry = {} as (typeof pending)[string]
      entry.promise = new Promise((resolve, reject) => {
        entry.resolve = resolve
        entry.reject = reject
      })
      pending[name] = entry
    }
    return pending[name].promise as Promise<T>
  }
  return { load, requested, pending }
}

const tick = () => new Promise((r) => setTimeout(r, 0))
const widget = () => document.getElementById('consent-gate-root')!.shadowRoot!.firstElementChild as HTMLElement

describe('mountUI', () => {
  test('an English visitor: the English chunk only, and nothing is drawn until it is here', async () => {
    const { gate } = fakeGate({ lang: 'en' })
    const { load, requested, pending } = fakeLoader()
    mountUI(gate, '', load as never, () => {}).show('banner')
    expect(requested).toEqual(['en'])
    expect(widget().textContent).toBe('')
    pending.en.resolve(en)
    await tick()
    expect(within(widget()).getByRole('region', { name: 'We value your privacy' })).toBeTruthy()
    expect(document.getElementById('consent-gate-root')!.getAttribute('lang')).toBe('en')
    expect(requested).toEqual(['en'])
  })

  test('the preferences chunk is fetched on intent, once, and a click opens the dialog when it arrives', async () => {
    const { gate } = fakeGate({ lang: 'en' })
    const { load, requested, pending } = fakeLoader()
    mountUI(gate, '', load as never, () => {}).show('banner')
    pending.en.resolve(en)
    await tick()
    const manage = within(widget()).getByRole('button', { name: 'Manage preferences' })
    expect(requested).toEqual(['en'])
    fireEvent.pointerOver(manage)
    fireEvent.focus(manage)
    // The preferences and the rest of the texts, together.
    expect(requested).toEqual(['en', 'preferences', 'en-more'])
    manage.click()
    // Meanwhile the banner stays.
    expect(within(widget()).getByRole('region')).toBeTruthy()
    const drawn: { texts: Texts }[] = []
    pending.preferences.resolve((into: Element, props: { texts: Texts } | null) => {
      if (props) drawn.push(props)
      into.textContent = props ? 'the dialog' : ''
    })
    await tick()
    // Not before the rest of the texts is here.
    expect(drawn.length).toBe(0)
    pending['en-more'].resolve(enMore)
    await tick()
    expect(drawn.length).toBe(1)
    expect(drawn[0].texts.savePreferences).toBe('Save preferences')
    expect(drawn[0].texts.acceptAll).toBe('Accept all')
    expect(within(widget()).queryByRole('region')).toBeNull()
    expect(document.getElementById('consent-gate-root')!.shadowRoot!.textContent).toContain('the dialog')
  })

  /** Mount for `options`, resolve the first layer with `first`, open the preferences; the texts the dialog is drawn with, if it is. */
  async function openPreferences(options: Record<string, unknown>, first: string, more: (p: ReturnType<typeof fakeLoader>['pending']) => Promise<void>) {
    const { gate } = fakeGate(options)
    const loader = fakeLoader()
    const report = vi.fn()
    const ui = mountUI(gate, '', loader.load as never, report)
    ui.show('banner')
    loader.pending[first].resolve(BUILT_IN[first])
    await tick()
    const drawn: Texts[] = []
    ui.show('preferences')
    loader.pending.preferences.resolve((_: Element, props: { texts: Texts } | null) => props && drawn.push(props.texts))
    await more(loader.pending)
    await tick()
    return { drawn, report, requested: loader.requested }
  }

  test('a Korean visitor gets the Korean second part with the preferences', async () => {
    const { drawn, requested } = await openPreferences({ lang: 'ko' }, 'ko', async (p) => p['ko-more'].resolve(koMore))
    expect(requested).toEqual(['ko', 'preferences', 'ko-more'])
    expect([drawn[0].savePreferences, drawn[0].acceptAll, drawn[0].categoryMarketing]).toEqual(['설정 저장', '모두 동의', '마케팅'])
  })

  test("when Korean's second part cannot load, the failure is reported and English's second part is used under the Korean banner", async () => {
    const { drawn, report, requested } = await openPreferences({ lang: 'ko' }, 'ko', async (p) => {
      p['ko-more'].reject('consent-gate-ko-more.js')
      await tick()
      p['en-more'].resolve(enMore)
    })
    expect(report).toHaveBeenCalledWith(['ui', '', 'consent-gate-ko-more.js'])
    expect(requested).toEqual(['ko', 'preferences', 'ko-more', 'en-more'])
    expect([drawn[0].savePreferences, drawn[0].acceptAll]).toEqual(['Save preferences', '모두 동의'])
  })

  test('when no second part can load, the preferences are not drawn, the failure is reported, and the banner still decides', async () => {
    const { gate, calls } = fakeGate({ lang: 'en' })
    const { load, pending } = fakeLoader()
    const report = vi.fn()
    const ui = mountUI(gate, '', load as never, report)
    ui.show('banner')
    pending.en.resolve(en)
    await tick()
    const drawn: unknown[] = []
    within(widget()).getByRole('button', { name: 'Manage preferences' }).click()
    pending.preferences.resolve((_: Element, props: unknown) => props && drawn.push(props))
    pending['en-more'].reject('consent-gate-en-more.js')
    await tick()
    expect(report.mock.calls).toEqual([[['ui', '', 'consent-gate-en-more.js']]])
    expect(drawn).toEqual([])
    // The next click asks again.
    delete pending['en-more']
    within(widget()).getByRole('button', { name: 'Manage preferences' }).click()
    pending['en-more'].resolve(enMore)
    await tick()
    expect(drawn.length).toBe(1)
    ui.show('banner')
    within(widget()).getByRole('button', { name: 'Accept all' }).click()
    expect(calls).toEqual(['accept'])
  })

  test("a site's overrides apply to the keys of both parts; a language the site adds stands on English's two parts", async () => {
    const texts = { ja: { acceptAll: 'すべて同意', savePreferences: '設定を保存' }, en: { alwaysAllow: 'Allow always' } }
    const { drawn, requested } = await openPreferences({ lang: 'ja', texts }, 'en', async (p) => p['en-more'].resolve(enMore))
    expect(requested).toEqual(['en', 'preferences', 'en-more'])
    expect([drawn[0].acceptAll, drawn[0].savePreferences, drawn[0].rejectAll, drawn[0].alwaysAllow]).toEqual([
      'すべて同意',
      '設定を保存',
      'Reject all',
      'Always allow',
    ])
    const english = await openPreferences({ lang: 'en', texts }, 'en', async (p) => p['en-more'].resolve(enMore))
    expect(english.drawn[0].alwaysAllow).toBe('Allow always')
  })

  test('the placeholders get both parts of the texts, their chunk and the second part requested together', async () => {
    const { gate } = fakeGate({ lang: 'ko' })
    const { load, pending, requested } = fakeLoader()
    const ui = mountUI(gate, '', load as never, () => {})
    ui.embeds()
    pending.ko.resolve(koFirst)
    await tick()
    expect(requested).toEqual(['ko', 'placeholders', 'ko-more'])
    const got: Texts[] = []
    pending.placeholders.resolve((_: unknown, t: Texts) => got.push(t))
    pending['ko-more'].resolve(koMore)
    await tick()
    expect([got[0].loadOnce, got[0].consentRegion]).toEqual(['이 콘텐츠 불러오기', '쿠키 동의'])
  })

  test('a Korean visitor: the Korean chunk comes first, nothing is drawn in English meanwhile', async () => {
    const { gate } = fakeGate({ lang: 'ko' })
    const { load, requested, pending } = fakeLoader()
    mountUI(gate, '', load as never, () => {}).show('banner')
    expect(requested).toEqual(['ko'])
    expect(widget().textContent).toBe('')
    pending.ko.resolve(ko)
    await tick()
    expect(within(widget()).getByRole('button', { name: '모두 동의' })).toBeTruthy()
    expect(document.getElementById('consent-gate-root')!.getAttribute('lang')).toBe('ko')
  })

  test('a Korean visitor downloads no English', async () => {
    const { gate } = fakeGate({ lang: 'ko' })
    const { load, requested, pending } = fakeLoader()
    mountUI(gate, '', load as never, () => {}).show('banner')
    pending.ko.resolve(ko)
    await tick()
    expect(within(widget()).getByRole('button', { name: ko.managePreferences })).toBeTruthy()
    expect(requested).toEqual(['ko'])
  })

  test('when the Korean chunk cannot load, the problem is reported and the banner decides in English', async () => {
    const { gate, calls } = fakeGate({ lang: 'ko' })
    const { load, pending, requested } = fakeLoader()
    const report = vi.fn()
    mountUI(gate, '', load as never, report).show('banner')
    pending.ko.reject('consent-gate-ko.js')
    await tick()
    expect(report).toHaveBeenCalledWith(['ui', '', 'consent-gate-ko.js'])
    expect(requested).toEqual(['ko', 'en'])
    pending.en.resolve(en)
    await tick()
    within(widget()).getByRole('button', { name: 'Accept all' }).click()
    expect(calls).toEqual(['accept'])
    expect(document.getElementById('consent-gate-root')!.getAttribute('lang')).toBe('en')
  })

  test('a language the site adds has no chunk: its texts over English, from the English chunk', async () => {
    const { gate } = fakeGate({ lang: 'ja', texts: { ja: { acceptAll: 'すべて同意' } } })
    const { load, requested, pending } = fakeLoader()
    mountUI(gate, '', load as never, () => {}).show('banner')
    pending.en.resolve(en)
    await tick()
    expect(within(widget()).getByRole('button', { name: 'すべて同意' })).toBeTruthy()
    expect(within(widget()).getByRole('button', { name: 'Reject all' })).toBeTruthy()
    expect(requested).toEqual(['en'])
  })

  test('when neither the language nor English can load, nothing is drawn and both failures are reported', async () => {
    const { gate } = fakeGate({ lang: 'ko' })
    const { load, pending } = fakeLoader()
    const report = vi.fn()
    mountUI(gate, '', load as never, report).show('banner')
    pending.ko.reject('consent-gate-ko.js')
    await tick()
    pending.en.reject('consent-gate-en.js')
    await tick()
    expect(report.mock.calls).toEqual([[['ui', '', 'consent-gate-ko.js']], [['ui', '', 'consent-gate-en.js']]])
    expect(widget().textContent).toBe('')
  })
})
