/**
 * `dist/consent-gate-ui.js`: the banner (plain DOM) and the stylesheet; loaded by the core only
 * when something must be shown. It loads the visitor's language (`en`, `ko`), the preferences (with
 * Preact) and the embed placeholders as chunks of their own. It carries the page's wiring too
 * (`page`, as the page chunk does): a first visit, which loads this chunk at its start, needs no
 * page chunk.
 */
import { mountUI } from './ui/mount'
import { startFirst } from './integrations/page'
import { registerChunk, type UIPage } from './util/load-chunk'

/** The UI chunk's export: the UI's mount, with the page's wiring as `page`. */
export type UIChunk = typeof mountUI & UIPage

registerChunk('ui', Object.assign(mountUI, { page: startFirst }) satisfies UIChunk)
