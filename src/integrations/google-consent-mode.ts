import { CONSENT_MODE_TYPES } from '../core/config'
import type { Choices } from '../core/state'
import type { ConsentModeType, ConsentState, ResolvedConfig } from '../types'
import { keys } from '../util/dict'

type Signals = Record<ConsentModeType, 'granted' | 'denied'>
type GcmConfig = Exclude<ResolvedConfig['googleConsentMode'], false>
type Win = Window & { dataLayer?: unknown[]; gtag?: (...args: unknown[]) => void }

/**
 * The seven consent types for a set of choices. A type is granted when every category mapped to
 * it is granted (with several categories on one type, the strictest wins); `security_storage`
 * is always granted, unmapped types are denied.
 */
export function consentSignals(gcm: GcmConfig, choices?: Choices | null): Signals {
  const out = {} as Signals
  for (const type of CONSENT_MODE_TYPES) {
    const cats = keys(gcm.mapping).filter((c) => gcm.mapping[c].indexOf(type) >= 0)
    out[type] = type === 'security_storage' || (choices && cats[0] && cats.every((c) => choices.categories[c] === true)) ? 'granted' : 'denied'
  }
  return out
}

/**
 * gtag.js only reads `arguments` objects from the dataLayer, not arrays, so calls go through a
 * real `gtag` function: the site's own when it has one, else the standard two-liner.
 */
function gtag(win: Win): (...args: unknown[]) => void {
  win.dataLayer = win.dataLayer || []
  if (typeof win.gtag !== 'function')
    win.gtag = function () {
      // eslint-disable-next-line prefer-rest-params
      // biome-ignore lint/complexity/noArguments: Google's tags read an Arguments object, not an array
      win.dataLayer!.push(arguments)
    }
  return win.gtag
}

/**
 * `gtag('consent', 'default', …)`: must be on the dataLayer before any Google tag's `config`,
 * which is why the embed runs it synchronously, first in `<head>`.
 */
export function pushConsentDefault(win: Win, gcm: GcmConfig, state: ConsentState | null, undecided?: Choices): void {
  const g = gtag(win)
  const general = { ...consentSignals(gcm, undecided), wait_for_update: gcm.waitForUpdate }
  const regions: Record<string, object> = gcm.regions || {}
  // Each region's default (the general one, with the region's types over it) first, then the general one; then the settings.
  for (const r of keys(regions)) g('consent', 'default', { ...general, ...regions[r], region: [r] })
  g('consent', 'default', general)
  // Only `true` sets them (`lintConfig` names any other value).
  if (gcm.ads_data_redaction === true) g('set', 'ads_data_redaction', true)
  if (gcm.url_passthrough === true) g('set', 'url_passthrough', true)
  if (state) pushConsentUpdate(win, gcm, state)
}

/** `update` with all seven types, then a dataLayer event, so tags fired by the event see the new consent. */
export function pushConsentUpdate(win: Win, gcm: GcmConfig, state: ConsentState | null): void {
  gtag(win)('consent', 'update', consentSignals(gcm, state))
  win.dataLayer!.push({ event: 'consent_gate_update', consentGate: state })
}
