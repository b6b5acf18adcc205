import { expect, test } from 'vitest'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

const url = () => env.site.page('/motion.html', `<!doctype html><html lang="en"><head>${sdkTag()}</head><body><h1>Shop</h1></body></html>`)

/** Every transition and animation running or declared in the widget's shadow root, pseudo-elements included. */
const motion = (p: import('playwright-core').Page) =>
  p.evaluate(() => {
    const root = document.getElementById('consent-gate-root')!.shadowRoot!
    const out: string[] = []
    for (const el of Array.from(root.querySelectorAll('*')))
      for (const pseudo of [null, '::before', '::after']) {
        const cs = getComputedStyle(el, pseudo)
        const durations = (cs.transitionDuration + ',' + cs.animationDuration).split(',').map((d) => parseFloat(d) || 0)
        if (durations.some((d) => d > 0))
          out.push(`${el.className || el.tagName}${pseudo || ''}: transition ${cs.transitionDuration}, animation ${cs.animationDuration}`)
      }
    return out
  })

async function openPreferences(reducedMotion: 'reduce' | 'no-preference') {
  const { page: p } = await visit(url(), undefined, { reducedMotion })
  await p.getByRole('button', { name: 'Manage preferences' }).click()
  await p.getByRole('dialog', { name: 'Privacy preferences' }).waitFor()
  return p
}

test('the switches animate for visitors who do not mind motion', async () => {
  const p = await openPreferences('no-preference')
  expect(await motion(p)).toContain('cg-switch::after: transition 0.15s, animation 0s')
})

test('prefers-reduced-motion: reduce turns every transition and animation off', async () => {
  const p = await openPreferences('reduce')
  expect(await motion(p)).toEqual([])
  // The switch still switches, at once.
  const analytics = p.getByRole('switch', { name: 'Analytics' })
  await analytics.click()
  expect(await analytics.getAttribute('aria-checked')).toBe('true')
})
