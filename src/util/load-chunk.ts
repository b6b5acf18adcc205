import { CHUNK_PREFIX, CHUNK_SUFFIX, type ChunkName } from '../chunks'
import type { Problem } from '../core/problems'
import type { ConsentGate } from '../types'

/**
 * What the page chunk exports (`src/page-chunk.ts`), and the UI chunk beside its mount: `page`, the
 * page's wiring (`src/integrations/page.ts`), called by the script-tag core once the document is
 * parsed.
 */
export type StartPage = (gate: ConsentGate, load: <T>(name: ChunkName) => Promise<T>, report: (problem: Problem) => void, nonce: string) => void
/** The page chunk: its whole wiring (`page`), and `later`, the part a first visit's UI chunk leaves for after the first decision. */
export type PageChunk = { page: StartPage; later: StartPage }
export type UIPage = { page: StartPage }

type Chunks = Record<string, unknown>
type Win = Window & { ConsentGateChunks?: Chunks }

/**
 * Load a lazily built chunk of `src/chunks.ts` that sits next to `consent-gate.js` (same directory, same nonce) and
 * resolve with what it registered under `name` in `window.ConsentGateChunks`. Each chunk is
 * requested once per page.
 */
export function chunkLoader(base: string, nonce: string) {
  const loading: Record<string, Promise<unknown>> = {}
  return <T>(name: ChunkName): Promise<T> => {
    return (loading[name] =
      loading[name] ||
      new Promise((resolve, reject) => {
        const s = document.createElement('script')
        s.src = base + CHUNK_PREFIX + name + CHUNK_SUFFIX
        if (nonce) s.nonce = nonce
        s.onload = () => {
          const chunks = (window as Win).ConsentGateChunks
          if (chunks && chunks[name]) resolve(chunks[name])
          else reject(s.src)
        }
        s.onerror = () => {
          delete loading[name]
          reject(s.src)
        }
        document.head.appendChild(s)
      })) as Promise<T>
  }
}

/** Register a chunk's export (or, for the UI chunk, its Preact): the only side effect of a chunk entry. */
export function registerChunk(name: ChunkName | 'preact', value: unknown): void {
  const win = window as Win
  ;(win.ConsentGateChunks = win.ConsentGateChunks || {})[name] = value
}
