import type { ConsentGate, ResolvedConfig } from '../types'
import type { UIController } from '../ui/mount'
import type { Integration } from './integration'

/**
 * The built-in UI (`ui: false` opts out), loaded the first time something must be shown: the
 * banner, the preferences, or the placeholder of a blocked iframe. Closing never loads it.
 */
export const builtInUI =
  (load: (config: ResolvedConfig) => Promise<(gate: ConsentGate) => UIController>): Integration =>
  ({ api, config, report, hook }) => {
    let controller: Promise<UIController> | null = null
    if (config.extra.ui !== false)
      hook('ui', (view) => {
        if (view === null && !controller) return
        controller = controller || load(config).then((mount) => mount(api))
        controller
          .then((c) => (view ? c.show(view) : view === null ? c.hide() : c.embeds()))
          .catch((e) => {
            controller = null
            report(['ui', '', e])
          })
      })
  }
