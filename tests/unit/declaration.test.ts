import { afterEach, beforeEach, describe, expect, test, vi, type MockInstance } from 'vitest'
import { within } from '@testing-library/preact'
import { createConsentGate } from '../../src/create-consent-gate'
import { koFirst, koMore } from '../../src/i18n/ko'
import { declarationEn, declarationKo } from '../../src/i18n/declaration'
import { declarationLanguage, fillDeclarations } from '../../src/ui/declaration'
import type { ConsentGate, ConsentGateOptions } from '../../src/types'
import { releaseDom, resetDom } from './support/dom'

// The declaration drawn by the real function on a real gate in jsdom; in Chromium, loaded by the
// core as a chunk, in tests/e2e/declaration.test.ts.
// (`@testing-library/preact` is used for its DOM queries only: the declaration has no Preact.)

/** A site's options; a built-in category without a title takes the translated one, which the type does not allow. */
type Options = Record<string, unknown>

const OPTIONS: Options = {
  reloadOnRevoke: false,
  categories: {
    necessary: {
      title: 'Strictly necessary',
      required: true,
      cookies: [{ name: 'consent_gate', provider: 'Acme', purpose: 'Your choice', lifetime: '6 months' }],
    },
    analytics: {
      title: 'Analytics',
      description: 'Counts visits.',
      purpose: 'Visit statistics',
      items: 'Cookie ID, pages viewed',
      retention: '1 year',
      recipients: 'Stats Inc.',
      refusalConsequence: 'None: the site works the same.',
      services: {
        stats: { title: 'Stats', description: 'A visit counter.', cookies: [{ name: '_stats', purpose: 'Tells visits apart', lifetime: '1 year' }] },
      },
    },
    marketing: { cookies: ['_ads'] },
  },
}

let errors: MockInstance<typeof console.error>
let gate: ConsentGate
beforeEach(() => {
  errors = resetDom()
  document.documentElement.lang = 'en'
})
afterEach(() => {
  gate?.destroy()
  document.documentElement.removeAttribute('lang')
  releaseDom()
})

/** A loader with the two Korean chunks at hand (or the one named by `fail` failing), recording what was asked. */
function loader(fail = '') {
  const requested: string[] = []
  const chunks: Record<string, unknown> = { ko: koFirst, 'ko-more': koMore }
  const load = <T>(name: string): Promise<T> => {
    requested.push(name)
    return (name === fail || !chunks[name] ? Promise.reject(`consent-gate-${name}.js`) : Promise.resolve(chunks[name])) as Promise<T>
  }
  return { load: load as never, requested }
}

async function fill(body: string, options: Options = OPTIONS, fail = '') {
  document.body.innerHTML = body
  gate = createConsentGate(options as ConsentGateOptions)
  const { load, requested } = loader(fail)
  const report = vi.fn()
  await fillDeclarations(gate, load, report)
  const el = document.querySelector<HTMLElement>('[data-consent-gate-declaration]')!
  return { el, q: within(el), requested, report }
}

describe('texts', () => {
  test('Korean is complete: every English key of the declaration has a Korean string of its own, and no other', () => {
    expect(Object.keys(declarationKo).sort()).toEqual(Object.keys(declarationEn).sort())
    for (const key of Object.keys(declarationEn) as (keyof typeof declarationEn)[]) {
      expect(declarationKo[key].trim().length, key).toBeGreaterThan(0)
      expect(declarationKo[key], key).not.toBe(declarationEn[key])
    }
  })
  test('the placeholders of the texts are the same in both languages', () => {
    for (const key of Object.keys(declarationEn) as (keyof typeof declarationEn)[])
      expect(declarationKo[key].match(/\{\w+\}/g), key).toEqual(declarationEn[key].match(/\{\w+\}/g))
  })
})

