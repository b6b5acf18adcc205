import type { GateInternals } from '../integrations/integration'
import { autoBlock } from './auto-block'
import { clearStorage, cookieGuard } from './cookie-guard'
import { autoOptions } from './options'

/**
 * The auto core's integration: auto-blocking of known vendors, the cookie guard and the clearing of
 * listed storage keys, each as the config asks. Set up before the blocker's first scan, so what it
 * holds is gated markup by then.
 */
export function auto(gate: GateInternals): void {
  const { block, guard, storage } = autoOptions(gate.config, gate.report)
  if (block) autoBlock(gate, block)
  if (guard) cookieGuard(gate, guard)
  clearStorage(gate, storage)
}
