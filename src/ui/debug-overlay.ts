import { inspect } from '../debug/inspect'
import type { Mark } from '../blocker/gated-elements'
import type { MakeDebugView } from '../integrations/debug'
import type { ConsentGate, Inspection } from '../types'
import { guard } from '../util/guard'
import { styleShadow } from './shadow-styles'

/** The overlay's host: one per page, a stable id for tests and for the page's own tools. */
export const DEBUG_HOST_ID = 'consent-gate-debug'

const CSS =
  ':host{all:initial;position:fixed;z-index:2147483647;top:8px;right:8px;width:min(720px,calc(100vw - 16px));max-height:calc(100vh - 16px);' +
  'display:flex;flex-direction:column;background:#111418;color:#e8eaed;border:1px solid #3c4043;border-radius:8px;' +
  'box-shadow:0 8px 32px rgba(0,0,0,.4);font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}' +
  'header{display:flex;gap:8px;align-items:center;padding:8px 10px;border-bottom:1px solid #3c4043}' +
  'h2{font-size:13px;margin:0;flex:1}h3{font-size:12px;margin:12px 0 4px;color:#9aa0a6;text-transform:uppercase;letter-spacing:.04em}' +
  'button{font:inherit;color:#e8eaed;background:#2d3136;border:1px solid #5f6368;border-radius:4px;padding:3px 10px;cursor:pointer}' +
  'button:focus-visible{outline:2px solid #8ab4f8;outline-offset:2px}.body{overflow:auto;padding:0 10px 10px}' +
  'table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:3px 6px;border-bottom:1px solid #2d3136;vertical-align:top;white-space:nowrap}' +
  '.wrap{white-space:normal;overflow-wrap:anywhere;width:100%}' +
  'th{color:#9aa0a6;font-weight:600}.blocked{color:#fdd663}.loaded,.yes{color:#81c995}.failed,.no{color:#f28b82}.loading{color:#8ab4f8}' +
  'p{margin:4px 0;color:#bdc1c6}pre{margin:0;white-space:pre-wrap;word-break:break-all}'

function h<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string | null, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag)
  if (text != null) e.textContent = text
  if (className) e.className = className
  return e
}

/**
 * A table with a header row and one row per item; cells are text, never markup. Column `wide` (the
 * URL, the signals) takes the room left and wraps; the others stay on one line.
 */
function table(caption: string, head: string[], rows: (string | [string, string])[][], wide: number): HTMLElement {
  const t = h('table')
  t.appendChild(h('caption', caption)).style.cssText = 'position:absolute;clip-path:inset(50%);width:1px;height:1px;overflow:hidden'
  const tr = t.appendChild(h('thead')).appendChild(h('tr'))
  for (const c of head) tr.appendChild(h('th', c)).setAttribute('scope', 'col')
  const body = t.appendChild(h('tbody'))
  for (const row of rows) {
    const r = body.appendChild(h('tr'))
    row.forEach((cell, i) => {
      r.appendChild(typeof cell === 'string' ? h('td', cell, i === wide ? 'wrap' : '') : h('td', cell[0], cell[1]))
    })
  }
  return t
}

const ms = (at: number | null) => (at == null ? '' : at + ' ms')
const yesNo = (v: boolean | null): [string, string] => (v == null ? ['unlisted', ''] : v ? ['allowed', 'yes'] : ['not allowed', 'no'])

