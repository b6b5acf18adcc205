import type { BrowserContext, Page, Request } from 'playwright-core'
import { classifyName, classifyUrl, firstParty } from './classify'
import { BINDING, GOOGLE_TAG, instrument, type PageEvent } from './instrument'
import type { ConsentModeCall, CookieRecord, GoogleTagRecord, RequestRecord, StorageRecord } from './types'

/**
 * Everything one pass's browser context does, as it happens: requests to known third parties,
 * Consent Mode calls, Google tags that ran, and what is in flight (to tell when a page settled).
 * Cookies and storage are read with `snapshot()` after each page.
 */
export class Recorder {
  readonly start = Date.now()
  /** Set when the pass makes its choice; requests from then on are `afterChoice`. */
  choiceAt: number | null = null
  readonly requests: RequestRecord[] = []
  readonly consentMode: ConsentModeCall[] = []
  readonly googleTags: GoogleTagRecord[] = []
  readonly cookies = new Map<string, CookieRecord>()
  readonly storage = new Map<string, StorageRecord>()
  private inflight = new Set<Request>()
  private lastActivity = Date.now()
  /** Documents of the top frame in the order they reported, so Consent Mode order is judged within one. */
  private docs = new Map<string, number>()
  private page = ''

  constructor(
    /** The audited site's host (known once the first page answered, after its redirects). */
    private readonly site: () => string,
    private readonly ownNames: () => readonly string[],
  ) {}

  private get siteHost() {
    return this.site()
  }

  async attach(context: BrowserContext) {
    await context.exposeBinding(BINDING, ({ frame }, e: PageEvent) => {
      // Only the top document's dataLayer is the site's Consent Mode.
      if (!e || typeof e !== 'object' || frame.parentFrame() !== null) return
      const at = Math.max(0, Number(e.at) - this.start)
      const doc = String(e.doc)
      if (!this.docs.has(doc)) this.docs.set(doc, this.docs.size + 1)
      const load = this.docs.get(doc)!
      if (e.t === 'consent' && (e.command === 'default' || e.command === 'update'))
        this.consentMode.push({ command: e.command, params: e.params && typeof e.params === 'object' ? e.params : {}, at, page: this.page, load })
      else if (e.t === 'tag' && typeof e.url === 'string') {
        // Its request was seen first (same URL, not yet run): that record gets the time it ran.
        let known: GoogleTagRecord | undefined
        for (let i = this.googleTags.length - 1; i >= 0 && !known; i--)
          if (this.googleTags[i].url === e.url && this.googleTags[i].loadedAt === null) known = this.googleTags[i]
        if (known) {
          known.loadedAt = at
          known.load = load
        } else this.googleTags.push({ url: e.url, requestedAt: null, loadedAt: at, page: this.page, load })
      }
    })
    await context.addInitScript(instrument, { binding: BINDING, googleTag: GOOGLE_TAG.source })
    context.on('request', (r) => this.onRequest(r))
    const done = (r: Request) => {
      this.inflight.delete(r)
      this.lastActivity = Date.now()
    }
    context.on('requestfinished', done)
    context.on('requestfailed', done)
  }

  /** The audited URL what follows belongs to (set before each page is visited). */
  visiting(page: string) {
    this.page = page
  }

  private onRequest(r: Request) {
    this.inflight.add(r)
    this.lastActivity = Date.now()
    const url = r.url()
    const at = Date.now() - this.start
    if (r.isNavigationRequest() && r.frame().parentFrame() === null) return
    if (GOOGLE_TAG.test(url)) this.googleTags.push({ url, requestedAt: at, loadedAt: null, page: this.page, load: 0 })
    let host = ''
    try {
      host = new URL(url).hostname
    } catch {
      return
    }
    if (!host || firstParty(host, this.siteHost)) return
    const c = classifyUrl(url)
    if (!c) return
    this.requests.push({
      url: url.length > 500 ? url.slice(0, 500) + '…' : url,
      host,
      method: r.method(),
      resourceType: r.resourceType(),
      kind: c.kind,
      category: c.category,
      vendor: c.vendor,
      description: c.description,
      source: c.source,
      at,
      afterChoice: this.choiceAt !== null,
      page: this.page,
    })
  }

  /**
   * Resolves when nothing was in flight for `quietMs`, or after `capMs` (long polls and beacons
   * keep some pages busy for ever).
   */
  async settle(quietMs: number, capMs: number) {
    const end = Date.now() + capMs
    while (Date.now() < end) {
      if (this.inflight.size === 0 && Date.now() - this.lastActivity >= quietMs) return
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  /** Read cookies and storage now; each is kept with the page it was first seen on. */
  async snapshot(context: BrowserContext, page: Page) {
    const own = this.ownNames()
    for (const c of await context.cookies()) {
      const key = `${c.name}\u0000${c.domain}\u0000${c.path}`
      if (this.cookies.has(key)) continue
      const cls = classifyName(c.name, own)
      this.cookies.set(key, {
        name: c.name,
        domain: c.domain,
        path: c.path,
        expires: c.expires > 0 ? new Date(c.expires * 1000).toISOString() : null,
        party: firstParty(c.domain, this.siteHost) ? 'first' : 'third',
        page: this.page,
        ...cls,
        // A third-party cookie no name table knows takes its host's class, when the host has one.
        ...(cls.category === null && !firstParty(c.domain, this.siteHost) ? hostClass(c.domain) : {}),
      })
    }
    for (const frame of page.frames()) {
      const found = await frame
        .evaluate(() => {
          const keys = (s: Storage) => {
            const out: string[] = []
            for (let i = 0; i < s.length; i++) out.push(s.key(i) || '')
            return out
          }
          return { origin: location.origin, local: keys(localStorage), session: keys(sessionStorage) }
        })
        .catch(() => null)
      if (!found || !/^https?:/.test(found.origin)) continue
      const host = new URL(found.origin).hostname
      for (const [area, list] of [
        ['localStorage', found.local],
        ['sessionStorage', found.session],
      ] as const) {
        for (const k of list) {
          const key = `${found.origin}\u0000${area}\u0000${k}`
          if (this.storage.has(key)) continue
          this.storage.set(key, {
            area,
            key: k,
            origin: found.origin,
            party: firstParty(host, this.siteHost) ? 'first' : 'third',
            page: this.page,
            ...classifyName(k, own),
          })
        }
      }
    }
  }
}

/** A cookie domain's class from the host tables (`.doubleclick.net` → marketing), category and vendor only. */
function hostClass(domain: string) {
  const c = classifyUrl(`https://${domain.replace(/^\./, '')}/`)
  return c && c.category ? { category: c.category, vendor: c.vendor, source: c.source } : {}
}
