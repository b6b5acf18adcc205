import type { ConsentState, ResolvedConfig } from '../types'
import { EMBED } from '../util/build'
import { later } from '../util/guard'
import type { Integration } from './integration'

/**
 * Receipts, with an `endpoint`: `start` is called once and returns what takes each decision
 * (the npm entry's queue and delivery, or the script tag's hand-over to the receipts chunk). It is
 * given each decision synchronously: a reload right after (withdrawal) must not lose it. Started
 * in a task after the first tick (it reads localStorage and sends what earlier pages left), or by
 * the first decision if that comes first; in the script tag, by the first decision only (the page
 * chunk sends what earlier pages left). Its `stop`, when it has one, is the teardown.
 */
export const receipts =
  (start: (config: ResolvedConfig) => ((state: ConsentState) => void) & { stop?: () => void }): Integration =>
  ({ config, hook }) => {
    if (config.endpoint) {
      let record: ReturnType<typeof start> | undefined
      const started = () => (record = record || start(config))
      // The script tag leaves this to the page chunk, which loads the receipts chunk only when
      // something is left to send; here, `start` sends what is left.
      const timer = EMBED ? 0 : later(started)
      hook('settle', (s) => s.state && started()(s.state))
      if (!EMBED)
        return () => {
          clearTimeout(timer)
          if (record && record.stop) record.stop()
        }
    }
    return undefined
  }
