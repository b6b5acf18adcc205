import { afterEach, describe, expect, test } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/preact'
import { Banner } from '../../src/ui/Banner'
import { resolveTexts } from '../../src/i18n'

afterEach(cleanup)

function setup(props: Partial<Parameters<typeof Banner>[0]> = {}, lang = 'en') {
  const calls: string[] = []
  render(
    <Banner
      texts={resolveTexts(lang)}
      onAcceptAll={() => calls.push('accept')}
      onRejectAll={() => calls.push('reject')}
      onManage={() => calls.push('manage')}
      {...props}
    />,
  )
  return calls
}

describe('Banner', () => {
  test('offers Accept all, Reject all and Manage preferences as buttons in one group', () => {
    setup()
    const group = screen.getByRole('group')
    const names = Array.from(group.querySelectorAll('button')).map((b) => b.textContent)
    expect(names).toEqual(['Accept all', 'Reject all', 'Manage preferences'])
    expect(screen.getByRole('region', { name: 'We value your privacy' })).toBeTruthy()
  })

  test('each button calls its own action', () => {
    const calls = setup()
    fireEvent.click(screen.getByRole('button', { name: 'Reject all' }))
    fireEvent.click(screen.getByRole('button', { name: 'Accept all' }))
    fireEvent.click(screen.getByRole('button', { name: 'Manage preferences' }))
    expect(calls).toEqual(['reject', 'accept', 'manage'])
  })

  test('Accept all and Reject all carry the same class, so they look the same', () => {
    setup()
    expect(screen.getByRole('button', { name: 'Accept all' }).className).toBe(screen.getByRole('button', { name: 'Reject all' }).className)
  })

  test('the close button rejects and says so', () => {
    const calls = setup({ closeButton: true })
    fireEvent.click(screen.getByRole('button', { name: 'Close and reject all' }))
    expect(calls).toEqual(['reject'])
  })

  test('the policy link is shown for a safe URL and left out for a javascript: one', () => {
    setup({ policyUrl: '/privacy' })
    expect(screen.getByRole('link', { name: 'Privacy policy' }).getAttribute('href')).toBe('/privacy')
    cleanup()
    setup({ policyUrl: 'java\tscript:alert(1)' })
    expect(screen.queryByRole('link')).toBeNull()
  })

  test('speaks Korean', () => {
    setup({}, 'ko')
    expect(screen.getByRole('button', { name: '모두 동의' })).toBeTruthy()
    expect(screen.getByRole('button', { name: '모두 거부' })).toBeTruthy()
    expect(screen.getByRole('button', { name: '설정 관리' })).toBeTruthy()
  })

  test('config strings render as text, never as HTML', () => {
    setup({ texts: { ...resolveTexts('en'), bannerTitle: '<img src=x onerror=alert(1)>' } })
    expect(document.querySelector('img')).toBeNull()
    expect(screen.getByRole('heading').textContent).toBe('<img src=x onerror=alert(1)>')
  })
})
