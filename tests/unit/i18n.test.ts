// @vitest-environment node
import { describe, expect, test } from 'vitest'
import { availableLanguages, BUILT_IN, LANGUAGES, MORE, pickLanguage, resolveTexts, textsFor } from '../../src/i18n'
import { en, enFirst, enMore } from '../../src/i18n/en'
import { ko, koFirst, koMore } from '../../src/i18n/ko'
import { CHUNKS } from '../../src/chunks'

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

describe('the two parts of the texts', () => {
  const PARTS = { en: [enFirst, enMore], ko: [koFirst, koMore] }
  // What the banner and the widget's host show, read from src/ui/banner.ts and mount.ts: the first layer.
  const FIRST_LAYER = [
    'bannerTitle',
    'consentRegion',
    'bannerText',
    'policyLink',
    'acceptAll',
    'rejectAll',
    'managePreferences',
    'closeAndReject',
    'doNotSell',
    'gpcHonoured',
  ]

  test('every key is in exactly one part, and the first part is the first layer', () => {
    const first = Object.keys(enFirst)
    const more = Object.keys(enMore)
    expect(first.filter((k) => more.includes(k))).toEqual([])
    expect([...first, ...more].sort()).toEqual(Object.keys(en).sort())
    expect(first.sort()).toEqual([...FIRST_LAYER].sort())
  })

  test('every built-in language has both parts, each with exactly the keys of English’s, every string its own', () => {
    expect(Object.keys(PARTS)).toEqual([...LANGUAGES])
    for (const [lang, [first, more]] of Object.entries(PARTS)) {
      expect(Object.keys(first).sort(), lang).toEqual(Object.keys(enFirst).sort())
      expect(Object.keys(more).sort(), lang).toEqual(Object.keys(enMore).sort())
      for (const [key, value] of Object.entries({ ...first, ...more }))
        expect(typeof value === 'string' && value.trim().length > 0, `${lang}.${key}`).toBe(true)
      expect(BUILT_IN[lang], lang).toEqual({ ...first, ...more })
    }
    expect(ko.savePreferences).toBe('설정 저장')
  })

  test('each part of each built-in language is a chunk with a budget', () => {
    for (const lang of LANGUAGES) {
      expect(CHUNKS, lang).toHaveProperty(lang)
      expect(CHUNKS, lang + MORE).toHaveProperty([lang + MORE])
    }
  })

  test("a site's overrides apply to each part's own keys", () => {
    const site = { ko: { bannerTitle: '쿠키 안내', savePreferences: '저장', nope: 'x' } as never }
    const first = textsFor('ko', site, koFirst)
    const more = textsFor('ko', site, koMore)
    expect([first.bannerTitle, more.savePreferences]).toEqual(['쿠키 안내', '저장'])
    expect(Object.keys(first).sort()).toEqual(Object.keys(koFirst).sort())
    expect(Object.keys(more).sort()).toEqual(Object.keys(koMore).sort())
    expect({ ...first, ...more }).toEqual({ ...ko, bannerTitle: '쿠키 안내', savePreferences: '저장' })
  })
})
