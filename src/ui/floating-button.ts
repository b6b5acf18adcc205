import { browserLanguages, pickLanguage } from '../i18n'
import { isObj } from '../util/dict'
import { guard } from '../util/guard'
import { styleShadow } from './shadow-styles'
import type { ConsentGate } from '../types'

/**
 * The button's name in each built-in language. It lives here, not in the UI's language files,
 * because the button ships without the UI (and the UI does not need it).
 * `texts: { <lang>: { settingsButton } }` overrides it or adds a language.
 */
export const LABELS: Record<string, string> = { en: 'Cookie settings', ko: '쿠키 설정' }

const CSS =
  ':host{all:initial;--cg-btn-bg:#1d1d1f;--cg-btn-fg:#fff;--cg-accent:#1a56c4}:host([hidden]){display:none}' +
  ':host([data-theme=dark]){--cg-btn-bg:#f2f2f5;--cg-btn-fg:#111;--cg-accent:#8ab4ff}' +
  '@media (prefers-color-scheme:dark){:host(:not([data-theme=light])){--cg-btn-bg:#f2f2f5;--cg-btn-fg:#111;--cg-accent:#8ab4ff}}' +
  'button{position:fixed;z-index:2147483645;left:16px;bottom:16px;width:48px;height:48px;padding:12px;border-radius:50%;cursor:pointer;' +
  'background:var(--cg-btn-bg);color:var(--cg-btn-fg);border:2px solid var(--cg-btn-fg);box-shadow:0 4px 16px rgba(0,0,0,.25)}' +
  'button:focus-visible{outline:3px solid var(--cg-accent);outline-offset:2px}svg{display:block;width:100%;height:100%}'

/**
 * A cookie with a bite taken out and three crumbs, drawn in the button's text colour. Built
 * element by element, like everything the SDK renders: no markup is ever parsed from a string.
 */
const ICON: [string, Record<string, string>][] = [
  ['svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true', fill: 'currentColor' }],
  ['path', { d: 'M21 12.5A9 9 0 1 1 11.5 3a3 3 0 0 0 3.5 3.5 3 3 0 0 0 3.5 3.5 3 3 0 0 0 2.5 2.5z' }],
  ['circle', { cx: '8', cy: '9', r: '1.5', 'fill-opacity': '.45' }],
  ['circle', { cx: '9', cy: '15', r: '1.5', 'fill-opacity': '.45' }],
  ['circle', { cx: '15', cy: '15', r: '1.5', 'fill-opacity': '.45' }],
]

/**
 * `floatingButton: true`: a small button fixed at the bottom left that opens the preferences
 * (loading the UI chunk on the first click). Plain DOM in its own open shadow root, so a returning
 * visitor pays for this chunk and nothing else. It is hidden while the visitor has not decided
 * (the banner is up) and while the banner is shown again (`show()`, until a decision or `hide()`);
 * the modal preferences cover it.
 */
export function floatingButton(gate: ConsentGate, nonce = ''): void {
  const extra = gate.config.extra
  const texts = isObj(extra.texts) ? extra.texts : {}
  const browser = browserLanguages()
  const lang = pickLanguage(gate.config.lang, document.documentElement.lang, browser, Object.keys(LABELS).concat(Object.keys(texts)))
  const own = isObj(texts[lang]) && texts[lang].settingsButton
  const label = typeof own === 'string' ? own : LABELS[lang] || LABELS.en

  const host = document.createElement('div')
  host.id = 'consent-gate-button'
  host.setAttribute('lang', lang)
  if (extra.theme === 'light' || extra.theme === 'dark') host.setAttribute('data-theme', extra.theme)
  const root = host.attachShadow({ mode: 'open' })
  styleShadow(root, CSS, nonce)
  const button = document.createElement('button')
  button.type = 'button'
  button.title = label
  button.setAttribute('aria-label', label)
  let svg: Element | null = null
  for (const [tag, attrs] of ICON) {
    const el = document.createElementNS('http://www.w3.org/2000/svg', tag)
    for (const name of Object.keys(attrs)) el.setAttribute(name, attrs[name])
    if (svg) svg.appendChild(el)
    else svg = el
  }
  button.appendChild(svg!)
  // Callbacks the browser calls are guarded: a built-in the page replaced must not throw into it.
  button.addEventListener(
    'click',
    guard(() => gate.showPreferences()),
  )
  root.appendChild(button)

  const shown = (on: boolean) => (host.hidden = !on)
  shown(!!gate.get())
  gate.on('consent', () => shown(true))
  gate.on('show', (request) => request.view === 'banner' && shown(false))
  gate.on('hide', () => shown(!!gate.get()))
  const attach = () => (document.body || document.documentElement).appendChild(host)
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', guard(attach))
  else attach()
}
