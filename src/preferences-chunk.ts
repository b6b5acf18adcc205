/**
 * `dist/consent-gate-preferences.js`: the preferences dialog with the visitor's record, and Preact,
 * bundled in (the page's only Preact: the banner and the embed placeholders are plain DOM). Loaded by
 * the UI chunk when the visitor shows intent to open the preferences, or on opening; it draws into
 * the UI's shadow root, with the UI's stylesheet and texts.
 */
import { drawPreferences } from './ui/PreferencesDialog'
import { registerChunk } from './util/load-chunk'

registerChunk('preferences', drawPreferences)
