import type { BrowserContext, Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { consentCookieValue, gate } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

/** Loaders point to nothing (port 9 on 127.0.0.1 refuses): the queues stay the snippets' own. */
const NOWHERE = 'http://127.0.0.1:9'

/** The vendors' official snippets, as the sites paste them after the SDK. */
const SNIPPETS = `
<script>(function(w,d,t,r,u){var f,n,i;w[u]=w[u]||[],f=function(){var o={ti:"12345",enableAutoSpaTracking:true};o.q=w[u],w[u]=new UET(o),w[u].push("pageLoad")},n=d.createElement(t),n.src=r,n.async=1,n.onload=n.onreadystatechange=function(){var s=this.readyState;s&&s!=="loaded"&&s!=="complete"||(f(),n.onload=n.onreadystatechange=null)},i=d.getElementsByTagName(t)[0],i.parentNode.insertBefore(n,i)})(window,document,"script","${NOWHERE}/bat.js","uetq");
window.uetq.push('event', 'signup', {})</script>
<script type="text/javascript">(function(c,l,a,r,i,t,y){c[a]=c[a]||function(){(c[a].q=c[a].q||[]).push(arguments)};t=l.createElement(r);t.async=1;t.src="${NOWHERE}/tag/"+i;y=l.getElementsByTagName(r)[0];y.parentNode.insertBefore(t,y);})(window, document, "clarity", "script", "abcdef");
clarity('set', 'page', 'home')</script>
<script>!function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window, document,'script','${NOWHERE}/en_US/fbevents.js');
fbq('init', '1234567890');
fbq('track', 'PageView');</script>
<script>!function (w, d, t) {
  w.TiktokAnalyticsObject=t;var ttq=w[t]=w[t]||[];ttq.methods=["page","track","identify","instances","debug","on","off","once","ready","alias","group","enableCookie","disableCookie","holdConsent","revokeConsent","grantConsent"],ttq.setAndDefer=function(t,e){t[e]=function(){t.push([e].concat(Array.prototype.slice.call(arguments,0)))}};for(var i=0;i<ttq.methods.length;i++)ttq.setAndDefer(ttq,ttq.methods[i]);ttq.instance=function(t){for(var e=ttq._i[t]||[],n=0;n<ttq.methods.length;n++)ttq.setAndDefer(e,ttq.methods[n]);return e},ttq.load=function(e,n){var r="${NOWHERE}/i18n/pixel/events.js",o=n&&n.partner;ttq._i=ttq._i||{},ttq._i[e]=[],ttq._i[e]._u=r,ttq._t=ttq._t||{},ttq._t[e]=+new Date,ttq._o=ttq._o||{},ttq._o[e]=n||{};n=document.createElement("script");n.type="text/javascript",n.async=!0,n.src=r+"?sdkid="+e+"&lib="+t;e=document.getElementsByTagName("script")[0];e.parentNode.insertBefore(n,e)};
  ttq.load('CABCDEF');
  ttq.page();
}(window, document, 'ttq');</script>
<script>
  var _paq = window._paq = window._paq || [];
  _paq.push(['trackPageView']);
  _paq.push(['enableLinkTracking']);
  (function() {
    var u="${NOWHERE}/";
    _paq.push(['setTrackerUrl', u+'matomo.php']);
    _paq.push(['setSiteId', '1']);
    var d=document, g=d.createElement('script'), s=d.getElementsByTagName('script')[0];
    g.async=true; g.src=u+'matomo.js'; s.parentNode.insertBefore(g,s);
  })();
</script>`

const page = (path: string, config: Record<string, unknown> = {}, attrs = '') =>
  env.site.page(
    path,
    `<!doctype html><html><head><script>window.consentGateConfig = ${JSON.stringify({ reloadOnRevoke: false, googleConsentMode: false, ...config })}</script>${sdkTag(attrs)}${SNIPPETS}</head><body>page</body></html>`,
  )

type Queues = { uet: unknown[]; clarity: unknown[][]; meta: unknown[][]; tiktok: unknown[][]; matomo: unknown[][] }
/** What each vendor's queue holds, in order (gtag-style Arguments objects as arrays). */
const queues = (p: Page): Promise<Queues> =>
  p.evaluate(() => {
    const w = window as any
    const list = (a: any) => Array.from(a || [], (e: any) => (Object.prototype.toString.call(e) === '[object Arguments]' ? Array.from(e) : e))
    return { uet: list(w.uetq), clarity: list(w.clarity.q), meta: list(w.fbq.queue), tiktok: list(w.ttq), matomo: list(w._paq) }
  })

const SNIPPET_CALLS: Queues = {
  uet: ['event', 'signup', {}],
  clarity: [['set', 'page', 'home']],
  meta: [
    ['init', '1234567890'],
    ['track', 'PageView'],
  ],
  tiktok: [['page']],
  matomo: [['trackPageView'], ['enableLinkTracking'], ['setTrackerUrl', `${NOWHERE}/matomo.php`], ['setSiteId', '1']],
}
const uetOf = (kind: string, s: string) => ['consent', kind, { ad_storage: s }]
const clarityOf = (ad: string, analytics: string) => ['consentv2', { ad_Storage: ad, analytics_Storage: analytics }]

/** Each queue: `first` (what the gate sent before the snippet ran), the snippet's calls, then `after`. */
function expectQueues(q: Queues, first: Partial<Queues>, after: Partial<Queues> = {}) {
  for (const k of Object.keys(SNIPPET_CALLS) as (keyof Queues)[]) expect(q[k], k).toEqual([...(first[k] || []), ...SNIPPET_CALLS[k], ...(after[k] || [])])
}

const DENIED_FIRST: Queues = {
  uet: uetOf('default', 'denied'),
  clarity: [clarityOf('denied', 'denied')],
  meta: [['consent', 'revoke']],
  tiktok: [['holdConsent']],
  matomo: [['requireCookieConsent']],
}
const GRANTED_UPDATE: Queues = {
  uet: uetOf('update', 'granted'),
  clarity: [clarityOf('granted', 'granted')],
  meta: [['consent', 'grant']],
  tiktok: [['grantConsent']],
  matomo: [['rememberCookieConsentGiven']],
}
const DENIED_UPDATE: Queues = {
  uet: uetOf('update', 'denied'),
  clarity: [clarityOf('denied', 'denied')],
  meta: [['consent', 'revoke']],
  tiktok: [['revokeConsent']],
  matomo: [['forgetCookieConsentGiven']],
}
const STORED_GRANT = consentCookieValue({ categories: { necessary: true, functional: true, analytics: true, personalization: true, marketing: true } })
const withGrant = (c: BrowserContext) => c.addCookies([{ name: 'consent_gate', value: STORED_GRANT, domain: '127.0.0.1', path: '/' }])

test('first visit: every queue gets the denied default before the snippet’s own calls (init, page, trackPageView)', async () => {
  const { page: p, errors } = await visit(page('/first.html'))
  expectQueues(await queues(p), DENIED_FIRST)
  // Meta's snippet did not skip loading: its own function is fbq, and its loader was inserted.
  expect(await p.evaluate(() => [(window as any).fbq.version, !!document.querySelector('script[src$="fbevents.js"]')])).toEqual(['2.0', true])
  expect(errors.pageErrors).toEqual([])
  expect(errors.consoleErrors.filter((e) => e.includes('[ConsentGate]'))).toEqual([])
})

test('Accept all: an update granting each vendor, after the snippets’ calls', async () => {
  const { page: p } = await visit(page('/accept.html'))
  await p.getByRole('button', { name: 'Accept all' }).click()
  await p.waitForFunction(() => (window as any).ConsentGate.get() !== null)
  expectQueues(await queues(p), DENIED_FIRST, GRANTED_UPDATE)
})

test('a withdrawal after a grant: each vendor gets its revoke', async () => {
  const { page: p } = await visit(page('/withdraw.html'))
  await gate(p, 'acceptAll')
  await gate(p, 'rejectAll')
  const all = (k: keyof Queues) => [...GRANTED_UPDATE[k], ...DENIED_UPDATE[k]]
  expectQueues(await queues(p), DENIED_FIRST, {
    uet: all('uet'),
    clarity: all('clarity') as unknown[][],
    meta: all('meta') as unknown[][],
    tiktok: all('tiktok') as unknown[][],
    matomo: all('matomo') as unknown[][],
  })
})

test('a returning visitor with a stored grant: default then grant, both before the snippet’s calls', async () => {
  const { page: p } = await visit(page('/returning.html'), withGrant)
  const both = (k: keyof Queues) => [...DENIED_FIRST[k], ...GRANTED_UPDATE[k]]
  expectQueues(await queues(p), {
    uet: both('uet'),
    clarity: both('clarity') as unknown[][],
    meta: both('meta') as unknown[][],
    tiktok: both('tiktok') as unknown[][],
    matomo: both('matomo') as unknown[][],
  })
})

test('profile us: granted defaults before a choice; Do Not Sell revokes marketing', async () => {
  const { page: p } = await visit(page('/us.html', {}, 'data-profile="us"'))
  expectQueues(await queues(p), {
    uet: uetOf('default', 'granted'),
    clarity: [clarityOf('granted', 'granted')],
    meta: [['consent', 'grant']],
    tiktok: [['grantConsent']],
    matomo: [['requireCookieConsent'], ['rememberCookieConsentGiven']],
  })
  await gate(p, 'update', { marketing: false }, 'opt-out')
  const q = await queues(p)
  expect(q.meta.at(-1)).toEqual(['consent', 'revoke'])
  expect(q.tiktok.at(-1)).toEqual(['revokeConsent'])
  expect(q.uet.slice(-3)).toEqual(uetOf('update', 'denied'))
  expect(q.clarity.at(-1)).toEqual(clarityOf('denied', 'granted'))
  expect(q.matomo.at(-1)).toEqual(['rememberCookieConsentGiven'])
})

test('vendorConsent: { meta: false }: fbq is left alone, the other vendors still get theirs', async () => {
  const { page: p } = await visit(page('/no-meta.html', { vendorConsent: { meta: false } }))
  await gate(p, 'acceptAll')
  const q = await queues(p)
  expect(q.meta).toEqual(SNIPPET_CALLS.meta)
  expect(await p.evaluate(() => 'value' in (Object.getOwnPropertyDescriptor(window, 'fbq') || {}))).toBe(true)
  expect(q.tiktok).toEqual([...DENIED_FIRST.tiktok, ...SNIPPET_CALLS.tiktok, ...GRANTED_UPDATE.tiktok])
})
