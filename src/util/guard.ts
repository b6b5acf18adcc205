/**
 * The SDK promises never to throw into the host page, and the page may have replaced the
 * built-ins it uses (`Array.prototype.map`, `Promise`, `CustomEvent`, …) before it loaded. What
 * fails is logged; gated markup is `type="text/plain"` or `data-src`, so whatever did not run
 * stays blocked (fail closed).
 */
export const failed = (e: unknown) => console.error('[ConsentGate] failed; trackers stay blocked:', e)

/**
 * Run `fn` in a task of its own, guarded: for the work the core does not need in order to decide
 * (chunk loads for problems, the button, receipts left by earlier pages, the cookie purge), so
 * that the first tick, before the first paint, is only what decides.
 */
export const later = (fn: () => unknown) => setTimeout(guard(fn))

/**
 * `fn` as a callback the browser calls (observer, event listener, timer, promise): the browser
 * would report its exception as the page's uncaught error, so it is caught and logged instead.
 */
export const guard =
  <T>(fn: (x: T) => unknown) =>
  (x: T): void => {
    try {
      fn(x)
    } catch (e) {
      failed(e)
    }
  }
