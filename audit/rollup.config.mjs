// The audit's build: `src/index.ts` → `dist/index.mjs`, Node ESM. Its npm dependencies stay
// external; the SDK's banner texts (`../src/i18n/en.ts`, `ko.ts`: the button names it clicks) are
// bundled in, so the package needs no `consent-gate`. The cookie lookup stays a file in data/,
// read at run time beside its Apache-2.0 notice.
import { readFileSync } from 'node:fs'
import typescript from '@rollup/plugin-typescript'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
const external = new RegExp(`^(${Object.keys(pkg.dependencies).join('|')})(/|$)`)

/** Inline the package version wherever the source says `__VERSION__`. */
const version = () => ({
  name: 'version',
  transform: (code) => (code.includes('__VERSION__') ? { code: code.replace(/\b__VERSION__\b/g, JSON.stringify(pkg.version)), map: null } : null),
})

export default {
  input: 'src/index.ts',
  external: (id) => id.startsWith('node:') || external.test(id),
  output: { file: 'dist/index.mjs', format: 'es', sourcemap: true },
  plugins: [
    typescript({
      tsconfig: './tsconfig.json',
      include: ['src/**/*.ts', '../src/i18n/*.ts'],
      compilerOptions: { declaration: false, noEmit: false },
    }),
    version(),
  ],
}
