// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { availableLanguages, BUILT_IN, pickLanguage, resolveTexts } from '../../src/i18n'
import { en } from '../../src/i18n/en'
import { ko } from '../../src/i18n/ko'

describe('pickLanguage', () => {
  const both = ['en', 'ko']
  test('auto takes <html lang> first', () => {
    expect(pickLanguage('auto', 'ko-KR', ['en-US'], both)).toBe('ko')
  })
  test('auto falls back to the browser languages in order when <html lang> is missing or unavailable', () => {
    expect(pickLanguage('auto', '', ['fr-FR', 'ko', 'en'], both)).toBe('ko')
    expect(pickLanguage('auto', 'de', ['ko-KR'], both)).toBe('ko')
  })
  test('auto ends with English', () => {
    expect(pickLanguage('auto', 'de', ['fr', 'ja'], both)).toBe('en')
    expect(pickLanguage('auto', null, [], both)).toBe('en')
  })
  test('a configured language wins over the page and the browser when it is available', () => {
    expect(pickLanguage('ko', 'en', ['en'], both)).toBe('ko')
    expect(pickLanguage('ja', 'ko', ['ko'], both)).toBe('en')
  })
  test('a language added through texts can be picked', () => {
    expect(pickLanguage('auto', 'ja-JP', [], availableLanguages({ ja: { acceptAll: 'すべて同意' } }))).toBe('ja')
  })
})

describe('resolveTexts', () => {
  test('Korean is complete: every English key has a Korean string of its own', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(typeof ko[key], key).toBe('string')
      expect(ko[key].trim().length, key).toBeGreaterThan(0)
    }
    expect(ko.acceptAll).toBe('모두 동의')
    expect(ko.rejectAll).toBe('모두 거부')
  })
  test('the English labels of the three banner buttons are exactly as specified', () => {
    expect([en.acceptAll, en.rejectAll, en.managePreferences]).toEqual(['Accept all', 'Reject all', 'Manage preferences'])
  })
  test('a site override replaces one string and leaves the others', () => {
    const t = resolveTexts('ko', { ko: { bannerTitle: '쿠키 안내' } })
    expect(t.bannerTitle).toBe('쿠키 안내')
    expect(t.acceptAll).toBe('모두 동의')
  })
  test('an added language falls back to English key by key', () => {
    const t = resolveTexts('ja', { ja: { acceptAll: 'すべて同意' } })
    expect(t.acceptAll).toBe('すべて同意')
    expect(t.rejectAll).toBe('Reject all')
  })
  test('non-string overrides and unknown keys are ignored', () => {
    const t = resolveTexts('en', { en: { acceptAll: 42, rejectAll: null, nope: 'x' } as never })
    expect(t.acceptAll).toBe('Accept all')
    expect(t.rejectAll).toBe('Reject all')
    expect('nope' in t).toBe(false)
  })
  test('resolving never changes the built-in tables', () => {
    resolveTexts('en', { en: { acceptAll: 'OK' } })
    expect(BUILT_IN.en.acceptAll).toBe('Accept all')
  })
})

describe('availableLanguages', () => {
  test('only tags that look like languages are added', () => {
    expect(availableLanguages({ ja: {}, 'x y': {}, ko: {} })).toEqual(['en', 'ko', 'ja'])
  })
})