/** Draw the inspection into `root`'s body: one section per kind of fact. */
function draw(body: HTMLElement, data: Inspection) {
  body.textContent = ''
  const section = (title: string, content: Node) => {
    body.appendChild(h('h3', title))
    body.appendChild(content)
  }
  const els = data.elements
  section(
    'Gated elements (' + els.length + ')',
    els.length
      ? table(
          'Gated elements',
          ['Tag', 'URL or snippet', 'Category', 'Service', 'State', 'When'],
          els.map((e) => [e.tag, e.url || e.snippet || '', e.category || '', e.service || '', [e.state, e.state], ms(e.at)]),
          1,
        )
      : h('p', 'No gated element on this page.'),
  )
  section(
    'Consent Mode (' + data.consentMode.length + ')',
    data.consentMode.length
      ? table(
          'Consent Mode calls',
          ['#', 'Command', 'Signals'],
          data.consentMode.map((c, i) => [
            String(i + 1),
            c.command,
            Object.keys(c.signals)
              .map((k) => k + ': ' + String(c.signals[k]))
              .join(', '),
          ]),
          2,
        )
      : h('p', 'No gtag consent call on window.dataLayer.'),
  )
  section(
    'Cookies (' + data.cookies.length + ')',
    data.cookies.length
      ? table(
          'Cookies',
          ['Name', 'Category', 'Service', 'Consent'],
          data.cookies.map((c) => [c.name, c.category || '', c.service || '', yesNo(c.allowed)]),
          0,
        )
      : h('p', 'No cookie visible to this page.'),
  )
  const dropped = data.droppedCookies
  // Only where there is a cookie guard (`cookieGuard`, the auto core) and it dropped something.
  if (dropped.length)
    section(
      'Dropped cookies (' + dropped.length + ')',
      table(
        'Dropped cookies',
        ['Name', 'Category', 'Service', 'When'],
        dropped.map((c) => [c.name, c.category || 'unclassified', c.service || '', ms(c.at)]),
        0,
      ),
    )
  const pre = h('pre', data.record ? JSON.stringify(data.record, null, 2) : 'Undecided: no consent cookie.')
  section('Stored record', pre)
  const r = data.receipt
  section(
    'Last receipt',
    h(
      'p',
      !data.endpoint
        ? 'No endpoint configured: no receipts are sent.'
        : r.status +
            (r.receiptId ? ' · ' + r.receiptId : '') +
            (r.httpStatus ? ' · HTTP ' + r.httpStatus : '') +
            (r.at ? ' · ' + r.at : '') +
            ' · ' +
            r.queued +
            ' queued',
    ),
  )
}

/**
 * The debug overlay: a panel fixed at the top right, in its own open shadow root (the page's CSS
 * cannot reach in; a constructable stylesheet, so no `style-src` is needed), redrawn on every
 * decision and every second while open, to follow scripts as they load.
 */
export function openOverlay(api: ConsentGate, marks: Map<Element, Mark>): void {
  const existing = document.getElementById(DEBUG_HOST_ID)
  if (existing) {
    existing.hidden = false
    return
  }
  const host = document.createElement('div')
  host.id = DEBUG_HOST_ID
  host.setAttribute('role', 'region')
  host.setAttribute('aria-label', 'ConsentGate debug')
  const root = host.attachShadow({ mode: 'open' })
  // The nonce of the core's script, for browsers without constructable sheets.
  const core = document.querySelector<HTMLScriptElement>('script[src*="consent-gate"]')
  styleShadow(root, CSS, (core && core.nonce) || '')
  const header = root.appendChild(h('header'))
  header.appendChild(h('h2', 'ConsentGate debug · ' + api.version))
  const body = root.appendChild(h('div', null, 'body'))
  const refresh = guard(() => draw(body, inspect(api, marks))) as () => void
  const button = (label: string, fn: () => void) => {
    const b = header.appendChild(h('button', label))
    b.type = 'button'
    b.addEventListener('click', guard(fn))
  }
  button('Refresh', refresh)
  button('Close', () => {
    host.remove()
    clearInterval(timer)
    off()
  })
  const off = api.on('consent', () => refresh())
  const timer = setInterval(() => refresh(), 1000)
  refresh()
  ;(document.body || document.documentElement).appendChild(host)
}

/** The debug chunk's export (and the npm entry's, directly): `inspect()`'s data and the overlay. */
export const makeDebugView: MakeDebugView = (api, marks) => ({ inspect: () => inspect(api, marks), open: () => openOverlay(api, marks) })
