import type { Choices } from '../core/state'
import { readCookies } from '../storage/cookie-store'
import type { ResolvedConfig } from '../types'
import { keys } from '../util/dict'
import { EMBED } from '../util/build'
import { later } from '../util/guard'
import type { Integration } from './integration'

/**
 * Delete the listed cookies of denied purposes, on each page load with a stored choice (in a task
 * of its own, after the first tick: the trackers that set them stay blocked meanwhile) and on
 * every decision, when the page has any cookie besides the consent cookie (usually it has none
 * left to delete: the trackers that set them stayed blocked). `purge` does the deleting: directly
 * in the npm entry, through the purge chunk in the script tag; what it returns is left in
 * `purged` (the reload of a withdrawal waits for it).
 */
export const purge =
  (purge: (config: ResolvedConfig, choices: Choices) => unknown): Integration =>
  ({ api, config, hook }) => {
    const keep = config.cookie.name
    // Two cheap tests, so that the chunk loads only when there may be something to delete: a denied
    // purpose, and a cookie besides the consent cookie. Which cookies the denied purposes list,
    // and which of them the page has, is the chunk's work.
    const run = (choices: Choices) =>
      [choices.categories, choices.services].some((m) => keys(m).some((id) => !m[id])) && keys(readCookies()).some((name) => name !== keep)
        ? purge(config, choices)
        : 0
    // The choice in force then: a decision made meanwhile has purged already, and this does no harm.
    const start = later(() => {
      const current = api.get()
      if (current) run(current)
    })
    hook('settle', (s) => {
      s.purged = run(s.after)
    })
    return EMBED ? undefined : () => clearTimeout(start)
  }
