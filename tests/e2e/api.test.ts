import { expect, test } from 'vitest'
import { gate } from './support/browser'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

const SERVICES = {
  categories: {
    necessary: { title: 'Necessary', required: true },
    analytics: { title: 'Analytics', services: { ga4: { title: 'GA4' }, hotjar: { title: 'Hotjar' } } },
    marketing: { title: 'Marketing', services: { meta: { title: 'Meta Pixel' } } },
  },
  reloadOnRevoke: false,
}
const page = (path: string, config?: object) =>
  env.site.page(
    path,
    `<!doctype html><html><head>${config ? `<script>window.consentGateConfig = ${JSON.stringify(config)}</script>` : ''}${sdkTag()}</head><body>page</body></html>`,
  )
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/

test('get() is null for a new visitor and has() denies everything but the required category', async () => {
  const { page: p } = await visit(page('/new.html'))
  expect(await gate(p, 'get')).toBeNull()
  expect(
    await p.evaluate(() => ['necessary', 'functional', 'analytics', 'personalization', 'marketing'].map((id) => (window as any).ConsentGate.has(id))),
  ).toEqual([true, false, false, false, false])
})

test('acceptAll() returns the documented state: uuid v4 id, revision, every default category granted, ISO dates 182 days apart', async () => {
  const { page: p } = await visit(page('/accept-state.html'))
  const before = Date.now()
  const state = await gate(p, 'acceptAll')
  expect(state).toEqual({
    id: expect.stringMatching(UUID_V4),
    revision: 1,
    categories: { necessary: true, functional: true, analytics: true, personalization: true, marketing: true },
    services: {},
    method: 'accept-all',
    timestamp: expect.stringMatching(ISO),
    expires: expect.stringMatching(ISO),
    // The default profile, and no Global Privacy Control signal in this browser.
    profile: 'eu',
    gpc: false,
  })
  expect(Math.abs(Date.parse(state.timestamp) - before)).toBeLessThan(5000)
  expect(Date.parse(state.expires) - Date.parse(state.timestamp)).toBe(182 * 86400e3)
  expect(await gate(p, 'get')).toEqual(state)
})

test('rejectAll() keeps only the required category granted', async () => {
  const { page: p } = await visit(page('/reject-state.html'))
  const state = await gate(p, 'rejectAll')
  expect(state.method).toBe('reject-all')
  expect(state.categories).toEqual({ necessary: true, functional: false, analytics: false, personalization: false, marketing: false })
})

test('update() for an undecided visitor grants what it names and leaves the rest denied', async () => {
  const { page: p } = await visit(page('/update-new.html'))
  const state = await gate(p, 'update', { analytics: true })
  expect(state.method).toBe('custom')
  expect(state.categories).toEqual({ necessary: true, functional: false, analytics: true, personalization: false, marketing: false })
})

test('update() merges into the existing choice', async () => {
  const { page: p } = await visit(page('/update-merge.html'))
  await gate(p, 'update', { analytics: true })
  const state = await gate(p, 'update', { marketing: true })
  expect(state.categories).toEqual({ necessary: true, functional: false, analytics: true, personalization: false, marketing: true })
})

test('update() cannot switch a required category off', async () => {
  const { page: p } = await visit(page('/required.html'))
  const state = await gate(p, 'update', { necessary: false, analytics: true })
  expect(state.categories.necessary).toBe(true)
  expect(await gate(p, 'has', 'necessary')).toBe(true)
})

test('switching a category on switches its services on', async () => {
  const { page: p } = await visit(page('/category-on.html', SERVICES))
  const state = await gate(p, 'update', { analytics: true })
  expect(state.services).toEqual({ ga4: true, hotjar: true, meta: false })
  expect(await p.evaluate(() => ['ga4', 'hotjar', 'meta'].map((id) => (window as any).ConsentGate.has(id)))).toEqual([true, true, false])
})

test('switching a service on switches its category on and leaves its sibling services off', async () => {
  const { page: p } = await visit(page('/service-on.html', SERVICES))
  const state = await gate(p, 'update', { hotjar: true })
  expect(state.categories).toEqual({ necessary: true, analytics: true, marketing: false })
  expect(state.services).toEqual({ ga4: false, hotjar: true, meta: false })
})

test('switching a category off switches its services off', async () => {
  const { page: p } = await visit(page('/category-off.html', SERVICES))
  await gate(p, 'acceptAll')
  const state = await gate(p, 'update', { analytics: false })
  expect(state.services).toEqual({ ga4: false, hotjar: false, meta: true })
})

test('update() with an unknown id logs a console error and applies the known ones', async () => {
  const { page: p, errors } = await visit(page('/unknown-id.html'))
  const state = await gate(p, 'update', { analytics: true, statistics: true })
  expect(state.categories.analytics).toBe(true)
  expect(state.categories).not.toHaveProperty('statistics')
  // The sentence comes with the diagnostics chunk, loaded on the first problem: wait for it.
  await expect.poll(() => errors.consoleErrors.filter((e) => e.includes('statistics'))).toHaveLength(1)
  expect(errors.pageErrors).toEqual([])
})

test('window.ConsentGate exposes the documented API', async () => {
  const { page: p } = await visit(page('/api-shape.html'))
  const shape = await p.evaluate(() => {
    const cg = (window as any).ConsentGate
    return ['get', 'has', 'acceptAll', 'rejectAll', 'update', 'reset', 'show', 'showPreferences', 'hide', 'on'].filter((m) => typeof cg[m] !== 'function')
  })
  expect(shape).toEqual([])
})
