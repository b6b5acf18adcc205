import { readFileSync } from 'node:fs'
import typescript from '@rollup/plugin-typescript'
import terser from '@rollup/plugin-terser'
import { nodeResolve } from '@rollup/plugin-node-resolve'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))

/** Inline the package version wherever the source says `__VERSION__`. */
const version = () => ({
  name: 'version',
  transform: (code) => (code.includes('__VERSION__') ? code.replace(/\b__VERSION__\b/g, JSON.stringify(pkg.version)) : null),
})

/**
 * Strip the whitespace from the UI's stylesheet (`src/ui/styles.ts`, written readable): newlines
 * with their indentation, spaces around `{ } ; , >`, and the last `;` of each block. Values keep
 * their inner spaces (`0 8px 32px`, `calc(100vw - 24px)`), and so do descendant selectors.
 */
const minifyCSS = () => ({
  name: 'minify-css',
  transform(code, id) {
    if (!id.replace(/\\/g, '/').endsWith('/src/ui/styles.ts')) return null
    const out = code.replace(
      /CSS = `([^`]*)`/,
      (_, css) =>
        'CSS = `' +
        css
          .replace(/\n\s*/g, '')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/;}/g, '}') +
        '`',
    )
    return { code: out, map: null }
  },
})

const ts = () =>
  typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts', 'src/**/*.tsx'], compilerOptions: { declaration: false, noEmit: false, types: [] } })

/** Minification of the UI chunks: every safe-for-our-code compression, ES2020 output. */
const uiTerser = (extra = {}) =>
  terser({
    ecma: 2020,
    toplevel: true,
    compress: { passes: 5, pure_getters: true, unsafe: true, unsafe_arrows: true, unsafe_methods: true, unsafe_comps: true },
    format: { comments: false },
    ...extra,
  })

export default [
  // The script tag: one synchronous, minified classic script, dependencies bundled in.
  {
    input: 'src/embed.ts',
    output: {
      file: 'dist/consent-gate.js',
      format: 'iife',
      sourcemap: true,
      plugins: [
        terser({
          ecma: 2019,
          compress: { passes: 3, pure_getters: true, unsafe_arrows: true },
          format: { comments: false },
        }),
      ],
    },
    plugins: [nodeResolve({ browser: true }), ts(), version()],
  },
  // Lazy chunks, loaded by the script-tag core from its own directory.
  {
    input: 'src/receipts-chunk.ts',
    output: {
      file: 'dist/consent-gate-receipts.js',
      format: 'iife',
      sourcemap: true,
      plugins: [terser({ ecma: 2019, compress: { passes: 3 }, format: { comments: false } })],
    },
    plugins: [ts(), version()],
  },
  {
    input: 'src/diagnostics-chunk.ts',
    output: {
      file: 'dist/consent-gate-diagnostics.js',
      format: 'iife',
      sourcemap: true,
      plugins: [terser({ ecma: 2019, compress: { passes: 3 }, format: { comments: false } })],
    },
    plugins: [ts(), version()],
  },
  {
    input: 'src/purge-chunk.ts',
    output: {
      file: 'dist/consent-gate-purge.js',
      format: 'iife',
      sourcemap: true,
      plugins: [terser({ ecma: 2019, compress: { passes: 3 }, format: { comments: false } })],
    },
    plugins: [ts(), version()],
  },
  {
    input: 'src/ui-chunk.ts',
    output: {
      file: 'dist/consent-gate-ui.js',
      format: 'iife',
      sourcemap: true,
      plugins: [
        // Preact's internals (`__k`, `__e`, `_sb`, …) are private to this one bundle: shorter names
        // (measured: 39 B gzip). `__html` is Preact's public dangerouslySetInnerHTML key.
        uiTerser({ mangle: { properties: { regex: /^__?[a-zA-Z]/, reserved: ['__html'] } } }),
      ],
    },
    plugins: [nodeResolve({ browser: true }), ts(), minifyCSS(), version()],
  },
  // The UI's own lazy chunks: the preferences (with the visitor's record) and the embed placeholders.
  // They use the UI chunk's Preact, which it registers as `ConsentGateChunks.preact`: one Preact per
  // page, so its internals and `options` hooks are shared. Preact's internals stay untouched here
  // (no property mangling): these chunks only use its public API (`h`, `render`, `Component`).
  ...['preferences', 'placeholders'].map((name) => ({
    input: `src/${name}-chunk.ts`,
    external: ['preact'],
    output: {
      file: `dist/consent-gate-${name}.js`,
      format: 'iife',
      globals: { preact: 'ConsentGateChunks.preact' },
      sourcemap: true,
      plugins: [uiTerser()],
    },
    plugins: [ts(), version()],
  })),
  {
    input: 'src/button-chunk.ts',
    output: {
      file: 'dist/consent-gate-button.js',
      format: 'iife',
      sourcemap: true,
      plugins: [terser({ ecma: 2019, compress: { passes: 3 }, format: { comments: false } })],
    },
    plugins: [ts(), version()],
  },
  // npm: ESM + CJS with named exports and no side effects; js-cookie stays a dependency.
  {
    input: 'src/index.ts',
    external: ['js-cookie'],
    output: [
      { file: 'dist/index.mjs', format: 'es', sourcemap: true },
      { file: 'dist/index.cjs', format: 'cjs', sourcemap: true, exports: 'named' },
    ],
    plugins: [ts(), version()],
  },
  // Server-side reading of the consent cookie.
  {
    input: 'src/server/index.ts',
    output: [
      { file: 'dist/server.mjs', format: 'es', sourcemap: true },
      { file: 'dist/server.cjs', format: 'cjs', sourcemap: true, exports: 'named' },
    ],
    plugins: [ts(), version()],
  },
]
