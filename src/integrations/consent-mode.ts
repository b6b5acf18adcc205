import type { Integration } from './integration'
import { pushConsentDefault, pushConsentUpdate } from './google-consent-mode'

/**
 * Google Consent Mode v2: the default at once (the embed runs first in `<head>`, before any Google
 * tag), then an update on every decision, before the page's `consent` and `change` listeners run.
 */
export const consentMode: Integration = ({ api, config, hook }) => {
  const gcm = config.googleConsentMode
  if (gcm) {
    pushConsentDefault(window, gcm, api.get())
    hook('settle', (s) => pushConsentUpdate(window, gcm, s.state))
  }
}
