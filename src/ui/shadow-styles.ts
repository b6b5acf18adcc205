/**
 * Add a stylesheet to an open shadow root, after those it has: a constructable stylesheet (adopted:
 * no `style-src` needed, so it works under a strict CSP), or, where those are missing, a `<style>`
 * carrying the core's `nonce`. `sheet` is one made before for the same CSS (several roots share
 * it); returns the sheet adopted, if any. A root gets the banner's sheet first and a view's own
 * after it (the preferences', a placeholder's), so the later one comes later in the cascade.
 */
export function styleShadow(root: ShadowRoot, css: string, nonce: string, sheet?: CSSStyleSheet | null): CSSStyleSheet | null {
  try {
    const made = sheet || new CSSStyleSheet()
    if (!sheet) made.replaceSync(css)
    // After the sheets the root has (none yet where the DOM leaves the list undefined, as happy-dom does).
    root.adoptedStyleSheets = [...(root.adoptedStyleSheets || []), made]
    return made
  } catch {
    const style = document.createElement('style')
    if (nonce) style.nonce = nonce
    style.textContent = css
    root.appendChild(style)
    return null
  }
}
