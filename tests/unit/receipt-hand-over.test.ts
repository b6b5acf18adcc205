import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { normalizeConfig } from '../../src/core/config'
import { makeState, uniform } from '../../src/core/state'
import { handOver, leftovers, PENDING_KEY, type StartChunk } from '../../src/transport/hand-over'

const { config } = normalizeConfig({ endpoint: '/api/consents', lang: 'ko' })
const state = (method: string) => makeState(config, uniform(config, true), method, '3f2b8c1e-9d4a-4b6e-8f01-23456789abcd', Date.now())
/** The receipts chunk, evaluated afresh for each test (it keeps one recorder per page). */
let chunk: StartChunk
const queued = () => JSON.parse(localStorage.getItem('consent_gate_receipts') || '[]')
const pending = () => JSON.parse(localStorage.getItem(PENDING_KEY) || '[]')
const settle = () => new Promise((r) => setTimeout(r, 0))

beforeEach(async () => {
  vi.resetModules()
  await import('../../src/receipts-chunk')
  chunk = (window as any).ConsentGateChunks.receipts
  localStorage.clear()
  // The sender answers 503, so receipts stay queued where the test can see them.
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(new Response(null, { status: 503 }))),
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  localStorage.clear()
})

test('a decision made before the chunk loads is kept in localStorage at once, with its page URL', () => {
  const record = handOver(config, () => new Promise<never>(() => undefined)) // the chunk never arrives
  record(state('accept-all'))
  record(state('custom'))
  expect(pending().map(([s, url]: [any, string]) => [s.method, url])).toEqual([
    ['accept-all', location.origin + location.pathname],
    ['custom', location.origin + location.pathname],
  ])
  expect(queued()).toEqual([])
})

test('the next page finds kept decisions; the chunk turns them into queued receipts, in order, and removes them', async () => {
  handOver(config, () => new Promise<never>(() => undefined))(state('reject-all'))
  // The next page load: the page chunk sees something kept and starts the receipts chunk.
  expect(leftovers()).toBe(true)
  const first = chunk(config, [])
  expect(pending()).toEqual([])
  expect(queued().map((r: any) => [r.method, r.language, r.url])).toEqual([['reject-all', 'ko', location.origin + location.pathname]])
  // The core's hand-over gets the same recorder: a decision is queued once, after the first.
  const record = handOver(config, () => Promise.resolve(chunk))
  record(state('custom'))
  await settle()
  expect(chunk(config, [])).toBe(first)
  expect(queued().map((r: any) => r.method)).toEqual(['reject-all', 'custom'])
  expect(pending()).toEqual([])
  // Once loaded, a decision is queued as a receipt synchronously.
  record(state('accept-all'))
  expect(queued().map((r: any) => r.method)).toEqual(['reject-all', 'custom', 'accept-all'])
})

test('with localStorage refusing writes, a decision is handed over in memory', async () => {
  let resolve!: (c: StartChunk) => void
  const record = handOver(config, () => new Promise<StartChunk>((r) => (resolve = r)))
  const setItem = vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
    throw new DOMException('full', 'QuotaExceededError')
  })
  expect(() => record(state('accept-all'))).not.toThrow()
  resolve(chunk)
  await settle()
  await settle()
  setItem.mockRestore()
  // Handed over in memory, queued in the chunk's in-memory store, and sent.
  const bodies = vi.mocked(fetch).mock.calls.map((c: any[]) => JSON.parse(c[1].body))
  expect(bodies.map((r) => r.method)).toEqual(['accept-all'])
})

test('without anything kept or queued, the chunk is not loaded before a decision', () => {
  const load = vi.fn(() => Promise.resolve(chunk))
  handOver(config, load)
  expect(load).not.toHaveBeenCalled()
  expect(leftovers()).toBe(false)
})
