import { expect, test } from 'vitest'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

const page = (path: string, config: string) =>
  env.site.page(
    path,
    `<!doctype html><html lang="en"><head><script>window.consentGateConfig = ${config}</script>${sdkTag()}</head><body><main><h1>Shop</h1></main></body></html>`,
  )
const luminance = (rgb: string) => {
  const [r, g, b] = rgb.match(/\d+/g)!.map(Number)
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
}
const bannerBox = (p: import('playwright-core').Page) => p.getByRole('region', { name: 'We value your privacy' }).boundingBox()
const bannerBackground = (p: import('playwright-core').Page) =>
  p.getByRole('region', { name: 'We value your privacy' }).evaluate((el) => getComputedStyle(el).backgroundColor)

test('the banner follows the system colour scheme: light by default, dark when the visitor prefers dark', async () => {
  const { page: light } = await visit(page('/scheme-light.html', '{}'), undefined, { colorScheme: 'light' })
  await light.getByRole('button', { name: 'Accept all' }).waitFor()
  expect(luminance(await bannerBackground(light))).toBeGreaterThan(0.8)
  const { page: dark } = await visit(page('/scheme-dark.html', '{}'), undefined, { colorScheme: 'dark' })
  await dark.getByRole('button', { name: 'Accept all' }).waitFor()
  expect(luminance(await bannerBackground(dark))).toBeLessThan(0.2)
})

test("theme: 'dark' and theme: 'light' override the system scheme", async () => {
  const { page: forcedDark } = await visit(page('/theme-dark.html', "{ theme: 'dark' }"), undefined, { colorScheme: 'light' })
  await forcedDark.getByRole('button', { name: 'Accept all' }).waitFor()
  expect(luminance(await bannerBackground(forcedDark))).toBeLessThan(0.2)
  const { page: forcedLight } = await visit(page('/theme-light.html', "{ theme: 'light' }"), undefined, { colorScheme: 'dark' })
  await forcedLight.getByRole('button', { name: 'Accept all' }).waitFor()
  expect(luminance(await bannerBackground(forcedLight))).toBeGreaterThan(0.8)
})

test('the default position is a full-width bar at the bottom; box sits bottom-right; center is centred', async () => {
  const viewport = { width: 1280, height: 800 }
  const { page: bar } = await visit(page('/pos-bar.html', '{}'), undefined, { viewport })
  await bar.getByRole('button', { name: 'Accept all' }).waitFor()
  const b = (await bannerBox(bar))!
  expect(Math.round(b.width)).toBe(1280)
  expect(Math.round(b.y + b.height)).toBe(800)

  const { page: box } = await visit(page('/pos-box.html', "{ position: 'box' }"), undefined, { viewport })
  await box.getByRole('button', { name: 'Accept all' }).waitFor()
  const x = (await bannerBox(box))!
  expect(x.width).toBeLessThanOrEqual(420)
  expect(Math.round(1280 - (x.x + x.width))).toBe(16)
  expect(Math.round(800 - (x.y + x.height))).toBe(16)

  const { page: center } = await visit(page('/pos-center.html', "{ position: 'center' }"), undefined, { viewport })
  await center.getByRole('button', { name: 'Accept all' }).waitFor()
  const c = (await bannerBox(center))!
  expect(Math.abs(c.x + c.width / 2 - 640)).toBeLessThanOrEqual(1)
  expect(Math.abs(c.y + c.height / 2 - 400)).toBeLessThanOrEqual(1)
})

test('in every position the three buttons stay inside the viewport', async () => {
  for (const position of ['bar', 'box', 'center']) {
    const { page: p } = await visit(page(`/pos-fit-${position}.html`, `{ position: '${position}' }`), undefined, { viewport: { width: 360, height: 640 } })
    await p.getByRole('button', { name: 'Accept all' }).waitFor()
    for (const name of ['Accept all', 'Reject all', 'Manage preferences']) {
      const r = (await p.getByRole('button', { name }).boundingBox())!
      expect(r.x, `${position} ${name}`).toBeGreaterThanOrEqual(0)
      expect(r.x + r.width, `${position} ${name}`).toBeLessThanOrEqual(360)
      expect(r.y + r.height, `${position} ${name}`).toBeLessThanOrEqual(640)
    }
  }
})
