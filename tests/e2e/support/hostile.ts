/**
 * Built-ins a hostile (or merely careless) page replaces before the SDK loads, each with a
 * function that throws: `[name, the page's script]`. The SDK must never throw into the page with
 * any of them, and gated content must stay blocked (tests/e2e/hostile-globals.test.ts; the auto
 * core's patches: tests/e2e/auto-block.test.ts).
 */
export const THROW = `function () { throw new Error('hostile') }`
export const HOSTILE: [string, string][] = [
  ['Array.prototype.map', `Array.prototype.map = ${THROW}`],
  ['Array.prototype.forEach', `Array.prototype.forEach = ${THROW}`],
  ['Array.prototype.filter', `Array.prototype.filter = ${THROW}`],
  ['Array.prototype.includes', `Array.prototype.includes = ${THROW}`],
  ['Array.prototype.some', `Array.prototype.some = ${THROW}`],
  ['Array.prototype.every', `Array.prototype.every = ${THROW}`],
  ['Array.prototype.concat', `Array.prototype.concat = ${THROW}`],
  ['CustomEvent', `window.CustomEvent = ${THROW}`],
  ['Promise', `window.Promise = ${THROW}`],
  ['document.querySelectorAll', `document.querySelectorAll = ${THROW}`],
  ['JSON.parse', `JSON.parse = ${THROW}`],
  ['Object.keys', `Object.keys = ${THROW}`],
  ['MutationObserver', `window.MutationObserver = ${THROW}`],
  ['Element.prototype.setAttribute', `Element.prototype.setAttribute = ${THROW}`],
  ['Element.prototype.getAttribute', `Element.prototype.getAttribute = ${THROW}`],
  ['String.prototype.split', `String.prototype.split = ${THROW}`],
]
