import type { ResolvedConfig, ServiceConfig } from '../types'
import { keys } from '../util/dict'

/**
 * Call `fn` for every category of `config` and every service, in config order: a category with
 * `parent` undefined, then each of its services with `parent` its category's id. The one walk over
 * what the config can grant, for the code that reads a field of each (the cookie and storage
 * lists, the checks of those lists).
 */
export function eachItem(
  config: Pick<ResolvedConfig, 'categories'>,
  fn: (id: string, item: ResolvedConfig['categories'][string] | ServiceConfig, parent?: string) => void,
): void {
  for (const cat of keys(config.categories)) {
    const c = config.categories[cat]
    fn(cat, c)
    for (const sid of keys(c.services || {})) fn(sid, c.services![sid], cat)
  }
}
