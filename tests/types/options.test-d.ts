/**
 * Type tests of the public options, compiled by `tsc -p tsconfig.json` in `npm test` (never run).
 * Each `@ts-expect-error` must meet an error: should the types accept the line below it (an
 * index signature back, a field widened), tsc fails with "Unused '@ts-expect-error' directive".
 */
import { createConsentGate, type ConsentGateOptions, type ResolvedConfig, type TextKey, type UIOptions } from '../../src/index'

// Valid options compile: every field, the UI's included.
const full: ConsentGateOptions = {
  categories: {
    necessary: { title: 'Necessary', required: true },
    analytics: { title: 'Analytics', cookies: ['_ga*', { name: '_gid', provider: 'Google', lifetime: '1 day' }], services: { ga4: { title: 'GA4' } } },
  },
  revision: 2,
  cookie: { name: 'cg', domain: '.example.com', sameSite: 'Strict', maxAgeDays: 30 },
  endpoint: '/api/consents',
  googleConsentMode: { mapping: { analytics: ['analytics_storage'] }, waitForUpdate: 0 },
  lang: 'auto',
  policyUrl: '/privacy',
  reloadOnRevoke: false,
  ui: true,
  texts: { en: { bannerTitle: 'Cookies', settingsButton: 'Privacy' }, ja: { acceptAll: 'すべて許可' } },
  theme: 'dark',
  position: 'box',
  blocking: true,
  closeButton: true,
  floatingButton: true,
}
createConsentGate(full)
createConsentGate({})
createConsentGate()
createConsentGate({ googleConsentMode: false, position: 'center', theme: 'light' })

// A misspelt option.
// @ts-expect-error floatingButon is not an option
createConsentGate({ floatingButon: true })
// @ts-expect-error reloadOnRevok is not an option
const misspelt: ConsentGateOptions = { reloadOnRevok: false }

// Wrong types.
// @ts-expect-error position is 'bar' | 'box' | 'center'
createConsentGate({ position: 'left' })
// @ts-expect-error revision is a number
createConsentGate({ revision: '1' })
// @ts-expect-error theme is 'light' | 'dark'
createConsentGate({ theme: 'blue' })
// @ts-expect-error floatingButton is a boolean
createConsentGate({ floatingButton: 'yes' })
// @ts-expect-error cookie.sameSite is 'Lax' | 'Strict' | 'None'
createConsentGate({ cookie: { sameSite: 'lax' } })
// @ts-expect-error a Consent Mode type that does not exist
createConsentGate({ googleConsentMode: { mapping: { analytics: ['analytics_cookies'] } } })

// An unknown text key, and a text that is not a string.
// @ts-expect-error bannerTitel is not a text key
createConsentGate({ texts: { en: { bannerTitel: 'Cookies' } } })
// @ts-expect-error texts are strings
createConsentGate({ texts: { ko: { acceptAll: 1 } } })

// Text keys are those of the English texts (plus the floating button's label).
const key: TextKey = 'placeholderText'
// @ts-expect-error not a text key
const notKey: TextKey = 'title'

// The resolved config is read-only, deeply.
declare const config: ResolvedConfig
// @ts-expect-error read-only
config.revision = 3
// @ts-expect-error read-only, nested
config.cookie.name = 'x'
// @ts-expect-error read-only dictionaries
config.categories.analytics = { title: 'A' }
// @ts-expect-error read-only arrays
config.categories.analytics.cookies?.push('x')
// @ts-expect-error read-only UI options
config.extra.theme = 'dark'
// The UI options are typed where the UI reads them.
const position: UIOptions['position'] = config.extra.position
// @ts-expect-error typed, not unknown
const wrong: number = config.extra.theme

export { key, misspelt, notKey, position, wrong }
