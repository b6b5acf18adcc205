import type { Problem } from './problems'
import { dict } from '../util/dict'

type Listener = (detail: any) => void

/**
 * A tiny event hub: `on` returns its own unsubscribe. A throwing listener is reported and
 * skipped, never rethrown into the code that triggered the event (often the host page's).
 */
export function createEmitter(report: (problem: Problem) => void) {
  // Event types are the page's words: no prototype, so `on('constructor')` or `on('__proto__')` is a type like any other.
  const listeners: Record<string, Listener[]> = dict()
  return {
    on(type: string, fn: Listener): () => void {
      // Lists are replaced, never changed: an emit in progress goes on over the list it started with.
      listeners[type] = (listeners[type] || []).concat([fn])
      return () => {
        listeners[type] = (listeners[type] || []).filter((l) => l !== fn)
      }
    },
    /** Call every listener of `type`, or only `only`. */
    emit(type: string, detail: unknown, only?: Listener) {
      for (const fn of only ? [only] : listeners[type] || []) {
        try {
          fn(detail)
        } catch (e) {
          report(['listener', type, e])
        }
      }
    },
  }
}
