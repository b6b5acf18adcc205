import { isObj } from '../util/dict'
import type { ChunkName } from '../chunks'
import type { Problem } from '../core/problems'
import {
  browserLanguages,
  availableLanguages,
  isBuiltIn,
  MORE,
  pickLanguage,
  textsFor,
  type FirstTexts,
  type Language,
  type MoreTexts,
  type Texts,
} from '../i18n'
import type { ConsentGate } from '../types'
import { banner } from './banner'
import { CSS } from './styles'
import { firstFocusable } from './focus'
import { guard } from '../util/guard'
import { styleShadow } from './shadow-styles'
import type { placeholders } from './placeholders'
import type { drawPreferences } from './PreferencesDialog'
import { impressionCounter } from './impressions'
import { optOut } from '../integrations/settings-link'

export type View = 'banner' | 'preferences' | null

export interface UIController {
  show(view: 'banner' | 'preferences'): void
  hide(): void
  /** A gated iframe is blocked: draw the embed placeholders (loading their chunk the first time). */
  embeds(): void
}

/** Load a chunk by name (see `chunkLoader`): the core's, so chunks come from its directory with its nonce. */
export type LoadChunk = <T>(name: ChunkName) => Promise<T>

/**
 * Mount the consent UI for `gate` in an open shadow root appended to `<body>`: open so assistive
 * technology and test tools reach it, a shadow root so the page's CSS cannot break it. Styles go in
 * as constructable stylesheets (no `style-src` needed), or as `<style>`s with `nonce` where
 * constructable sheets are missing: the banner's in every root (its own, each embed
 * placeholder's), the preferences' and the placeholders' own after it. UI options come from the config's extra fields: `texts`, `theme` (`light` | `dark`),
 * `position` (`bar` | `box` | `center`), `closeButton`, `blocking`, `impressions`, `impressionsEndpoint`.
 *
 * The banner is plain DOM (`banner.ts`); the preferences are Preact, in their own chunk with Preact
 * bundled in, fetched when the visitor shows intent (pointer over, press on or focus on "Manage
 * preferences"), or on opening. The texts come in two parts: the first layer from the language's
 * chunk before anything is drawn (so no English flashes by for a Korean visitor), the rest with
 * the preferences or the placeholders chunk, in parallel with it; each of those views draws only
 * once both are here. The preferences' and the placeholders' stylesheets come with their chunks,
 * which add them to the roots they draw in.
 *
 * The host, `#consent-gate-root`, is a group named "Cookie consent" (`consentRegion`) and has the
 * banner's box on the screen while the banner shows (the stylesheet places the host, not the
 * banner): tools that read the page find the UI by its id and name, and measure it. Each banner
 * shown to an undecided visitor is counted once per page view (`impressions.ts`).
 */
