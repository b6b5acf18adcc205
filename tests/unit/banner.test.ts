import { afterEach, describe, expect, test, vi } from 'vitest'
import { fireEvent, screen, within } from '@testing-library/preact'
import { banner, type BannerOptions } from '../../src/ui/banner'
import { mountUI } from '../../src/ui/mount'
import { resolveTexts } from '../../src/i18n'
import { ko } from '../../src/i18n/ko'
import { en } from '../../src/i18n/en'
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
    expect(requested).toEqual(['en', 'preferences'])
    manage.click()
    // Meanwhile the banner stays.
    expect(within(widget()).getByRole('region')).toBeTruthy()
    const drawn: unknown[] = []
    pending.preferences.resolve((into: Element, props: unknown) => {
      drawn.push(props)
      into.textContent = props ? 'the dialog' : ''
    })
    await tick()
    expect(drawn.length).toBe(1)
    expect(within(widget()).queryByRole('region')).toBeNull()
    expect(document.getElementById('consent-gate-root')!.shadowRoot!.textContent).toContain('the dialog')
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