describe('the declaration in English', () => {
  test('one section per category in config order, with its title, description, choice and PIPA notice', async () => {
    const { el, q } = await fill('<main><h2>Cookies</h2><div data-consent-gate-declaration></div></main>')
    expect(el.shadowRoot).toBeNull()
    expect(q.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      'Strictly necessary',
      'Analytics',
      'Marketing',
      'Refusing cookies in your browser',
    ])
    const analytics = within(q.getByRole('heading', { name: 'Analytics' }).parentElement!)
    expect(analytics.getByText('Counts visits.')).toBeTruthy()
    const terms = analytics.getAllByRole('term').map((t) => t.textContent)
    const definitions = analytics.getAllByRole('definition').map((d) => d.textContent)
    expect(terms).toEqual(['Purpose', 'Data collected', 'Retention', 'Recipients', 'If you refuse'])
    expect(definitions).toEqual([
      'Visit statistics',
      'Cookie ID, pages viewed',
      '1 year',
      'Stats Inc.',
      'You may refuse this consent. None: the site works the same.',
    ])
    // A category with no PIPA fields has no notice.
    expect(within(q.getByRole('heading', { name: 'Marketing' }).parentElement!).queryAllByRole('term')).toEqual([])
  })

  test('the visitor’s current choice per category and service: not decided yet, then what was decided, live', async () => {
    const { el } = await fill('<div data-consent-gate-declaration></div>')
    const choices = () => Array.from(el.querySelectorAll('.cg-decl-choice')).map((p) => p.textContent)
    expect(choices()).toEqual([
      'Your current choice: Always on',
      'Your current choice: Not decided yet',
      'Your current choice: Not decided yet',
      'Your current choice: Not decided yet',
    ])
    gate.rejectAll()
    expect(choices()).toEqual([
      'Your current choice: Always on',
      'Your current choice: Refused',
      'Your current choice: Refused',
      'Your current choice: Refused',
    ])
    gate.update({ stats: true })
    expect(choices()).toEqual([
      'Your current choice: Always on',
      'Your current choice: Allowed',
      'Your current choice: Allowed',
      'Your current choice: Refused',
    ])
    gate.rejectAll()
    // From "reject all" back to undecided nothing granted changes (no `change` event): still shown.
    gate.reset()
    expect(choices()[1]).toBe('Your current choice: Not decided yet')
  })

  test('services are listed with their description; one cookie table per category with caption and scoped headers', async () => {
    const { q } = await fill('<div data-consent-gate-declaration></div>')
    expect(q.getByRole('heading', { level: 4, name: 'Services' })).toBeTruthy()
    expect(q.getByRole('listitem').textContent).toContain('Stats: A visit counter.')
    const table = q.getByRole('table', { name: 'Cookies used for Analytics' })
    const t = within(table)
    expect(t.getAllByRole('columnheader').map((h) => [h.textContent, h.getAttribute('scope')])).toEqual([
      ['Name', 'col'],
      ['Provider', 'col'],
      ['Purpose', 'col'],
      ['Lifetime', 'col'],
    ])
    // A service's cookie without a provider is the service's.
    expect(t.getAllByRole('row')[1].textContent).toBe('_statsStatsTells visits apart1 year')
    expect(t.getByRole('rowheader').getAttribute('scope')).toBe('row')
    expect(
      within(q.getByRole('table', { name: 'Cookies used for Strictly necessary' }))
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Acme', 'Your choice', '6 months'])
    // A name alone is a row with empty cells.
    expect(within(q.getByRole('table', { name: 'Cookies used for Marketing' })).getByRole('rowheader').textContent).toBe('_ads')
  })

  test('the button opens the preferences; the paragraph says how to refuse cookies in the browser', async () => {
    const { q } = await fill('<div data-consent-gate-declaration></div>')
    const shown: unknown[] = []
    gate.on('show', (v) => shown.push(v))
    q.getByRole('button', { name: 'Change cookie settings' }).click()
    expect(shown).toEqual([{ view: 'preferences' }])
    const text = q.getByRole('heading', { name: 'Refusing cookies in your browser' }).nextElementSibling!.textContent!
    for (const browser of ['Chrome', 'Edge', 'Firefox', 'Safari']) expect(text).toContain(browser)
  })

  test('config strings are text, never markup', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">'
    const { el, q } = await fill('<div data-consent-gate-declaration></div>', {
      categories: { analytics: { title: evil, purpose: evil, services: { s: { title: evil, cookies: [{ name: 'a', provider: evil }] } } } },
    })
    expect(el.querySelector('img')).toBeNull()
    expect(q.getAllByText(evil, { exact: false }).length).toBeGreaterThan(2)
    expect(q.getByRole('table', { name: 'Cookies used for ' + evil })).toBeTruthy()
  })

  test('a title with replacement patterns ($&, $1) is written as it is', async () => {
    const { q } = await fill('<div data-consent-gate-declaration></div>', { categories: { a: { title: 'A$&B$1', cookies: ['x'] } } })
    expect(q.getByRole('table', { name: 'Cookies used for A$&B$1' })).toBeTruthy()
  })

  test('data-heading-level sets where the headings start; what was in the element is replaced; a second fill leaves it', async () => {
    const { el, q } = await fill('<div data-consent-gate-declaration data-heading-level="2"><p>Loading the cookie list…</p></div>')
    expect(q.getByRole('heading', { level: 2, name: 'Analytics' })).toBeTruthy()
    expect(q.getByRole('heading', { level: 3, name: 'Services' })).toBeTruthy()
    expect(el.textContent).not.toContain('Loading')
    const before = el.innerHTML
    await fillDeclarations(gate, loader().load, () => {})
    expect(el.innerHTML).toBe(before)
  })
})

