/*
 * The demo page's own script: the choice buttons (calling the ConsentGate API, until the banner
 * UI exists), the small shop features, and the live "under the hood" panels.
 * Everything is written with textContent: receipts come from a server anyone can POST to.
 */
;(() => {
  var gate = window.ConsentGate
  var $ = (id) => document.getElementById(id)

  if (!gate) {
    $('sdk-missing').hidden = false
    $('status').textContent = 'ConsentGate is not running: gated content stays blocked.'
    return
  }

  /** Create an element with a class and text. */
  function el(tag, className, text) {
    var e = document.createElement(tag)
    if (className) e.className = className
    if (text != null) e.textContent = text
    return e
  }
  function replaceChildren(parent, children) {
    parent.textContent = ''
    children.forEach((c) => {
      parent.appendChild(c)
    })
  }
  var time = (iso) => new Date(iso).toLocaleTimeString()
  var short = (id) => String(id).slice(0, 8) + '…'
  function readCookie(name) {
    var m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'))
    return m ? m[1] : null
  }

  // ---- The choice buttons -------------------------------------------------------------------

  var ACTIONS = {
    'accept-all': () => {
      gate.acceptAll()
    },
    'reject-all': () => {
      gate.rejectAll()
    },
    // Everything else off, so it means the same after an earlier "Accept all".
    'analytics-only': () => {
      gate.update({ functional: false, analytics: true, marketing: false }, 'analytics-only')
    },
    reset: () => {
      gate.reset()
    },
  }
  document.querySelectorAll('[data-action]').forEach((button) => {
    button.addEventListener('click', () => {
      ACTIONS[button.getAttribute('data-action')]()
      render()
      // The receipt and the trackers' beacons arrive a moment later.
      setTimeout(refreshServer, 300)
    })
  })

  var METHODS = { 'accept-all': 'Accept all', 'reject-all': 'Reject all', 'analytics-only': 'Analytics only', custom: 'Custom' }

  function renderStatus(state) {
    var status = $('status')
    if (!state) {
      status.textContent = 'No decision yet: analytics, marketing and the video are blocked.'
      return
    }
    var on = Object.keys(state.categories).filter((c) => state.categories[c] && !gate.config.categories[c].required)
    status.textContent =
      'Your choice: ' +
      (METHODS[state.method] || state.method) +
      ' at ' +
      time(state.timestamp) +
      '. Allowed: ' +
      (on.length ? on.map((c) => gate.config.categories[c].title).join(', ') : 'strictly necessary only') +
      '.'
  }

  // The core asks the (future) banner to open after reset(); point at the stand-in instead.
  gate.on('show', () => {
    var card = $('choices')
    card.classList.remove('flash')
    void card.offsetWidth // restart the animation
    card.classList.add('flash')
  })

  // ---- Shop: a necessary cookie (basket) and a functional one (grind) -------------------------

  function basketCount() {
    return Number(readCookie('demo_cart')) || 0
  }
  document.querySelectorAll('[data-add]').forEach((button) => {
    button.addEventListener('click', () => {
      // Strictly necessary: set without asking. A session cookie.
      document.cookie = 'demo_cart=' + (basketCount() + 1) + '; path=/; SameSite=Lax'
      renderLive()
    })
  })

  var grind = $('grind')
  var saved = readCookie('_demo_prefs')
  if (saved && grind.querySelector('option[value="' + saved.replace(/[^\w-]/g, '') + '"]')) grind.value = saved
  grind.addEventListener('change', () => {
    // Preferences: only remembered when the visitor allowed them.
    if (gate.has('functional')) document.cookie = '_demo_prefs=' + grind.value + '; path=/; max-age=31536000; SameSite=Lax'
    renderLive()
  })
  function renderGrindNote() {
    $('grind-note').textContent = gate.has('functional')
      ? readCookie('_demo_prefs')
        ? 'Remembered for your next visit.'
        : 'Will be remembered (Preferences allowed).'
      : 'Not remembered: Preferences are off.'
  }

  // ---- Purposes and cookies, from the config ---------------------------------------------------

  function pill(on, required) {
    var state = gate.get()
    var text = required ? 'always on' : !state ? 'not decided' : on ? 'allowed' : 'denied'
    return el('span', 'pill ' + (required || on ? 'on' : state ? 'off' : 'undecided'), text)
  }
  function cookieRows(list, into) {
    ;(list || []).forEach((c) => {
      var spec = typeof c === 'string' ? { name: c } : c
      var tr = el('tr')
      var name = el('td')
      name.appendChild(el('code', null, spec.name))
      tr.appendChild(name)
      tr.appendChild(el('td', null, spec.purpose || ''))
      tr.appendChild(el('td', null, spec.provider || ''))
      tr.appendChild(el('td', null, spec.lifetime || ''))
      into.appendChild(tr)
    })
  }
  function renderPurposes() {
    var cats = gate.config.categories
    replaceChildren(
      $('purposes'),
      Object.keys(cats).map((id) => {
        var cat = cats[id]
        var box = el('div', 'purpose')
        var head = el('div', 'purpose-head')
        head.appendChild(el('h3', null, cat.title))
        head.appendChild(pill(gate.has(id), cat.required))
        box.appendChild(head)
        if (cat.description) box.appendChild(el('p', 'muted', cat.description))
        var services = cat.services || {}
        Object.keys(services).forEach((sid) => {
          var line = el('p', 'service')
          line.appendChild(el('span', null, 'Service '))
          line.appendChild(el('code', null, sid))
          line.appendChild(el('span', null, ': ' + services[sid].title + (services[sid].description ? ' · ' + services[sid].description : '')))
          box.appendChild(line)
        })
        var body = el('tbody')
        cookieRows(cat.cookies, body)
        Object.keys(services).forEach((sid) => {
          cookieRows(services[sid].cookies, body)
        })
        if (body.children.length) {
          const table = el('table', 'cookies')
          const head2 = el('thead')
          const tr = el('tr')
          ;['Cookie', 'Purpose', 'Set by', 'Lifetime'].forEach((t) => {
            tr.appendChild(el('th', null, t))
          })
          head2.appendChild(tr)
          table.appendChild(head2)
          table.appendChild(body)
          box.appendChild(table)
        }
        return box
      }),
    )
  }

  // ---- Live panels: state, cookies, dataLayer --------------------------------------------------

  function renderState(state) {
    $('state').textContent = state ? JSON.stringify(state, null, 2) : 'null  (no decision yet)'
  }

  function renderCookies() {
    var parts = document.cookie ? document.cookie.split('; ') : []
    replaceChildren(
      $('cookies'),
      parts.length
        ? parts.map((part) => {
            var eq = part.indexOf('=')
            var li = el('li')
            li.appendChild(el('strong', null, part.slice(0, eq)))
            var value = part.slice(eq + 1)
            li.appendChild(el('span', 'muted', ' = ' + (value.length > 36 ? value.slice(0, 36) + '…' : value)))
            return li
          })
        : [el('li', 'empty', 'No cookies.')],
    )
  }

  var isArgs = (e) => Object.prototype.toString.call(e) === '[object Arguments]' || Array.isArray(e)
  function renderDataLayer() {
    var entries = window.dataLayer || []
    replaceChildren(
      $('datalayer'),
      entries.map((e) => {
        var li = el('li')
        if (isArgs(e)) {
          const command = String(e[0])
          li.appendChild(el('code', 'cmd', command + (e[0] === 'js' ? '' : ' ' + (typeof e[1] === 'string' ? e[1] : ''))))
          if (command === 'consent' && e[2] && typeof e[2] === 'object') {
            li.className = 'consent'
            const chips = el('div', 'chips')
            Object.keys(e[2]).forEach((type) => {
              var value = e[2][type]
              if (type === 'wait_for_update') chips.appendChild(el('span', 'chip', 'wait_for_update ' + value + ' ms'))
              else chips.appendChild(el('span', 'chip ' + (value === 'granted' ? 'on' : 'off'), type.replace(/_/g, ' ') + ': ' + value))
            })
            li.appendChild(chips)
          }
        } else if (e && typeof e === 'object') {
          li.appendChild(el('code', 'cmd', e.event ? 'event ' + e.event : JSON.stringify(e).slice(0, 60)))
        }
        return li
      }),
    )
  }

  /** What can change without a ConsentGate event: trackers set cookies, the basket grows. */
  function renderLive() {
    renderCookies()
    renderDataLayer()
    renderGrindNote()
    $('basket-count').textContent = String(basketCount())
  }
  function render() {
    var state = gate.get()
    renderStatus(state)
    renderState(state)
    renderPurposes()
    renderLive()
  }

  // ---- Server panels: receipts and beacons from /api/debug -------------------------------------

  function renderServer(data) {
    var mine = gate.get() && gate.get().id
    var receipts = (data.receipts || []).slice(-6).reverse()
    replaceChildren(
      $('receipts'),
      receipts.length
        ? receipts.map((r) => {
            var li = el('li', r.consentId === mine ? 'mine' : '')
            li.appendChild(el('strong', null, String(r.method)))
            var granted = r.categories && typeof r.categories === 'object' ? Object.keys(r.categories).filter((k) => r.categories[k] === true) : []
            li.appendChild(el('span', null, ' · granted ' + (granted.join(', ') || 'nothing')))
            li.appendChild(el('span', 'muted', ' · consent ' + short(r.consentId) + (r.consentId === mine ? ' (you)' : '') + ' · ' + time(r.receivedAt)))
            return li
          })
        : [el('li', 'empty', 'No receipts yet.')],
    )
    var beacons = (data.collected || []).slice(-8).reverse()
    replaceChildren(
      $('beacons'),
      beacons.length
        ? beacons.map((b) => {
            var li = el('li')
            li.appendChild(el('strong', null, b.tracker))
            li.appendChild(el('span', null, ' · ' + b.event))
            li.appendChild(el('span', 'muted', ' · ' + time(b.at)))
            return li
          })
        : [el('li', 'empty', 'No beacons yet.')],
    )
  }

  var fetching = false
  function refreshServer() {
    if (fetching) return
    fetching = true
    fetch('/api/debug', { cache: 'no-store' })
      .then((res) => (res.ok ? res.json() : Promise.reject(res.status)))
      .then(renderServer)
      .catch(() => {
        /* server restarting: try again on the next tick */
      })
      .then(() => {
        fetching = false
      })
  }

  gate.on('ready', render)
  gate.on('change', render)
  gate.on('consent', render)
  render()
  refreshServer()
  setInterval(() => {
    if (document.visibilityState === 'visible') {
      renderLive()
      refreshServer()
    }
  }, 1500)
})()
