import { expect, test } from 'vitest'
import { consentCookieValue, dataLayerOf, gate } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

/** The site's Google tag snippet, placed after the SDK as the docs say. */
const GOOGLE_TAG = `<script>gtag('js', 'now'); gtag('config', 'G-TEST123')</script>`
const page = (path: string, before = '', attrs = '') =>
  env.site.page(path, `<!doctype html><html><head>${before}${sdkTag(attrs)}${GOOGLE_TAG}</head><body>page</body></html>`)

const DENIED = {
  ad_storage: 'denied',
  ad_user_data: 'denied',
  ad_personalization: 'denied',
  analytics_storage: 'denied',
  functionality_storage: 'denied',
  personalization_storage: 'denied',
  security_storage: 'granted',
}
const GRANTED = Object.fromEntries(Object.keys(DENIED).map((k) => [k, 'granted']))
const isConfig = (e: any) => Array.isArray(e) && e[0] === 'config'

test("the Consent Mode default is on the dataLayer before a gtag('config') placed after the SDK", async () => {
  const { page: p } = await visit(page('/default.html'))
  const layer = await dataLayerOf(p)
  expect(layer[0]).toEqual(['consent', 'default', { ...DENIED, wait_for_update: 500 }])
  expect(layer.findIndex(isConfig)).toBeGreaterThan(0)
  expect(layer.filter((e) => Array.isArray(e) && e[0] === 'consent')).toHaveLength(1)
})

test('the SDK keeps what the site already put on the dataLayer and adds the default after it', async () => {
  const { page: p } = await visit(page('/existing.html', `<script>window.dataLayer = [{ event: 'site_boot' }]</script>`))
  const layer = await dataLayerOf(p)
  expect(layer[0]).toEqual({ event: 'site_boot' })
  expect(layer[1]).toEqual(['consent', 'default', { ...DENIED, wait_for_update: 500 }])
})

