import { vi, type MockInstance } from 'vitest'

/**
 * The jsdom fixture of the gating tests: a clean document and cookie jar before each test, every
 * MutationObserver created meanwhile disconnected after it (so one test's blockers and gates
 * cannot activate another test's markup), and console.error captured.
 */
export const html = document.documentElement
export const tick = () => new Promise((r) => setTimeout(r, 0))
/** Gated scripts run in jsdom's own global, so they report through the shared document. */
export const ran = () => (html.getAttribute('data-ran') || '').split(' ').filter(Boolean)
export const log = (name: string) =>
  `document.documentElement.setAttribute('data-ran', ((document.documentElement.getAttribute('data-ran') || '') + ' ${name}').trim())`

const observers: MutationObserver[] = []
const RealMO = globalThis.MutationObserver
class TrackedMO extends RealMO {
  constructor(cb: MutationCallback) {
    super(cb)
    observers.push(this)
  }
}

/** Call in beforeEach; returns the console.error spy. */
export function resetDom(): MockInstance<typeof console.error> {
  vi.stubGlobal('MutationObserver', TrackedMO)
  document.body.innerHTML = ''
  html.removeAttribute('data-ran')
  for (const name of document.cookie
    .split('; ')
    .map((p) => p.split('=')[0])
    .filter(Boolean))
    document.cookie = name + '=; Path=/; Max-Age=0'
  return vi.spyOn(console, 'error').mockImplementation(() => undefined)
}

/** Disconnect every observer created so far (a page load ends). */
export function disconnectObservers() {
  for (const o of observers.splice(0)) o.disconnect()
}

/** Call in afterEach. */
export function releaseDom() {
  disconnectObservers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
}
