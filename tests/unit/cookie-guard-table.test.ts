// @vitest-environment node
/**
 * The cookie guard's table (src/data/open-cookie-database.ts), generated from the Open Cookie
 * Database by scripts/open-cookie-database.mjs: up to date, with its Apache-2.0 notice, and only
 * names the guard can match.
 */
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { OPEN_COOKIE_DATABASE } from '../../src/data/open-cookie-database'

interface Generator {
  readOpenCookieDatabase(): object[]
  sdkTable(rows: object[]): { table: Record<string, string>; dropped: number }
  serializeSdk(table: Record<string, string>): string
}
const generator: Generator = await import('../../scripts/open-cookie-database.mjs' as string)

test('the table is what scripts/open-cookie-database.mjs makes of the CSV, with the Apache-2.0 notice', () => {
  const file = readFileSync(new URL('../../src/data/open-cookie-database.ts', import.meta.url), 'utf8')
  expect(file).toBe(generator.serializeSdk(generator.sdkTable(generator.readOpenCookieDatabase()).table))
  expect(file).toMatch(
    /^\/\*\n \* NOTICE\n \* This table is derived from the Open Cookie Database\n \* \(https:\/\/github\.com\/jkwakman\/Open-Cookie-Database, commit 0ee5a17f/,
  )
  expect(file).toMatch(/Apache License, Version 2\.0/)
  expect(Object.keys(OPEN_COOKIE_DATABASE)).toEqual(['necessary', 'functional', 'analytics', 'personalization', 'marketing'])
  const all = Object.values(OPEN_COOKIE_DATABASE).join(' ').split(' ')
  expect(all.length).toBeGreaterThan(2000)
  // Every entry is a cookie name, a `*` only at the end; each is in one category.
  expect(all.filter((n) => !/^[!-~]+$/.test(n) || /[;,=]|\*./.test(n))).toEqual([])
  expect(new Set(all).size).toBe(all.length)
})

test('the generator leaves out names that are no cookie names and prefixes too short to match safely', () => {
  const row = (name: string, category: string, wildcard = false) => ({ name, category, platform: 'P', description: '', retention: '', domain: '', wildcard })
  const { table, dropped } = generator.sdkTable([
    row('_fbp', 'marketing'),
    row('_ga_', 'analytics', true),
    row('DSP2F_*', 'analytics'),
    row('SCM*', 'analytics'),
    row('_s', 'analytics', true),
    row('Site History', 'functional'),
    row('pagead/conv/%INTEGER%', 'marketing'),
    row('token', 'marketing'),
    row('token', 'functional'),
  ])
  expect(dropped).toBe(4)
  expect(table).toEqual({ necessary: '', functional: '', analytics: 'DSP2F_* _ga_*', personalization: '', marketing: '_fbp token' })
})
