import { afterEach, describe, expect, test } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { Placeholder } from '../../src/ui/placeholders'
import { resolveTexts } from '../../src/i18n'

afterEach(cleanup)

function setup(lang = 'en', overrides = {}) {
  const calls: string[] = []
  render(
    <Placeholder
      texts={resolveTexts(lang, overrides)}
      service="YouTube"
      category="Marketing"
      onLoadOnce={() => calls.push('once')}
      onAlwaysAllow={() => calls.push('always')}
    />,
  )
  return calls
}

describe('Placeholder', () => {
  test('a group named by its notice, which names the service and the category', () => {
    setup()
    const group = screen.getByRole('group', { name: 'This content from YouTube is blocked until you allow Marketing.' })
    expect(Array.from(group.querySelectorAll('button')).map((b) => b.textContent)).toEqual(['Load this content', 'Always allow'])
  })

  test('each button calls its own action', () => {
    const calls = setup()
    fireEvent.click(screen.getByRole('button', { name: 'Always allow' }))
    fireEvent.click(screen.getByRole('button', { name: 'Load this content' }))
    expect(calls).toEqual(['always', 'once'])
  })

  test('Korean, and texts overrides; a title with "$&" is shown as written', () => {
    setup('ko')
    expect(screen.getByRole('group', { name: 'Marketing에 동의하기 전에는 YouTube의 콘텐츠가 차단됩니다.' })).toBeTruthy()
    expect(screen.getByRole('button', { name: '이 콘텐츠 불러오기' })).toBeTruthy()
    cleanup()
    render(
      <Placeholder
        texts={resolveTexts('en', { en: { alwaysAllow: 'Allow videos' } })}
        service="A$&B"
        category="M"
        onLoadOnce={() => {}}
        onAlwaysAllow={() => {}}
      />,
    )
    expect(screen.getByRole('group', { name: 'This content from A$&B is blocked until you allow M.' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Allow videos' })).toBeTruthy()
  })
})
