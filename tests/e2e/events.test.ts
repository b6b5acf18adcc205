import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { consentCookieValue, gate, logOf } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

/**
 * A page whose own script (after the SDK) records every SDK event, both through `ConsentGate.on()`
 * and as `consentgate:*` window events, in window.__events as [source, type, detail, readyState].
 */
const RECORDER = `<script>
window.__events = []
;['ready', 'consent', 'change', 'show', 'hide'].forEach(function (type) {
  ConsentGate.on(type, function (d) { __events.push(['on', type, d, document.readyState]) })
  addEventListener('consentgate:' + type, function (e) { __events.push(['window', type, e.detail, document.readyState]) })
})
</script>`
const page = (path: string, body = '') => env.site.page(path, `<!doctype html><html><head>${sdkTag()}${RECORDER}</head><body>page${body}</body></html>`)
/**
 * The events one source heard, leaving out the `show` that asks for the banner while the page
 * loads (an undecided visitor always gets it; tested on its own below).
 */
const events = (p: Page, source: 'on' | 'window'): Promise<[string, unknown][]> =>
  p.evaluate(
    (src) => (window as any).__events.filter((e: any[]) => e[0] === src && !(e[1] === 'show' && e[3] !== 'complete')).map((e: any[]) => [e[1], e[2]]),
    source,
  )

test('an undecided visitor gets show with the banner view right after ready; a returning one does not', async () => {
  const { page: p } = await visit(page('/show-on-load.html'))
  await p.waitForFunction(() => (window as any).__events.some((e: any[]) => e[1] === 'show'))
  const types = await p.evaluate(() => (window as any).__events.filter((e: any[]) => e[0] === 'on').map((e: any[]) => [e[1], e[2]]))
  expect(types).toEqual([
    ['ready', null],
    ['show', { view: 'banner' }],
  ])
  const value = consentCookieValue({ categories: { necessary: true, functional: false, analytics: false, personalization: false, marketing: false } })
  const { page: back } = await visit(page('/show-on-load-returning.html'), (c) =>
    c.addCookies([{ name: 'consent_gate', value, domain: '127.0.0.1', path: '/' }]),
  )
  await back.waitForTimeout(400)
  expect(await back.evaluate(() => (window as any).__events.filter((e: any[]) => e[1] === 'show').length)).toBe(0)
})

test('ready fires once the document is parsed, with null for a visitor who has not decided', async () => {
  const { page: p } = await visit(page('/ready-new.html', '<div id="late-content">parsed</div>'))
  const ready = await p.evaluate(() => (window as any).__events.filter((e: any[]) => e[1] === 'ready'))
  expect(ready).toEqual([
    ['on', 'ready', null, 'interactive'],
    ['window', 'ready', null, 'interactive'],
  ])
})

test('ready carries the stored state for a returning visitor', async () => {
  const value = consentCookieValue({ categories: { necessary: true, functional: false, analytics: true, personalization: false, marketing: false } })
  const { page: p } = await visit(page('/ready-stored.html'), (c) => c.addCookies([{ name: 'consent_gate', value, domain: '127.0.0.1', path: '/' }]))
  const state = await gate(p, 'get')
  expect(state.categories.analytics).toBe(true)
  expect(await events(p, 'on')).toEqual([['ready', state]])
  expect(await events(p, 'window')).toEqual([['ready', state]])
})

test("a listener added with on('ready') after the page loaded still hears ready once, with the stored state", async () => {
  const value = consentCookieValue({ categories: { necessary: true, analytics: true }, method: 'accept-all' })
  const { page: p } = await visit(page('/ready-late.html'), (c) => c.addCookies([{ name: 'consent_gate', value, domain: '127.0.0.1', path: '/' }]))
  const state = await gate(p, 'get')
  expect(state).not.toBeNull()
  const heard = await p.evaluate(
    () =>
      new Promise((resolve) => {
        const calls: unknown[] = []
        ;(window as any).ConsentGate.on('ready', (s: unknown) => calls.push(s))
        setTimeout(() => resolve(calls), 100)
      }),
  )
  expect(heard).toEqual([state])
})

test('a decision emits consent and change, both through on() and as window CustomEvents with the state as detail', async () => {
  const { page: p } = await visit(page('/decision.html'))
  const state = await gate(p, 'acceptAll')
  expect((await events(p, 'on')).slice(1)).toEqual([
    ['consent', state],
    ['change', state],
  ])
  expect((await events(p, 'window')).slice(1)).toEqual([
    ['consent', state],
    ['change', state],
  ])
})

test('a decision that grants the same as before emits consent but not change', async () => {
  const { page: p } = await visit(page('/same-again.html'))
  await gate(p, 'acceptAll')
  const again = await gate(p, 'acceptAll')
  const types = (await events(p, 'on')).map(([t]) => t)
  expect(types).toEqual(['ready', 'consent', 'change', 'consent'])
  expect((await events(p, 'on')).at(-1)).toEqual(['consent', again])
})

test('a first rejectAll() emits consent but not change, since nothing was granted before', async () => {
  const { page: p } = await visit(page('/reject-first.html'))
  await gate(p, 'rejectAll')
  expect((await events(p, 'on')).map(([t]) => t)).toEqual(['ready', 'consent'])
})

test('the function returned by on() unsubscribes the listener', async () => {
  const { page: p } = await visit(page('/unsubscribe.html'))
  const calls = await p.evaluate(() => {
    const cg = (window as any).ConsentGate
    const seen: string[] = []
    const off = cg.on('consent', (s: any) => seen.push(s.method))
    cg.update({ analytics: true })
    off()
    cg.acceptAll()
    return seen
  })
  expect(calls).toEqual(['custom'])
  expect((await events(p, 'on')).filter(([t]) => t === 'consent')).toHaveLength(2)
})

test('show(), showPreferences() and hide() emit show with the view and hide', async () => {
  const { page: p } = await visit(page('/show-hide.html'))
  await gate(p, 'show')
  await gate(p, 'showPreferences')
  await gate(p, 'hide')
  expect((await events(p, 'on')).slice(1)).toEqual([
    ['show', { view: 'banner' }],
    ['show', { view: 'preferences' }],
    ['hide', null],
  ])
  expect((await events(p, 'window')).slice(1).map(([t]) => t)).toEqual(['show', 'show', 'hide'])
})

test('a throwing listener is reported on the console and the decision still takes effect', async () => {
  const { page: p, errors } = await visit(
    page('/throwing.html', `<script type="text/plain" data-category="analytics">(window.__log = window.__log || []).push('ran')</script>`),
  )
  await p.evaluate(() =>
    (window as any).ConsentGate.on('consent', () => {
      throw new Error('listener bug')
    }),
  )
  const state = await gate(p, 'acceptAll')
  await p.waitForFunction(() => ((window as any).__log || []).length >= 1)
  expect(state.method).toBe('accept-all')
  expect(await logOf(p)).toEqual(['ran'])
  expect((await events(p, 'on')).map(([t]) => t)).toEqual(['ready', 'consent', 'change'])
  // Reported with the sentence from the diagnostics chunk, loaded on the first problem: wait for it.
  await expect.poll(() => errors.consoleErrors.some((e) => e.includes('listener bug') || e.includes('listener threw'))).toBe(true)
})
