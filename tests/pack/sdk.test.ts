import { afterAll, expect, test } from 'vitest'
import { existsSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ROOT, installInto, pack, sh } from './support'

/**
 * The SDK as a web developer gets it: `npm pack`, installed into an empty project (offline: it
 * needs nothing from the registry), adds no dependency at all, and each entry loads.
 */
const cleanup: string[] = []
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true })
})

test('the packed consent-gate installs with 0 dependencies; its ESM, CJS and server entries load', () => {
  expect(existsSync(join(ROOT, 'dist', 'index.mjs')), 'dist/ is built (npm run build)').toBe(true)
  const { tgz, bytes, files } = pack()
  cleanup.push(dirname(tgz))
  // Nothing of the consent-log server is in the SDK's tarball.
  expect(files.filter((f) => /log-server|^bin\//.test(f))).toEqual([])
  const { dir, packages, seconds } = installInto(tgz, ['--offline'])
  cleanup.push(dir)
  console.log(
    `pack: consent-gate ${(bytes / 1024).toFixed(1)} kB packed, ${files.length} files; installed in ${seconds.toFixed(1)} s: ${packages.length} package(s)`,
  )
  expect(packages).toEqual(['node_modules/consent-gate'])

  const esm = sh(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import('consent-gate'); const s = await import('consent-gate/server');
       console.log(JSON.stringify({ main: typeof m.createConsentGate, server: typeof s.parseConsentCookie }))`,
    ],
    dir,
  )
  expect(JSON.parse(esm.stdout)).toEqual({ main: 'function', server: 'function' })
  const cjs = sh(
    process.execPath,
    [
      '-e',
      `const m = require('consent-gate'); const s = require('consent-gate/server');
       const fs = require('node:fs');
       console.log(JSON.stringify({ main: typeof m.createConsentGate, server: typeof s.parseConsentCookie,
         script: fs.existsSync(require.resolve('consent-gate/consent-gate.js')),
         auto: fs.existsSync(require.resolve('consent-gate/consent-gate.auto.js')),
         chunk: fs.existsSync(require.resolve('consent-gate/dist/consent-gate-ui.js')),
         schema: require('consent-gate/receipt.schema.json').$id !== undefined,
         autoconsent: require('consent-gate/autoconsent-rule.json').name }))`,
    ],
    dir,
  )
  expect(JSON.parse(cjs.stdout)).toEqual({
    main: 'function',
    server: 'function',
    script: true,
    auto: true,
    chunk: true,
    schema: true,
    autoconsent: 'consent-gate',
  })
})
