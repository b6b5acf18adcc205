import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

const CONFIG = `{ policyUrl: '/privacy', categories: {
  necessary: { title: 'necessary', required: true },
  analytics: { title: 'analytics', services: { ga4: { title: 'Google Analytics' } }, cookies: ['_ga*'] },
  marketing: { title: 'marketing' } } }`
const page = (path: string, config = CONFIG) =>
  env.site.page(
    path,
    `<!doctype html><html lang="en"><head><script>window.consentGateConfig = ${config}</script>${sdkTag()}</head>
<body><main><h1>Shop</h1><a href="/coffee">Coffee</a></main></body></html>`,
  )

/** The focused control, looking into shadow roots: its accessible name and how its focus shows. */
const focused = (p: Page) =>
  p.evaluate(() => {
    let el = document.activeElement
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement
    if (!el) return null
    const cs = getComputedStyle(el)
    const name = el.getAttribute('aria-label') || (el.textContent || '').trim()
    return { name, outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2, role: el.getAttribute('role') || el.tagName.toLowerCase() }
  })

/** Press Tab `n` times; what got focus each time. */
async function tabs(p: Page, n: number) {
  const seen = []
  for (let i = 0; i < n; i++) {
    await p.keyboard.press('Tab')
    seen.push(await focused(p))
  }
  return seen
}

test('Tab goes through the page, then the banner’s link and buttons in reading order, each with a visible focus ring', async () => {
  const { page: p } = await visit(page('/kb-banner.html', CONFIG.replace('{ policyUrl', '{ closeButton: true, policyUrl')))
  await p.getByRole('region', { name: 'We value your privacy' }).waitFor()
  const seen = await tabs(p, 6)
  expect(seen.map((s) => s!.name)).toEqual(['Coffee', 'Privacy policy', 'Accept all', 'Reject all', 'Manage preferences', 'Close and reject all'])
  // The page's own link is the page's business; every control of the banner shows its focus.
  expect(seen.slice(1).every((s) => s!.outline)).toBe(true)
})

test('the preferences: Tab reaches every switch, disclosure and button in order, wraps inside, and focus always shows', async () => {
  const { page: p } = await visit(page('/kb-prefs.html'))
  await p.getByRole('button', { name: 'Manage preferences' }).focus()
  await p.keyboard.press('Enter')
  await p.getByRole('dialog', { name: 'Privacy preferences' }).waitFor()
  // Focus moved into the dialog, onto its first control.
  const first = await focused(p)
  expect(first).toEqual({ name: 'Strictly necessary', outline: true, role: 'switch' })
  const seen = await tabs(p, 7)
  expect(seen.map((s) => s!.name)).toEqual(['Analytics', 'Services', 'Marketing', 'Accept all', 'Reject all', 'Save preferences', 'Strictly necessary'])
  expect(seen.every((s) => s!.outline)).toBe(true)
  // Shift+Tab goes back the same way.
  await p.keyboard.press('Shift+Tab')
  expect((await focused(p))!.name).toBe('Save preferences')

  // Opening the disclosure with the keyboard puts the service's switch in the order, and Space toggles it.
  for (const name of ['Save preferences', 'Reject all', 'Accept all', 'Marketing']) {
    expect((await focused(p))!.name).toBe(name)
    await p.keyboard.press('Shift+Tab')
  }
  expect((await focused(p))!.name).toBe('Services')
  await p.keyboard.press('Enter')
  await p.keyboard.press('Tab')
  expect(await focused(p)).toEqual({ name: 'Google Analytics', outline: true, role: 'switch' })
  await p.keyboard.press('Space')
  await p.keyboard.press('Tab')
  await p.keyboard.press('Tab')
  await p.keyboard.press('Tab')
  await p.keyboard.press('Tab')
  expect((await focused(p))!.name).toBe('Save preferences')
  await p.keyboard.press('Enter')
  await p.getByRole('dialog').waitFor({ state: 'detached' })
  expect(await p.evaluate(() => (window as any).ConsentGate.get().services)).toEqual({ ga4: true })
})
