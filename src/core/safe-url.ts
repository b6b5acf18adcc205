/**
 * Accept absolute http(s) URLs and relative references only: `javascript:`, `data:` and
 * friends never reach a `fetch` or an `href`.
 */
export function isSafeUrl(value: unknown): value is string {
  // URL parsers drop tabs and newlines anywhere and control characters or spaces in front, so
  // `java\tscript:` is `javascript:` to a browser: look at the scheme the way they do.
  const url = typeof value === 'string' ? value.replace(/^[\0- ]+|[\t\n\r]/g, '') : ''
  // Not empty, and either no scheme at all (a path or a relative reference) or http(s).
  return !!url && /^(https?:|(?![a-z][\w+.-]*:))/i.test(url)
}
