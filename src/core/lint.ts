import type { ResolvedConfig } from '../types'
import { isObj, keys } from '../util/dict'
import type { Problem } from './problems'
import { isStorageKey, usablePattern } from '../auto/options'
import { isSafeUrl } from './safe-url'
import { eachItem } from './items'

/** The PIPA Art. 15(2) notice fields the `kr` profile requires on every non-required category. */
const NOTICE = ['purpose', 'items', 'retention', 'refusalConsequence']

/**
 * The config checks that only name a problem: what they find changes nothing the core does (the
 * UI reads `floatingButton` as on only when `true`, the vendor APIs `vendorConsent` as off only
 * where `false`, Consent Mode takes a value that is neither `false` nor an object as on; a missing
 * PIPA notice field is the site's to write; an id `__proto__` never became one). `input` is what
 * the site passed, `config` what the core made of it. The npm entry runs them all in
 * `validateConfig`. The script tag runs them in the page's wiring, after the first tick, so that
 * the core does not carry them (docs/size.md), in two parts: `firstChecks`, the checks that earlier
 * issues promise on the console as a page loads (an id `__proto__`, the `kr` notice fields, a
 * `googleConsentMode` of the wrong type), in the UI chunk, which a first visit loads; and
 * `laterChecks`, the rest, in the page chunk, which a first visit loads after the visitor's first
 * decision (and a returning one at its start), so that a first visit's download stays within its
 * budget. Nothing here is imported from config.ts (its top level builds the checkers), so the
 * chunks take none of that module.
 */
export function lintConfig(config: ResolvedConfig, input: unknown): Problem[] {
  const problems: Problem[] = []
  const push = (p: Problem) => problems.push(p)
  firstChecks(config, input, push)
  laterChecks(config, input, push)
  return problems
}

/** Where a check puts what it names. */
type Report = (problem: Problem) => unknown

const isBool = (v: unknown) => typeof v === 'boolean'

/** What the site passed, as an object (the defaults apply to anything else). */
const given = (input: unknown) => (isObj(input) ? input : {})

/** The checks of an id `__proto__`, of the `kr` profile's notice fields and of `googleConsentMode`'s type. */
export function firstChecks(config: ResolvedConfig, input: unknown, report: Report): void {
  const named = (bad: unknown, key: string, subject = key) => bad && report([key, subject])
  const { googleConsentMode: gcm, categories: cats } = given(input)
  named(gcm != null && !isBool(gcm) && !isObj(gcm), 'googleConsentMode')
  /**
   * `__proto__` in an object literal sets its prototype instead of adding an id (Object.keys skips
   * it): name it like any unusable id. (A prototype whose own prototype is null is an
   * Object.prototype, of any realm; `o` itself may have none.)
   */
  const proto = Object.getPrototypeOf
  const ids = (o: unknown, path: string) => named(isObj(o) && proto(proto(o) || o), 'id', path + '.__proto__')
  ids(cats, 'categories')
  if (isObj(cats)) for (const id of keys(cats)) ids(isObj(cats[id]) && cats[id].services, 'categories.' + id + '.services')
  // kr: each optional purpose carries its own notice; `recipients` where it has third-party services.
  if (config.profile === 'kr')
    for (const id of keys(config.categories)) {
      const cat = config.categories[id] as unknown as Record<string, unknown>
      if (!cat.required)
        for (const f of NOTICE.concat(keys(cat.services || {}).length ? 'recipients' : []))
          named(!(cat[f] && typeof cat[f] === 'string'), 'notice', 'categories.' + id + '.' + f)
    }
}

/** Every other check. */
export function laterChecks(config: ResolvedConfig, input: unknown, report: Report): void {
  /** Name `subject` (the field's path) with the sentence of `key` when `v` is there and not `ok`. */
  // biome-ignore lint/suspicious/noExplicitAny: each test narrows the config's value itself
  const check = (v: unknown, ok: (v: any) => unknown, key: string, subject = key) => v != null && !ok(v) && report([key, subject])
  /** A boolean or an object. */
  const flag = (v: unknown) => isBool(v) || isObj(v)
  const src = given(input)
  const gcm = src.googleConsentMode
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
  const { impressions, impressionsEndpoint } = config.extra
  check(impressions, isBool, 'required', 'impressions')
  check(impressionsEndpoint, isSafeUrl, 'endpoint', 'impressionsEndpoint')
  eachItem(config, (id, { storage }: { storage?: unknown }, parent) =>
    check(storage, (l) => Array.isArray(l) && l.every(isStorageKey), 'auto', 'categories.' + (parent ? parent + '.services.' : '') + id + '.storage'),
  )
}
