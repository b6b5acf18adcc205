import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { BrowserContext, Frame } from 'playwright-core'

/**
 * DuckDuckGo's autoconsent, driven from Playwright as its own Playwright runner does: its content
 * script in every frame (an init script here, so no frame is missed), a binding it sends messages
 * through, and `autoconsentReceiveMessage` for the answers. It runs with no automatic action: it
 * only detects, and the audit tells it when to opt out or in, after measuring the banner.
 */

const require = createRequire(import.meta.url)

interface Rule {
  name: string
  runContext?: { main?: boolean; frame?: boolean; urlPattern?: string }
}

let loaded: { script: string; rules: Rule[] } | undefined
/**
 * The content script and the full rules (the compact ones leave out opt-in steps). The script is
 * not among the package's exports, so it is found beside the package's main file.
 */
function load() {
  if (!loaded) {
    const dist = dirname(require.resolve('@duckduckgo/autoconsent'))
    loaded = {
      script: readFileSync(join(dist, 'autoconsent.playwright.js'), 'utf8'),
      rules: (require('@duckduckgo/autoconsent/rules/rules.json') as { autoconsent: Rule[] }).autoconsent,
    }
  }
  return loaded
}

/** The rules that may apply to a frame at `url`: site-specific ones only on their site. */
function rulesFor(url: string, mainFrame: boolean): Rule[] {
  return load().rules.filter((r) => {
    const c = r.runContext || {}
    if (mainFrame ? c.main === false : c.frame !== true) return false
    if (!c.urlPattern) return true
    try {
      return new RegExp(c.urlPattern).test(url)
    } catch {
      return false
    }
  })
}

const CONFIG = {
  enabled: true,
  autoAction: null,
  disabledCmps: [],
  // Hide nothing: the audit looks at the banner and screenshots it.
  enablePrehide: false,
  enableCosmeticRules: false,
  enableGeneratedRules: true,
  // Its heuristics click whatever looks like a banner's button: the audit only acts on known tools.
  enableHeuristicDetection: false,
  heuristicMode: 'off',
  detectRetries: 20,
  visualTest: false,
  logs: { lifecycle: false, rulesteps: false, detectionsteps: false, evals: false, errors: false, messages: false, waits: false },
}

interface Message {
  type: string
  cmp?: string
  result?: boolean
  id?: string
  code?: string
  url?: string
}

/** What autoconsent found in one context, and the means to act on it. */
export class Autoconsent {
  private events: { type: string; cmp: string; result?: boolean; frame: Frame; at: number }[] = []
  private waiters: (() => void)[] = []

  /** Install into a context before its first page opens. */
  async attach(context: BrowserContext) {
    await context.exposeBinding('autoconsentSendMessage', ({ frame }, msg: Message) => this.receive(frame, msg))
    await context.addInitScript({ content: load().script })
  }

  private async receive(frame: Frame, msg: Message) {
    if (!msg || typeof msg !== 'object') return
    try {
      if (msg.type === 'init') {
        const rules = { autoconsent: rulesFor(frame.url(), frame.parentFrame() === null) }
        await frame.evaluate(`autoconsentReceiveMessage(${JSON.stringify({ type: 'initResp', config: CONFIG, rules })})`)
      } else if (msg.type === 'eval' && typeof msg.code === 'string') {
        // A rule's snippet that needs the page's own world; run there, as autoconsent's runner does.
        let result: unknown = false
        try {
          result = await frame.evaluate(msg.code)
        } catch {
          /* a failing snippet answers false */
        }
        await frame.evaluate(`autoconsentReceiveMessage(${JSON.stringify({ id: msg.id, type: 'evalResp', result })})`)
      } else if (['cmpDetected', 'popupFound', 'optOutResult', 'optInResult', 'autoconsentDone'].includes(msg.type)) {
        this.events.push({ type: msg.type, cmp: String(msg.cmp || ''), result: msg.result, frame, at: Date.now() })
        for (const w of this.waiters.splice(0)) w()
      }
    } catch {
      /* the frame went away */
    }
  }

  /** The latest event of `type` at or after `since` (ms, Date.now()). */
  private latest(type: string, since: number) {
    for (let i = this.events.length - 1; i >= 0; i--) if (this.events[i].type === type && this.events[i].at >= since) return this.events[i]
    return undefined
  }

  /** Resolves with the event once it arrives, or `undefined` after `timeoutMs`. */
  private async waitFor(type: string, since: number, timeoutMs: number) {
    const end = Date.now() + timeoutMs
    for (;;) {
      const e = this.latest(type, since)
      if (e || Date.now() >= end) return e
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(0, end - Date.now()))
        this.waiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
  }

  /** A consent tool whose banner is showing, seen since `since`: its name and frame. */
  async popup(since: number, timeoutMs: number): Promise<{ cmp: string; frame: Frame } | null> {
    const found = await this.waitFor('popupFound', since, timeoutMs)
    return found ? { cmp: found.cmp, frame: found.frame } : null
  }

  /** A consent tool detected since `since`, with or without a visible banner; waits up to `timeoutMs` for one. */
  async detected(since: number, timeoutMs = 0): Promise<string | null> {
    return (await this.waitFor('cmpDetected', since, timeoutMs))?.cmp || null
  }

  /** Opt out (`reject`) or in (`accept`) through the tool's rule; throws a sentence when it fails. */
  async choose(popup: { cmp: string; frame: Frame }, choice: 'reject' | 'accept', timeoutMs: number): Promise<string> {
    const since = Date.now()
    const type = choice === 'reject' ? 'optOut' : 'optIn'
    await popup.frame.evaluate(`autoconsentReceiveMessage(${JSON.stringify({ type })})`)
    const result = await this.waitFor(`${type}Result`, since, timeoutMs)
    if (!result) throw new Error(`autoconsent's ${popup.cmp} rule did not finish its ${type} within ${Math.round(timeoutMs / 1000)} s`)
    if (!result.result) throw new Error(`autoconsent's ${popup.cmp} rule could not ${choice === 'reject' ? 'opt out' : 'opt in'}`)
    return `autoconsent ${type} (${popup.cmp})`
  }
}
