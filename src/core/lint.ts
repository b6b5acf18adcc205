import type { ConsentGateOptions, ResolvedConfig } from '../types'
import { isObj, keys } from '../util/dict'
import type { Problem } from './problems'

/** The PIPA Art. 15(2) notice fields the `kr` profile requires on every non-required category. */
const NOTICE = ['purpose', 'items', 'retention', 'refusalConsequence']

/**
 * The config checks that only name a problem: what they find changes nothing the core does (the
 * UI reads `floatingButton` as on only when `true`, the vendor APIs `vendorConsent` as off only
 * where `false`, Consent Mode takes a value that is neither `false` nor an object as on; a missing
 * PIPA notice field is the site's to write; an id `__proto__` never became one). `input` is what
 * the site passed, `config` what the core made of it. The npm entry runs them in `validateConfig`;
 * the script tag runs them in the page chunk, after the first tick, so that the core does not
 * carry them (docs/size.md). Nothing here is imported from config.ts (its top level builds the
 * checkers), so the page chunk takes none of that module.
 */
export function lintConfig(config: ResolvedConfig, input: unknown): Problem[] {
  const problems: Problem[] = []
  const src = isObj(input) ? input : {}
  /**
   * `__proto__` in an object literal sets its prototype instead of adding an id (Object.keys skips
   * it): name it like any unusable id. (A prototype whose own prototype is null is an
   * Object.prototype, of any realm; `o` itself may have none.)
   */
  const proto = Object.getPrototypeOf
  const ids = (o: unknown, path: string) => isObj(o) && proto(proto(o) || o) && problems.push(['id', path + '.__proto__'])
  const cats = src.categories
  ids(cats, 'categories')
  if (isObj(cats)) for (const id of keys(cats)) ids(isObj(cats[id]) && cats[id].services, 'categories.' + id + '.services')
  const gcm = src.googleConsentMode
  if (gcm != null && typeof gcm !== 'boolean' && !isObj(gcm)) problems.push(['googleConsentMode', 'googleConsentMode'])
  const { floatingButton, vendorConsent } = config.extra as ConsentGateOptions
  if (floatingButton != null && typeof floatingButton !== 'boolean') problems.push(['floatingButton', 'floatingButton'])
  if (vendorConsent != null && !isObj(vendorConsent)) problems.push(['vendorConsent', 'vendorConsent'])
  if (config.profile === 'kr')
    for (const id of keys(config.categories)) {
      const cat = config.categories[id] as unknown as Record<string, unknown>
      // Each optional purpose carries its own notice; `recipients` where it has third-party services.
      for (const f of NOTICE.concat(keys(cat.services || {}).length ? 'recipients' : []))
        if (!cat.required && !(cat[f] && typeof cat[f] === 'string')) problems.push(['notice', 'categories.' + id + '.' + f])
    }
  return problems
}
