/**
 * `dist/consent-gate-ui.js`: Preact, the banner, styles and texts; loaded by the core only when
 * something must be shown. It registers the Preact functions the preferences and placeholders
 * chunks use, so that the page has one Preact (one set of internals and `options` hooks).
 */
import { h, render, Component } from 'preact'
import { mountUI } from './ui/mount'
import { registerChunk } from './util/load-chunk'

registerChunk('preact', { h, render, Component })
registerChunk('ui', mountUI)
