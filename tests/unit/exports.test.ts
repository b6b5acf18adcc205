import { expect, test } from 'vitest'
import * as main from '../../src/index'
import * as server from '../../src/server/index'

test('src/index.ts exports exactly the public API', () => {
  expect(Object.keys(main).sort()).toEqual(['DEFAULTS', 'RECEIPT_SCHEMA', 'consentSignals', 'createConsentGate', 'normalizeConfig'])
  expect(typeof main.createConsentGate).toBe('function')
  expect(typeof main.normalizeConfig).toBe('function')
  expect(typeof main.consentSignals).toBe('function')
  expect(typeof main.DEFAULTS).toBe('object')
  expect(main.RECEIPT_SCHEMA).toBe('consent-gate.receipt/1')
})

test('src/server/index.ts exports exactly the server API', () => {
  expect(Object.keys(server).sort()).toEqual(['hasConsent', 'parseConsentCookie', 'readConsent'])
  for (const fn of Object.values(server)) expect(typeof fn).toBe('function')
})

test('the public createConsentGate returns the full gate API', () => {
  const gate = main.createConsentGate({ reloadOnRevoke: false })
  for (const m of ['get', 'has', 'acceptAll', 'rejectAll', 'update', 'reset', 'show', 'showPreferences', 'hide', 'on'])
    expect(typeof (gate as any)[m], m).toBe('function')
  expect(gate.config.revision).toBe(1)
  expect(typeof gate.version).toBe('string')
})
