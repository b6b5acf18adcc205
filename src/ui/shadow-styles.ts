/**
 * Style an open shadow root: a constructable stylesheet (adopted: no `style-src` needed, so it works
 * under a strict CSP), or, where those are missing, a `<style>` carrying the core's `nonce`. `sheet`
 * is one made before for the same CSS (several roots share it); returns the sheet adopted, if any.
 */
export function styleShadow(root: ShadowRoot, css: string, nonce: string, sheet?: CSSStyleSheet | null): CSSStyleSheet | null {
  try {
    const made = sheet || new CSSStyleSheet()
    if (!sheet) made.replaceSync(css)
    root.adoptedStyleSheets = [made]
    return made
  } catch {
    const style = document.createElement('style')
    if (nonce) style.nonce = nonce
    style.textContent = css
    root.appendChild(style)
    return null
  }
}
