/**
 * The value of cookie `name` in a `Cookie` request header: the first one of that name, without
 * surrounding quotes, URI-decoded (kept as sent when it does not decode). `undefined` when absent.
 * Shared by `consent-gate/server` and the consent-log server's cookie re-issue.
 */
export function cookieValue(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const raw = part
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1')
      try {
        return decodeURIComponent(raw)
      } catch {
        // Not a consent record either way (the format has no `%`); the caller sees it is there.
        return raw
      }
    }
  }
  return undefined
}
