import type { TextKey, Texts } from '../i18n'
import type { ResolvedConfig } from '../types'

const BUILT_IN_IDS = ['necessary', 'functional', 'analytics', 'personalization', 'marketing']

/**
 * Title and description of a category in the visitor's language. A built-in category whose
 * title the site did not set (the config then holds its id) takes the translated texts.
 */
export function categoryText(id: string, cat: ResolvedConfig['categories'][string], texts: Texts): { title: string; description: string } {
  if (BUILT_IN_IDS.indexOf(id) >= 0 && cat.title === id) {
    const key = ('category' + id.charAt(0).toUpperCase() + id.slice(1)) as TextKey
    return { title: texts[key], description: cat.description || texts[(key + 'Text') as TextKey] }
  }
  return { title: cat.title, description: cat.description || '' }
}
