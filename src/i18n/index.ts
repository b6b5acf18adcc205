import { en, type FirstTexts, type MoreTexts, type TextKey, type Texts } from './en'
import { ko } from './ko'

export type { FirstTexts, MoreTexts, TextKey, Texts }

/**
 * The built-in languages, each complete (a unit test checks every key) and each two chunks of its
 * own: the first layer named by its code (`src/en-chunk.ts`, `src/ko-chunk.ts`), fetched only for
 * a visitor who gets that language (the UI chunk carries no texts), and the rest named by its code
 * and `-more` (`src/en-more-chunk.ts`, `src/ko-more-chunk.ts`), fetched with the preferences or the
 * embed placeholders. English is also the base of a language a site adds through
 * `texts: { ja: { … } }`, key by key.
 */
export const LANGUAGES = ['en', 'ko'] as const
export type Language = (typeof LANGUAGES)[number]

/**
 * The suffix of a built-in language's second chunk, the texts beyond the banner (`en-more`,
 * `ko-more` in `src/chunks.ts`: the UI's template types check that each language has one).
 */
export const MORE = '-more'

/** A built-in language: one with chunks of its own. */
export const isBuiltIn = (lang: string): lang is Language => (LANGUAGES as readonly string[]).indexOf(lang) >= 0

/** Every built-in table at hand, for code that bundles them all (the tests; not the script tag's UI). */
export const BUILT_IN: Record<string, Texts> = { en, ko }

/** The primary subtag of a language tag, lower-cased: `ko-KR` → `ko`, `zh_TW` → `zh`. */
export const primary = (tag: string) => tag.split(/[-_]/)[0].toLowerCase()

/** The browser's languages in order of preference (`navigator.language` last: it is the first of them where both are there). */
export const browserLanguages = (): readonly string[] => (navigator.languages || []).concat(navigator.language || '')

/**
 * The UI language: the configured one when it is available; with `auto`, the first available of
 * `<html lang>`, then each of `navigator.languages` in order; English otherwise.
 */
export function pickLanguage(configured: string, htmlLang: string | null | undefined, browser: readonly string[], available: readonly string[]): string {
  const candidates = configured !== 'auto' ? [configured] : [htmlLang || ''].concat(browser)
  for (const tag of candidates) {
    const lang = primary(tag || '')
    if (available.indexOf(lang) >= 0) return lang
  }
  return 'en'
}

/**
 * The texts for `lang`: `table`, a complete built-in table or one part of it (the language's own, or
 * English's for a language the site adds or one whose chunk failed), with the site's overrides for
 * `lang` on top, those of the table's keys: each part takes the overrides of its own keys. Only
 * strings count: a non-string override is ignored, so a broken `texts` entry can never blank a
 * button. The table is a parameter, not an import, so that the UI chunk bundles no language.
 */
export function textsFor<T extends Partial<Texts>>(lang: string, overrides: Record<string, Partial<Record<TextKey, unknown>>>, table: T): T {
  const out: Record<string, string> = { ...table }
  const site = overrides[lang] || {}
  for (const key of Object.keys(site) as TextKey[]) {
    const value = site[key]
    if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(table, key)) out[key] = value
  }
  return out as T
}

/** `textsFor` with every built-in table at hand. */
export const resolveTexts = (lang: string, overrides: Record<string, Partial<Record<TextKey, unknown>>> = {}): Texts =>
  textsFor(lang, overrides, BUILT_IN[lang] || en)

/** Languages a page can be shown in: the built-in ones and those the site's `texts` add. */
export function availableLanguages(overrides: Record<string, unknown> = {}): string[] {
  const out: string[] = LANGUAGES.slice()
  for (const lang of Object.keys(overrides)) if (/^[a-z]{2,3}$/.test(lang) && out.indexOf(lang) < 0) out.push(lang)
  return out
}
