import { isSafeUrl } from '../core/safe-url'
import type { ConsentGate } from '../types'

/**
 * The banner's impression counter, set up once per mount: the returned `count(lang)` reports one
 * banner shown to an undecided visitor to the consent log's `POST /api/impressions` as
 * `{ revision, language, profile }` (no identifier), at most once per page view (a second
 * `show()` is the same view) and never once a decision exists.
 *
 * The URL is `impressionsEndpoint` when set, else `/impressions` next to an `endpoint` ending in
 * `/consents` (the consent-log server's routes), else there is none; `impressions: false` turns
 * counting off. A value of the wrong type counts as unset: a typo never sends anything anywhere
 * (`lintConfig` names it).
 *
 * `sendBeacon` gets no answer: a failure (a missing or throwing `sendBeacon` too) is silent and
 * never retried. The body goes as text/plain, which needs no CORS preflight, so a consent log on
 * another origin that allows the site's origin counts it as well.
 */
export function impressionCounter(gate: ConsentGate): (lang: string) => void {
  const config = gate.config
  const extra = config.extra as { impressions?: unknown; impressionsEndpoint?: unknown }
  const { impressions: on, impressionsEndpoint: url } = extra
  // The jurisdiction profile in force, validated by the core.
  const { endpoint, revision, profile } = config
  // `…/consents` at the end of the path, before any query or fragment.
  const beside = endpoint && endpoint.replace(/\/consents\/?(?=[?#]|$)/, '/impressions')
  const to = on !== false && (isSafeUrl(url) ? url : beside !== endpoint && beside)
  let sent = !to
  return (language) => {
    if (sent || gate.get()) return
    sent = true
    try {
      navigator.sendBeacon(to as string, JSON.stringify({ revision, language, profile }))
    } catch {
      // No beacon (an old browser, a page that replaced it, a URL it refuses): nothing is counted.
    }
  }
}
