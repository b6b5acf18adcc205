#!/usr/bin/env node
// Size budgets per shipped file, gzip level 9 (brotli printed for reference). Exits 1 when a file
// is over its budget, so `npm test` fails on growth. Run after `npm run build`.
import { readFileSync, existsSync } from 'node:fs'
import { gzipSync, brotliCompressSync, constants } from 'node:zlib'

/**
 * file → [enforced gzip budget, target] in bytes. The enforced budget stops growth today; the
 * target is the goal (issue #2 asks for 4 kB for the core), printed until it is met.
 */
export const BUDGETS = {
  'dist/consent-gate.js': [6656, 4096],
  'dist/consent-gate-receipts.js': [1024, 1024],
  // Issue #3 asks for 10 kB with both languages and the CSS.
  'dist/consent-gate-ui.js': [12800, 10240],
  // floatingButton: true; a returning visitor downloads it on every page view.
  'dist/consent-gate-button.js': [1536, 1536],
}

let failed = false
console.log('size budgets (gzip -9; brotli for reference)')
for (const [file, [budget, target]] of Object.entries(BUDGETS)) {
  if (!existsSync(file)) {
    console.log(`  ${file}: missing; run npm run build`)
    failed = true
    continue
  }
  const code = readFileSync(file, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '')
  const gz = gzipSync(code, { level: 9 }).length
  const br = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
  const over = gz > budget
  failed ||= over
  console.log(`  ${over ? 'OVER' : 'ok  '} ${file}: ${code.length} B raw, ${gz} B gzip, ${br} B brotli; budget ${budget} B gzip (${Math.round((gz / budget) * 100)}%)`)
  if (gz > target) console.log(`       target ${target} B gzip not met yet: ${gz - target} B to go`)
}
process.exit(failed ? 1 : 0)
