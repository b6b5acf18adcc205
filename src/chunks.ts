/**
 * The one map of lazy chunks: name → how it is built and its gzip budget. It drives the loader
 * (`util/load-chunk.ts`: the names it accepts, the file it requests), the Rollup builds
 * (`rollup.config.mjs`: one build per entry, from `src/<name>-chunk.ts` to `dist/consent-gate-<name>.js`)
 * and the size budgets (`scripts/size.mjs`). Node reads this file through `scripts/chunks.mjs`,
 * which compiles it with TypeScript. Nothing here has side effects; the core keeps only `chunkFile`.
 */
export interface ChunkSpec {
  /** Enforced gzip budget (level 9) in bytes, `scripts/size.mjs` fails above it. */
  budget: number
  /** The goal, printed until met. @default budget */
  target?: number
  /**
   * Preact: `'bundled'`, in this chunk (resolved from node_modules, its internals mangled). Only
   * the preferences have it, so the page has one Preact, and only once the visitor asks for them.
   * @default undefined (no Preact)
   */
  preact?: 'bundled'
}

export const CHUNKS = {
  // Decisions with an `endpoint`: build, localStorage queue, delivery.
  receipts: { budget: 1536 },
  // Loaded only when needed: console sentences, and deleting denied cookies.
  // Issue #12's fields (profiles' PIPA notice, autoBlock, cookieGuard, Consent Mode's regions and
  // set calls, vendorConsent) added sentences: 1.17 kB.
  diagnostics: { budget: 1216 },
  // Deleting the listed cookies of denied purposes with js-cookie: 1167 B gzip (533 B with the
  // core's own writer, +634 B); lazy, loaded only when there is something to delete.
  purge: { budget: 1280 },
  // The banner in plain DOM and its stylesheet (the theme, the host's placement, the banner, focus:
  // 1.0 kB; every root has it), no texts, and the part of the page's wiring a first visit needs
  // before a click (the settings links, the declaration's and the debug view's triggers, and the
  // config checks promised as the page loads: a global config that is not an object, a
  // `googleConsentMode` of the wrong type, an id `__proto__`, the `kr` notice fields). The
  // rest of the wiring (the other checks, the floating button, leftovers of earlier pages) comes
  // from the page chunk after the first decision. What every first visit downloads beside the core
  // and one language chunk: core + UI + a language chunk must stay within the issue #10 first-visit
  // budget of 13,312 B, with the auto core too (scripts/size.mjs). No Preact (4.3 kB). 4.1 kB today
  // (it was 9.8 kB with Preact and both languages, 5.1 kB with English, 4.8 kB with all the page's
  // wiring). Budgets here: today's size and about 6% more.
  ui: { budget: 4352 },
  // The first layer of the English and the Korean texts (what the banner shows): the UI chunk
  // carries none. The core requests the likely one beside the UI chunk; the UI chunk waits for its
  // language before the first drawing. A Korean visitor downloads no English: 0.4 and 0.5 kB today
  // (1.0 and 1.3 kB with every text).
  en: { budget: 432 },
  ko: { budget: 544 },
  // The rest of each language's texts: the preferences, the visitor's record, the embed
  // placeholders and the built-in categories' titles. Fetched by the UI chunk together with the
  // preferences chunk (on intent or on opening) or the placeholders chunk, never on a first visit
  // that only accepts or rejects. 0.8 and 1.1 kB today.
  'en-more': { budget: 864 },
  'ko-more': { budget: 1136 },
  // The preferences with the visitor's record, and the page's one Preact, bundled in: fetched on
  // intent (pointer over, press on or focus on "Manage preferences") or on opening, never before a
  // click on a first visit that only accepts or rejects. With the preferences' own stylesheet,
  // which it adds to the banner's shadow root, and their focus handling (taking it on opening,
  // giving it back on closing): 7.6 kB today (Preact 4.3 kB of it, the stylesheet 0.7 kB).
  preferences: { budget: 8080, preact: 'bundled' },
  // The embed placeholders, loaded by the UI chunk when a gated iframe is blocked: plain DOM, no
  // Preact (a page whose only UI is a placeholder downloads none), and their own stylesheet. 1.8 kB today.
  placeholders: { budget: 1952 },
  // Loaded once the document is parsed on a page view that did not load the UI chunk at its start
  // (a returning visitor's), and by the UI chunk after a first visit's first decision (`later`):
  // the settings links, the triggers of the floating button, the declaration and the debug overlay
  // (each a chunk of its own), leftovers of earlier pages, and the config checks that change
  // nothing the core does (src/core/lint.ts: 0.7 kB, out of the cores). 1.6 kB today.
  page: { budget: 1696 },
  // The debug overlay and `ConsentGate.inspect()`'s data: loaded by `debug()`, `inspect()` or
  // `?consent-gate-debug` only, never by a visitor's page view. 3.1 kB today.
  debug: { budget: 3328 },
  // floatingButton: true; a returning visitor downloads it on every page view.
  button: { budget: 1536 },
  // The cookie declaration of a privacy policy (`[data-consent-gate-declaration]`): plain HTML from
  // the config, the UI's English texts (the fallback) and its own texts in English and Korean (the
  // UI's Korean comes from the `ko` chunk); loaded only on a page that has one, after parsing, so
  // never on a first visit's path. 3.9 kB today (its two browser paragraphs 1 kB of it).
  declaration: { budget: 4160 },
  // cookieGuard (the auto core): the Open Cookie Database's names and prefixes per category, and
  // the guard's decisions; loaded on the first cookie write that must wait for it. 12.9 kB today
  // (its @license line 0.1 kB of it).
  cookies: { budget: 13696 },
  // The auto core's clearing of the `storage` keys of denied purposes, loaded on a decision when
  // the config lists any: out of the core (84 B gzip there).
  storage: { budget: 512 },
} satisfies Record<string, ChunkSpec>

export type ChunkName = keyof typeof CHUNKS

/** A chunk's file is `consent-gate-<name>.js`, next to `consent-gate.js` (in `dist/`). */
export const CHUNK_PREFIX = 'consent-gate-'
export const CHUNK_SUFFIX = '.js'

/**
 * The file of a chunk. (The loader writes `base + CHUNK_PREFIX + name + CHUNK_SUFFIX` itself: the
 * core's minifier does not fold a call to this arrow, 5 B gzip measured.)
 */
export const chunkFile = (name: string): string => CHUNK_PREFIX + name + CHUNK_SUFFIX

/** The entry module of a chunk, which registers what the chunk exports (`registerChunk`). */
export const chunkEntry = (name: string) => 'src/' + name + '-chunk.ts'
