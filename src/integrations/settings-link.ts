import { EMBED } from '../util/build'
import { guard } from '../util/guard'
import type { ConsentGate } from '../types'

/** Opt out of the sale and sharing of personal data: marketing off, recorded as `opt-out`. */
export const optOut = (api: ConsentGate) => api.update(api.config.categories.marketing ? { marketing: false } : {}, 'opt-out')

/**
 * Any element with `data-consent-settings` reopens the preferences (a footer link, a button); one
 * with `data-consent-gate-opt-out` is a "Do Not Sell or Share My Personal Information" control: it
 * opts out of marketing in one step (method `opt-out`), keeping the other choices.
 */
export const settingsLink = (api: ConsentGate) => {
  const click = guard((e: Event) => {
    const t = e.target as Element | null
    if (!t || !t.closest) return
    if (t.closest('[data-consent-settings]')) {
      e.preventDefault()
      api.showPreferences()
    } else if (t.closest('[data-consent-gate-opt-out]')) {
      e.preventDefault()
      optOut(api)
    }
  })
  document.addEventListener('click', click)
  return EMBED ? undefined : () => document.removeEventListener('click', click)
}
