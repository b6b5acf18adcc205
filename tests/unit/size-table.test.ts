// @vitest-environment node
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
// @ts-expect-error: a Node script without types; its exports are checked by the assertions below
import { BUDGETS, FIRST_VISIT, cells, measure, readmeTable, tableOf } from '../../scripts/size.mjs'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

// Reads dist/: `npm test` builds first; run `npm run build` before this file on its own.
describe("the README's size table", () => {
  test('equals the figures measured from the build, budgets included', async () => {
    const figures = await measure()
    expect(cells(tableOf(readme)), 'run npm run size -- --write-readme').toBe(cells(readmeTable(figures)))
  })

  test('shows every budgeted file and every first visit', () => {
    for (const file of Object.keys(BUDGETS)) expect(readme).toContain('`' + file.slice(5) + '`')
    for (const visit of Object.keys(FIRST_VISIT.visits)) expect(readme).toContain(`**${visit}**`)
  })

  test('keeps the budgets issues #10 and #12 decided', () => {
    expect(BUDGETS['dist/consent-gate.js']).toBe(6656)
    expect(FIRST_VISIT.budget).toBe(13312)
  })
})
