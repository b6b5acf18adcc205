import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { CHROMIUM_MISSING as AUDIT_MISSING } from '../../audit/src/chromium'
import { classifyName, classifyUrl, firstParty } from '../../audit/src/classify'
import { lessProminent } from '../../audit/src/prominence'
import { CHROMIUM_MISSING } from '../../scripts/chromium.mjs'
import { ROOT } from './site'

/** What the tests use of the generator (a plain .mjs script: typed here, imported by path). */
interface Generator {
  parseCsv(text: string): string[][]
  buildLookup(rows: object[]): { lookup: { names: Record<string, unknown>; prefixes: Record<string, unknown>; platforms: string[] }; dropped: number }
  shortDescription(text: string): string
  usablePrefix(name: string): boolean
}
const GENERATOR = '../../scripts/open-cookie-database.mjs'
const { buildLookup, parseCsv, shortDescription, usablePrefix }: Generator = await import(GENERATOR)

/** The audit's tables: where they come from, what they say about names a site really sets. */

const SHARED = join(ROOT, 'third_party', 'open-cookie-database')

test('the shipped cookie lookup is what scripts/open-cookie-database.mjs makes of the Open Cookie Database, with its Apache-2.0 notice', () => {
  expect(existsSync(join(SHARED, 'open-cookie-database.csv')), `${SHARED} is in the repository`).toBe(true)
  const check = spawnSync(process.execPath, [join(ROOT, 'scripts', 'open-cookie-database.mjs'), '--check'], { encoding: 'utf8' })
  expect(check.status, check.stderr).toBe(0)
  const notice = readFileSync(join(ROOT, 'audit', 'NOTICE'), 'utf8')
  expect(notice).toMatch(/Open Cookie Database/)
  expect(notice).toMatch(/Apache License, Version 2\.0/)
  expect(readFileSync(join(ROOT, 'audit', 'data', 'open-cookie-database.LICENSE'), 'utf8')).toBe(readFileSync(join(SHARED, 'LICENSE'), 'utf8'))
  const lookup = JSON.parse(readFileSync(join(ROOT, 'audit', 'data', 'open-cookie-database.json'), 'utf8'))
  expect(lookup.source).toMatch(/Apache-2\.0/)
  expect(lookup.categories).toEqual(['necessary', 'functional', 'analytics', 'personalization', 'marketing'])
  expect(Object.keys(lookup.names).length).toBeGreaterThan(1500)
})

test('the generator parses quoted CSV, settles a name listed twice, and leaves out prefixes too short to match safely', () => {
  expect(parseCsv('a,b\n"x, ""y""",2\r\n"multi\nline",3\n')).toEqual([
    ['a', 'b'],
    ['x, "y"', '2'],
    ['multi\nline', '3'],
  ])
  const row = (name: string, category: string, platform: string, wildcard = false) => ({
    name,
    category,
    platform,
    description: 'd.',
    retention: '',
    domain: '',
    wildcard,
  })
  const { lookup, dropped } = buildLookup([
    row('token', 'marketing', 'Adform'),
    row('token', 'functional', 'Xandr'),
    row('_s', 'analytics', 'Marfeel', true),
    row('_ga_', 'analytics', 'Google Analytics', true),
  ])
  expect(dropped).toBe(1)
  expect(Object.keys(lookup.prefixes)).toEqual(['_ga_'])
  // A tie goes to the more intrusive category; both platforms are named.
  expect(lookup.names.token).toEqual([4, 0, 'd.'])
  expect(lookup.platforms[0]).toBe('Adform / Xandr')
  expect([usablePrefix('mp_'), usablePrefix('cap'), usablePrefix('_hjSession')]).toEqual([true, false, true])
  expect(shortDescription('First sentence here. Second one.')).toBe('First sentence here.')
})

