import { GATED_TAGS, SDK, shop } from './site'

/** The pages the audit tests serve: one a behaviour each. */

/** ConsentGate with gtag and Meta's pixel gated as its docs show: nothing before a choice. */
export const gated = () => shop(SDK + GATED_TAGS)

/**
 * gtag.js before ConsentGate (so before the Consent Mode default) and Meta's pixel with no
 * `data-category`: both run whatever the visitor chooses.
 */
export const ungated = () =>
  shop(
    '<script src="https://www.googletagmanager.com/gtag/js?id=G-TEST"></script>' +
      SDK +
      '<script src="https://connect.facebook.net/en_US/fbevents.js"></script>',
  )

/** Correctly gated, but a script of the site writes `_fbp` on any decision, a refusal included. */
export const marketingAfterReject = () =>
  shop(
    SDK +
      GATED_TAGS +
      `<script>addEventListener('consentgate:consent', function () { document.cookie = '_fbp=fb.1.1700000000000.42; path=/; max-age=7776000' })</script>`,
  )

const BUTTON = 'font:16px/1 sans-serif;padding:12px 24px;border:0;border-radius:4px;background:#0b57d0;color:#fff;cursor:pointer'

/**
 * A home-made banner that loads Meta's pixel on Accept all. `reject` is the markup of its
 * Reject all, wherever the page puts it.
 */
function homeMade(firstLayer: string, secondLayer: string) {
  return shop(
    '',
    `<main><h1>Shop</h1></main>
<div id="cb" role="dialog" aria-label="Cookies" style="position:fixed;left:0;right:0;bottom:0;padding:16px 24px;background:#fff;border-top:1px solid #ccc;font:15px sans-serif">
  <p>We use cookies for statistics and advertising.</p>
  <button id="cb-accept" style="${BUTTON}">Accept all</button>
  ${firstLayer}
  <div id="cb-layer2" hidden><p>Choose what you allow.</p>${secondLayer}</div>
</div>
<script>
  var banner = document.getElementById('cb');
  var choice = (document.cookie.match(/(?:^|; )cb_choice=(\\w+)/) || [])[1];
  function pixel() { var s = document.createElement('script'); s.src = 'https://connect.facebook.net/en_US/fbevents.js'; document.head.appendChild(s); }
  function decide(v) { document.cookie = 'cb_choice=' + v + '; path=/; max-age=15552000'; banner.remove(); if (v === 'all') pixel(); }
  if (choice) { banner.remove(); if (choice === 'all') pixel(); }
  document.getElementById('cb-accept').onclick = function () { decide('all'); };
  var more = document.getElementById('cb-more');
  if (more) more.onclick = function () { document.getElementById('cb-layer2').hidden = false; };
  document.getElementById('cb-reject').onclick = function (e) { e.preventDefault(); decide('none'); };
</script>`,
  )
}

/** Reject all only behind "Settings". */
export const rejectInSecondLayer = () =>
  homeMade(`<button id="cb-more" style="${BUTTON}">Settings</button>`, `<button id="cb-reject" style="${BUTTON}">Reject all</button>`)

/** Reject all on the first layer, as a small pale link beside a big blue Accept all. */
export const faintReject = () =>
  homeMade(`<a href="#" id="cb-reject" style="font:11px sans-serif;color:#c8c8c8;text-decoration:none;margin-left:8px">Reject all</a>`, '')

/**
 * vanilla-cookieconsent 3 (another consent tool, which autoconsent has a rule for) gating gtag
 * with its own `data-category` scripts, after a Consent Mode default of its page.
 */
export const otherTool = () =>
  shop(
    `<link rel="stylesheet" href="/vendor/cookieconsent/cookieconsent.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments)}
gtag('consent', 'default', { ad_storage: 'denied', ad_user_data: 'denied', ad_personalization: 'denied', analytics_storage: 'denied' })</script>
<script type="text/plain" data-category="analytics">gtag('consent', 'update', { analytics_storage: 'granted' });
var s = document.createElement('script'); s.src = 'https://www.googletagmanager.com/gtag/js?id=G-TEST'; document.head.appendChild(s)</script>`,
    `<main><h1>Shop</h1></main>
<script src="/vendor/cookieconsent/cookieconsent.umd.js"></script>
<script>CookieConsent.run({
  categories: { necessary: { enabled: true, readOnly: true }, analytics: {} },
  language: { default: 'en', translations: { en: {
    consentModal: { title: 'Cookies', description: 'We use cookies for statistics.', acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all', showPreferencesBtn: 'Manage preferences' },
    preferencesModal: { title: 'Preferences', acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all', savePreferencesBtn: 'Save', sections: [] }
  } } }
})</script>`,
  )

/** A shop of four pages; `b` and `c` load Meta's pixel ungated. The index links to each, and to pages that are not the shop's. */
export function shopSite(page: (path: string, html: string) => string, otherOrigin: string) {
  const pixel = '<script src="https://connect.facebook.net/en_US/fbevents.js"></script>'
  page('/shop/a.html', shop(SDK + GATED_TAGS))
  page('/shop/b.html', shop(SDK + pixel))
  page('/shop/c.html', shop(SDK + pixel))
  return page(
    '/shop/',
    shop(
      SDK + GATED_TAGS,
      `<main><h1>Shop</h1><nav>
  <a href="/shop/a.html">A</a> <a href="${otherOrigin}/shop/x.html">elsewhere</a> <a href="/shop/a.html#top">A again</a>
  <a href="/shop/price-list.pdf">prices</a> <a href="/shop/b.html">B</a> <a href="/shop/c.html">C</a>
</nav></main>`,
    ),
  )
}
