import { beforeEach, expect, test } from 'vitest'
import { purgeCookies } from '../../src/blocker/cookies'

const jar = () => (document.cookie ? document.cookie.split('; ').map((c) => c.split('=')[0]) : []).sort()

beforeEach(() => {
  for (const name of jar()) document.cookie = name + '=; Path=/; Max-Age=0'
})

test('the purge deletes listed cookies (names and prefixes) and keeps the consent cookie and the rest', () => {
  for (const c of ['_ga=1', '_ga_XYZ=2', '_fbp=3', 'consent_gate=4', 'session=5']) document.cookie = c + '; Path=/'
  purgeCookies(['_ga*', { name: '_fbp' }, 'consent_gate'], 'consent_gate')
  expect(jar()).toEqual(['consent_gate', 'session'])
})

test('a cookie set on a deeper path is deleted too', () => {
  history.replaceState(null, '', '/shop/cart')
  document.cookie = '_gid=1; Path=/shop'
  expect(jar()).toEqual(['_gid'])
  purgeCookies(['_gid'], 'consent_gate')
  expect(jar()).toEqual([])
  history.replaceState(null, '', '/')
})

test('a name js-cookie would percent-encode is deleted under its own name', () => {
  document.cookie = 'a(b)%=1; Path=/'
  document.cookie = '_track!=2; Path=/'
  expect(jar()).toEqual(['_track!', 'a(b)%'])
  purgeCookies(['a(b)%', '_track!'], 'consent_gate')
  expect(jar()).toEqual([])
})
