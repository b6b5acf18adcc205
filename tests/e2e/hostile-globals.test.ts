/**
 * Issue #8: the page replaced built-ins before the SDK loaded. The SDK cannot use them, and it
 * cannot capture the originals first (the page ran before it): it must never throw into the page
 * (no uncaught error, from its top level, its MutationObserver, listeners, timers or chunks) and
 * leave gated markup blocked.
 */
import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'
import { HOSTILE } from './support/hostile'

const env = useSite()
const { visit } = env

/**
 * What the page saw, read from the isolated world (locators), which the page's replaced
 * built-ins do not reach: gated scripts mark `<html data-ran>` through `dataset`, which calls
 * none of them.
 */
const ranOf = (p: Page) => p.locator('html').getAttribute('data-ran')

test.each(HOSTILE)('with %s replaced, nothing throws into the page and gated content stays blocked', async (name, hostile) => {
  const url = env.site.page(
    '/hostile-' + name.replace(/\W/g, '-') + '.html',
    `<!doctype html><html lang="en"><head><script>${hostile}</script>${sdkTag('data-endpoint="/api/consents"')}
<script type="text/plain" data-category="analytics">document.documentElement.dataset.ran = 'analytics'</script>
<script type="text/plain" data-category="nosuch">document.documentElement.dataset.ran = 'nosuch'</script>
</head><body>
<iframe data-category="marketing" data-src="/hostile-frame.html"></iframe>
<script>
  // After the page is parsed, the document changes: the SDK's MutationObserver and its
  // DOMContentLoaded listener run now, with the replaced built-in.
  addEventListener('load', function () {
    var s = document.createElement('script')
    s.type = 'text/plain'
    s.dataset.category = 'marketing'
    s.text = "document.documentElement.dataset.ran = 'late'"
    document.body.appendChild(s)
    document.body.appendChild(document.createElement('p'))
    document.documentElement.dataset.mutated = '1'
  })
</script>
</body></html>`,
  )
  const pageErrors: string[] = []
  const { page: p, errors } = await visit(url, async (context) => {
    context.on('page', (page) => page.on('pageerror', (e) => pageErrors.push(e.stack || String(e))))
  })
  await p.locator('html[data-mutated="1"]').waitFor({ state: 'attached' })
  // Chunks (diagnostics, UI, placeholders) load after the page: wait until the network is quiet.
  await p.waitForLoadState('networkidle')
  expect(pageErrors, name).toEqual([])
  expect(errors.pageErrors, name).toEqual([])
  expect(await ranOf(p), name).toBeNull()
  expect(
    env.site.requested.filter((r) => r.startsWith('/hostile-frame')),
    name,
  ).toEqual([])
})
