// The consent-log server's builds:
// - `src/index.ts` → `dist/index.mjs`, Node ESM. Its npm dependencies stay external; the few SDK
//   sources it uses (`src/sdk.ts`: the cookie codec, the receipt's type and JSON Schema, the
//   cookie-name rule) are bundled in, so the package needs no `consent-gate`.
// - `src/dashboard/` → `dist/dashboard/` (index.html, dashboard.js, dashboard.css): the browser
//   page `GET /dashboard` serves. Preact and uPlot are bundled in (no CDN, nothing to install:
//   both are devDependencies), minified; uPlot's stylesheet goes into dashboard.css.
import { readFileSync } from 'node:fs'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
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

/** Comments and the whitespace around punctuation out of a stylesheet; values keep their inner spaces. */
const minifyCss = (css) =>
  css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/;}/g, '}')
    .trim()

/**
 * `import './x.css'`: the stylesheets, in import order, become one `dashboard.css` beside the
 * script (the page's CSP allows style sheets from 'self' only, so nothing is injected at run time).
 */
const css = (fileName) => {
  const sheets = new Map()
  return {
    name: 'css',
    transform(code, id) {
      if (!id.endsWith('.css')) return null
      sheets.set(id, minifyCss(code))
      return { code: '', map: { mappings: '' }, moduleSideEffects: true }
    },
    generateBundle() {
      // Execution order: depth first through each module's imports, in the order they are
      // written (a stylesheet's own module is empty, so the chunk itself does not list it).
      const order = []
      const seen = new Set()
      const walk = (id) => {
        if (seen.has(id)) return
        seen.add(id)
        for (const dep of this.getModuleInfo(id)?.importedIds || []) walk(dep)
        order.push(id)
      }
      for (const id of this.getModuleIds()) if (this.getModuleInfo(id)?.isEntry) walk(id)
      const source = order
        .filter((id) => sheets.has(id))
        .map((id) => sheets.get(id))
        .join('\n')
      this.emitFile({ type: 'asset', fileName, source })
    },
  }
}

/** Copy a static file into the output folder as it is. */
const copy = (from, fileName) => ({
  name: 'copy',
  buildStart() {
    this.addWatchFile(from)
  },
  generateBundle() {
    this.emitFile({ type: 'asset', fileName, source: readFileSync(from, 'utf8') })
  },
})

export default [
  {
    input: 'src/index.ts',
    external: (id) => id.startsWith('node:') || external.test(id),
    output: { file: 'dist/index.mjs', format: 'es', sourcemap: true },
    plugins: [
      typescript({
        tsconfig: './tsconfig.json',
        include: ['src/**/*.ts', '../src/**/*.ts'],
        exclude: ['src/dashboard/**'],
        compilerOptions: { declaration: false, noEmit: false, types: ['node'] },
      }),
      json(),
      version(),
    ],
  },
  {
    input: 'src/dashboard/main.tsx',
    output: {
      file: 'dist/dashboard/dashboard.js',
      format: 'iife',
      plugins: [terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: false } })],
    },
    plugins: [
      nodeResolve({ browser: true }),
      css('dashboard.css'),
      typescript({
        tsconfig: './tsconfig.json',
        // The page, and the one server module it shares (the CSV cell rule).
        include: ['src/dashboard/**/*.ts', 'src/dashboard/**/*.tsx', 'src/csv-cell.ts'],
        compilerOptions: { declaration: false, noEmit: false, types: ['node'] },
      }),
      copy('src/dashboard/index.html', 'index.html'),
      version(),
    ],
  },
]
