import type { GateInternals } from '../integrations/integration'
import { autoBlock } from './auto-block'
import { clearStorage, cookieGuard } from './cookie-guard'
import { autoOptions } from './options'
import type { ChunkName } from '../chunks'

/**
 * The auto core's integration: auto-blocking of known vendors, the cookie guard (its decisions in
 * the `cookies` chunk, fetched with the script tag's `load`) and the clearing of listed storage
 * keys, each as the config asks. Set up before the blocker's first scan, so what it holds is gated
 * markup by then.
 */
export const auto =
  (load: <T>(name: ChunkName) => Promise<T>) =>
  (gate: GateInternals): void => {
    const { block, guard, storage, cookies } = autoOptions(gate.config, gate.report)
    if (block) autoBlock(gate, block)
    if (guard) cookieGuard(gate, guard, cookies, load)
    clearStorage(gate, storage)
  }
