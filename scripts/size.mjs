#!/usr/bin/env node
// Size budgets per shipped file, gzip level 9 (brotli printed for reference). Exits 1 when a file
// is over its budget, so `npm test` fails on growth. Run after `npm run build`.
import { readFileSync, existsSync } from 'node:fs'
import { gzipSync, brotliCompressSync, constants } from 'node:zlib'
import { CHUNKS, chunkFile } from './chunks.mjs'

/**
 * file → [enforced gzip budget, target] in bytes. The enforced budget stops growth today; the
 * target is the issue's goal (issue #2 asks for 4 kB for the core), printed until it is met. The
 * lazy chunks' budgets come from their map, src/chunks.ts.
 */
export const BUDGETS = {
  // 5.4 kB today (what decides stays synchronous: validation, codec, gating, Consent Mode, API);
  // the budget leaves room for about 250 B more.
  'dist/consent-gate.js': [5632, 4096],
  ...Object.fromEntries(Object.entries(CHUNKS).map(([name, { budget, target = budget }]) => ['dist/' + chunkFile(name), [budget, target]])),
}

/**
 * What a first visit downloads before the banner shows: the core and the UI chunk, each gzipped
 * on its own as they travel (the preferences chunk follows at idle time, after the banner is up). Issue #3 asks for 13 kB; enforced only once met (the core's own
 * 4 kB goal, issue #2, is part of it), printed with the distance until then.
 */
export const FIRST_VISIT = { files: ['dist/consent-gate.js', 'dist/' + chunkFile('ui')], target: 13312, enforced: false }

let failed = false
const gzipped = {}
console.log('size budgets (gzip -9; brotli for reference)')
for (const [file, [budget, target]] of Object.entries(BUDGETS)) {
  if (!existsSync(file)) {
    console.log(`  ${file}: missing; run npm run build`)
    failed = true
    continue
  }
  const code = readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '')
  const gz = gzipSync(code, { level: 9 }).length
  gzipped[file] = gz
  const br = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
  const over = gz > budget
  failed ||= over
  console.log(
    `  ${over ? 'OVER' : 'ok  '} ${file}: ${code.length} B raw, ${gz} B gzip, ${br} B brotli; budget ${budget} B gzip (${Math.round((gz / budget) * 100)}%)`,
  )
  if (gz > target) console.log(`       target ${target} B gzip not met yet: ${gz - target} B to go`)
}
if (FIRST_VISIT.files.every((f) => f in gzipped)) {
  const total = FIRST_VISIT.files.reduce((sum, f) => sum + gzipped[f], 0)
  const met = total <= FIRST_VISIT.target
  if (FIRST_VISIT.enforced) failed ||= !met
  console.log(
    `  ${met ? 'ok  ' : 'n/a '} first visit (core + UI): ${total} B gzip; target ${FIRST_VISIT.target} B gzip` +
      (met ? '' : `, not met yet: ${total - FIRST_VISIT.target} B to go (set enforced once met)`),
  )
}
process.exit(failed ? 1 : 0)