export function mountUI(gate: ConsentGate, nonce: string, load: LoadChunk, report: (problem: Problem) => void): UIController {
  const extra = gate.config.extra
  const blocking = extra.blocking === true
  const overrides = isObj(extra.texts) ? extra.texts : {}
  const browser = browserLanguages()
  let lang = pickLanguage(gate.config.lang, document.documentElement.lang, browser, availableLanguages(overrides))
  /** The first layer in the visitor's language; until it is here, what is asked waits in `queued`, in order. */
  let texts: FirstTexts | undefined
  const queued: (() => void)[] = []
  const whenReady = (fn: () => void) => (texts ? fn() : queued.push(fn))

  /** Constructable sheets by their CSS (ours, never the site's), each made once and shared by every root that has it. */
  const sheets: Record<string, CSSStyleSheet | null> = {}
  const style = (root: ShadowRoot, css: string) => (sheets[css] = styleShadow(root, css, nonce, sheets[css]))
  /** An open shadow root on `host` with the widget's styles (and a view's own `css` after them), language and theme. */
  function shadow(host: HTMLElement, css?: string): ShadowRoot {
    host.setAttribute('lang', lang)
    if (extra.theme === 'light' || extra.theme === 'dark') host.setAttribute('data-theme', extra.theme)
    const root = host.attachShadow({ mode: 'open' })
    style(root, CSS)
    if (css) style(root, css)
    return root
  }

  const count = impressionCounter(gate)
  const host = document.createElement('div')
  host.id = 'consent-gate-root'
  host.setAttribute('role', 'group')
  if (extra.position === 'box' || extra.position === 'center') host.setAttribute('data-position', extra.position)
  // The banner and the preferences each have their own container: Preact owns only the second.
  const bannerPoint = document.createElement('div')
  const prefsPoint = document.createElement('div')
  const root = shadow(host)
  root.append(bannerPoint, prefsPoint)
  // At the end of <body>, last in the tab order: wait for the parser when the chunk came early
  // (a blocked iframe loads it while the page is still parsing).
  const attach = () => host.isConnected || (document.body || document.documentElement).appendChild(host)
  // Callbacks the browser calls are guarded: a built-in the page replaced must not throw into it.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', guard(attach))
  else attach()

  function ready(table: FirstTexts) {
    texts = textsFor(lang, overrides, table)
    host.setAttribute('lang', lang)
    host.setAttribute('aria-label', texts.consentRegion)
    for (const fn of queued.splice(0)) fn()
  }
  /** The built-in language the texts come from: a language the site adds stands on English. */
  let own: Language = isBuiltIn(lang) ? lang : 'en'
  /**
   * One part of the texts, from `own`'s chunk: the first layer (`''`: `en`, `ko`) or the rest
   * (`MORE`: `en-more`, `ko-more`). When a language's own (Korean's) cannot load, the failure is
   * reported, `failed` runs, and English's part comes instead, so the visitor still gets every text.
   */
  const part = <T>(more: '' | typeof MORE, failed?: () => void): Promise<T> =>
    load<T>(`${own}${more}`).catch((e) => {
      if (own === 'en') throw e
      report(['ui', '', e])
      if (failed) failed()
      return load<T>(`en${more}`)
    })
  // The first layer's chunk: the core requested the likely one beside this chunk, so this is
  // usually served from that request. Without its language the banner still lets the visitor
  // decide: in English.
  part<FirstTexts>('', () => (lang = own = 'en'))
    .then(ready)
    .catch((e) => report(['ui', '', e]))

  /**
   * Every text: the first layer with the rest, asked for once the first layer is here (the language
   * is settled then), by the preferences and the placeholders, who report a failure. When no rest
   * could load, the next opening asks again, as it does for the preferences chunk.
   */
  let all: Promise<Texts> | undefined
  const allTexts = () =>
    (all =
      all ||
      part<MoreTexts>(MORE).then(
        (more) => ({ ...texts!, ...textsFor(lang, overrides, more) }),
        (e) => {
          all = undefined
          throw e
        },
      ))
  /** Ask for a chunk now, silently: what needs it asks again (served from this request) and reports a failure. */
  const fetchEarly = (name: ChunkName) => load(name).catch(() => 0)

  /** The preferences, from their chunk, and every text they show. */
  let Dialog: typeof drawPreferences | undefined
  let full: Texts | undefined
  const loadDialog = () =>
    Promise.all([load<typeof drawPreferences>('preferences'), allTexts()]).then(([d, t]) => {
      full = t
      Dialog = d
    })
  // On intent, or before the texts are here: both chunks at once, so the click finds them loaded.
  const prefetch = () => {
    if (Dialog) return
    fetchEarly('preferences')
    fetchEarly(`${own}${MORE}`)
  }
  let embeds: Promise<unknown> | undefined
  /** The banner's element, built once: it keeps its buttons (and the opener of the preferences) across openings. */
  let drawn: HTMLElement | undefined

  let view: View | undefined
  /** The view last asked for: the preferences stay asked for while their chunk loads, unless something else is asked meanwhile. */
  let wanted: View | undefined
  function go(next: View) {
    attach()
    wanted = next
    // Until the chunk is here the banner stays as it is, usable; a failure is reported and changes nothing.
    if (next === 'preferences' && !Dialog)
      return void loadDialog()
        .then(() => wanted === 'preferences' && view !== 'preferences' && draw(wanted))
        .catch((e) => report(['ui', '', e]))
    draw(next)
  }
  const decide = (fn: () => unknown) => () => {
    fn()
    go(null)
  }
  function draw(next: View) {
    view = next
    if (next === 'banner') {
      drawn =
        drawn ||
        banner({
          texts: texts!,
          policyUrl: gate.config.policyUrl,
          closeButton: extra.closeButton === true,
          modal: blocking,
          gpc: gate.config.profile !== 'none' && (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true,
          onOptOut: gate.config.profile === 'us' ? decide(() => optOut(gate)) : undefined,
          onAcceptAll: decide(gate.acceptAll),
          onRejectAll: decide(gate.rejectAll),
          onManage: () => go('preferences'),
          onIntent: prefetch,
        })
      if (!drawn.isConnected) bannerPoint.appendChild(drawn)
      count(lang)
      // A dialog takes focus: the banner when it is modal. (Before the preferences close, which
      // give the focus back to what opened them, and take it when they open: their chunk's work.)
      if (blocking) firstFocusable(bannerPoint)?.focus()
    } else if (drawn) drawn.remove()
    if (Dialog) Dialog(prefsPoint, next === 'preferences' ? { gate, texts: full!, lang, go } : null, (css) => style(root, css))
  }
  return {
    show(next) {
      // The preferences chunk and both parts of the texts come in parallel.
      if (next === 'preferences') prefetch()
      whenReady(() => go(next))
    },
    hide: () => whenReady(() => go(null)),
    embeds: () =>
      whenReady(() => {
        // Once per page, the chunk and the rest of the texts in parallel; the iframes stay blocked
        // if either cannot load.
        embeds =
          embeds ||
          Promise.all([load<typeof placeholders>('placeholders'), allTexts()])
            .then(([draw, t]) => draw(gate, t, shadow))
            .catch((e) => report(['ui', '', e]))
      }),
  }
}
