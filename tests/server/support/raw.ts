import { connect, type Socket } from 'node:net'

/**
 * Send raw bytes to a listening server and collect everything it writes until it closes the
 * connection (or `untilMs` passes): for the answers Node and Fastify write before any route runs.
 */
export function raw(port: number, data: string | Buffer, untilMs = 5000): Promise<{ text: string; status: number; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1')
    let text = ''
    const timer = setTimeout(() => socket.destroy(), untilMs)
    socket.on('error', () => undefined)
    socket.on('data', (d) => (text += d.toString('latin1')))
    socket.on('close', () => {
      clearTimeout(timer)
      const [head] = text.split('\r\n\r\n')
      const lines = head.split('\r\n')
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] || '')?.[1] || 0)
      const headers: Record<string, string> = {}
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':')
        if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim()
      }
      resolve({ text, status, headers })
    })
    socket.on('connect', () => socket.write(data))
    socket.on('timeout', reject)
  })
}
