import { matchesCookie } from '../storage/cookie-store'
import type { Problem } from '../core/problems'
import type { ConsentGate } from '../types'
import type { GateInternals } from '../integrations/integration'
import { keys } from '../util/dict'
import type { CookieGuardOptions } from './options'

/** A write that deletes (an expiry in the past, `Max-Age` 0 or less): never tracking, always let through. */
const DELETES = /;\s*max-age\s*=\s*(0|-)|;\s*expires\s*=\s*[^;]*\b19[0-6]\d\b/i

/** The cookie guard's decision on one write: writes it (the page's setter, `set`) or drops it. */
export type DecideCookie = (doc: Document, value: unknown, name: string) => void

/**
 * The cookies chunk's export (`src/cookies-chunk.ts`): the guard's decisions once it is there, by
 * the lists, the Open Cookie Database and `unclassified`; it reports and records (`marks`) them.
 * Given what it needs one by one: the core's build shortens the gate's own property names. `lists`
 * are the config's `cookies` lists the core already read (id → names, `autoOptions`).
 */
export type MakeCookieGuard = (
  api: ConsentGate,
  report: (problem: Problem) => void,
  marks: GuardedMarks,
  options: CookieGuardOptions,
  set: (this: Document, value: unknown) => void,
  lists: Record<string, string[]>,
) => DecideCookie

/**
 * A write the guard dropped, for `inspect()`: the name, when (`Date.now()`), and the purpose it
 * needed and did not have: its category, and the service when a service's list names it (no
 * category: no one classifies it).
 */
export type DroppedCookie = [name: string, at: number, category?: string, service?: string]

/**
 * The blocker's marks with the guard's record of dropped cookies: the debug chunk gets the marks
 * (a name the core's build does not shorten, so the chunk, built apart, reads the same one).
 */
export type GuardedMarks = GateInternals['marks'] & { dropped?: DroppedCookie[] }

/** The ids (categories and services) whose `cookies` lists name `name` (a trailing `*` is a prefix). */
export const listing = (lists: Record<string, string[]>, name: string) => keys(lists).filter((id) => lists[id].some((p) => matchesCookie(p, name)))

/**
 * The cookie guard (`cookieGuard`, the auto core only), a setter on `Document.prototype.cookie`
 * that keeps only what cannot wait: the consent cookie and deletions pass at once, and so does a
 * name the config's `cookies` lists name while all those purposes are granted. Every other write
 * waits, in order, for the cookies chunk (requested on the first such write), which decides the
 * queue in order when it arrives and every later write at once (`MakeCookieGuard`). If it cannot
 * be loaded, the lists (`cookies`, here in the core) still drop what they name while one of its
 * purposes is denied (fail closed); the rest follows `unclassified` (default: allowed). Nothing
 * here throws into the page.
 */
export function cookieGuard(
  { api, config, report, marks }: GateInternals,
  options: CookieGuardOptions,
  cookies: Record<string, string[]>,
  load: (name: 'cookies') => Promise<MakeCookieGuard>,
) {
  const d = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')
  if (!d || !d.set) return
  const set = d.set
  /** The chunk's decisions once it is there. */
  let decide: DecideCookie | undefined
  /** Writes waiting for the chunk, in order: document, value, name. */
  const queue: [Document, unknown, string][] = []
  /**
   * Until the chunk is there: a name the lists name while all those purposes are granted is
   * written at once (when nothing waits before it); any other write waits, and the first requests
   * the chunk. Without the chunk: the lists decide, `unclassified` the rest (not named on the
   * console one by one, which would cost the core 40 B gzip; the browser logs the failed load).
   */
  const core: DecideCookie = (doc, v, name) => {
    const ids = listing(cookies, name)
    const granted = ids.length ? ids.every((id) => api.has(id)) : undefined
    // `decide` is set here only when the chunk could not be loaded: it is this function then.
    if (decide || (granted && !queue.length)) {
      if (granted == null ? options.unclassified !== 'drop' : granted) set.call(doc, v)
    } else if (queue.push([doc, v, name]) < 2)
      load('cookies')
        .then((make) => make(api, report, marks, options, set, cookies))
        .then(drain, () => drain(core))
  }
  /** The chunk arrived (or `core`, when it did not): the queue in order, then every write at once. */
  const drain = (f: DecideCookie) => {
    decide = f
    for (const w of queue)
      try {
        f(...w)
      } catch {
        /* a write the browser refused */
      }
  }

  Object.defineProperty(Document.prototype, 'cookie', {
    ...d,
    set(this: Document, v: unknown) {
      try {
        const text = String(v)
        const name = text.slice(0, text.indexOf('=') >>> 0).trim()
        if (name === config.cookie.name || DELETES.test(text)) set.call(this, v)
        else (decide || core)(this, v, name)
      } catch {
        /* a value whose String() throws, a write the browser refused: never the page's error */
      }
    },
  })
}
