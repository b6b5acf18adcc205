import { isRevocation } from '../core/state'
import type { Integration } from './integration'

/**
 * `reloadOnRevoke`: when a granted purpose is withdrawn, reload the page once the cookie purge is
 * done, since scripts already running cannot be stopped. After the purge in the list.
 */
export const reloadOnRevoke: Integration = ({ config, hook }) => {
  if (config.reloadOnRevoke)
    hook('settle', (s) => {
      if ((s.reloading = isRevocation(s.before, s.after))) Promise.resolve(s.purged).then(() => location.reload())
    })
}
