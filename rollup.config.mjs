import { readFileSync } from 'node:fs'
import typescript from '@rollup/plugin-typescript'
import terser from '@rollup/plugin-terser'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import { minify as swcMinify } from '@swc/core'
import { CHUNKS, chunkEntry, chunkFile } from './scripts/chunks.mjs'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))

/** Inline the package version wherever the source says `__VERSION__`. */
const version = () => ({
  name: 'version',
  transform: (code) => (code.includes('__VERSION__') ? code.replace(/\b__VERSION__\b/g, JSON.stringify(pkg.version)) : null),
})

/**
 * `__EMBED__` (see `src/util/build.ts`): `true` in the script-tag build, so terser drops what only
 * `destroy()` needs there; `false` in the npm entry and the chunks, which ship no free global.
 */
const embed = (value) => ({
  name: 'embed',
  transform: (code) => (code.includes('__EMBED__') ? code.replace(/\b__EMBED__\b/g, String(value)) : null),
})

/**
 * `__AUTO__` (see `src/auto/build.ts`): `true` in the auto core, `dist/consent-gate.auto.js` (the
 * script tag plus auto-blocking and the cookie guard), `false` everywhere else.
 */
const auto = (value) => ({
  name: 'auto',
  transform: (code) => (code.includes('__AUTO__') ? code.replace(/\b__AUTO__\b/g, String(value)) : null),
})

/**
 * Strip the whitespace from the UI's stylesheets (every `…CSS = \`…\`` of `src/ui/styles.ts`,
 * written readable: the banner's, the preferences', the placeholders'): newlines with their
 * indentation, spaces around `{ } ; , >`, and the last `;` of each block. Values keep their inner
 * spaces (`0 8px 32px`, `calc(100vw - 24px)`), and so do descendant selectors.
 */
const minifyCSS = () => ({
  name: 'minify-css',
  transform(code, id) {
    if (!id.replace(/\\/g, '/').endsWith('/src/ui/styles.ts')) return null
    const out = code.replace(
      /\b(\w*CSS) = `([^`]*)`/g,
      (_, name, css) =>
        name +
        ' = `' +
        css
          .replace(/\n\s*/g, '')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/;}/g, '}') +
        '`',
    )
    return { code: out, map: null }
  },
})

/**
 * A first minification pass by SWC, before terser's: on our code the two in a row give smaller gzip
 * than either alone (measured in issue #12: the auto core 8,891 → 8,823 B, the core 6,653 →
 * 6,631 B, the UI chunk 4,870 → 4,822 B, every other file the same or smaller; docs/size.md). SWC
 * shortens local names only; terser, after it, shortens the properties each build lists and keeps
 * the `/*! @license` comment.
 */
