import { afterAll, beforeAll, expect, test } from 'vitest'
import { readFileSync } from 'node:fs'
import { testApp, type TestApp } from './support/stores'

/** The OpenAPI file documents exactly the routes the server has, with the statuses it answers. */
const doc = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'))
let t: TestApp
beforeAll(async () => {
  t = await testApp('sqlite')
})
afterAll(async () => {
  await t.close()
})

test('every route of the server is in docs/openapi.json, and nothing else', () => {
  // printRoutes draws a tree: each line is a path segment under the nearest shallower line.
  const served = new Set<string>()
  const stack: { depth: number; path: string }[] = []
  for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)/.exec(line)
    if (!m) continue
    const depth = m[1].length
    while (stack.length && stack[stack.length - 1].depth >= depth) stack.pop()
    const path = (stack.length ? stack[stack.length - 1].path : '') + m[2]
    stack.push({ depth, path })
    for (const method of m[3].split(', ')) if (!['HEAD', 'OPTIONS'].includes(method)) served.add(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`)
  }
  const documented = new Set<string>()
  for (const [path, ops] of Object.entries<any>(doc.paths))
    for (const m of Object.keys(ops)) if (m !== 'parameters') documented.add(`${m.toUpperCase()} ${path}`)
  expect(served.size).toBeGreaterThan(5)
  expect([...documented].sort()).toEqual([...served].sort())
})

test('the admin endpoints are marked as needing the bearer token, and the 401 is documented', () => {
  for (const path of ['/api/stats', '/api/export', '/api/verify']) {
    expect(doc.paths[path].get.security).toEqual([{ bearerAuth: [] }])
    expect(doc.paths[path].get.responses['401']).toBeDefined()
  }
  expect(Object.keys(doc.paths['/api/consents'].post.responses).sort()).toEqual(['200', '201', '400', '403', '409', '413', '415', '429', '503'])
})
