import { afterEach, beforeEach, expect, test } from 'vitest'
import { createConsentGate } from '../../src/index'
import { log, releaseDom, resetDom, tick } from './support/dom'
import type { ConsentGate, ConsentGateOptions, Inspection } from '../../src/types'

const gates: ConsentGate[] = []
const make = (options: ConsentGateOptions = {}) => {
  const g = createConsentGate({
    categories: { necessary: { required: true }, analytics: { cookies: ['_ga*'] }, marketing: {} },
    ...options,
  } as ConsentGateOptions)
  gates.push(g)
  return g
}

beforeEach(() => {
  resetDom()
})
afterEach(() => {
  for (const g of gates.splice(0)) g.destroy()
  document.getElementById('consent-gate-debug')?.remove()
  history.replaceState(null, '', '/')
  releaseDom()
})

test('inspect() from the npm entry lists blocked markup, then what a decision released, in order', async () => {
  document.body.innerHTML = `<script type="text/plain" data-category="marketing">${log('m')}</script>
<script type="text/plain" data-category="analytics">  ${log('a')}  </script>`
  const g = make()
  const before = (await g.inspect()) as Inspection
  expect(before.elements.map((e) => [e.category, e.state, e.at])).toEqual([
    ['marketing', 'blocked', null],
    ['analytics', 'blocked', null],
  ])
  g.update({ analytics: true })
  const after = g.inspect() as Inspection
  // The view is made: synchronous now.
  expect(after).not.toBeInstanceOf(Promise)
  expect(after.elements.map((e) => [e.category, e.state])).toEqual([
    ['analytics', 'loaded'],
    ['marketing', 'blocked'],
  ])
  expect(after.elements[0].snippet).toBe(log('a').slice(0, 80))
  expect(after.elements[0].at).toEqual(expect.any(Number))
  expect(after.record?.categories.analytics).toBe(true)
  expect(after.receipt.status).toBe('none')
})

test('cookies are named with the category that lists them and whether the consent allows them', async () => {
  const g = make()
  g.rejectAll()
  // Set after the decision, whose purge would have deleted the listed one.
  document.cookie = '_ga_X=1; Path=/'
  document.cookie = 'other=1; Path=/'
  const { cookies } = (await g.inspect()) as Inspection
  const byName = Object.fromEntries(cookies.map((c) => [c.name, c]))
  expect(byName._ga_X).toEqual({ name: '_ga_X', category: 'analytics', service: null, allowed: false })
  expect(byName.other).toEqual({ name: 'other', category: null, service: null, allowed: null })
  expect(byName.consent_gate.allowed).toBe(true)
})

test('?consent-gate-debug opens the overlay once the document is parsed', async () => {
  history.replaceState(null, '', '/?consent-gate-debug')
  make()
  await tick()
  await tick()
  const host = document.getElementById('consent-gate-debug')
  expect(host?.getAttribute('aria-label')).toBe('ConsentGate debug')
  expect(host?.shadowRoot?.textContent).toContain('Gated elements')
})

test('a page that overwrote dataLayer with garbage still gets an inspection', async () => {
  ;(window as any).dataLayer = [null, 7, { 0: 'consent' }, 'x']
  const g = make({ googleConsentMode: false })
  const data = (await g.inspect()) as Inspection
  expect(data.consentMode).toEqual([])
  delete (window as any).dataLayer
})
