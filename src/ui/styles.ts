/**
 * The widget's CSS, scoped by its shadow roots (the banner's and each embed placeholder's): the
 * host page's styles cannot reach in and these cannot leak out. Theme through custom properties
 * (set `--cg-*` on `#consent-gate-root` to restyle); light and dark follow `prefers-color-scheme`
 * unless `theme` forces one. Written readable; the build strips the whitespace of every `…CSS`
 * constant here (rollup.config.mjs).
 *
 * Three sheets, each in the chunk of the view that needs it, so the first visit downloads only
 * the banner's: `CSS` (the UI chunk: the theme, the host's placement, the banner, the buttons,
 * focus; every root has it), `PREFERENCES_CSS` (the preferences chunk adds it to the banner's
 * root when it first draws; with the reduced-motion rule, as its switches are all that moves) and
 * `PLACEHOLDER_CSS` (the placeholders chunk adds it to each placeholder's root). The later sheets
 * come after `CSS` in the cascade and only add to it.
 *
 * The banner's placement is the host's (`#consent-gate-root`, fixed), so the host's box is the
 * banner's for tools that measure the page; it has no transform, so the preferences' fixed overlay
 * still covers the viewport, and with nothing in its flow it is an empty box that takes no click.
 * `.cg-overlay` stays here: the modal banner (`blocking: true`) has it too.
 */
export const CSS = `
:host{all:initial;--cg-bg:#fff;--cg-fg:#1d1d1f;--cg-muted:#555;--cg-accent:#1a56c4;--cg-btn-bg:#1d1d1f;--cg-btn-fg:#fff;
  --cg-border:#c9c9cf;--cg-radius:10px;--cg-font:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans KR","Apple SD Gothic Neo",sans-serif;
  --cg-shadow:0 8px 32px rgba(0,0,0,.22);font:15px/1.5 var(--cg-font);color:var(--cg-fg)}
:host([data-theme=dark]){--cg-bg:#1f1f23;--cg-fg:#f2f2f5;--cg-muted:#c4c4cc;--cg-accent:#8ab4ff;--cg-btn-bg:#f2f2f5;--cg-btn-fg:#111;--cg-border:#55555e}
@media (prefers-color-scheme:dark){
  :host(:not([data-theme=light])){--cg-bg:#1f1f23;--cg-fg:#f2f2f5;--cg-muted:#c4c4cc;--cg-accent:#8ab4ff;--cg-btn-bg:#f2f2f5;--cg-btn-fg:#111;--cg-border:#55555e}
}
*{box-sizing:border-box}
:focus-visible{outline:3px solid var(--cg-accent);outline-offset:2px}
p{margin:0 0 8px}
:host(#consent-gate-root){position:fixed;z-index:2147483646;left:0;right:0;bottom:0}
:host(#consent-gate-root[data-position=box]){left:auto;right:16px;bottom:16px;max-width:420px}
:host(#consent-gate-root[data-position=center]){inset:0;margin:auto;width:min(560px,calc(100vw - 24px));height:fit-content}
.cg-banner{background:var(--cg-bg);border:1px solid var(--cg-border);box-shadow:var(--cg-shadow);border-radius:var(--cg-radius);overflow:auto;
  padding:16px 20px;display:grid;gap:4px 24px;align-items:center;max-height:100vh}
:host(:not([data-position])) div:not(.cg-overlay)>.cg-banner{border-radius:var(--cg-radius) var(--cg-radius) 0 0}
.cg-overlay .cg-banner{width:min(640px,100%)}
.cg-title{font-size:17px;margin:0 0 4px}
.cg-link{color:var(--cg-accent);text-decoration:underline;cursor:pointer}
.cg-opt-out{display:block;background:none;border:0;padding:0;margin-top:.75em;font:inherit}
.cg-actions{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5em,1fr));gap:8px}
@media (min-width:641px){
  :host(:not([data-position])) div:not(.cg-overlay)>.cg-banner{grid-template-columns:1fr auto}
  :host(:not([data-position])) div:not(.cg-overlay)>.cg-banner .cg-actions{grid-column:2;grid-row:1/span 2;grid-template-columns:repeat(3,minmax(9.5em,1fr))}
}
.cg-btn{font:600 15px/1.2 var(--cg-font);min-height:44px;padding:10px 16px;border-radius:8px;cursor:pointer;
  background:var(--cg-btn-bg);color:var(--cg-btn-fg);border:2px solid var(--cg-btn-bg)}
.cg-close{position:absolute;top:6px;right:8px;background:none;border:0;color:var(--cg-fg);font-size:22px;line-height:1;width:36px;height:36px;cursor:pointer;border-radius:6px}
.cg-overlay{position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center;padding:12px}
`

/**
 * The preferences' rules (the dialog, its categories, switches, disclosures, PIPA notices, cookie
 * tables and the visitor's record), in the preferences chunk. Its overlay, title, texts and
 * buttons are `CSS`'s.
 */
export const PREFERENCES_CSS = `
.cg-preferences{background:var(--cg-bg);border:1px solid var(--cg-border);box-shadow:var(--cg-shadow);border-radius:var(--cg-radius);overflow:auto;
  position:relative;width:min(640px,100%);max-height:calc(100vh - 24px);padding:20px}
.cg-category,.cg-record{border-top:1px solid var(--cg-border);padding:12px 0}
.cg-category-head,.cg-service{display:flex;align-items:center;justify-content:space-between;gap:12px}
h3{font-size:15px;margin:0}
.cg-required,.cg-notice,.cg-record{font-size:14px}
.cg-required{color:var(--cg-muted)}
.cg-switch{flex:none;position:relative;width:48px;height:28px;border-radius:14px;border:2px solid var(--cg-fg);background:var(--cg-bg);cursor:pointer;padding:0}
.cg-switch::after{content:"";position:absolute;top:3px;left:3px;width:18px;height:18px;border-radius:50%;background:var(--cg-fg);transition:transform .15s}
.cg-switch[aria-checked=true]{background:var(--cg-accent);border-color:var(--cg-accent)}
.cg-switch[aria-checked=true]::after{transform:translateX(20px);background:var(--cg-bg)}
.cg-switch[aria-disabled=true]{opacity:.6;cursor:not-allowed}
summary{color:var(--cg-accent);text-decoration:underline;cursor:pointer;margin:4px 0}
.cg-service{flex-wrap:wrap;padding:6px 0 6px 12px}
.cg-notice{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;margin:6px 0}
dt,caption{font-weight:600}dd{margin:0}
table{width:100%;border-collapse:collapse;font-size:13px;margin:6px 0}
caption,th,td{text-align:left;vertical-align:top}
th,td{border-bottom:1px solid var(--cg-border);padding:4px 6px}
.cg-record p{margin:2px 0}code{font-size:13px;word-break:break-all}
.cg-preferences .cg-actions{margin-top:12px}
@media (prefers-reduced-motion:reduce){*,::before,::after{transition:none!important;animation:none!important}}
`

/** An embed placeholder's rules, in the placeholders chunk; its text and buttons are `CSS`'s. */
export const PLACEHOLDER_CSS = `
.cg-ph{background:var(--cg-bg);border:1px solid var(--cg-border);height:100%;display:flex;overflow:auto;padding:12px;font-size:14px;text-align:center}
.cg-ph>div{margin:auto}
.cg-ph .cg-actions{display:flex;flex-wrap:wrap;justify-content:center}
.cg-ph .cg-btn{min-height:36px;padding:6px 12px;font-size:14px}
`
