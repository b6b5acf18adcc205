import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { normalizeConfig } from '../../src/core/config'
import { makeState, uniform } from '../../src/core/state'
import { deliverReceipts } from '../../src/transport/deliver-receipts'
import { buildReceipt } from '../../src/transport/receipt'
import { createReceiptStore } from '../../src/transport/receipt-store'
import type { ConsentReceipt } from '../../src/types'

const KEY = 'consent_gate_receipts'
const { config } = normalizeConfig({})
const state = makeState(config, uniform(config, true), 'accept-all', '3f2b8c1e-9d4a-4b6e-8f01-23456789abcd', Date.now())
const receipt = (): ConsentReceipt => buildReceipt(state, config, 'https://example.com/', 'en')
const ids = (list: ConsentReceipt[]) => list.map((r) => r.receiptId)
const settle = () => new Promise((r) => setTimeout(r, 0))

beforeEach(() => localStorage.clear())
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  localStorage.clear()
})

describe('createReceiptStore', () => {
  test('empty at first', () => {
    expect(createReceiptStore().load()).toEqual([])
  })

  test('saves to localStorage under consent_gate_receipts; another store reads them', () => {
    const a = receipt()
    const b = receipt()
    createReceiptStore().save([a, b])
    expect(JSON.parse(localStorage.getItem(KEY)!)).toEqual([a, b])
    expect(createReceiptStore().load()).toEqual([a, b])
  })

  test('saving an empty list removes the key', () => {
    const store = createReceiptStore()
    store.save([receipt()])
    store.save([])
    expect(localStorage.getItem(KEY)).toBeNull()
    expect(store.load()).toEqual([])
  })

  test('keeps at most 50, dropping the oldest', () => {
    const list = Array.from({ length: 60 }, receipt)
    const store = createReceiptStore()
    store.save(list)
    const loaded = store.load()
    expect(loaded).toHaveLength(50)
    expect(ids(loaded)).toEqual(ids(list.slice(10)))
    expect(JSON.parse(localStorage.getItem(KEY)!)).toHaveLength(50)
  })

  test.each([['{not json'], ['"a string"'], ['{"receiptId":"x"}'], ['42'], ['null']])('corrupted value %j reads as empty', (raw) => {
    localStorage.setItem(KEY, raw)
    expect(createReceiptStore().load()).toEqual([])
  })

  test('entries that are not receipts are dropped', () => {
    const a = receipt()
    localStorage.setItem(KEY, JSON.stringify([null, 1, 'x', {}, { receiptId: 5 }, a]))
    expect(createReceiptStore().load()).toEqual([a])
  })

  test('without localStorage it keeps receipts in memory', () => {
    vi.stubGlobal('localStorage', undefined)
    const store = createReceiptStore()
    expect(store.load()).toEqual([])
    const a = receipt()
    expect(() => store.save([a])).not.toThrow()
    expect(store.load()).toEqual([a])
  })

  test('with localStorage blocked (getter throws) it keeps receipts in memory', () => {
    vi.stubGlobal('localStorage', {
      getItem() {
        throw new DOMException('blocked', 'SecurityError')
      },
      setItem() {
        throw new DOMException('blocked', 'SecurityError')
      },
      removeItem() {
        throw new DOMException('blocked', 'SecurityError')
      },
    })
    const store = createReceiptStore()
    const a = receipt()
    store.save([a])
    expect(store.load()).toEqual([a])
    store.save([])
    expect(store.load()).toEqual([])
  })

  test('with localStorage full (setItem throws) a receipt saved on this page is still loaded', () => {
    const old = receipt()
    localStorage.setItem(KEY, JSON.stringify([old]))
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError')
    })
    const store = createReceiptStore()
    const fresh = receipt()
    store.save(store.load().concat(fresh))
    expect(ids(store.load())).toEqual([old.receiptId, fresh.receiptId])
  })
})

