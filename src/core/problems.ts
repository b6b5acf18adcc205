/**
 * What the core reports on the console, kept apart from the sentences that say it. A problem is a
 * key, the subject the sentence names (a config field's path, an id) and, for a failure, the error
 * caught, logged after the sentence. The script-tag core
 * carries only the keys and loads the sentences in the diagnostics chunk when there is a problem
 * to report, so a correct page never pays for them; the npm entry imports them directly.
 */
export type Problem = [key: string, subject?: string, error?: unknown]

const STRING = 'a string'
const BOOL = 'true or false'
const URL_WHAT = 'an http(s) URL or a path'

/** Config problems: what each field expected, under the field's name (see `core/config.ts`). */
const EXPECTED: Record<string, string> = {
  object: 'an object',
  revision: 'a whole number from 0 to 2147483647',
  endpoint: URL_WHAT,
  policyUrl: URL_WHAT,
  lang: 'a language tag such as "ko", or "auto"',
  reloadOnRevoke: BOOL,
  profile: '"eu", "uk", "kr", "us" or "none"',
  notice: 'a string (the kr profile requires the PIPA notice)',
  floatingButton: BOOL,
  name: 'letters, digits, "_", "-" or "."',
  domain: 'a domain such as ".example.com"',
  path: 'a path starting with "/"',
  sameSite: '"Lax", "Strict" or "None"',
  maxAgeDays: 'days, more than 0 and at most 400',
  title: STRING,
  description: STRING,
  required: BOOL,
  cookies: 'an array of cookie names or { name }',
  services: 'an object of services',
  categories: 'an object of categories',
  id: 'an object under a unique id of letters, digits, "_" or "-", not __proto__, constructor or prototype; dropped',
  googleConsentMode: 'true, false or an object',
  mapping: '{ category: [consent types] } for configured categories',
  waitForUpdate: 'milliseconds from 0 to 60000',
  mode: '"advanced" or "basic"',
  regions: '{ "US-CA": { consent type: "granted" or "denied" } }',
  ads_data_redaction: BOOL,
  url_passthrough: BOOL,
  vendorConsent: '{ uet, clarity, meta, tiktok, matomo: true or false }',
  krMarketing: 'false: under the kr profile marketing is a consent of its own',
  // Every field of consent-gate.auto.js (src/auto/options.ts): one sentence, the diagnostics chunk has a budget
  auto: 'what docs/auto-block.md or docs/cookie-guard.md describes',
}

/** Problems found while running; `%` stands for the subject. */
const RUNTIME: Record<string, string> = {
  twice: 'consent-gate.js is included twice; the second copy does nothing',
  markup: 'data-category/data-service "%" is not a configured category or service; that element stays blocked',
  empty: '% has a data-category or data-service with no id; it stays blocked',
  unstored: 'the consent cookie could not be stored (cookies blocked, or cookie.domain does not match this host)',
  unknown: 'update(): unknown category or service % ignored',
  listener: 'a "%" listener threw:',
  ui: 'could not load the consent UI:',
  plain: 'autoBlock and cookieGuard need consent-gate.auto.js; nothing gated runs without it',
  cookie: 'cookie % dropped: not granted',
  cookieUnknown: 'cookie % is in no list; allowed',
  purge: 'could not load the cookie purge; listed cookies of denied purposes stay:',
}

/**
 * The sentence for a problem, without the `[ConsentGate] ` prefix:
 * `config.cookie.maxAgeDays: expected days, more than 0 and at most 400`.
 */
export function describeProblem([key, subject = '']: Problem): string {
  return Object.prototype.hasOwnProperty.call(RUNTIME, key)
    ? RUNTIME[key].replace('%', subject)
    : 'config' + (subject && '.') + subject + ': expected ' + EXPECTED[key]
}
