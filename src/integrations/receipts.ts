import type { ConsentState, ResolvedConfig } from '../types'
import { EMBED } from '../util/build'
import type { Integration } from './integration'

/**
 * Receipts, with an `endpoint`: `start` is called once and returns what takes each decision
 * (the npm entry's queue and delivery, or the script tag's hand-over to the receipts chunk). It is
 * given each decision synchronously: a reload right after (withdrawal) must not lose it. Its
 * `stop`, when it has one, is the teardown.
 */
export const receipts =
  (start: (config: ResolvedConfig) => ((state: ConsentState) => void) & { stop?: () => void }): Integration =>
  ({ config, hook }) => {
    if (config.endpoint) {
      const record = start(config)
      hook('settle', (s) => s.state && record(s.state))
      if (!EMBED) return record.stop
    }
    return undefined
  }
