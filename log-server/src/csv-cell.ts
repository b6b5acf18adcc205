/**
 * One CSV cell, the same for the server's export (`export.ts`) and the dashboard's download (a
 * pure module: the dashboard bundles it into the browser).
 */

/**
 * A cell a spreadsheet would read as a formula (OWASP, CSV injection): = + - @, tab and CR, and
 * the full-width = + - @ that Excel also takes as the start of one. Such a cell gets a leading `'`.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/
/**
 * Quoted (RFC 4180) when the field holds the separator, a quote or a line break (CR or LF), and
 * also `;`: spreadsheets in locales whose list separator is `;` split on it, and the part after a
 * bare `;` (`http://x/a;=1+1`) would become a cell of its own, formula included.
 */
const NEEDS_QUOTES = /[",;\r\n]/

/** `null`/`undefined` are empty, objects are JSON. */
export function csvCell(v: unknown): string {
  let s = v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
  if (FORMULA_START.test(s)) s = "'" + s
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}