test('cookie names: the Open Cookie Database by name and by prefix, our own table first', () => {
  expect(classifyName('_ga')).toMatchObject({ category: 'analytics', vendor: 'Google Analytics', source: 'open-cookie-database' })
  expect(classifyName('_ga_ABC123XYZ')).toMatchObject({ category: 'analytics', source: 'open-cookie-database' })
  expect(classifyName('IDE')).toMatchObject({ category: 'marketing' })
  // The database's 2-letter prefix `_s` would make this Marfeel analytics.
  expect(classifyName('_session_id')).toMatchObject({ category: null, source: null })
  for (const [name, vendor, category] of [
    ['NNB', 'Naver', 'marketing'],
    ['wcs_bt', 'Naver Analytics', 'analytics'],
    ['_kau', 'Kakao Pixel', 'marketing'],
    ['ch-veil-id', 'Channel.io', 'functional'],
    ['ch-session-12345', 'Channel.io', 'functional'],
    ['consent_gate', 'ConsentGate', 'necessary'],
    ['CookieConsent', 'Cookiebot', 'necessary'],
  ])
    expect(classifyName(name), name).toMatchObject({ vendor, category, source: 'consent-gate' })
  expect(classifyName('my_consent', ['my_consent'])).toMatchObject({ category: 'necessary', vendor: 'ConsentGate' })
})

test('hosts: our table, then third-party-web; infrastructure is no tracker', () => {
  expect(classifyUrl('https://wcs.naver.net/wcslog.js')).toMatchObject({ vendor: 'Naver Analytics', category: 'analytics', source: 'consent-gate' })
  expect(classifyUrl('https://t1.daumcdn.net/kas/static/kp.js')).toMatchObject({ vendor: 'Kakao Pixel', category: 'marketing' })
  expect(classifyUrl('https://cdn.channel.io/plugin/ch-plugin-web.js')).toMatchObject({ vendor: 'Channel.io', category: 'functional' })
  expect(classifyUrl('https://connect.facebook.net/en_US/fbevents.js')).toMatchObject({
    vendor: 'Facebook',
    category: 'marketing',
    kind: 'social',
    source: 'third-party-web',
  })
  expect(classifyUrl('https://region1.google-analytics.com/g/collect')).toMatchObject({ category: 'analytics', kind: 'analytics' })
  expect(classifyUrl('https://www.googletagmanager.com/gtm.js?id=GTM-X')).toMatchObject({ category: null, kind: 'tag-manager' })
  for (const url of ['https://fonts.googleapis.com/css2', 'https://cdn.jsdelivr.net/npm/x', 'https://cdn.cookielaw.org/x.js', 'not a url', 'data:,x'])
    expect(classifyUrl(url), url).toBeNull()
  expect([
    firstParty('.shop.example.co.kr', 'www.shop.example.co.kr'),
    firstParty('.doubleclick.net', 'www.example.com'),
    firstParty('127.0.0.1', '127.0.0.1'),
  ]).toEqual([true, false, true])
})

test('equal prominence: the same buttons pass, a small pale link or a bare text button beside a filled one does not', () => {
  const button = {
    text: 'Accept all',
    width: 140,
    height: 44,
    fontSize: 16,
    fontWeight: '400',
    color: 'rgb(255, 255, 255)',
    background: 'rgb(11, 87, 208)',
    border: '',
    textContrast: 6.6,
    fillContrast: 6.6,
    inViewport: true,
  }
  expect(lessProminent(button, { ...button, text: 'Reject all', width: 132 })).toBeNull()
  expect(lessProminent(button, { ...button, text: 'Reject all', width: 60, height: 14, fontSize: 11, textContrast: 1.6, fillContrast: 1 })).toMatch(
    /smaller.*text is smaller.*contrast is 1\.6:1.*does not stand out/,
  )
  expect(lessProminent(button, { ...button, color: 'rgb(11, 87, 208)', background: 'rgb(255, 255, 255)', fillContrast: 1 })).toMatch(/does not stand out/)
})

test('the audit’s missing-browser sentence is the repository’s, worded for the audit', () => {
  expect(AUDIT_MISSING).toBe(CHROMIUM_MISSING.replace('the browser tests', 'the audit'))
})
