import { en, type TextKey, type Texts } from './en'
import { ko } from './ko'

export type { TextKey, Texts }

/**
 * The built-in languages. English is the fallback of every other one and comes with the UI chunk;
 * each other one is a chunk of its own named by its code (`src/ko-chunk.ts`), fetched only for a
 * visitor who gets that language. A site adds more through `texts: { ja: { … } }`.
 */
export const LANGUAGES = ['en', 'ko']

/** Every built-in table at hand, for code that bundles them all (the tests; not the script tag's UI). */
export const BUILT_IN: Record<string, Texts> = { en, ko }

/** The primary subtag of a language tag, lower-cased: `ko-KR` → `ko`, `zh_TW` → `zh`. */
export const primary = (tag: string) => tag.split(/[-_]/)[0].toLowerCase()

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
 * The texts for `lang` from its built-in table `table` (when it has one and it is loaded), with the
 * site's overrides on top, and English for any key still missing. Only strings count: a
 * non-string override is ignored, so a broken `texts` entry can never blank a button.
 */
export function textsFor(lang: string, overrides: Record<string, Partial<Record<TextKey, unknown>>>, table?: Texts): Texts {
  const out: Texts = { ...en, ...table }
  const site = overrides[lang] || {}
  for (const key of Object.keys(site) as TextKey[]) {
    const value = site[key]
    if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(en, key)) out[key] = value
  }
  return out
}

/** `textsFor` with every built-in table at hand. */
export const resolveTexts = (lang: string, overrides: Record<string, Partial<Record<TextKey, unknown>>> = {}): Texts =>
  textsFor(lang, overrides, BUILT_IN[lang])

/** Languages a page can be shown in: the built-in ones and those the site's `texts` add. */
export function availableLanguages(overrides: Record<string, unknown> = {}): string[] {
  const out = LANGUAGES.slice()
  for (const lang of Object.keys(overrides)) if (/^[a-z]{2,3}$/.test(lang) && out.indexOf(lang) < 0) out.push(lang)
  return out
}