describe('deliverReceipts', () => {
  let endpointN = 0
  let endpoint = ''
  let beacons: { url: string; body: string }[]
  let beaconResult = true
  beforeEach(() => {
    // Every Delivery keeps its page listeners, so each test uses its own endpoint and only counts its own beacons.
    endpoint = '/api/consents/' + ++endpointN
    beacons = []
    beaconResult = true
    Object.defineProperty(navigator, 'sendBeacon', {
      configurable: true,
      value: (url: string, body: string) => {
        beacons.push({ url, body })
        return beaconResult
      },
    })
  })
  const mine = () => beacons.filter((b) => b.url === endpoint)

  function fetchStub(respond: (body: any) => Promise<Response>) {
    const calls: { url: string; init: RequestInit; body: any }[] = []
    const fn = vi.fn((url: string, init: RequestInit) => {
      const body = JSON.parse(init.body as string)
      calls.push({ url, init, body })
      return respond(body)
    })
    vi.stubGlobal('fetch', fn)
    return calls
  }

  test('POSTs each queued receipt as JSON with keepalive; a 2xx removes it from the queue', async () => {
    const calls = fetchStub(() => Promise.resolve(new Response(null, { status: 201 })))
    const store = createReceiptStore()
    const a = receipt()
    const b = receipt()
    store.save([a, b])
    deliverReceipts(endpoint, store).flush()
    await settle()
    expect(calls).toHaveLength(2)
    expect(calls.map((c) => c.url)).toEqual([endpoint, endpoint])
    expect(calls.map((c) => c.body)).toEqual([a, b])
    expect(calls[0].init.method).toBe('POST')
    expect(calls[0].init.keepalive).toBe(true)
    expect(new Headers(calls[0].init.headers).get('content-type')).toBe('application/json')
    expect(store.load()).toEqual([])
    expect(localStorage.getItem(KEY)).toBeNull()
  })

  test('a 503 keeps the receipt queued, and a later flush sends it again', async () => {
    let status = 503
    const calls = fetchStub(() => Promise.resolve(new Response(null, { status })))
    const store = createReceiptStore()
    const a = receipt()
    store.save([a])
    const d = deliverReceipts(endpoint, store)
    d.flush()
    await settle()
    expect(calls).toHaveLength(1)
    expect(store.load()).toEqual([a])
    status = 200
    d.flush()
    await settle()
    expect(calls).toHaveLength(2)
    expect(calls[1].body.receiptId).toBe(a.receiptId)
    expect(store.load()).toEqual([])
  })

  test('a network error keeps the receipt queued and does not reject', async () => {
    const calls = fetchStub(() => Promise.reject(new TypeError('Failed to fetch')))
    const store = createReceiptStore()
    const a = receipt()
    store.save([a])
    const d = deliverReceipts(endpoint, store)
    d.flush()
    await settle()
    expect(calls).toHaveLength(1)
    expect(store.load()).toEqual([a])
  })

  test('only the answered receipt is removed, others queued meanwhile stay', async () => {
    let release!: (r: Response) => void
    fetchStub(() => new Promise((r) => (release = r)))
    const store = createReceiptStore()
    const a = receipt()
    store.save([a])
    deliverReceipts(endpoint, store).flush()
    const b = receipt()
    store.save(store.load().concat(b))
    release(new Response(null, { status: 204 }))
    await settle()
    expect(store.load()).toEqual([b])
  })

  test('no second request for a receipt while one is in flight', async () => {
    const releases: ((r: Response) => void)[] = []
    const calls = fetchStub(() => new Promise((r) => releases.push(r)))
    const store = createReceiptStore()
    const a = receipt()
    store.save([a])
    const d = deliverReceipts(endpoint, store)
    d.flush()
    d.flush()
    d.flush()
    expect(calls).toHaveLength(1)
    const b = receipt()
    store.save(store.load().concat(b))
    d.flush()
    expect(calls.map((c) => c.body.receiptId)).toEqual([a.receiptId, b.receiptId])
    for (const r of releases) r(new Response(null, { status: 500 }))
    await settle()
    d.flush()
    expect(calls).toHaveLength(4)
  })

  test('pagehide beacons queued receipts that are not in flight, once each', async () => {
    const releases: ((r: Response) => void)[] = []
    fetchStub(() => new Promise((r) => releases.push(r)))
    const store = createReceiptStore()
    const a = receipt()
    store.save([a])
    deliverReceipts(endpoint, store).flush() // a is in flight
    const b = receipt()
    const c = receipt()
    store.save(store.load().concat(b, c))
    window.dispatchEvent(new Event('pagehide'))
    expect(mine().map((x) => JSON.parse(x.body))).toEqual([b, c])
    window.dispatchEvent(new Event('pagehide'))
    expect(mine()).toHaveLength(2)
    // A beacon gets no answer: they stay queued for the next page load.
    expect(ids(store.load())).toEqual(ids([a, b, c]))
  })

  test('visibilitychange to hidden beacons too; a refused beacon is tried again', () => {
    fetchStub(() => new Promise(() => undefined))
    const store = createReceiptStore()
    const a = receipt()
    store.save([a])
    deliverReceipts(endpoint, store)
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('visible')
    document.dispatchEvent(new Event('visibilitychange'))
    expect(mine()).toHaveLength(0)
    visibility.mockReturnValue('hidden')
    beaconResult = false
    document.dispatchEvent(new Event('visibilitychange'))
    expect(mine()).toHaveLength(1)
    beaconResult = true
    window.dispatchEvent(new Event('pagehide'))
    expect(mine()).toHaveLength(2)
    window.dispatchEvent(new Event('pagehide'))
    expect(mine()).toHaveLength(2)
    expect(JSON.parse(mine()[1].body)).toEqual(a)
  })

  test('a sendBeacon that throws does not break the page', () => {
    fetchStub(() => new Promise(() => undefined))
    Object.defineProperty(navigator, 'sendBeacon', {
      configurable: true,
      value: () => {
        throw new TypeError('too large')
      },
    })
    const store = createReceiptStore()
    store.save([receipt()])
    deliverReceipts(endpoint, store)
    expect(() => window.dispatchEvent(new Event('pagehide'))).not.toThrow()
    expect(store.load()).toHaveLength(1)
  })
})
