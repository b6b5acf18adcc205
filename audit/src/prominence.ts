import type { ButtonMeasure } from './types'

/**
 * Equal prominence of Accept and Reject, measured as the UI tests measure ConsentGate's own banner
 * (tests/e2e/equal-prominence.test.ts): the box, the font, the text colour, the background, the
 * border and the WCAG contrast of text on background.
 */

/** WCAG 2.x relative luminance of `rgb(…)` / `rgba(…)`. */
function luminance(colour: string): number {
  const [r, g, b] = (colour.match(/\d+(\.\d+)?/g) || ['0', '0', '0']).slice(0, 3).map((x) => {
    const v = Number(x) / 255
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** WCAG 2.x contrast ratio of two colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

/**
 * Runs in the page on one element: its measures. A transparent background is the one behind it
 * (walking up, through shadow roots, to white); `fillContrast` is how much the button's own fill, or
 * failing that its border, stands out from that surrounding background.
 */
export function measureInPage(el: Element): Omit<ButtonMeasure, 'textContrast' | 'fillContrast'> & { behind: string } {
  const opaque = (c: string) => !!c && c !== 'transparent' && !/rgba\([^)]*,\s*0(\.0+)?\)$/.test(c)
  const parentOf = (n: Element): Element | null => n.parentElement || ((n.getRootNode() as ShadowRoot).host as Element | undefined) || null
  const backgroundBehind = (n: Element | null): string => {
    for (let e = n; e; e = parentOf(e)) {
      const c = getComputedStyle(e).backgroundColor
      if (opaque(c)) return c
    }
    return 'rgb(255, 255, 255)'
  }
  const s = getComputedStyle(el)
  const box = el.getBoundingClientRect()
  const own = opaque(s.backgroundColor) ? s.backgroundColor : ''
  const behind = backgroundBehind(parentOf(el))
  const borderWidth = Number.parseFloat(s.borderTopWidth) || 0
  const border = borderWidth > 0 && s.borderTopStyle !== 'none' && opaque(s.borderTopColor) ? s.borderTopColor : ''
  return {
    text: (el.textContent || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim(),
    width: Math.round(box.width),
    height: Math.round(box.height),
    fontSize: Number.parseFloat(s.fontSize) || 0,
    fontWeight: s.fontWeight,
    color: s.color,
    background: own || behind,
    border,
    behind,
    inViewport: box.width > 0 && box.height > 0 && box.bottom <= innerHeight && box.right <= innerWidth && box.top >= 0 && box.left >= 0,
  }
}

/** The measures with the contrasts worked out. */
export function finishMeasure(m: ReturnType<typeof measureInPage>): ButtonMeasure {
  const fill = m.background !== m.behind ? contrast(m.background, m.behind) : 1
  const edge = m.border ? contrast(m.border, m.behind) : 1
  const { behind: _behind, ...rest } = m
  return { ...rest, textContrast: round(contrast(m.color, m.background)), fillContrast: round(Math.max(fill, edge)) }
}

const round = (n: number) => Math.round(n * 100) / 100

/** The WCAG AA minimum for normal text. */
const AA = 4.5

/**
 * Why Reject is less prominent than Accept, or `null`. The thresholds leave room for what is not
 * prominence: "Reject all" and "Accept all" differ in width by their words, so a box counts as
 * smaller below 80 % of the other's area or 90 % of its height or font size. Colour counts when
 * Reject's text fails WCAG AA while Accept's passes, or when Accept is a visible button (its fill
 * or border stands out at 1.5:1) and Reject does not stand out at all (below 1.2:1: a bare link).
 */
export function lessProminent(accept: ButtonMeasure, reject: ButtonMeasure): string | null {
  const why: string[] = []
  const area = (m: ButtonMeasure) => m.width * m.height
  if (area(reject) < 0.8 * area(accept) || reject.height < 0.9 * accept.height)
    why.push(`it is smaller (${reject.width}×${reject.height} px against ${accept.width}×${accept.height} px)`)
  if (reject.fontSize < 0.9 * accept.fontSize) why.push(`its text is smaller (${reject.fontSize} px against ${accept.fontSize} px)`)
  if (reject.textContrast < AA && accept.textContrast >= AA)
    why.push(`its text contrast is ${reject.textContrast}:1 against ${accept.textContrast}:1 (WCAG AA asks 4.5:1)`)
  if (accept.fillContrast >= 1.5 && reject.fillContrast < 1.2)
    why.push(`Accept is a filled or outlined button (${accept.fillContrast}:1 against its background) and Reject does not stand out (${reject.fillContrast}:1)`)
  if (accept.inViewport && !reject.inViewport) why.push('it is outside the first screen while Accept is inside')
  return why.length ? why.join('; ') : null
}

/** What differs in style though no threshold is crossed (a warning: the UI tests ask for equal). */
export function styledDifferently(accept: ButtonMeasure, reject: ButtonMeasure): string | null {
  const diff: string[] = []
  if (accept.color !== reject.color) diff.push(`text colour ${reject.color} against ${accept.color}`)
  if (accept.background !== reject.background) diff.push(`background ${reject.background} against ${accept.background}`)
  if (accept.fontWeight !== reject.fontWeight) diff.push(`font weight ${reject.fontWeight} against ${accept.fontWeight}`)
  return diff.length ? diff.join('; ') : null
}