const swc = (compress = {}) => ({
  name: 'swc-minify',
  renderChunk: (code) =>
    swcMinify(code, {
      // `unsafe_regexp`: a regular expression in a constant is written where it is used (16 B in
      // the auto core); safe here, as no stored one has the `g` or `y` flag, whose `lastIndex`
      // a shared object would keep between calls.
      compress: { passes: 5, pure_getters: true, unsafe_arrows: true, unsafe_regexp: true, hoist_funs: true, ...compress },
      mangle: true,
      ecma: 2019,
      sourceMap: true,
      format: { comments: 'some' },
    }),
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

/**
 * Minification of the other chunks. A `/*! @license` comment stays: the cookies chunk's banner,
 * the Open Cookie Database's notice (no other chunk has one; js-cookie's `/*!` line is no license line).
 */
const chunkTerser = () => terser({ ecma: 2019, compress: { passes: 3 }, format: { comments: /^! @license/ } })

/**
 * The cookies chunk is derived from the Open Cookie Database (Apache-2.0): its license text goes
 * beside it in dist/ (`consent-gate-cookies.LICENSE.txt`, which the chunk's `@license` line names),
 * so that a site that copies dist/, or installs the package, gets the license with the data.
 */
const OCD_BANNER =
  '/*! @license Derived from the Open Cookie Database (github.com/jkwakman/Open-Cookie-Database, commit 0ee5a17f), Apache-2.0: see consent-gate-cookies.LICENSE.txt */'
const ocdLicense = () => ({
  name: 'ocd-license',
  generateBundle() {
    this.emitFile({
      type: 'asset',
      fileName: 'consent-gate-cookies.LICENSE.txt',
      source:
        'consent-gate-cookies.js contains data derived from the Open Cookie Database\n' +
        '(https://github.com/jkwakman/Open-Cookie-Database, commit 0ee5a17fe1cb002943f89370d24fc26a4226061c),\n' +
        'reduced by scripts/open-cookie-database.mjs to names and categories. Its license:\n\n' +
        readFileSync(new URL('./third_party/open-cookie-database/LICENSE', import.meta.url), 'utf8'),
    })
  },
})

/**
 * The files a page downloads (the cores and their chunks) get their source maps beside them in
 * dist/ (`….js.map`) but no `//# sourceMappingURL` comment: that comment costs each file 30–40 B
 * gzip on every page view, and the size budgets measure what a visitor downloads (measured: the
 * auto core 8,691 → 8,721 B, a Korean first visit 13,304 → 13,407 B with them). In DevTools, add
 * a map by hand (right-click in the Sources panel); an error tracker takes them from dist/. The npm
 * entries, which bundlers read, keep theirs.
 */
const SCRIPT_MAPS = 'hidden'
/** And no trailing newline, which costs 4 B gzip per file (deflate's last block), last after the minifiers. */
const trimEnd = () => ({
  name: 'trim-end',
  generateBundle(_, bundle) {
    for (const file of Object.values(bundle)) if (file.type === 'chunk') file.code = file.code.trimEnd()
  },
})

/**
 * The build of one lazy chunk of `src/chunks.ts`, from its entry to its file in dist/. With
 * `preact: 'bundled'` (the preferences) Preact is in it and its internals (`__k`, `__e`, `_sb`, …),
 * private to this one bundle, get shorter names (measured: 39 B gzip; `__html` is Preact's public
 * dangerouslySetInnerHTML key). No other chunk has Preact. The UI's
 * stylesheets (`src/ui/styles.ts`: the UI, preferences and placeholders chunks each bundle their
 * own) are minified wherever they are bundled.
 */
const chunkBuild = (name) => {
  const { preact } = CHUNKS[name]
  return {
    input: chunkEntry(name),
    output: {
      file: 'dist/' + chunkFile(name),
      format: 'iife',
      // A language's chunks are data: no "use strict" prologue (7 B gzip each; a first visit loads one).
      ...(/^(en|ko)\b/.test(name) && { strict: false }),
      // The notice of the data, at the top whatever the minifier does to the module's comments.
      ...(name === 'cookies' && { banner: OCD_BANNER }),
      sourcemap: SCRIPT_MAPS,
      plugins: [
        swc(),
        preact === 'bundled'
          ? uiTerser({ mangle: { properties: { regex: /^__?[a-zA-Z]/, reserved: ['__html'] } } })
          : preact || name === 'ui'
            ? uiTerser()
            : chunkTerser(),
        trimEnd(),
      ],
    },
    plugins: [nodeResolve({ browser: true }), ts(), minifyCSS(), version(), embed(false), ...(name === 'cookies' ? [ocdLicense()] : [])],
  }
}

/**
 * The script tag: one synchronous, minified classic script, dependencies bundled in. `withAuto`:
 * the auto core, a site loads it instead of `consent-gate.js` (same chunks, same directory).
 */
const core = (withAuto) => ({
  input: 'src/embed.ts',
  output: {
    file: withAuto ? 'dist/consent-gate.auto.js' : 'dist/consent-gate.js',
    format: 'iife',
    // No "use strict" prologue (8 B gzip): nothing in the core relies on strict-mode errors (it
    // catches its own failures), and the page's scripts keep their own mode.
    strict: false,
    sourcemap: SCRIPT_MAPS,
    plugins: [
      // Without hoisting functions in SWC's pass (terser's hoists them): 11 B in each core.
      swc({ hoist_funs: false }),
      // `passes: 5`: 3 B gzip less than 3; `hoist_funs`: 2 B. The core's internal property names
      // (the gate handed to integrations, the blocker's `scan`, the settled decision's
      // `before`/`after`/`purged`/`reloading`, `applyChanges`' result, the emitters' `emit`) never
      // leave this file and are no DOM names: shortened (23 B gzip). Add a name only if it is
      // neither (terser keeps DOM names such as `state` whatever the list says), and never a name
      // read from the site's config (src/auto reads `autoBlock`'s and `cookieGuard`'s fields).
      terser({
        ecma: 2019,
        compress: { passes: 5, pure_getters: true, unsafe_arrows: true, hoist_funs: true },
        mangle: { properties: { regex: /^(after|api|before|choices|emit|hook|problems|purged|reloading|report|scan|unknown|marks|undecided)$/ } },
        format: { comments: false },
      }),
      trimEnd(),
    ],
  },
  plugins: [nodeResolve({ browser: true }), ts(), version(), embed(true), auto(withAuto)],
  // js-cookie (the cookie purge, which the core only loads as a chunk) calls a function at its top
  // level, which Rollup keeps by default: it has no side effects, so nothing of it stays here.
  treeshake: { moduleSideEffects: (id) => !/[\\/]node_modules[\\/]js-cookie[\\/]/.test(id) },
})

export default [
  core(false),
  core(true),
  // Lazy chunks, loaded by the script-tag core from its own directory: one build each, from src/chunks.ts.
  ...Object.keys(CHUNKS).map(chunkBuild),
  // npm: ESM + CJS with named exports and no side effects. js-cookie (the cookie purge) is bundled
  // in: the package has no runtime dependencies.
  {
    input: 'src/index.ts',
    output: [
      { file: 'dist/index.mjs', format: 'es', sourcemap: true },
      { file: 'dist/index.cjs', format: 'cjs', sourcemap: true, exports: 'named' },
    ],
    plugins: [nodeResolve({ browser: true }), ts(), version(), embed(false)],
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
