#!/usr/bin/env node
// `consent-gate-audit <url>`: audit a site's tracking consent in Chromium (see `consent-gate-audit --help`).
import { existsSync } from 'node:fs'

const bundle = new URL('../dist/index.mjs', import.meta.url)
if (!existsSync(bundle)) {
  console.error('consent-gate-audit: audit/dist/index.mjs is missing; run `npm run build -w audit` first.')
  process.exit(2)
}
/** Exit once stdout and stderr are written out: a pipe (CI, `| jq`) would lose a long report's tail. */
const exit = (code) => process.stdout.write('', () => process.stderr.write('', () => process.exit(code)))
const { main } = await import(bundle.href)
main(process.argv.slice(2)).then(exit, (e) => {
  console.error(`consent-gate-audit: ${e && e.message ? String(e.message).split('\n')[0] : e}`)
  exit(2)
})
