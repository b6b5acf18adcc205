import { createHash } from 'node:crypto'
import { expect, test } from 'vitest'
import { gate, logOf } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

/** Inline JS that records `name` on window.__log. */
const push = (name: string) => `(window.__log = window.__log || []).push(${JSON.stringify(name)})`
const html = (head: string, body = '') => `<!doctype html><html><head>${head}</head><body><p>page</p>${body}</body></html>`
/** Long enough for a script that was (wrongly) released to have loaded from the local server. */
const SETTLE = 400

test('a failing external script does not stop the scripts after it', async () => {
  const url = env.site.page(
    '/failing.html',
    html(`${sdkTag()}
<script type="text/plain" data-category="analytics">${push('inline-1')}</script>
<script type="text/plain" data-category="analytics" src="/js/missing.js"></script>
<script type="text/plain" data-category="analytics" src="/js/log.js?name=external-3"></script>
<script type="text/plain" data-category="analytics">${push('inline-4')}</script>`),
  )
  const { page } = await visit(url)
  await gate(page, 'acceptAll')
  await page.waitForFunction(() => ((window as any).__log || []).length >= 3)
  expect(await logOf(page)).toEqual(['inline-1', 'external-3', 'inline-4'])
})

test('a slow first external script still runs before a fast later one', async () => {
  const url = env.site.page(
    '/slow-first.html',
    html(`${sdkTag()}
<script type="text/plain" data-category="analytics" src="/js/log.js?name=slow&delay=500"></script>
<script type="text/plain" data-category="analytics" src="/js/log.js?name=fast"></script>
<script type="text/plain" data-category="analytics">${push('inline-last')}</script>`),
  )
  const { page } = await visit(url)
  await gate(page, 'acceptAll')
  await page.waitForFunction(() => ((window as any).__log || []).length >= 3)
  expect(await logOf(page)).toEqual(['slow', 'fast', 'inline-last'])
})

test('a gated external script is not even requested before a decision', async () => {
  const url = env.site.page(
    '/not-requested.html',
    html(`${sdkTag()}<script type="text/plain" data-category="analytics" src="/js/log.js?name=never-fetched"></script>`),
  )
  const { page } = await visit(url)
  await page.waitForTimeout(SETTLE)
  expect(env.site.requested.filter((r) => r.includes('never-fetched'))).toEqual([])
  expect(await logOf(page)).toBeNull()
})

test('after rejectAll() gated scripts stay blocked', async () => {
  const url = env.site.page(
    '/reject.html',
    html(`${sdkTag()}
<script type="text/plain" data-category="analytics">${push('analytics-inline')}</script>
<script type="text/plain" data-category="marketing" src="/js/log.js?name=rejected-marketing"></script>`),
  )
  const { page, errors } = await visit(url)
  await gate(page, 'rejectAll')
  await page.waitForTimeout(SETTLE)
  expect(await logOf(page)).toBeNull()
  expect(env.site.requested.filter((r) => r.includes('rejected-marketing'))).toEqual([])
  expect(errors.pageErrors).toEqual([])
})

test('granting one category runs only the scripts of that category', async () => {
  const url = env.site.page(
    '/one-category.html',
    html(`${sdkTag()}
<script type="text/plain" data-category="analytics">${push('analytics')}</script>
<script type="text/plain" data-category="marketing">${push('marketing')}</script>
<script type="text/plain" data-category="functional">${push('functional')}</script>`),
  )
  const { page } = await visit(url)
  await gate(page, 'update', { analytics: true })
  await page.waitForFunction(() => ((window as any).__log || []).length >= 1)
  await page.waitForTimeout(SETTLE)
  expect(await logOf(page)).toEqual(['analytics'])
})

test('a gated script that another script inserts after load stays blocked until acceptAll() and then runs', async () => {
  const url = env.site.page(
    '/inserted.html',
    html(
      sdkTag(),
      `<script>
addEventListener('load', () => setTimeout(() => {
  const s = document.createElement('script')
  s.type = 'text/plain'
  s.setAttribute('data-category', 'analytics')
  s.src = '/js/log.js?name=inserted-late'
  document.body.appendChild(s)
  window.__inserted = true
}, 50))
</script>`,
    ),
  )
  const { page } = await visit(url)
  await page.waitForFunction(() => (window as any).__inserted === true)
  await page.waitForTimeout(SETTLE)
  expect(await logOf(page)).toBeNull()
  expect(env.site.requested.filter((r) => r.includes('inserted-late'))).toEqual([])

  await gate(page, 'acceptAll')
  await page.waitForFunction(() => ((window as any).__log || []).length >= 1)
  expect(await logOf(page)).toEqual(['inserted-late'])
})

