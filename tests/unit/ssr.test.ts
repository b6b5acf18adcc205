// @vitest-environment node
import { describe, expect, test, vi } from 'vitest'

describe('server-side rendering (no DOM)', () => {
  test('there really is no DOM here', () => {
    expect(typeof window).toBe('undefined')
    expect(typeof document).toBe('undefined')
  })

  test('importing the entries does not throw', async () => {
    await expect(import('../../src/index')).resolves.toBeDefined()
    await expect(import('../../src/server/index')).resolves.toBeDefined()
  })

  test('createConsentGate() gives a working in-memory API', async () => {
    const { createConsentGate } = await import('../../src/index')
    const errorSpy = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const gate = createConsentGate()
    expect(gate.get()).toBeNull()
    expect(gate.has('analytics')).toBe(false)
    expect(gate.has('necessary')).toBe(true)
    const s = gate.acceptAll()
    expect(gate.get()).toBe(s)
    expect(s.method).toBe('accept-all')
    expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(gate.has('analytics')).toBe(true)
    expect(gate.has('marketing')).toBe(true)
    gate.update({ marketing: false })
    expect(gate.has('marketing')).toBe(false)
    expect(gate.has('analytics')).toBe(true)
    const id = s.id
    expect(gate.rejectAll().id).toBe(id)
    gate.reset()
    expect(gate.get()).toBeNull()
    expect(errorSpy).not.toHaveBeenCalled()
    errorSpy.mockRestore()
  })

  test('events work in memory and ready is replayed', async () => {
    const { createConsentGate } = await import('../../src/index')
    const gate = createConsentGate({ endpoint: '/api/consents', reloadOnRevoke: true })
    const heard: string[] = []
    gate.on('consent', (s) => heard.push('consent:' + s.method))
    gate.on('change', () => heard.push('change'))
    gate.on('ready', (s) => heard.push('ready:' + s))
    await new Promise((r) => setTimeout(r, 0))
    gate.acceptAll()
    gate.rejectAll() // a withdrawal: nothing to reload on a server
    expect(heard).toEqual(['ready:null', 'consent:accept-all', 'change', 'consent:reject-all', 'change'])
  })

  test('separate gates do not share state (one per request)', async () => {
    const { createConsentGate } = await import('../../src/index')
    const a = createConsentGate()
    const b = createConsentGate()
    a.acceptAll()
    expect(b.get()).toBeNull()
  })

  test('the server helpers work', async () => {
    const { parseConsentCookie, hasConsent } = await import('../../src/server/index')
    expect(parseConsentCookie('a=1')).toBeNull()
    expect(hasConsent(null, 'analytics')).toBe(false)
  })
})
