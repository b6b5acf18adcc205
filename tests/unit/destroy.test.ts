import { beforeEach, expect, test, vi } from 'vitest'
import { createConsentGate } from '../../src/create-consent-gate'
import { createConsentGate as npmGate } from '../../src/index'
import { deliverReceipts } from '../../src/transport/deliver-receipts'
import type { Integration } from '../../src/integrations/integration'
import type { ConsentGateOptions } from '../../src/types'
import type { UIController } from '../../src/ui/mount'
import { log, ran, resetDom, tick } from './support/dom'

const options: ConsentGateOptions = {
  reloadOnRevoke: false,
  categories: { necessary: { title: 'N', required: true }, analytics: { title: 'A', cookies: ['_ga'] }, marketing: { title: 'M' } },
}
const gated = (category: string, name: string) => {
  const s = document.createElement('script')
  s.type = 'text/plain'
  s.setAttribute('data-category', category)
  s.text = log(name)
  return s
}
const settingsLink = () => {
  const a = document.createElement('a')
  a.href = '#'
  a.setAttribute('data-consent-settings', '')
  document.body.appendChild(a)
  return a
}

beforeEach(() => {
  resetDom()
  localStorage.clear()
  delete (window as any).dataLayer
  delete (window as any).gtag
})

test('destroy() is on the npm entry, idempotent, and never throws', () => {
  const g = npmGate(options)
  expect(typeof g.destroy).toBe('function')
  expect(() => {
    g.destroy()
    g.destroy()
  }).not.toThrow()
})

test('after destroy(), markup added later is not activated, even when allowed', async () => {
  const g = createConsentGate(options)
  g.acceptAll()
  document.body.appendChild(gated('analytics', 'before'))
  await tick()
  expect(ran()).toEqual(['before'])
  g.destroy()
  document.body.appendChild(gated('analytics', 'after'))
  await tick()
  expect(ran()).toEqual(['before'])
  expect(document.querySelectorAll('script[type="text/plain"]').length).toBe(1)
})

test('after destroy(), a click on data-consent-settings opens nothing and is not prevented', async () => {
  const mount = vi.fn(() => ({ show: vi.fn(), hide: vi.fn(), embeds: vi.fn() }) as UIController)
  const g = createConsentGate(options, undefined, () => Promise.resolve(mount))
  g.acceptAll()
  const shows: unknown[] = []
  g.on('show', (d) => shows.push(d))
  const link = settingsLink()
  link.click()
  await tick()
  expect(shows).toEqual([{ view: 'preferences' }])
  expect(mount).toHaveBeenCalledTimes(1)
  const controller = mount.mock.results[0].value as UIController
  expect(controller.show).toHaveBeenCalledWith('preferences')

  g.destroy()
  const click = new MouseEvent('click', { bubbles: true, cancelable: true })
  link.dispatchEvent(click)
  g.showPreferences()
  await tick()
  expect(click.defaultPrevented).toBe(false)
  expect(shows).toEqual([{ view: 'preferences' }])
  expect(controller.show).toHaveBeenCalledTimes(1)
})

test('destroy() removes the listeners it added: click, DOMContentLoaded, and the receipt sender’s pagehide/visibilitychange', async () => {
  const added: [EventTarget, string, unknown][] = []
  const removed: [EventTarget, string, unknown][] = []
  for (const target of [document, window]) {
    const add = target.addEventListener.bind(target)
    const remove = target.removeEventListener.bind(target)
    vi.spyOn(target, 'addEventListener').mockImplementation((type: string, fn: any, o?: any) => {
      added.push([target, type, fn])
      add(type, fn, o)
    })
    vi.spyOn(target, 'removeEventListener').mockImplementation((type: string, fn: any, o?: any) => {
      removed.push([target, type, fn])
      remove(type, fn, o)
    })
  }
  const g = createConsentGate({ ...options, endpoint: '/api/consents' }, () => Promise.resolve(deliverReceipts))
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(new Response(null, { status: 201 }))),
  )
  g.acceptAll()
  await tick()
  await tick()
  const mine = (type: string) => added.filter(([, t]) => t === type)
  expect(mine('click').length).toBe(1)
  expect(mine('pagehide').length).toBe(1)
  expect(mine('visibilitychange').length).toBe(1)
  g.destroy()
  await tick()
  for (const type of ['click', 'pagehide', 'visibilitychange'])
    for (const [target, , fn] of mine(type))
      expect(
        removed.some(([t, ty, f]) => t === target && ty === type && f === fn),
        type,
      ).toBe(true)
})

test('after destroy(), nothing is stored, emitted or pushed, and calls never throw', async () => {
  const g = createConsentGate({ ...options, endpoint: '/api/consents' }, () => Promise.resolve(deliverReceipts))
  const events: string[] = []
  for (const e of ['consent', 'change', 'show', 'hide'] as const) g.on(e, () => events.push(e))
  const dom: string[] = []
  window.addEventListener('consentgate:consent', () => dom.push('consent'))
  const layer = (window as any).dataLayer.length
  g.destroy()
  const state = g.acceptAll()
  expect(state.categories.analytics).toBe(true) // what it would have decided, unsaved
  expect(() => {
    g.rejectAll()
    g.update({ analytics: true })
    g.reset()
    g.show()
    g.showPreferences()
    g.hide()
  }).not.toThrow()
  await tick()
  expect(g.get()).toBeNull()
  expect(g.has('analytics')).toBe(false)
  expect(document.cookie).not.toContain('consent_gate=')
  expect(localStorage.length).toBe(0)
  expect(events).toEqual([])
  expect(dom).toEqual([])
  expect((window as any).dataLayer.length).toBe(layer)
})

test('destroy() before the document is parsed: ready never fires', async () => {
  Object.defineProperty(document, 'readyState', { configurable: true, get: () => 'loading' })
  try {
    const g = createConsentGate(options)
    const ready = vi.fn()
    g.on('ready', ready)
    g.destroy()
    document.dispatchEvent(new Event('DOMContentLoaded'))
    await tick()
    expect(ready).not.toHaveBeenCalled()
  } finally {
    delete (document as any).readyState
  }
})

test('destroy() right away: an undecided visitor is never shown the banner', async () => {
  const g = createConsentGate(options)
  const shows = vi.fn()
  g.on('show', shows)
  g.destroy()
  await tick()
  expect(shows).not.toHaveBeenCalled()
})

test('an integration gets settle and ui hooks in list order, and its teardown on destroy()', async () => {
  const { createGate } = await import('../../src/create-consent-gate')
  const seen: string[] = []
  const teardown = vi.fn()
  const integration =
    (name: string): Integration =>
    ({ hook }) => {
      hook('settle', (s) => seen.push(name + ':settle:' + (s.state ? s.state.method : 'null')))
      hook('ui', (v) => seen.push(name + ':ui:' + v))
      return teardown
    }
  const g = createGate(options, () => undefined, [integration('a'), integration('b')])
  g.acceptAll()
  g.showPreferences()
  expect(seen).toEqual(['a:ui:null', 'b:ui:null', 'a:settle:accept-all', 'b:settle:accept-all', 'a:ui:preferences', 'b:ui:preferences'])
  g.destroy()
  expect(teardown).toHaveBeenCalledTimes(2)
  g.rejectAll()
  g.destroy()
  expect(teardown).toHaveBeenCalledTimes(2)
  expect(seen.length).toBe(6)
})
