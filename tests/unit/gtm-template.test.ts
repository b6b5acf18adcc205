import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { describe, expect, test } from 'vitest'
import { encodeState } from '../../src/storage/codec'
import { fnv1a } from '../../src/util/hash'

const TPL = readFileSync(join(process.cwd(), 'gtm/consent-gate.tpl'), 'utf8')

/** The sections of a GTM template file: `___NAME___` headers, each followed by its body. */
function sections(tpl: string): Record<string, string> {
  const out: Record<string, string> = {}
  const parts = tpl.split(/^___([A-Z_]+)___$/m)
  for (let i = 1; i < parts.length; i += 2) out[parts[i]] = parts[i + 1].trim()
  return out
}
const S = sections(TPL)

const TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage', 'personalization_storage']
const DENIED = { ...Object.fromEntries(TYPES.map((t) => [t, 'denied'])), security_storage: 'granted' }
const ID = '3f2b8c1e-9d4a-4b6e-8f01-23456789abcd'
const NOW = Date.UTC(2026, 11, 2, 12)
const sec = (ms: number) => Math.floor(ms / 1000)

type Call = [api: string, ...args: unknown[]]

/**
 * Run the template's sandboxed JS the way GTM does: `data` holds the parameters, `require` hands
 * out the APIs (stand-ins that record each call), and nothing else of Node or a browser is there.
 */
function run(data: Record<string, unknown> = {}, cookies: Record<string, string[]> = {}) {
  const calls: Call[] = []
  const record =
    (api: string) =>
    (...args: unknown[]) =>
      calls.push([api, ...structuredClone(args)])
  const apis: Record<string, unknown> = {
    setDefaultConsentState: record('setDefaultConsentState'),
    updateConsentState: record('updateConsentState'),
    getCookieValues: (name: string) => {
      calls.push(['getCookieValues', name])
      return cookies[name] || []
    },
    getTimestampMillis: () => NOW,
    makeNumber: (v: unknown) => Number(v),
    makeString: (v: unknown) => String(v),
    logToConsole: record('logToConsole'),
  }
  const require = (name: string) => {
    if (!(name in apis)) throw new Error('the template requires an API the stand-in does not know: ' + name)
    return apis[name]
  }
  let succeeded = 0
  const fields = {
    cookieName: 'consent_gate',
    waitForUpdate: '500',
    revision: '',
    ...data,
    gtmOnSuccess: () => succeeded++,
    gtmOnFailure: () => calls.push(['gtmOnFailure']),
  }
  runInNewContext(S.SANDBOXED_JS_FOR_WEB_TEMPLATE, { require, data: fields })
  expect(succeeded).toBe(1)
  return { calls, of: (api: string) => calls.filter((c) => c[0] === api).map((c) => c[1]) }
}

/** A cookie value as the core writes it (version 2). */
const v2 = (categories: Record<string, boolean>, o: { ts?: number; exp?: number; reconfirm?: number; revision?: number } = {}) =>
  encodeState({
    id: ID,
    revision: o.revision ?? 1,
    method: 'custom',
    timestamp: new Date(o.ts ?? NOW - 864e5).toISOString(),
    expires: new Date(o.exp ?? NOW + 30 * 864e5).toISOString(),
    categories,
    services: {},
    profile: o.reconfirm ? 'kr' : 'eu',
    gpc: false,
    reconfirm: o.reconfirm ? new Date(o.reconfirm).toISOString() : undefined,
  } as any)

/** Version 1, as an earlier release or a backend wrote it. */
function v1(categories: Record<string, boolean>) {
  const flags = Object.keys(categories)
    .map((k) => k + ':' + +categories[k])
    .join('.')
  const body = ['1', ID, 1, 'accept-all', sec(NOW - 864e5), sec(NOW + 30 * 864e5), flags, 'ga:1'].join('|')
  return body + '|' + fnv1a(body)
}

const ALL_OFF = { necessary: true, functional: false, analytics: false, personalization: false, marketing: false }

