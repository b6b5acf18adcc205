import type { Integration } from './integration'
import { pushConsentDefault, pushConsentUpdate } from './google-consent-mode'

/**
 * Google Consent Mode v2: the default at once (the embed runs first in `<head>`, before any Google
 * tag), then an update on every decision, before the page's `consent` and `change` listeners run.
 */
export const consentMode: Integration = ({ api, config, hook, undecided }) => {
  const gcm = config.googleConsentMode
  if (gcm) {
    // The default says what holds before a choice: granted for what runs under an opt-out profile.
    pushConsentDefault(window, gcm, api.get(), undecided)
    hook('settle', (s) => pushConsentUpdate(window, gcm, s.state))
  }
}
