import { afterEach, describe, expect, test } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact'
import { Preferences } from '../../src/ui/Preferences'
import { resolveTexts } from '../../src/i18n'
import { normalizeConfig } from '../../src/core/config'
import { makeState, uniform, applyChanges } from '../../src/core/state'

afterEach(cleanup)

const { config } = normalizeConfig({
  categories: {
    necessary: { title: 'necessary', required: true, cookies: ['consent_gate'] },
    analytics: {
      title: 'Analytics',
      description: 'Visit counts',
      services: { ga4: { title: 'Google Analytics', cookies: [{ name: '_ga*', provider: 'Google', purpose: 'Visitor id', lifetime: '2 years' }] } },
    },
    marketing: {
      title: 'Marketing',
      purpose: '맞춤형 광고',
      items: '쿠키 ID, 방문 기록',
      retention: '1년',
      refusalConsequence: '맞춤형 광고를 볼 수 없습니다.',
    },
  },
})

function setup(state = null as ReturnType<typeof makeState> | null, lang = 'en') {
  const saved: Record<string, boolean>[] = []
  const calls: string[] = []
  render(
    <Preferences
      config={config}
      texts={resolveTexts(lang)}
      state={state}
      onAcceptAll={() => calls.push('accept')}
      onRejectAll={() => calls.push('reject')}
      onSave={(c) => saved.push(c)}
    />,
  )
  return { saved, calls }
}

const sw = (name: string) => screen.getByRole('switch', { name })

describe('Preferences', () => {
  test('is a modal dialog labelled by its title', () => {
    setup()
    expect(screen.getByRole('dialog', { name: 'Privacy preferences' }).getAttribute('aria-modal')).toBe('true')
  })

  test('has one switch per category named by its title; a built-in title is translated', () => {
    setup()
    expect(sw('Strictly necessary')).toBeTruthy()
    expect(sw('Analytics').getAttribute('aria-checked')).toBe('false')
    expect(sw('Marketing').getAttribute('aria-checked')).toBe('false')
  })

  test('the required category is locked on and says why', () => {
    setup()
    const s = sw('Strictly necessary')
    expect(s.getAttribute('aria-checked')).toBe('true')
    expect(s.getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(s)
    expect(s.getAttribute('aria-checked')).toBe('true')
    expect(screen.getByText(/Always on: Needed for the site to work/)).toBeTruthy()
  })

  test('nothing is pre-ticked for an undecided visitor: saving at once grants only the required', () => {
    const { saved } = setup()
    fireEvent.click(screen.getByRole('button', { name: 'Save preferences' }))
    expect(saved).toEqual([{ necessary: true, analytics: false, marketing: false, ga4: false }])
  })

  test('switches start from the stored choice', () => {
    const stored = makeState(
      config,
      applyChanges(config, uniform(config, false), { marketing: true }).choices,
      'custom',
      '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
      Date.now(),
    )
    setup(stored)
    expect(sw('Marketing').getAttribute('aria-checked')).toBe('true')
    expect(sw('Analytics').getAttribute('aria-checked')).toBe('false')
  })

  test('a category switch takes its services along; a service switched on turns its category on', () => {
    const { saved } = setup()
    fireEvent.click(sw('Analytics'))
    expect(sw('Google Analytics').getAttribute('aria-checked')).toBe('true')
    fireEvent.click(sw('Analytics'))
    expect(sw('Google Analytics').getAttribute('aria-checked')).toBe('false')
    fireEvent.click(sw('Google Analytics'))
    expect(sw('Analytics').getAttribute('aria-checked')).toBe('true')
    fireEvent.click(screen.getByRole('button', { name: 'Save preferences' }))
    expect(saved[0]).toMatchObject({ analytics: true, ga4: true, marketing: false })
  })

  test('a service shows its cookie table: name, provider, purpose, lifetime', () => {
    setup()
    const tables = screen.getAllByRole('table')
    expect(tables).toHaveLength(2) // necessary's own cookies, and the ga4 service's
    const table = tables.find((t) => t.textContent!.includes('_ga*'))!
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Name', 'Provider', 'Purpose', 'Lifetime'])
    expect(
      within(table)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['_ga*', 'Google', 'Visitor id', '2 years'])
  })

  test('the PIPA notice fields are shown with their category, with the right to refuse', () => {
    setup(null, 'ko')
    expect(screen.getByText('맞춤형 광고')).toBeTruthy()
    expect(screen.getByText('쿠키 ID, 방문 기록')).toBeTruthy()
    expect(screen.getByText('1년')).toBeTruthy()
    expect(screen.getByText('귀하는 이 동의를 거부할 권리가 있습니다. 맞춤형 광고를 볼 수 없습니다.')).toBeTruthy()
    expect(screen.getByText('수집 항목')).toBeTruthy()
  })

  test('Accept all and Reject all are there too, next to Save preferences', () => {
    const { calls } = setup()
    fireEvent.click(screen.getByRole('button', { name: 'Accept all' }))
    fireEvent.click(screen.getByRole('button', { name: 'Reject all' }))
    expect(calls).toEqual(['accept', 'reject'])
  })
})
