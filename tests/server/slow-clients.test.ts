import { afterEach, expect, test } from 'vitest'
import { connect, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../../log-server/src/app'
import { receipt, testApp, type TestApp } from './support/stores'

/**
 * A slow client must not hold a connection past the stated bounds (headers within
 * HEADERS_TIMEOUT_MS, the whole request within REQUEST_TIMEOUT_MS), and one address must not hold
 * every connection. Real sockets against the listening server, with the real timeouts.
 */
let t: TestApp | undefined
let sockets: Socket[] = []
afterEach(async () => {
  for (const s of sockets) s.destroy()
  sockets = []
  await t?.close()
  t = undefined
})

async function listen(env: Record<string, string> = {}) {
  t = await testApp('sqlite', env)
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  return (t.app.server.address() as AddressInfo).port
}

/** Open a socket; resolves with it and promises for its data and its close (with the time it took). */
function open(port: number, localAddress?: string) {
  const socket = connect({ port, host: '127.0.0.1', localAddress })
  sockets.push(socket)
  let data = ''
  socket.on('data', (d) => (data += d))
  socket.on('error', () => undefined)
  const started = Date.now()
  const closed = new Promise<{ ms: number; data: string }>((resolve) => socket.on('close', () => resolve({ ms: Date.now() - started, data })))
  const connected = new Promise<void>((resolve) => socket.on('connect', () => resolve()))
  return { socket, closed, connected, data: () => data }
}

/** Write `text` one byte at a time, every `everyMs`, until the socket closes. */
function trickle(socket: Socket, text: string, everyMs: number) {
  let i = 0
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) return clearInterval(timer)
    socket.write(text[i++])
  }, everyMs)
  socket.on('close', () => clearInterval(timer))
}

test(
  'a body trickled one byte every 2 s, and headers trickled the same way, are cut within the stated timeouts',
  async () => {
    const port = await listen()
    const body = JSON.stringify(receipt())
    const slowBody = open(port)
    await slowBody.connected
    slowBody.socket.write(`POST /api/consents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`)
    trickle(slowBody.socket, body, 2000)
    const slowHeaders = open(port)
    await slowHeaders.connected
    trickle(slowHeaders.socket, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(100)}\r\n\r\n`, 2000)

    const [b, h] = await Promise.all([slowBody.closed, slowHeaders.closed])
    // Node checks the timeouts once a second (connectionsCheckingInterval), and a busy 2-CPU
    // machine delays the check and the close further (a fresh-clone run saw the headers cut at
    // 13.0 s): 4 s of margin, still far below the 200 s the trickle would take to finish.
    expect(b.ms).toBeLessThan(REQUEST_TIMEOUT_MS + 4000)
    expect(b.ms).toBeGreaterThan(REQUEST_TIMEOUT_MS - 1000)
    expect(h.ms).toBeLessThan(HEADERS_TIMEOUT_MS + 4000)
    // The 408 says so, with the safe headers, and no URL.
    for (const { data } of [b, h]) {
      expect(data).toMatch(/^HTTP\/1\.1 408 /)
      expect(data).toMatch(/X-Content-Type-Options: nosniff/i)
      expect(data).toMatch(/Cache-Control: no-store/i)
      expect(data).not.toContain('/api/consents')
    }
  },
  REQUEST_TIMEOUT_MS + 15_000,
)

test('one address gets at most CONSENT_GATE_MAX_CONNECTIONS_PER_ADDRESS connections; others still get in', async () => {
  const port = await listen({ CONSENT_GATE_MAX_CONNECTIONS_PER_ADDRESS: '3' })
  const ask = (c: ReturnType<typeof open>) => c.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n')
  const first = [open(port), open(port), open(port)]
  await Promise.all(first.map((c) => c.connected))
  first.forEach(ask)
  await expect.poll(() => first.every((c) => c.data().startsWith('HTTP/1.1 200'))).toBe(true)

  // The fourth and fifth are closed at once, before they can send anything.
  const extra = [open(port), open(port)]
  const closed = await Promise.all(extra.map((c) => c.closed))
  expect(closed.map((c) => c.data)).toEqual(['', ''])
  expect(closed.every((c) => c.ms < 2000)).toBe(true)
  expect(first.every((c) => !c.socket.destroyed)).toBe(true)

  // Another address is not affected; a freed slot is usable again.
  const other = open(port, '127.0.0.2')
  await other.connected
  ask(other)
  await expect.poll(() => other.data()).toMatch(/^HTTP\/1\.1 200/)
  first[0].socket.destroy()
  await first[0].closed
  // The server sees the close a moment after the client: wait until a new connection is kept.
  await expect
    .poll(async () => {
      const again = open(port)
      await again.connected
      ask(again)
      const ok = await Promise.race([
        again.closed.then(() => false),
        new Promise<boolean>((r) => setTimeout(() => r(again.data().startsWith('HTTP/1.1 200')), 200)),
      ])
      if (!ok) again.socket.destroy()
      return ok
    })
    .toBe(true)
})

test('a trusted proxy (by address) is exempt from the per-address cap: it speaks for many clients', async () => {
  const port = await listen({ CONSENT_GATE_MAX_CONNECTIONS_PER_ADDRESS: '2', CONSENT_GATE_TRUST_PROXY: '127.0.0.1' })
  const conns = [open(port), open(port), open(port), open(port)]
  await Promise.all(conns.map((c) => c.connected))
  for (const c of conns) c.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n')
  await expect.poll(() => conns.every((c) => c.data().startsWith('HTTP/1.1 200'))).toBe(true)
})

test('the connection limits are validated settings', async () => {
  const { loadConfig, ConfigError } = await import('../../log-server/src/config')
  expect(loadConfig({}, {}).maxConnectionsPerAddress).toBe(64)
  expect(loadConfig({}, { CONSENT_GATE_MAX_CONNECTIONS_PER_ADDRESS: '0' }).maxConnectionsPerAddress).toBe(0)
  expect(loadConfig({}, { CONSENT_GATE_MAX_CONNECTIONS: '500' }).maxConnections).toBe(500)
  expect(() => loadConfig({}, { CONSENT_GATE_MAX_CONNECTIONS_PER_ADDRESS: 'many' })).toThrow(ConfigError)
})