test('a gated script inserted after a grant runs at once', async () => {
  const url = env.site.page('/inserted-granted.html', html(sdkTag()))
  const { page } = await visit(url)
  await gate(page, 'update', { analytics: true })
  await page.evaluate(() => {
    const inline = document.createElement('script')
    inline.type = 'text/plain'
    inline.setAttribute('data-category', 'analytics')
    inline.text = "(window.__log = window.__log || []).push('late-inline')"
    document.body.appendChild(inline)
    const external = document.createElement('script')
    external.type = 'text/plain'
    external.setAttribute('data-category', 'analytics')
    external.src = '/js/log.js?name=late-external'
    document.body.appendChild(external)
  })
  await page.waitForFunction(() => ((window as any).__log || []).length >= 2)
  expect(await logOf(page)).toEqual(['late-inline', 'late-external'])
})

test('a gated script inserted after load stays blocked when its category was refused', async () => {
  const url = env.site.page('/inserted-refused.html', html(sdkTag()))
  const { page } = await visit(url)
  await gate(page, 'rejectAll')
  await page.evaluate(() => {
    const s = document.createElement('script')
    s.type = 'text/plain'
    s.setAttribute('data-category', 'analytics')
    s.text = "(window.__log = window.__log || []).push('refused-late')"
    document.body.appendChild(s)
  })
  await page.waitForTimeout(SETTLE)
  expect(await logOf(page)).toBeNull()
})

test('a script naming two categories runs only once both are granted', async () => {
  const url = env.site.page('/two-categories.html', html(`${sdkTag()}<script type="text/plain" data-category="analytics marketing">${push('both')}</script>`))
  const { page } = await visit(url)
  await gate(page, 'update', { analytics: true })
  await page.waitForTimeout(SETTLE)
  expect(await logOf(page)).toBeNull()

  await gate(page, 'update', { marketing: true })
  await page.waitForFunction(() => ((window as any).__log || []).length >= 1)
  expect(await logOf(page)).toEqual(['both'])
})

test('a script gated on a service runs when that service is granted and its sibling service stays blocked', async () => {
  const config = {
    categories: {
      necessary: { title: 'Necessary', required: true },
      analytics: {
        title: 'Analytics',
        services: { ga4: { title: 'Google Analytics 4' }, hotjar: { title: 'Hotjar' } },
      },
    },
  }
  const url = env.site.page(
    '/service.html',
    html(`<script>window.consentGateConfig = ${JSON.stringify(config)}</script>${sdkTag()}
<script type="text/plain" data-service="ga4">${push('ga4')}</script>
<script type="text/plain" data-service="hotjar">${push('hotjar')}</script>`),
  )
  const { page } = await visit(url)
  await page.waitForTimeout(SETTLE)
  expect(await logOf(page)).toBeNull()

  await gate(page, 'update', { ga4: true })
  await page.waitForFunction(() => ((window as any).__log || []).length >= 1)
  await page.waitForTimeout(SETTLE)
  expect(await logOf(page)).toEqual(['ga4'])
})

test('an inline gated script keeps its id, class and data-* attributes when it runs', async () => {
  const url = env.site.page(
    '/attrs-inline.html',
    html(`${sdkTag()}
<script type="text/plain" data-category="analytics" id="tracker" class="vendor" data-account="UA-1">
  var me = document.currentScript;
  (window.__log = window.__log || []).push(me.id + '|' + me.className + '|' + me.dataset.account + '|' + me.dataset.category)
</script>`),
  )
  const { page } = await visit(url)
  await gate(page, 'acceptAll')
  await page.waitForFunction(() => ((window as any).__log || []).length >= 1)
  expect(await logOf(page)).toEqual(['tracker|vendor|UA-1|analytics'])
})

test('an external gated script keeps async, defer, crossorigin and referrerpolicy when it runs', async () => {
  const url = env.site.page(
    '/attrs-external.html',
    html(`${sdkTag()}
<script type="text/plain" data-category="analytics" id="ext" src="/js/log.js?name=ext-attrs" async defer crossorigin="anonymous" referrerpolicy="no-referrer" data-x="1"></script>`),
  )
  const { page } = await visit(url)
  await gate(page, 'acceptAll')
  await page.waitForFunction(() => ((window as any).__log || []).length >= 1)
  const attrs = await page.evaluate(() => {
    const s = document.getElementById('ext') as HTMLScriptElement
    return { type: s.type, async: s.async, defer: s.defer, crossOrigin: s.crossOrigin, referrerPolicy: s.referrerPolicy, x: s.dataset.x }
  })
  expect(attrs).toEqual({ type: '', async: true, defer: true, crossOrigin: 'anonymous', referrerPolicy: 'no-referrer', x: '1' })
})

