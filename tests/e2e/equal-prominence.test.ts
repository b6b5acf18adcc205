import { expect, test } from 'vitest'
import { sdkTag } from './support/server'
import { useSite } from './support/suite'

const env = useSite()
const { visit } = env

const page = (path: string, lang: string) =>
  env.site.page(path, `<!doctype html><html lang="${lang}"><head>${sdkTag()}</head><body><main><h1>Shop</h1></main></body></html>`)

/** WCAG 2.x contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = c
      .match(/\d+(\.\d+)?/g)!
      .slice(0, 3)
      .map((x) => {
        const v = Number(x) / 255
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
      })
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl
  }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

for (const [label, viewport, lang, names] of [
  ['desktop 1280×800, English', { width: 1280, height: 800 }, 'en', ['Accept all', 'Reject all', 'Manage preferences']],
  ['mobile 360×640, Korean', { width: 360, height: 640 }, 'ko', ['모두 동의', '모두 거부', '설정 관리']],
] as const) {
  test(`Accept all and Reject all are equally prominent and every banner button is visible without scrolling (${label})`, async () => {
    const { page: p } = await visit(page(`/prominence-${lang}.html`, lang), undefined, { viewport })
    await p.getByRole('button', { name: names[0] }).waitFor()
    const measured = []
    for (const name of names) {
      const button = p.getByRole('button', { name })
      const box = (await button.boundingBox())!
      const style = await button.evaluate((b) => {
        const s = getComputedStyle(b)
        return { font: `${s.fontFamily}|${s.fontSize}|${s.fontWeight}`, color: s.color, background: s.backgroundColor, border: s.borderColor }
      })
      measured.push({ box, ...style })
      // Inside the viewport: no scrolling needed.
      expect(box.y + box.height, name).toBeLessThanOrEqual(viewport.height)
      expect(box.x + box.width, name).toBeLessThanOrEqual(viewport.width)
      expect(contrast(style.color, style.background), name).toBeGreaterThanOrEqual(4.5)
    }
    const [accept, reject] = measured
    expect(Math.round(reject.box.width)).toBe(Math.round(accept.box.width))
    expect(Math.round(reject.box.height)).toBe(Math.round(accept.box.height))
    expect([reject.font, reject.color, reject.background, reject.border]).toEqual([accept.font, accept.color, accept.background, accept.border])
  })
}
