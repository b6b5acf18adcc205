#!/usr/bin/env node
// `npm test`: build, type-check, size budgets, then every Vitest project (unit in jsdom, server on
// SQLite and PostgreSQL, e2e in Chromium against dist/). Prints one closing line "N passed, N failed".
import { spawnSync } from 'node:child_process'
import { CHROMIUM_MISSING, chromiumPath } from './chromium.mjs'
import { mkdirSync, readFileSync } from 'node:fs'

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false }).status === 0
const npx = (...args) => run('npx', ['--no-install', ...args])

if (!chromiumPath()) {
  console.error(CHROMIUM_MISSING)
  process.exit(1)
}

const steps = []
const step = (name, ok) => {
  steps.push([name, ok])
  if (!ok) console.error(`\n${name} failed`)
  return ok
}

if (!step('build', run('npm', ['run', '--silent', 'build']))) process.exit(1)
step('typecheck', npx('tsc', '-p', 'tsconfig.json', '--noEmit'))
// The log server on its own tsconfig too, as its package builds it.
step('typecheck log-server', npx('tsc', '-p', 'log-server/tsconfig.json', '--noEmit'))
step('typecheck audit', npx('tsc', '-p', 'audit/tsconfig.json', '--noEmit'))
// Lint and format (Biome): the whole repository, as `npm run lint` checks it.
step('lint', npx('biome', 'check', '.'))
step('size budgets', run('node', ['scripts/size.mjs']))

mkdirSync('.tmp', { recursive: true })
const report = '.tmp/vitest-report.json'
const ok = npx('vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`)
step('vitest', ok)

let passed = 0
let failedTests = 0
try {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  passed = r.numPassedTests
  failedTests = r.numFailedTests + (r.numTotalTests - r.numPassedTests - r.numFailedTests - r.numPendingTests - r.numTodoTests)
} catch {
  failedTests += 1
}
// The server suite runs on SQLite always and on PostgreSQL only when given one: say so, visibly.
if (!process.env.CONSENT_GATE_TEST_DATABASE_URL) {
  console.log('\n' + '!'.repeat(78))
  console.log('!! PostgreSQL half of the server tests did NOT run: only SQLite was tested.')
  console.log('!! Set CONSENT_GATE_TEST_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db (.ci/run does).')
  console.log('!'.repeat(78))
} else {
  console.log(`\nServer tests ran on SQLite and on PostgreSQL (${process.env.CONSENT_GATE_TEST_DATABASE_URL.replace(/\/\/[^@/]*@/, '//…@')}).`)
}

// Checks outside Vitest count as tests too: a failed build step is a failure.
for (const [, good] of steps.filter(([n]) => n !== 'vitest')) good ? passed++ : failedTests++
console.log(`\n${passed} passed, ${failedTests} failed`)
process.exit(failedTests || steps.some(([, good]) => !good) ? 1 : 0)
