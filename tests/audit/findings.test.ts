import { expect, test } from 'vitest'
import { bannerFindings, passFindings } from '../../audit/src/findings'
import type { ButtonMeasure, CookieRecord, PassName, PassReport } from '../../audit/src/types'

/**
 * The rules on recorded passes, without a browser: what the page tests cannot easily make happen
 * (a third-party cookie, storage, a granted default) and what must stay quiet (functional, necessary).
 */

const PAGE = 'https://shop.example/'
const pass = (name: PassName, parts: Partial<PassReport>): PassReport => ({
  name,
  ran: true,
  pages: [{ url: PAGE, status: 200, title: 'Shop' }],
  cookies: [],
  storage: [],
  requests: [],
  consentMode: [],
  googleTags: [],
  ...parts,
})
const cookie = (name: string, party: 'first' | 'third', category: CookieRecord['category'], vendor: string | null = null): CookieRecord => ({
  name,
  domain: party === 'first' ? '.shop.example' : '.tracker.example',
  path: '/',
  expires: null,
  party,
  page: PAGE,
  category,
  vendor,
  description: null,
  source: category ? 'open-cookie-database' : null,
})
const codes = (p: PassReport) => passFindings(p).map((f) => `${f.severity}:${f.code}:${f.subject}`)

test('cookies and storage: analytics, personalization and marketing are violations; functional and necessary are not; an unknown third-party cookie warns', () => {
  const p = pass('before-consent', {
    cookies: [
      cookie('_ga', 'first', 'analytics', 'Google Analytics'),
      cookie('PHPSESSID', 'first', 'functional'),
      cookie('consent_gate', 'first', 'necessary'),
      cookie('sid', 'first', null),
      cookie('zx9', 'third', null),
    ],
    storage: [
      {
        area: 'localStorage',
        key: '_hjSession_1',
        origin: 'https://shop.example',
        party: 'first',
        page: PAGE,
        category: 'analytics',
        vendor: 'Hotjar',
        description: null,
        source: 'open-cookie-database',
      },
    ],
  })
  expect(codes(p)).toEqual([
    'violation:cookie-before-consent:_ga',
    'warning:unclassified-third-party-cookie:zx9',
    'violation:storage-before-consent:_hjSession_1',
  ])
  // After Accept all the same is allowed.
  expect(codes({ ...p, name: 'after-accept' })).toEqual([])
})

test('after Reject all only requests sent after the click count, one finding per host', () => {
  const req = (at: number, afterChoice: boolean) => ({
    url: `https://connect.facebook.net/tr?${at}`,
    host: 'connect.facebook.net',
    method: 'GET',
    resourceType: 'script',
    kind: 'social',
    category: 'marketing' as const,
    vendor: 'Facebook',
    description: null,
    source: 'third-party-web' as const,
    at,
    afterChoice,
    page: PAGE,
  })
  expect(codes(pass('after-reject', { requests: [req(10, false)] }))).toEqual([])
  const found = passFindings(pass('after-reject', { requests: [req(10, false), req(900, true), req(950, true)] }))
  expect(found).toEqual([expect.objectContaining({ code: 'tracker-request-after-reject', subject: 'connect.facebook.net', pass: 'after-reject' })])
  expect(found[0].message).toMatch(/^2 requests to connect\.facebook\.net \(Facebook, marketing; third-party-web: social\) after Reject all/)
})

test('Consent Mode: a tag after its page’s default is fine, before it or without one is not; a granted default or a granting update after reject is a violation', () => {
  const tag = (loadedAt: number, load = 1) => ({ url: 'https://www.googletagmanager.com/gtag/js?id=G-X', requestedAt: 0, loadedAt, page: PAGE, load })
  const def = (at: number, params: Record<string, string> = { ad_storage: 'denied', analytics_storage: 'denied' }, load = 1) => ({
    command: 'default' as const,
    params,
    at,
    page: PAGE,
    load,
  })
  expect(codes(pass('before-consent', { consentMode: [def(5)], googleTags: [tag(50)] }))).toEqual([])
  expect(codes(pass('before-consent', { consentMode: [def(60)], googleTags: [tag(50)] }))).toEqual([
    'violation:google-tag-before-default:https://www.googletagmanager.com/gtag/js?id=G-X',
  ])
  // The default of another page load does not cover this one.
  expect(codes(pass('after-reject', { consentMode: [def(5, undefined, 1)], googleTags: [tag(900, 2)] }))).toHaveLength(1)
  expect(codes(pass('after-accept', { googleTags: [tag(50)] }))).toEqual(['warning:google-tag-before-default:https://www.googletagmanager.com/gtag/js?id=G-X'])
  expect(codes(pass('before-consent', { consentMode: [def(5, { ad_storage: 'granted', analytics_storage: 'granted' })] }))).toEqual([
    'violation:consent-default-granted:ad_storage, analytics_storage',
  ])
  // A regional default says nothing about visitors elsewhere.
  expect(codes(pass('before-consent', { consentMode: [def(5, { ad_storage: 'granted', region: 'US' })] }))).toEqual([])
  const update = { command: 'update' as const, params: { ad_storage: 'granted' }, at: 700, page: PAGE, load: 1 }
  expect(codes(pass('after-reject', { choiceAt: 600, consentMode: [def(5), update] }))).toEqual(['violation:consent-update-granted-after-reject:ad_storage'])
  expect(codes(pass('after-reject', { choiceAt: 800, consentMode: [def(5), update] }))).toEqual([])
})

test('the banner: none found warns; a missing reject and a less prominent one are violations', () => {
  const m: ButtonMeasure = {
    text: 'Accept all',
    width: 140,
    height: 44,
    fontSize: 16,
    fontWeight: '600',
    color: 'rgb(255, 255, 255)',
    background: 'rgb(11, 87, 208)',
    border: '',
    textContrast: 6.6,
    fillContrast: 6.6,
    inViewport: true,
  }
  const banner = { method: 'selectors' as const, cmp: null, detail: '', firstLayer: { accept: null, reject: null } }
  expect(bannerFindings({ ...banner, method: 'none' }, null, PAGE).map((f) => f.code)).toEqual(['banner-not-found'])
  expect(bannerFindings(banner, { accept: m, reject: null, rejectMissing: 'no reject' }, PAGE).map((f) => f.code)).toEqual(['reject-missing'])
  expect(bannerFindings(banner, { accept: m, reject: { ...m, text: 'Reject all' } }, PAGE)).toEqual([])
  expect(
    bannerFindings(banner, { accept: m, reject: { ...m, text: 'Reject all', background: 'rgb(230, 230, 230)', color: 'rgb(0, 0, 0)' } }, PAGE).map(
      (f) => f.code,
    ),
  ).toEqual(['reject-styled-differently'])
  expect(bannerFindings(banner, { accept: m, reject: { ...m, text: 'Reject all', height: 20 } }, PAGE).map((f) => `${f.code}:${f.subject}`)).toEqual([
    'reject-less-prominent:Reject all',
  ])
})
