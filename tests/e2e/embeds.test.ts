import { beforeAll, expect, test } from 'vitest'
import { consentCookieValue, gate } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env
beforeAll(() => {
  env.site.page('/embed/video.html', '<!doctype html><title>video</title><p id="player">player</p>')
})

const page = (path: string, body: string) => env.site.page(path, `<!doctype html><html><head>${sdkTag()}</head><body>${body}</body></html>`)
const requestsFor = (part: string, from = 0) => env.site.requested.slice(from).filter((r) => r.includes(part))
const SETTLE = 400
/** The titles of the page's iframes whose document has loaded from the site. */
const frameTitles = (p: import('playwright-core').Page) =>
  p.evaluate(() =>
    Array.from(document.querySelectorAll('iframe')).map((f) => {
      try {
        return f.contentDocument?.title || ''
      } catch {
        return 'cross-origin'
      }
    }),
  )

test('a gated iframe gets no src and loads nothing before marketing is granted', async () => {
  const from = env.site.requested.length
  const { page: p } = await visit(page('/iframe-blocked.html', `<iframe data-category="marketing" data-src="/embed/video.html?v=blocked"></iframe>`))
  await gate(p, 'update', { analytics: true })
  await p.waitForTimeout(SETTLE)
  expect(await p.evaluate(() => document.querySelector('iframe')!.hasAttribute('src'))).toBe(false)
  expect(requestsFor('v=blocked', from)).toEqual([])
})

test('a gated iframe loads its data-src once its category is granted', async () => {
  const { page: p } = await visit(page('/iframe-granted.html', `<iframe data-category="marketing" data-src="/embed/video.html?v=granted"></iframe>`))
  await gate(p, 'update', { marketing: true })
  await p.waitForFunction(() => (document.querySelector('iframe')!.contentDocument?.title || '') === 'video')
  expect(await p.evaluate(() => document.querySelector('iframe')!.getAttribute('src'))).toBe('/embed/video.html?v=granted')
  expect(await frameTitles(p)).toEqual(['video'])
})

test('a gated image gets no src before a grant and loads its data-src and data-srcset after', async () => {
  const from = env.site.requested.length
  const { page: p } = await visit(page('/img.html', `<img data-category="analytics" data-src="/px/pixel.gif?i=1" data-srcset="/px/pixel.gif?i=2 2x" alt="">`))
  await p.waitForTimeout(SETTLE)
  expect(await p.evaluate(() => document.querySelector('img')!.hasAttribute('src'))).toBe(false)
  expect(requestsFor('/px/pixel.gif', from)).toEqual([])

  await gate(p, 'acceptAll')
  await p.waitForFunction(() => document.querySelector('img')!.getAttribute('src') === '/px/pixel.gif?i=1')
  expect(await p.evaluate(() => document.querySelector('img')!.getAttribute('srcset'))).toBe('/px/pixel.gif?i=2 2x')
  await expect.poll(() => requestsFor('/px/pixel.gif', from).length).toBeGreaterThan(0)
})

test('a gated iframe loads on page load when a stored choice grants its category', async () => {
  const value = consentCookieValue({ categories: { necessary: true, marketing: true } })
  const { page: p } = await visit(page('/iframe-stored.html', `<iframe data-category="marketing" data-src="/embed/video.html?v=stored"></iframe>`), (c) =>
    c.addCookies([{ name: 'consent_gate', value, domain: '127.0.0.1', path: '/' }]),
  )
  expect(await p.evaluate(() => document.querySelector('iframe')!.getAttribute('src'))).toBe('/embed/video.html?v=stored')
  // The attribute alone is not enough: the frame must actually navigate to it.
  await expect.poll(() => p.evaluate(() => document.querySelector('iframe')!.contentWindow!.location.pathname), { timeout: 3000 }).toBe('/embed/video.html')
  expect(await frameTitles(p)).toEqual(['video'])
})

test('a gated iframe added after the grant loads at once', async () => {
  const { page: p } = await visit(page('/iframe-late.html', ''))
  await gate(p, 'acceptAll')
  await p.evaluate(() => {
    const f = document.createElement('iframe')
    f.setAttribute('data-category', 'marketing')
    f.setAttribute('data-src', '/embed/video.html?v=late')
    document.body.appendChild(f)
  })
  await p.waitForFunction(() => (document.querySelector('iframe')!.contentDocument?.title || '') === 'video')
  expect(await p.evaluate(() => document.querySelector('iframe')!.getAttribute('src'))).toBe('/embed/video.html?v=late')
})

test('a gated iframe on a service loads only when that service is granted', async () => {
  const config = {
    categories: {
      necessary: { title: 'N', required: true },
      marketing: { title: 'M', services: { youtube: { title: 'YouTube' }, vimeo: { title: 'Vimeo' } } },
    },
  }
  const url = env.site.page(
    '/iframe-service.html',
    `<!doctype html><html><head><script>window.consentGateConfig = ${JSON.stringify(config)}</script>${sdkTag()}</head><body>
<iframe id="yt" data-service="youtube" data-src="/embed/video.html?v=yt"></iframe>
<iframe id="vimeo" data-service="vimeo" data-src="/embed/video.html?v=vimeo"></iframe></body></html>`,
  )
  const { page: p } = await visit(url)
  await gate(p, 'update', { youtube: true })
  await p.waitForFunction(() => (document.getElementById('yt') as HTMLIFrameElement).contentDocument?.title === 'video')
  await p.waitForTimeout(SETTLE)
  expect(await p.evaluate(() => ['yt', 'vimeo'].map((id) => document.getElementById(id)!.getAttribute('src')))).toEqual(['/embed/video.html?v=yt', null])
})
