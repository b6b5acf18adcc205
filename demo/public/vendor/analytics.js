/*
 * Stand-in for a Plausible-like analytics script, served by the demo instead of a third party.
 * ConsentGate only lets it run once "Analytics" (service "stats") is allowed. When it runs it does
 * what such scripts do: sets a visitor cookie and sends a pageview beacon home (here, /collect).
 */
;(() => {
  var COOKIE = '_demo_analytics'

  var match = document.cookie.match(/(?:^|; )_demo_analytics=([^;]*)/)
  var visitor = match ? match[1] : Math.random().toString(36).slice(2, 12)
  document.cookie = COOKIE + '=' + visitor + '; path=/; max-age=31536000; SameSite=Lax'

  var body = JSON.stringify({ tracker: 'analytics', event: 'pageview' })
  // sendBeacon sends a string as text/plain, which needs no CORS preflight.
  if (!(navigator.sendBeacon && navigator.sendBeacon('/collect', body))) {
    fetch('/collect', { method: 'POST', keepalive: true, headers: { 'Content-Type': 'text/plain' }, body: body }).catch(() => {})
  }

  whatRan('vendor/analytics.js ran: set ' + COOKIE + ', sent a pageview beacon')

  function whatRan(text) {
    function add() {
      var list = document.getElementById('what-ran')
      if (!list) return
      var li = document.createElement('li')
      li.textContent = new Date().toLocaleTimeString() + '  ' + text
      list.appendChild(li)
    }
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', add)
    else add()
  }
})()
