// The lazy chunks' map (`src/chunks.ts`) for Node: rollup.config.mjs and scripts/size.mjs read the
// TypeScript source through TypeScript's own transpiler (type-only, so this is the whole compile).
import { readFileSync } from 'node:fs'
import ts from 'typescript'

const source = readFileSync(new URL('../src/chunks.ts', import.meta.url), 'utf8')
const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2020 } })
/** @type {typeof import('../src/chunks')} */
const chunks = await import('data:text/javascript;base64,' + Buffer.from(outputText).toString('base64'))

export const { CHUNKS, chunkFile, chunkEntry } = chunks