describe('the declaration in Korean', () => {
  test('lang="ko" on the element: both Korean chunks are loaded and every text is Korean', async () => {
    const { q, requested } = await fill('<div data-consent-gate-declaration lang="ko"></div>', {
      categories: {
        necessary: { required: true },
        analytics: { purpose: '방문 통계', retention: '1년', refusalConsequence: '불이익은 없습니다.', cookies: ['_ga'] },
      },
    })
    expect(requested).toEqual(['ko', 'ko-more'])
    expect(q.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['필수', '분석', '웹 브라우저에서 쿠키 거부하기'])
    expect(q.getAllByRole('term').map((t) => t.textContent)).toEqual(['수집·이용 목적', '보유·이용 기간', '동의 거부 시 불이익'])
    expect(q.getByText('귀하는 이 동의를 거부할 권리가 있습니다. 불이익은 없습니다.')).toBeTruthy()
    expect(q.getByRole('table', { name: '분석 목적으로 사용하는 쿠키' })).toBeTruthy()
    expect(q.getAllByText('아직 선택하지 않음').length).toBe(1)
    expect(q.getByRole('button', { name: '쿠키 설정 변경' })).toBeTruthy()
  })

  test.each(['ko', 'ko-more'])('when the Korean chunk %s cannot load, the problem is reported and the declaration is in English, marked so', async (chunk) => {
    const { el, q, report } = await fill('<div data-consent-gate-declaration lang="ko"></div>', OPTIONS, chunk)
    expect(report).toHaveBeenCalledWith(['ui', '', `consent-gate-${chunk}.js`])
    expect(q.getByRole('button', { name: 'Change cookie settings' })).toBeTruthy()
    // The cookie table's headings (texts of the second part) too: no half-Korean table.
    expect(q.getAllByRole('columnheader')[0].textContent).toBe('Name')
    expect(el.getAttribute('lang')).toBe('en')
  })

  test('a site override of a declaration text wins', async () => {
    const { q } = await fill('<div data-consent-gate-declaration data-lang="ko"></div>', {
      ...OPTIONS,
      texts: { ko: { changeSettings: '설정 열기' } as never },
    })
    expect(q.getByRole('button', { name: '설정 열기' })).toBeTruthy()
  })
})

describe('declarationLanguage', () => {
  const both = ['en', 'ko']
  test('data-lang first, then the lang the element has or inherits, <html lang> last', () => {
    document.body.innerHTML = '<section lang="ko-KR"><div id="a" data-lang="en"></div><div id="b"></div></section><div id="c"></div>'
    document.documentElement.lang = 'en'
    expect(declarationLanguage(document.getElementById('a')!, 'auto', both)).toBe('en')
    expect(declarationLanguage(document.getElementById('b')!, 'auto', both)).toBe('ko')
    expect(declarationLanguage(document.getElementById('c')!, 'ko', both)).toBe('en')
  })
  test('a page language the SDK cannot show: the configured language, then the browser', () => {
    document.body.innerHTML = '<div id="d"></div>'
    document.documentElement.lang = 'de'
    expect(declarationLanguage(document.getElementById('d')!, 'ko', both)).toBe('ko')
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['fr', 'ko-KR'])
    expect(declarationLanguage(document.getElementById('d')!, 'auto', both)).toBe('ko')
  })
})

test('nothing is logged while drawing', async () => {
  await fill('<div data-consent-gate-declaration></div>')
  expect(errors).not.toHaveBeenCalled()
})
