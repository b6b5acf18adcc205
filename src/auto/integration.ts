import type { GateInternals } from '../integrations/integration'
import { autoBlock } from './auto-block'
import { cookieGuard } from './cookie-guard'
import type { clearStorage } from './storage'
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
    const [block, guard, storage, cookies] = autoOptions(gate.config)
    if (block) autoBlock(gate, block)
    if (guard) cookieGuard(gate, guard, cookies, load)
    // On every decision, as the cookie purge does, and the reload of a withdrawal waits for it as
    // for the purge (this runs after the purge's hook and before the reload's: src/embed.ts).
    if (storage)
      gate.hook('settle', (s) => {
        if (s.state)
          s.purged = Promise.all([
            s.purged,
            load<typeof clearStorage>('storage')
              .then((clear) => clear(gate.api))
              .catch((e) => gate.report(['ui', '', e])),
          ])
      })
  }
