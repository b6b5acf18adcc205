import { isObj } from '../util/dict'
import type { Problem } from '../core/problems'
import { browserLanguages, availableLanguages, isBuiltIn, MORE, pickLanguage, primary, textsFor, type FirstTexts, type MoreTexts, type Texts } from '../i18n'
import { en } from '../i18n/en'
import { DECLARATION, declarationEn, type DeclarationTexts } from '../i18n/declaration'
import { DECLARATION_SELECTOR } from './declaration-selector'
import type { ConsentGate, CookieSpec } from '../types'
import { guard } from '../util/guard'
import { keys } from '../util/dict'
import { categoryText } from './category-title'
import type { LoadChunk } from './mount'

export { DECLARATION_SELECTOR }

type AllTexts = Texts & DeclarationTexts
type Category = ConsentGate['config']['categories'][string]

/** A status cell: updated on every decision, so the page shows the visitor's current choice. */
type Status = [cell: HTMLElement, id: string, service: boolean, required: boolean]

/** Elements filled already: filling again (a second call, a page that calls it after adding one) leaves them as they are. */
const filled = new WeakSet<Element>()

/** An element with its children; strings go in as text nodes (the site's config is never parsed as HTML). */
function el(tag: string, className: string, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag)
  if (className) e.className = className
  e.append(...children)
  return e
}

/**
 * The language of one declaration: its `data-lang`, else the `lang` it has or inherits (the page's
 * `<html lang>` last), when the SDK can show it; else the UI's choice (`lang` of the config, then
 * the browser's languages, then English).
 */
export function declarationLanguage(target: Element, configured: string, available: readonly string[]): string {
  const tag = primary(target.getAttribute('data-lang') || (target.closest('[lang]') || target).getAttribute('lang') || '')
  if (available.indexOf(tag) >= 0) return tag
  const browser = browserLanguages()
  return pickLanguage(configured, null, browser, available)
}

/**
 * The texts of a language: the UI's (`table`, the built-in one when loaded) and the declaration's,
 * English key by key where missing, with the site's `texts` overrides on top (strings only).
 */
export function declarationTexts(lang: string, overrides: Record<string, Record<string, unknown>>, table?: Texts): AllTexts {
  const out = { ...textsFor(lang, overrides, table || en), ...declarationEn, ...DECLARATION[lang] } as AllTexts
  const site = isObj(overrides[lang]) ? overrides[lang] : {}
  for (const key of keys(declarationEn) as (keyof DeclarationTexts)[]) if (typeof site[key] === 'string') out[key] = site[key] as string
  return out
}

/** A cookie table: its caption, a header row of scoped column headers, and one row per cookie headed by its name. */
function cookieTable(caption: string, rows: [CookieSpec, string][], t: AllTexts): HTMLElement {
  const head = el('tr', '')
  for (const label of [t.cookieName, t.cookieProvider, t.cookiePurpose, t.cookieLifetime]) {
    const th = el('th', '', label)
    th.setAttribute('scope', 'col')
    head.appendChild(th)
  }
  const body = el('tbody', '')
  for (const [spec, provider] of rows) {
    const c = typeof spec === 'string' ? { name: spec } : spec
    const name = el('th', '', el('code', '', c.name))
    name.setAttribute('scope', 'row')
    body.appendChild(el('tr', '', name, el('td', '', c.provider || provider), el('td', '', c.purpose || ''), el('td', '', c.lifetime || '')))
  }
  return el('table', 'cg-decl-cookies', el('caption', '', caption), el('thead', '', head), body)
}

/** Korea's PIPA Art. 15(2) notice of a category: the fields the site configured, and the right to refuse with its consequence. */
function notice(cat: Category, t: AllTexts): HTMLElement | null {
  const rows: [string, unknown][] = [
    [t.noticePurpose, cat.purpose],
    [t.noticeItems, cat.items],
    [t.noticeRetention, cat.retention],
    [t.noticeRecipients, cat.recipients],
    [t.noticeRefusal, cat.refusalConsequence && t.rightToRefuse + ' ' + cat.refusalConsequence],
  ]
  const list = el('dl', 'cg-decl-notice')
  for (const [label, value] of rows) if (typeof value === 'string' && value) list.append(el('dt', '', label), el('dd', '', value))
  return list.firstChild ? list : null
}

/**
 * Draw the declaration into `target` in plain HTML (no shadow root: the policy stays printable and
 * indexable, and the site's stylesheet styles it; class names start with `cg-decl-`): an
 * introduction; per category, in the config's order, its title and description, the visitor's
 * current choice, the PIPA notice fields it has, its services (each with its choice) and one table
 * of its cookies and its services' cookies; a button that opens the preferences; and how to refuse
 * cookies in the browser. Headings start at `data-heading-level` (default 3, for a declaration
 * under a policy's `<h2>`). Returns the status cells, for `update`.
 */
