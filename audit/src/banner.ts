import type { Frame, Locator, Page } from 'playwright-core'
import { en } from '../../src/i18n/en'
import { ko } from '../../src/i18n/ko'
import type { Autoconsent } from './autoconsent'
import { finishMeasure, measureInPage } from './prominence'
import type { BannerReport, ButtonMeasure } from './types'

/**
 * The three ways to find and answer a banner, tried in this order: ConsentGate's own (the audit
 * knows its markup), any tool autoconsent has a rule for, and CSS selectors given on the command line.
 */

export type Choice = 'reject' | 'accept'

export interface FirstLayer {
  accept: ButtonMeasure | null
  reject: ButtonMeasure | null
  /** Why Reject is not on the first layer, when it is not. */
  rejectMissing?: string
}

export interface BannerDriver {
  method: Exclude<BannerReport['method'], 'none'>
  cmp: string | null
  detail: string
  /** Names the page's consent tool keeps the choice under (not to be flagged as the site's cookies). */
  ownNames: string[]
  /** Wait for the banner on a freshly loaded page; false when it did not show. */
  ready(pass: PassHandle): Promise<boolean>
  /** Measure Accept and Reject as first shown. */
  firstLayer(pass: PassHandle): Promise<FirstLayer>
  /** Make the choice; resolves to what was done, throws a sentence when it cannot. */
  choose(pass: PassHandle, choice: Choice): Promise<string>
}

/** What a driver acts on: a pass's tab and its autoconsent, and when the current page load began (ms, Date.now()). */
export interface PassHandle {
  page: Page
  ac: Autoconsent
  since: number
}

/** How long a banner may take to show after the page settled, and a click to find its button. */
const BANNER_WAIT = 5000

async function measure(target: Locator | null): Promise<ButtonMeasure | null> {
  if (!target) return null
  try {
    if (!(await target.isVisible())) return null
    return finishMeasure(await target.evaluate(measureInPage))
  } catch {
    return null
  }
}

const visibleWithin = async (locator: Locator, ms: number) => {
  try {
    await locator.waitFor({ state: 'visible', timeout: ms })
    return true
  } catch {
    return false
  }
}

const exactName = (names: string[]) => new RegExp(`^\\s*(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\s*$`)

/** ConsentGate: `window.ConsentGate` or its host element; buttons by their accessible names in the SDK's languages. */
export async function consentGate(page: Page): Promise<BannerDriver | null> {
  const found = await page
    .evaluate(() => {
      const gate = (window as unknown as { ConsentGate?: { config?: { cookie?: { name?: unknown } }; version?: unknown } }).ConsentGate
      if (!gate && !document.getElementById('consent-gate-root')) return null
      let cookie = ''
      try {
        cookie = String((gate && gate.config && gate.config.cookie && gate.config.cookie.name) || '')
      } catch {
        /* a hostile getter */
      }
      return { global: !!gate, cookie, version: String((gate && gate.version) || '') }
    })
    .catch(() => null)
  if (!found) return null
  const root = (p: Page) => p.locator('#consent-gate-root')
  const button = (p: Page, which: 'acceptAll' | 'rejectAll') => root(p).getByRole('button', { name: exactName([en[which], ko[which]]) })
  return {
    method: 'consent-gate',
    cmp: null,
    detail: `ConsentGate${found.version ? ' ' + found.version : ''} (${found.global ? 'window.ConsentGate' : '#consent-gate-root'}); the audit clicks its banner itself`,
    ownNames: found.cookie ? [found.cookie] : [],
    ready: ({ page: p }) => visibleWithin(button(p, 'acceptAll').or(button(p, 'rejectAll')).first(), BANNER_WAIT),
    async firstLayer({ page: p }) {
      const [accept, reject] = [await measure(button(p, 'acceptAll').first()), await measure(button(p, 'rejectAll').first())]
      return { accept, reject, rejectMissing: reject ? undefined : 'ConsentGate’s banner shows no “Reject all” button' }
    },
    async choose({ page: p }, choice) {
      const b = button(p, choice === 'reject' ? 'rejectAll' : 'acceptAll').first()
      const name = choice === 'reject' ? en.rejectAll : en.acceptAll
      // Read the label first: the banner goes away with the click.
      const label = ((await b.textContent({ timeout: BANNER_WAIT }).catch(() => null)) || name).trim()
      try {
        await b.click({ timeout: BANNER_WAIT })
      } catch {
        throw new Error(`ConsentGate’s “${name}” button could not be clicked`)
      }
      return `clicked “${label}” in ConsentGate’s banner`
    },
  }
}

/** Words of an accept and a reject button, in the languages the audit knows (whole label, any case). */
const ACCEPT =
  /^(accept( all)?( cookies)?|allow( all)?( cookies)?|agree( to all)?|i agree|ok(ay)?|got it|yes,? i agree|모두 동의|전체 동의|동의|동의합니다|alle akzeptieren|akzeptieren|alle zulassen|zustimmen|tout accepter|accepter|aceptar( todo| todas)?|accetta( tutto| tutti)?|alles accepteren|accepteren)$/i
const REJECT =
  /^(reject( all)?( cookies)?|decline( all)?|deny( all)?|refuse( all)?|disagree|no,? thanks|(use |accept |allow )?(only )?(strictly )?(necessary|essential|required)( cookies)?( only)?|모두 거부|전체 거부|거부|거부합니다|alle ablehnen|ablehnen|nur notwendige( cookies)?|tout refuser|refuser|continuer sans accepter|rechazar( todo| todas)?|rifiuta( tutto| tutti)?|alles weigeren|weigeren)$/i