test("with a stored choice the update and consent_gate_update come right after the default and before gtag('config')", async () => {
  const stored = consentCookieValue({ categories: { necessary: true, functional: false, analytics: true, personalization: false, marketing: true } })
  const { page: p } = await visit(page('/stored.html'), (c) => c.addCookies([{ name: 'consent_gate', value: stored, domain: '127.0.0.1', path: '/' }]))
  const state = await gate(p, 'get')
  const layer = await dataLayerOf(p)
  expect(layer.slice(0, 3)).toEqual([
    ['consent', 'default', { ...DENIED, wait_for_update: 500 }],
    ['consent', 'update', { ...DENIED, analytics_storage: 'granted', ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' }],
    { event: 'consent_gate_update', consentGate: state },
  ])
  expect(layer.findIndex(isConfig)).toBeGreaterThan(2)
})

test('acceptAll() pushes an update granting all seven types, then the consent_gate_update event', async () => {
  const { page: p } = await visit(page('/accept.html'))
  const before = (await dataLayerOf(p)).length
  const state = await gate(p, 'acceptAll')
  expect((await dataLayerOf(p)).slice(before)).toEqual([['consent', 'update', GRANTED], { event: 'consent_gate_update', consentGate: state }])
})

test('rejectAll() pushes an update with all seven types denied except security_storage, then the event', async () => {
  const { page: p } = await visit(page('/reject.html'))
  const before = (await dataLayerOf(p)).length
  const state = await gate(p, 'rejectAll')
  expect((await dataLayerOf(p)).slice(before)).toEqual([['consent', 'update', DENIED], { event: 'consent_gate_update', consentGate: state }])
})

test.each([
  ['analytics', { analytics_storage: 'granted' }],
  ['marketing', { ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' }],
  ['personalization', { personalization_storage: 'granted' }],
  ['functional', { functionality_storage: 'granted' }],
])('granting only %s grants exactly its Consent Mode types', async (category, granted) => {
  const { page: p } = await visit(page(`/map-${category}.html`))
  const before = (await dataLayerOf(p)).length
  const state = await gate(p, 'update', { [category]: true })
  expect((await dataLayerOf(p)).slice(before)).toEqual([['consent', 'update', { ...DENIED, ...granted }], { event: 'consent_gate_update', consentGate: state }])
})

test('every later decision pushes its own update, also one that changes nothing', async () => {
  const { page: p } = await visit(page('/each-decision.html', `<script>window.consentGateConfig = { reloadOnRevoke: false }</script>`))
  const before = (await dataLayerOf(p)).length
  await gate(p, 'acceptAll')
  await gate(p, 'update', { marketing: false })
  const last = await gate(p, 'update', { marketing: false })
  const updates = (await dataLayerOf(p)).slice(before)
  expect(updates).toHaveLength(6)
  expect(updates[2]).toEqual(['consent', 'update', { ...GRANTED, ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied' }])
  expect(updates[4]).toEqual(updates[2])
  expect(updates[5]).toEqual({ event: 'consent_gate_update', consentGate: last })
})

test("the site's own gtag function receives the consent calls", async () => {
  const { page: p } = await visit(
    page(
      '/own-gtag.html',
      `<script>window.dataLayer = []; window.__calls = []; function gtag() { window.__calls.push(Array.from(arguments)); dataLayer.push(arguments) }</script>`,
    ),
  )
  await gate(p, 'acceptAll')
  const calls = await p.evaluate(() => (window as any).__calls)
  expect(calls.filter((c: any[]) => c[0] === 'consent').map((c: any[]) => c[1])).toEqual(['default', 'update'])
})

test('googleConsentMode: false leaves the dataLayer alone', async () => {
  const { page: p } = await visit(
    env.site.page(
      '/gcm-off.html',
      `<!doctype html><html><head><script>window.consentGateConfig = { googleConsentMode: false }</script>${sdkTag()}</head><body>page</body></html>`,
    ),
  )
  await gate(p, 'acceptAll')
  expect(await p.evaluate(() => [typeof (window as any).dataLayer, typeof (window as any).gtag])).toEqual(['undefined', 'undefined'])
})

const configured = (path: string, gcm: unknown) => page(path, `<script>window.consentGateConfig = { googleConsentMode: ${JSON.stringify(gcm)} }</script>`)
const sdkErrors = async (list: string[], n: number) => {
  await expect.poll(() => list.filter((e) => e.includes('[ConsentGate]')).length).toBeGreaterThanOrEqual(n)
  return list.filter((e) => e.includes('[ConsentGate]'))
}

test('region defaults come first, each with its region, then the general default, then the set calls, all before gtag(config)', async () => {
  const { page: p, errors } = await visit(
    configured('/regions.html', {
      regions: { 'US-CA': { ad_storage: 'granted', analytics_storage: 'granted' }, KR: { functionality_storage: 'granted' } },
      ads_data_redaction: true,
      url_passthrough: true,
    }),
  )
  const layer = await dataLayerOf(p)
  expect(layer.slice(0, 5)).toEqual([
    ['consent', 'default', { ...DENIED, ad_storage: 'granted', analytics_storage: 'granted', region: ['US-CA'], wait_for_update: 500 }],
    ['consent', 'default', { ...DENIED, functionality_storage: 'granted', region: ['KR'], wait_for_update: 500 }],
    ['consent', 'default', { ...DENIED, wait_for_update: 500 }],
    ['set', 'ads_data_redaction', true],
    ['set', 'url_passthrough', true],
  ])
  expect(layer.findIndex(isConfig)).toBeGreaterThan(4)
  expect(errors.consoleErrors.filter((e) => e.includes('[ConsentGate]'))).toEqual([])
})

test('a set call only for a setting that is true: false pushes none', async () => {
  const { page: p } = await visit(configured('/set-calls.html', { ads_data_redaction: true, url_passthrough: false }))
  const layer = await dataLayerOf(p)
  expect(layer.filter((e) => Array.isArray(e) && e[0] === 'set')).toEqual([['set', 'ads_data_redaction', true]])
})

test('a bad regions value is named on the console and ignored: only the general default, nothing granted', async () => {
  const { page: p, errors } = await visit(configured('/bad-regions.html', { regions: { 'us-ca': { ad_storage: 'granted' } }, url_passthrough: 'yes' }))
  await p.waitForLoadState('load')
  const layer = await dataLayerOf(p)
  const consent = layer.filter((e) => Array.isArray(e) && (e[0] === 'consent' || e[0] === 'set'))
  expect(consent).toEqual([['consent', 'default', { ...DENIED, wait_for_update: 500 }]])
  // A first visit names the checks that can wait after its first decision (src/integrations/page.ts).
  await gate(p, 'rejectAll')
  expect((await sdkErrors(errors.consoleErrors, 2)).sort()).toEqual([
    '[ConsentGate] config.googleConsentMode.regions: expected { "US-CA": { consent type: "granted" or "denied" } }',
    '[ConsentGate] config.googleConsentMode.url_passthrough: expected true or false',
  ])
  expect(errors.pageErrors).toEqual([])
})

/** The page's Google tag loader marked as Consent Mode's (`data-category="google"`), logging when it runs. */
const GOOGLE_LOADER = '<script type="text/plain" data-category="google" src="/js/log.js?name=gtag"></script>'
const modePage = (path: string, mode: string) =>
  env.site.page(
    path,
    `<!doctype html><html><head><script>window.consentGateConfig = { googleConsentMode: { mode: '${mode}' } }</script>${sdkTag()}${GOOGLE_LOADER}${GOOGLE_TAG}</head><body>page</body></html>`,
  )
const ran = (p: import('playwright-core').Page) => p.evaluate(() => ((window as any).__log || []) as string[])

test("mode 'advanced': the page's Google tag (data-category=\"google\") loads before any choice, after the denied default", async () => {
  const { page: p, errors } = await visit(modePage('/mode-advanced.html', 'advanced'))
  await p.waitForFunction(() => ((window as any).__log || []).includes('gtag'))
  const layer = await dataLayerOf(p)
  expect(layer[0]).toEqual(['consent', 'default', { ...DENIED, wait_for_update: 500 }])
  expect(errors.consoleErrors.filter((e) => e.includes('[ConsentGate]'))).toEqual([])
})

test("mode 'basic': the Google tag is held until analytics is granted, then loads", async () => {
  const { page: p, errors } = await visit(modePage('/mode-basic.html', 'basic'))
  await p.getByRole('region', { name: 'We value your privacy' }).waitFor()
  await p.waitForLoadState('load')
  expect(await ran(p)).toEqual([])
  await gate(p, 'update', { analytics: true })
  await p.waitForFunction(() => ((window as any).__log || []).includes('gtag'))
  expect(errors.consoleErrors.filter((e) => e.includes('[ConsentGate]'))).toEqual([])
})

test("mode 'basic': marketing alone releases the Google tag too; Reject all never does", async () => {
  const { page: p } = await visit(modePage('/mode-basic-marketing.html', 'basic'))
  await gate(p, 'update', { marketing: true })
  await p.waitForFunction(() => ((window as any).__log || []).includes('gtag'))
  const { page: q } = await visit(modePage('/mode-basic-reject.html', 'basic'))
  await q.getByRole('button', { name: 'Reject all' }).click()
  await q.waitForLoadState('load')
  // A script the page inserts after the decision: a release at the decision would have come before it.
  await q.evaluate(
    () =>
      new Promise((resolve) => {
        const s = document.createElement('script')
        s.src = '/js/log.js?name=later'
        s.onload = resolve
        document.head.appendChild(s)
      }),
  )
  expect(await ran(q)).toEqual(['later'])
})