export function drawDeclaration(target: HTMLElement, gate: ConsentGate, t: AllTexts): Status[] {
  const level = Math.min(Math.max(+(target.getAttribute('data-heading-level') || 3) || 3, 1), 5)
  const heading = (deeper: number, text: string) => el('h' + (level + deeper), '', text)
  const statuses: Status[] = []
  /** "Your current choice: Allowed", its value in a `<strong>` that `update` rewrites. */
  const choice = (id: string, service: boolean, required: boolean) => {
    const cell = el('strong', '')
    statuses.push([cell, id, service, required])
    return el('p', 'cg-decl-choice', t.yourChoice + ': ', cell)
  }
  const parts: Node[] = [el('p', 'cg-decl-intro', t.declarationIntro)]
  const { categories } = gate.config
  for (const id of keys(categories)) {
    const cat = categories[id]
    const { title, description } = categoryText(id, cat, t)
    const required = !!cat.required
    const section = el('section', 'cg-decl-category', heading(0, title))
    if (description) section.appendChild(el('p', 'cg-decl-description', description))
    section.appendChild(choice(id, false, required))
    const pipa = notice(cat, t)
    if (pipa) section.appendChild(pipa)
    const rows: [CookieSpec, string][] = (cat.cookies || []).map((c) => [c, ''])
    const services = cat.services || {}
    const list = el('ul', 'cg-decl-services')
    for (const sid of keys(services)) {
      const s = services[sid]
      const what = el('p', '', el('strong', '', s.title))
      if (s.description) what.append(': ' + s.description)
      list.appendChild(el('li', '', what, choice(sid, true, required)))
      // A service's cookies are its own when no provider is named.
      for (const c of s.cookies || []) rows.push([c, s.title])
    }
    if (list.firstChild) section.append(heading(1, t.services), list)
    // A function, so that `$&` in a site's title stays text.
    const caption = t.cookiesOf.replace('{category}', () => title)
    if (rows.length) section.appendChild(cookieTable(caption, rows, t))
    parts.push(section)
  }
  const open = el('button', 'cg-decl-settings', t.changeSettings) as HTMLButtonElement
  open.type = 'button'
  // Callbacks the browser calls are guarded: a built-in the page replaced must not throw into it.
  open.addEventListener(
    'click',
    guard(() => gate.showPreferences()),
  )
  parts.push(el('p', 'cg-decl-actions', open), heading(0, t.browserTitle), el('p', 'cg-decl-browser', t.browserText))
  target.textContent = ''
  target.append(...parts)
  update(statuses, gate, t)
  return statuses
}

/** Write the visitor's current choice in every status cell: always on (required), allowed, refused, or not decided yet. */
function update(statuses: Status[], gate: ConsentGate, t: AllTexts) {
  const state = gate.get()
  for (const [cell, id, service, required] of statuses) {
    const granted = state && (service ? state.services : state.categories)[id]
    cell.textContent = required ? t.alwaysOn : !state ? t.choiceUndecided : granted === true ? t.choiceAllowed : t.choiceRefused
  }
}

/**
 * The declaration chunk's entry (`registerChunk('declaration', fillDeclarations)`): fill every
 * `[data-consent-gate-declaration]` of the document with the site's cookie declaration, each in its
 * own language (`declarationLanguage`). A built-in language other than English comes from its two
 * chunks, the ones the banner and the preferences use (`load`: the first layer and the rest, the
 * cookie table's and the notice's labels and the category names among them); if either cannot
 * load, the problem is reported and that declaration is in English. The choices shown follow every decision (`consent`, `change`) and
 * `reset()` (`show`). Resolves once every element is filled.
 */
export function fillDeclarations(gate: ConsentGate, load: LoadChunk, report: (problem: Problem) => void): Promise<void> {
  const overrides = isObj(gate.config.extra.texts) ? (gate.config.extra.texts as Record<string, Record<string, unknown>>) : {}
  const available = availableLanguages(overrides)
  /** One request per language, however many declarations use it. */
  const tables: Record<string, Promise<Texts | undefined | null>> = {}
  const drawn: [Status[], AllTexts][] = []
  const targets = Array.from(document.querySelectorAll<HTMLElement>(DECLARATION_SELECTOR)).filter((target) => !filled.has(target))
  if (targets.length) {
    const refresh = () => {
      for (const [statuses, t] of drawn) update(statuses, gate, t)
    }
    gate.on('consent', refresh)
    gate.on('change', refresh)
    gate.on('show', refresh)
  }
  const all: Promise<unknown>[] = []
  for (const target of targets) {
    filled.add(target)
    let lang = declarationLanguage(target, gate.config.lang, available)
    tables[lang] =
      tables[lang] ||
      (lang === 'en' || !isBuiltIn(lang)
        ? Promise.resolve(undefined)
        : Promise.all([load<FirstTexts>(lang), load<MoreTexts>(`${lang}${MORE}`)]).then(
            ([first, more]) => ({ ...first, ...more }),
            (e) => {
              report(['ui', '', e])
              return null
            },
          ))
    all.push(
      tables[lang]
        .then((table) => {
          // Without its language's texts the declaration is in English, and says so.
          if (table === null) lang = 'en'
          const t = declarationTexts(lang, overrides, table || undefined)
          if (primary((target.closest('[lang]') || target).getAttribute('lang') || '') !== lang) target.setAttribute('lang', lang)
          drawn.push([drawDeclaration(target, gate, t), t])
        })
        .catch((e) => report(['ui', '', e])),
    )
  }
  return Promise.all(all).then(() => undefined)
}