/**
 * Runs in the frame: the first visible element whose label reads as accept, and as reject, among
 * buttons and links (open shadow roots included).
 */
function findButtons(patterns: { accept: string; reject: string }) {
  const accept = new RegExp(patterns.accept, 'i')
  const reject = new RegExp(patterns.reject, 'i')
  const found: { accept: Element | null; reject: Element | null } = { accept: null, reject: null }
  const visible = (e: Element) => {
    const r = e.getBoundingClientRect()
    const s = getComputedStyle(e)
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && Number(s.opacity) > 0
  }
  const label = (e: Element) =>
    ((e as HTMLInputElement).value && e.tagName === 'INPUT' ? (e as HTMLInputElement).value : e.textContent || e.getAttribute('aria-label') || '')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/[.!]$/, '')
  const walk = (root: Document | ShadowRoot) => {
    for (const e of Array.from(root.querySelectorAll('button, a, [role="button"], input[type="button"], input[type="submit"]'))) {
      if (!visible(e)) continue
      const text = label(e)
      if (!found.accept && accept.test(text)) found.accept = e
      if (!found.reject && reject.test(text)) found.reject = e
    }
    for (const e of Array.from(root.querySelectorAll('*'))) if (e.shadowRoot) walk(e.shadowRoot)
  }
  walk(document)
  return found
}

/** Accept and Reject as they read on the first layer of a tool the audit does not know the markup of. */
async function firstLayerByText(frame: Frame): Promise<FirstLayer> {
  try {
    const handle = await frame.evaluateHandle(findButtons, { accept: ACCEPT.source, reject: REJECT.source })
    const get = async (k: 'accept' | 'reject') => {
      const el = (await handle.getProperty(k)).asElement()
      return el ? finishMeasure(await el.evaluate(measureInPage)) : null
    }
    const accept = await get('accept')
    const reject = await get('reject')
    await handle.dispose()
    return { accept, reject, rejectMissing: accept && !reject ? 'the banner’s first layer has an accept button and no reject button' : undefined }
  } catch {
    return { accept: null, reject: null }
  }
}

/** A consent tool autoconsent has a rule for, once its banner shows (within `waitMs`). */
export async function autoconsentDriver(pass: PassHandle, waitMs: number): Promise<BannerDriver | null> {
  const popup = await pass.ac.popup(pass.since, waitMs)
  if (!popup) return null
  // Each pass has its own context and so its own autoconsent, with its own banner.
  const shown = new WeakMap<Autoconsent, { cmp: string; frame: Frame }>([[pass.ac, popup]])
  const current = (h: PassHandle) => {
    const p = shown.get(h.ac)
    if (!p) throw new Error(`autoconsent's ${popup.cmp} banner did not show`)
    return p
  }
  return {
    method: 'autoconsent',
    cmp: popup.cmp,
    detail: `${popup.cmp} through autoconsent's rule for it`,
    ownNames: [],
    async ready(h) {
      const again = await h.ac.popup(h.since, BANNER_WAIT * 2)
      if (again) shown.set(h.ac, again)
      return !!again
    },
    firstLayer: (h) => firstLayerByText(current(h).frame),
    choose: (h, choice) => h.ac.choose(current(h), choice, 15_000),
  }
}

/** `--accept` / `--reject`: each a list of CSS selectors clicked in turn (more than one: a second layer). */
export async function selectorsDriver(page: Page, accept: string[], reject: string[]): Promise<BannerDriver | null> {
  if (!accept.length && !reject.length) return null
  // Either list's first step shows the banner; each may be any Playwright selector, so they are or-ed as locators.
  const shown = (p: Page) => {
    const [a, b] = [accept[0], reject[0]].filter(Boolean).map((s) => p.locator(s))
    return (b ? a.or(b) : a).first()
  }
  if (!(await visibleWithin(shown(page), BANNER_WAIT))) return null
  const steps = { accept, reject }
  return {
    method: 'selectors',
    cmp: null,
    detail: `the banner through the --accept/--reject selectors (${[accept.length ? `accept: ${accept.join(' → ')}` : '', reject.length ? `reject: ${reject.join(' → ')}` : ''].filter(Boolean).join('; ')})`,
    ownNames: [],
    ready: ({ page: p }) => visibleWithin(shown(p), BANNER_WAIT),
    async firstLayer({ page: p }) {
      // The button that makes the choice is the last step; it is on the first layer if it shows before any click.
      const last = (list: string[]) => (list.length ? p.locator(list[list.length - 1]).first() : null)
      const a = await measure(last(accept))
      const r = await measure(last(reject))
      let rejectMissing: string | undefined
      if (!reject.length) rejectMissing = undefined
      else if (!r)
        rejectMissing =
          reject.length > 1
            ? `Reject (${reject[reject.length - 1]}) is not on the first layer: it takes ${reject.length} clicks (${reject.join(' → ')})`
            : `Reject (${reject[0]}) is not visible on the banner`
      return { accept: a, reject: r, rejectMissing }
    },
    async choose({ page: p }, choice) {
      const list = steps[choice]
      if (!list.length) throw new Error(`no --${choice} selector was given`)
      for (const sel of list) {
        try {
          await p.locator(sel).first().click({ timeout: BANNER_WAIT })
        } catch {
          throw new Error(`--${choice} ${sel}: nothing visible to click within ${BANNER_WAIT / 1000} s`)
        }
      }
      return `clicked ${list.join(' → ')}`
    },
  }
}
