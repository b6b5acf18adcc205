#!/usr/bin/env node
// `consent-gate-log`: the consent-log server's command line (see `consent-gate-log --help`).
import { existsSync } from 'node:fs'

const bundle = new URL('../dist/index.mjs', import.meta.url)
if (!existsSync(bundle)) {
  console.error('consent-gate: log-server/dist/index.mjs is missing; run `npm run build` first.')
  process.exit(1)
}
const { main } = await import(bundle.href)
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`consent-gate: ${e && e.message ? e.message : e}`)
    process.exit(1)
  },
)
