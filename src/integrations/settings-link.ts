import { EMBED } from '../util/build'
import { guard } from '../util/guard'
import type { Integration } from './integration'

/** Any element with `data-consent-settings` reopens the preferences (a footer link, a button). */
export const settingsLink: Integration = ({ api }) => {
  const click = guard((e: Event) => {
    const t = e.target as Element | null
    if (t && t.closest && t.closest('[data-consent-settings]')) {
      e.preventDefault()
      api.showPreferences()
    }
  })
  document.addEventListener('click', click)
  return EMBED ? undefined : () => document.removeEventListener('click', click)
}
