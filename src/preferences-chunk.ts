/**
 * `dist/consent-gate-preferences.js`: the preferences dialog with the visitor's record. Loaded by
 * the UI chunk when the preferences are first opened (or at idle time once the banner is up); it
 * uses the UI chunk's Preact (`preact` is external in the build, see rollup.config.mjs).
 */
import { PreferencesDialog } from './ui/PreferencesDialog'
import { registerChunk } from './util/load-chunk'

registerChunk('preferences', PreferencesDialog)