test('a gated script keeps its integrity attribute: a matching hash runs, a wrong one is refused', async () => {
  const good = `(window.__log = window.__log || []).push("good-sri");`
  const sri = 'sha384-' + createHash('sha384').update(good).digest('base64')
  const wrong = 'sha384-' + createHash('sha384').update('something else').digest('base64')
  const url = env.site.page(
    '/integrity.html',
    html(`${sdkTag()}
<script type="text/plain" data-category="analytics" src="/js/log.js?name=good-sri" integrity="${sri}" crossorigin="anonymous"></script>
<script type="text/plain" data-category="analytics" src="/js/log.js?name=tampered" integrity="${wrong}" crossorigin="anonymous"></script>
<script type="text/plain" data-category="analytics">${push('after-tampered')}</script>`),
  )
  const { page } = await visit(url)
  await gate(page, 'acceptAll')
  await page.waitForFunction(() => ((window as any).__log || []).includes('after-tampered'))
  expect(await logOf(page)).toEqual(['good-sri', 'after-tampered'])
})

test('under a nonce CSP a gated script with the nonce runs and one without it is refused by the browser', async () => {
  const nonce = 'r4nd0mN0nce'
  const url = env.site.page(
    '/csp.html',
    html(`<script nonce="${nonce}" src="/dist/consent-gate.js"></script>
<script type="text/plain" data-category="analytics" nonce="${nonce}">${push('inline-with-nonce')}</script>
<script type="text/plain" data-category="analytics" nonce="${nonce}" src="/js/log.js?name=external-with-nonce"></script>
<script type="text/plain" data-category="analytics">${push('inline-without-nonce')}</script>
<script type="text/plain" data-category="analytics" nonce="${nonce}">${push('last-with-nonce')}</script>`),
    { 'Content-Security-Policy': `script-src 'nonce-${nonce}'` },
  )
  const { page } = await visit(url)
  expect(await page.evaluate(() => typeof (window as any).ConsentGate)).toBe('object')
  await gate(page, 'acceptAll')
  await page.waitForFunction(() => ((window as any).__log || []).includes('last-with-nonce'))
  await page.waitForTimeout(100)
  expect(await logOf(page)).toEqual(['inline-with-nonce', 'external-with-nonce', 'last-with-nonce'])
})

test('data-type="module" runs the gated script as a module', async () => {
  const url = env.site.page(
    '/module.html',
    html(`${sdkTag()}
<script type="text/plain" data-category="analytics" data-type="module">(window.__log = window.__log || []).push('module:' + typeof import.meta.url)</script>
<script type="text/plain" data-category="analytics" data-type="module" id="ext-module" src="/js/log.js?name=external-module"></script>`),
  )
  const { page, errors } = await visit(url)
  await gate(page, 'acceptAll')
  await page.waitForFunction(() => ((window as any).__log || []).length >= 2)
  expect(await logOf(page)).toEqual(['module:string', 'external-module'])
  expect(await page.evaluate(() => (document.getElementById('ext-module') as HTMLScriptElement).type)).toBe('module')
  expect(errors.pageErrors).toEqual([])
})

test('an unknown category in markup logs a console error and that element stays blocked after acceptAll()', async () => {
  const url = env.site.page(
    '/unknown-category.html',
    html(`${sdkTag()}
<script type="text/plain" data-category="statistics">${push('unknown')}</script>
<script type="text/plain" data-category="analytics">${push('known')}</script>`),
  )
  const { page, errors } = await visit(url)
  await gate(page, 'acceptAll')
  await page.waitForFunction(() => ((window as any).__log || []).length >= 1)
  await page.waitForTimeout(SETTLE)
  expect(await logOf(page)).toEqual(['known'])
  expect(errors.consoleErrors.filter((e) => e.includes('[ConsentGate]') && e.includes('statistics'))).toHaveLength(1)
  expect(errors.pageErrors).toEqual([])
})

test('a gated script placed in the body after other content runs in document order with the head ones', async () => {
  const url = env.site.page(
    '/body-order.html',
    html(
      `${sdkTag()}<script type="text/plain" data-category="analytics" src="/js/log.js?name=head-external&delay=200"></script>`,
      `<script type="text/plain" data-category="analytics">${push('body-inline')}</script><div>more</div>`,
    ),
  )
  const { page } = await visit(url)
  await gate(page, 'acceptAll')
  await page.waitForFunction(() => ((window as any).__log || []).length >= 2)
  expect(await logOf(page)).toEqual(['head-external', 'body-inline'])
})