describe('GTM template file', () => {
  test('has the sections GTM imports, and the JSON ones parse', () => {
    for (const name of ['___INFO___', '___TEMPLATE_PARAMETERS___', '___SANDBOXED_JS_FOR_WEB_TEMPLATE___', '___WEB_PERMISSIONS___'])
      expect(TPL).toContain('\n' + name + '\n')
    const info = JSON.parse(S.INFO)
    expect(info).toMatchObject({ type: 'TAG', containerContexts: ['WEB'] })
    const params = JSON.parse(S.TEMPLATE_PARAMETERS)
    expect(params.map((p: any) => p.name)).toEqual(['cookieName', 'waitForUpdate', 'revision', 'regions'])
    expect(params.find((p: any) => p.name === 'cookieName').defaultValue).toBe('consent_gate')
    const perms = JSON.parse(S.WEB_PERMISSIONS)
    const perm = (id: string) => perms.find((p: any) => p.instance.key.publicId === id).instance.param
    const consentTypes = perm('access_consent')[0].value.listItem.map((i: any) => i.mapValue[0].string)
    expect(consentTypes.sort()).toEqual([...TYPES, 'security_storage'].sort())
    expect(perm('get_cookies')[1].value.listItem.map((i: any) => i.string)).toEqual(['consent_gate'])
    expect(perm('logging')[0].value.string).toBe('debug')
  })

  test('the sandboxed JS requires only APIs its permissions cover', () => {
    const required = [...S.SANDBOXED_JS_FOR_WEB_TEMPLATE.matchAll(/require\('(\w+)'\)/g)].map((m) => m[1]).sort()
    expect(required).toEqual([
      'getCookieValues',
      'getTimestampMillis',
      'logToConsole',
      'makeNumber',
      'makeString',
      'setDefaultConsentState',
      'updateConsentState',
    ])
    // No regular expression literals, arrow functions or for-in: sandboxed JS has none of them.
    expect(S.SANDBOXED_JS_FOR_WEB_TEMPLATE).not.toMatch(/\)\s*=>|\w\s+=>|\bfor \(\w+ \w+ in\b|\.test\(|new RegExp/)
  })
})

describe('GTM template code', () => {
  test('no cookie: only the default, every type denied but security_storage, wait_for_update 500', () => {
    const r = run()
    expect(r.of('setDefaultConsentState')).toEqual([{ ...DENIED, wait_for_update: 500 }])
    expect(r.of('updateConsentState')).toEqual([])
    expect(r.of('getCookieValues')).toEqual(['consent_gate'])
    expect(r.calls[0][0]).toBe('setDefaultConsentState')
  })

  test('wait_for_update is never under 500', () => {
    expect(run({ waitForUpdate: '100' }).of('setDefaultConsentState')).toEqual([{ ...DENIED, wait_for_update: 500 }])
    expect(run({ waitForUpdate: '2000' }).of('setDefaultConsentState')).toEqual([{ ...DENIED, wait_for_update: 2000 }])
  })

  test('region rows: one default each, before the general one', () => {
    const row = { region: 'us-ca, US-CO', ...Object.fromEntries(TYPES.map((t) => [t, 'denied'])), analytics_storage: 'granted' }
    const r = run({ regions: [row] })
    expect(r.of('setDefaultConsentState')).toEqual([
      { ...DENIED, analytics_storage: 'granted', region: ['US-CA', 'US-CO'], wait_for_update: 500 },
      { ...DENIED, wait_for_update: 500 },
    ])
  })

  test('a v2 cookie granting analytics: the update grants analytics_storage, the ad types stay denied', () => {
    const r = run({}, { consent_gate: [v2({ ...ALL_OFF, analytics: true })] })
    expect(r.calls.map((c) => c[0])).toEqual(['setDefaultConsentState', 'getCookieValues', 'updateConsentState'])
    expect(r.of('updateConsentState')).toEqual([{ ...DENIED, analytics_storage: 'granted' }])
  })

  test('a v2 cookie granting marketing grants the three ad types; functional and personalization map to theirs', () => {
    const r = run({}, { consent_gate: [v2({ ...ALL_OFF, marketing: true, functional: true, personalization: true })] })
    expect(r.of('updateConsentState')).toEqual([
      {
        ...DENIED,
        ad_storage: 'granted',
        ad_user_data: 'granted',
        ad_personalization: 'granted',
        functionality_storage: 'granted',
        personalization_storage: 'granted',
      },
    ])
  })

  test('a v1 cookie is read too', () => {
    const r = run({}, { consent_gate: [v1({ ...ALL_OFF, marketing: true })] })
    expect(r.of('updateConsentState')).toEqual([{ ...DENIED, ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' }])
  })

  test('a choice that rejects everything is applied as an all-denied update', () => {
    expect(run({}, { consent_gate: [v2(ALL_OFF)] }).of('updateConsentState')).toEqual([DENIED])
  })

  const good = v2({ ...ALL_OFF, analytics: true, marketing: true })
  test.each([
    [
      'a forged grant (flags edited, checksum kept)',
      good.replace('analytics:1', 'analytics:1').replace('marketing:1', 'marketing:1').replace('functional:0', 'functional:1'),
    ],
    ['a checksum recomputed wrongly', good.slice(0, -8) + '00000000'],
    ['a truncated value', good.slice(0, -3)],
    ['garbage', 'analytics:1|marketing:1'],
    ['a version 3', '3' + good.slice(1)],
    [
      'a v1 body claiming version 2',
      (() => {
        const b = v1({ analytics: true }).split('|').slice(0, -1)
        b[0] = '2'
        const s = b.join('|')
        return s + '|' + fnv1a(s)
      })(),
    ],
    ['an expired choice', v2({ analytics: true, marketing: true }, { ts: NOW - 60 * 864e5, exp: NOW - 864e5 })],
    ['one dated in the future', v2({ analytics: true, marketing: true }, { ts: NOW + 3 * 864e5, exp: NOW + 30 * 864e5 })],
    ['one lasting past 400 days (a valid checksum is no signature)', v2({ analytics: true, marketing: true }, { exp: NOW + 5000 * 864e5 })],
    [
      'a bad flag',
      (() => {
        const s = good.slice(0, -9).replace('analytics:1', 'analytics:yes')
        return s + '|' + fnv1a(s)
      })(),
    ],
  ])('%s: no grant, stays denied', (_, value) => {
    const r = run({}, { consent_gate: [value] })
    expect(r.of('setDefaultConsentState')).toEqual([{ ...DENIED, wait_for_update: 500 }])
    expect(r.of('updateConsentState')).toEqual([])
    expect(r.of('logToConsole')).toHaveLength(1)
  })

  test('the forged-grant case really differs from the good cookie, which does grant', () => {
    expect(run({}, { consent_gate: [good] }).of('updateConsentState')).toEqual([
      { ...DENIED, analytics_storage: 'granted', ad_storage: 'granted', ad_user_data: 'granted', ad_personalization: 'granted' },
    ])
  })

  test('two cookies of that name: ambiguous, no grant', () => {
    expect(run({}, { consent_gate: [good, v2(ALL_OFF)] }).of('updateConsentState')).toEqual([])
  })

  test('a custom cookie name is the one read', () => {
    const value = v2({ ...ALL_OFF, analytics: true })
    const r = run({ cookieName: 'site_consent' }, { consent_gate: [v2({ ...ALL_OFF, marketing: true })], site_consent: [value] })
    expect(r.of('getCookieValues')).toEqual(['site_consent'])
    expect(r.of('updateConsentState')).toEqual([{ ...DENIED, analytics_storage: 'granted' }])
  })

  test('a stored choice of an older revision than the configured one counts as none', () => {
    const value = v2({ ...ALL_OFF, analytics: true }, { revision: 1 })
    expect(run({ revision: '2' }, { consent_gate: [value] }).of('updateConsentState')).toEqual([])
    expect(run({ revision: '1' }, { consent_gate: [value] }).of('updateConsentState')).toHaveLength(1)
  })

  test('a kr marketing consent past its re-confirmation date no longer grants the ad types', () => {
    const past = v2({ ...ALL_OFF, analytics: true, marketing: true }, { reconfirm: NOW - 1000 })
    expect(run({}, { consent_gate: [past] }).of('updateConsentState')).toEqual([{ ...DENIED, analytics_storage: 'granted' }])
    const future = v2({ ...ALL_OFF, marketing: true }, { reconfirm: NOW + 864e5 })
    expect(run({}, { consent_gate: [future] }).of('updateConsentState')[0]).toMatchObject({ ad_storage: 'granted' })
  })
})
