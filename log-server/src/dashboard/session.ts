/**
 * What the dashboard keeps: the admin token in sessionStorage (this tab only, gone when it
 * closes; never localStorage, never a cookie, never the URL), and the chosen language beside it.
 * Storage can be unavailable (disabled, full, a sandboxed frame): the page then works without.
 */
const TOKEN = 'consent-gate.dashboard.token'
const LANG = 'consent-gate.dashboard.lang'

function read(key: string): string | null {
  try {
    return sessionStorage.getItem(key)
  } catch {
    return null
  }
}
function write(key: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(key)
    else sessionStorage.setItem(key, value)
  } catch {
    // Kept in memory only, for this page view.
  }
}

export const savedToken = () => read(TOKEN)
export const saveToken = (token: string | null) => write(TOKEN, token)
export const savedLang = () => read(LANG)
export const saveLang = (lang: string) => write(LANG, lang)
