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
  /** Name `subject` when `v` is there and not `ok`. */
  // biome-ignore lint/suspicious/noExplicitAny: each test narrows the config's value itself
  const check = (v: unknown, ok: (v: any) => unknown, key: string, subject = key) => named(v != null && !ok(v), key, subject)
  const isBool = (v: unknown) => typeof v === 'boolean'
  /** A boolean or an object. */
  const flag = (v: unknown) => isBool(v) || isObj(v)
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
  const gcm = src.googleConsentMode
  check(gcm, flag, 'googleConsentMode')
  // The core reads only 'basic' as basic and only `true` as on: anything else is the default.
  const g = isObj(gcm) ? gcm : {}
  check(g.mode, (m) => m === 'advanced' || m === 'basic', 'mode', 'googleConsentMode.mode')
  for (const key of ['ads_data_redaction', 'url_passthrough']) check(g[key], isBool, key, 'googleConsentMode.' + key)
  const { floatingButton, vendorConsent, autoBlock: a, cookieGuard: guard } = config.extra as Record<string, unknown>
  check(floatingButton, isBool, 'floatingButton')
  check(vendorConsent, isObj, 'vendorConsent')
  // consent-gate.auto.js reads these the way that fails closed (src/auto/options.ts): named here.
  check(a, flag, 'auto', 'autoBlock')
  check(guard, flag, 'auto', 'cookieGuard')
  if (isObj(a)) {
    check(a.vendors, (v) => isObj(v) && keys(v).every((k) => isBool(v[k])), 'auto', 'autoBlock.vendors')
    check(a.patterns, (p) => Array.isArray(p) && p.every(usablePattern), 'auto', 'autoBlock.patterns')
  }
  if (isObj(guard)) check(guard.unclassified, (u) => u === 'allow' || u === 'drop', 'auto', 'cookieGuard.unclassified')
  for (const id of keys(config.categories)) {
    const cat = config.categories[id] as unknown as Record<string, unknown>
    const services = (cat.services || {}) as Record<string, Record<string, unknown>>
    const items: [Record<string, unknown>, string][] = [[cat, 'categories.' + id]]
    for (const sid of keys(services)) items.push([services[sid], 'categories.' + id + '.services.' + sid])
    for (const [item, path] of items) check(item.storage, (l) => Array.isArray(l) && l.every((k) => typeof k === 'string' && k), 'auto', path + '.storage')
    // kr: each optional purpose carries its own notice; `recipients` where it has third-party services.
    if (config.profile === 'kr' && !cat.required)
      for (const f of NOTICE.concat(keys(services).length ? 'recipients' : []))
        named(!(cat[f] && typeof cat[f] === 'string'), 'notice', 'categories.' + id + '.' + f)
  }
  return problems
}
