/**
 * `dist/consent-gate-ui.js`: the banner (plain DOM) and the stylesheet; loaded by the core only
 * when something must be shown. It loads the visitor's language (`en`, `ko`), the preferences (with
 * Preact) and the embed placeholders as chunks of their own. It carries the part of the page's
 * wiring a first visit needs before a click (`page`: src/integrations/page.ts's `startFirst`),
 * which fetches the page chunk for the rest after the visitor's first decision.
 */
import { mountUI } from './ui/mount'
import { startFirst } from './integrations/page'
import { registerChunk, type UIPage } from './util/load-chunk'

/** The UI chunk's export: the UI's mount, with the page's wiring as `page`. */
export type UIChunk = typeof mountUI & UIPage

registerChunk('ui', Object.assign(mountUI, { page: startFirst }) satisfies UIChunk)
