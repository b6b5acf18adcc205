import type { ResolvedConfig } from '../types'
import { isObj, keys } from '../util/dict'
import type { Problem } from './problems'
import { usablePattern } from '../auto/options'

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
  /** Name `subject` (the field's path) with the sentence of `key` when `bad`. */
  const named = (bad: unknown, key: string, subject = key) => bad && problems.push([key, subject])
  const src = isObj(input) ? input : {}
  /**
   * `__proto__` in an object literal sets its prototype instead of adding an id (Object.keys skips
   * it): name it like any unusable id. (A prototype whose own prototype is null is an
   * Object.prototype, of any realm; `o` itself may have none.)
   */
  const proto = Object.getPrototypeOf
  const ids = (o: unknown, path: string) => named(isObj(o) && proto(proto(o) || o), 'id', path + '.__proto__')
  const cats = src.categories
  ids(cats, 'categories')
  if (isObj(cats)) for (const id of keys(cats)) ids(isObj(cats[id]) && cats[id].services, 'categories.' + id + '.services')
  /** Neither absent, nor a boolean, nor an object. */
  const neither = (v: unknown) => v != null && typeof v !== 'boolean' && !isObj(v)
  const gcm = src.googleConsentMode
  named(neither(gcm), 'googleConsentMode')
  // The core reads only 'basic' as basic and only `true` as on: anything else is the default.
  const g = isObj(gcm) ? gcm : {}
  named(g.mode != null && g.mode !== 'advanced' && g.mode !== 'basic', 'mode', 'googleConsentMode.mode')
  for (const key of ['ads_data_redaction', 'url_passthrough']) named(g[key] != null && typeof g[key] !== 'boolean', key, 'googleConsentMode.' + key)
  const { floatingButton, vendorConsent, autoBlock: a, cookieGuard: guard } = config.extra as Record<string, unknown>
  named(floatingButton != null && typeof floatingButton !== 'boolean', 'floatingButton')
  named(vendorConsent != null && !isObj(vendorConsent), 'vendorConsent')
  // consent-gate.auto.js reads these the way that fails closed (src/auto/options.ts): named here.
  named(neither(a), 'auto', 'autoBlock')
  named(neither(guard), 'auto', 'cookieGuard')
  if (isObj(a)) {
    const { vendors: v, patterns: p } = a
    named(v != null && !(isObj(v) && keys(v).every((k) => typeof v[k] === 'boolean')), 'auto', 'autoBlock.vendors')
    named(p != null && !(Array.isArray(p) && p.every(usablePattern)), 'auto', 'autoBlock.patterns')
  }
  named(isObj(guard) && guard.unclassified != null && !/^(allow|drop)$/.test(guard.unclassified as string), 'auto', 'cookieGuard.unclassified')
  for (const id of keys(config.categories)) {
    const cat = config.categories[id] as unknown as Record<string, unknown>
    const services = (cat.services || {}) as Record<string, Record<string, unknown>>
    const items: [Record<string, unknown>, string][] = [[cat, 'categories.' + id]]
    for (const sid of keys(services)) items.push([services[sid], 'categories.' + id + '.services.' + sid])
    for (const [item, path] of items) {
      const list = item.storage
      named(list != null && !(Array.isArray(list) && list.every((k) => typeof k === 'string' && k)), 'auto', path + '.storage')
    }
    // kr: each optional purpose carries its own notice; `recipients` where it has third-party services.
    if (config.profile === 'kr' && !cat.required)
      for (const f of NOTICE.concat(keys(services).length ? 'recipients' : []))
        named(!(cat[f] && typeof cat[f] === 'string'), 'notice', 'categories.' + id + '.' + f)
  }
  return problems
}
