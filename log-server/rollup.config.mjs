// The consent-log server's build: `src/index.ts` → `dist/index.mjs`, Node ESM. Its npm dependencies
// stay external; the few SDK sources it uses (`src/sdk.ts`: the cookie codec, the receipt's type
// and JSON Schema, the cookie-name rule) are bundled in, so the package needs no `consent-gate`.
import { readFileSync } from 'node:fs'
import typescript from '@rollup/plugin-typescript'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
const external = new RegExp(`^(${Object.keys(pkg.dependencies).join('|')})(/|$)`)

/** Inline the package version wherever the source says `__VERSION__`. */
const version = () => ({
  name: 'version',
  transform: (code) => (code.includes('__VERSION__') ? { code: code.replace(/\b__VERSION__\b/g, JSON.stringify(pkg.version)), map: null } : null),
})

/** `import x from './file.json'`: the file's data, inlined. */
const json = () => ({
  name: 'json',
  transform: (code, id) => (id.endsWith('.json') ? { code: `export default ${JSON.stringify(JSON.parse(code))}`, map: { mappings: '' } } : null),
})

export default {
  input: 'src/index.ts',
  external: (id) => id.startsWith('node:') || external.test(id),
  output: { file: 'dist/index.mjs', format: 'es', sourcemap: true },
  plugins: [
    typescript({
      tsconfig: './tsconfig.json',
      include: ['src/**/*.ts', '../src/**/*.ts'],
      compilerOptions: { declaration: false, noEmit: false, types: ['node'] },
    }),
    json(),
    version(),
  ],
}
