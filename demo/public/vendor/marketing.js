/*
 * Stand-in for an ad network's measurement tag, served by the demo instead of a third party.
 * ConsentGate only lets it run once "Marketing" (service "ads") is allowed. When it runs it sets an
 * ad cookie and reports an impression home (here, /collect).
 */
;(() => {
  var COOKIE = '_demo_ads'

  var match = document.cookie.match(/(?:^|; )_demo_ads=([^;]*)/)
  var id = match ? match[1] : 'ad.' + Math.random().toString(36).slice(2, 12)
  document.cookie = COOKIE + '=' + id + '; path=/; max-age=7776000; SameSite=Lax'

  fetch('/collect', {
    method: 'POST',
    keepalive: true,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tracker: 'marketing', event: 'impression' }),
  }).catch(() => {})

  whatRan('vendor/marketing.js ran: set ' + COOKIE + ', sent an impression beacon')

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
