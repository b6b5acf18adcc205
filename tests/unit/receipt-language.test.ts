import { afterEach, expect, test } from 'vitest'
import { createConsentGate } from '../../src/create-consent-gate'

const queued = () => JSON.parse(localStorage.getItem('consent_gate_receipts') || '[]')
const never = () => new Promise<never>(() => undefined) // the sender never loads: receipts stay queued

afterEach(() => {
  document.cookie = 'consent_gate=; Path=/; Max-Age=0'
  localStorage.clear()
  document.documentElement.lang = ''
})

test.each([
  ['ko-KR', 'ko'],
  ['zh_TW', 'zh'],
  ['EN', 'en'],
  ['i-default', 'und'],
  ['x', 'und'],
])('a page in <html lang="%s"> gives receipts the language "%s"', (lang, expected) => {
  document.documentElement.lang = lang
  createConsentGate({ endpoint: '/api/consents', reloadOnRevoke: false }, never).acceptAll()
  expect(queued().map((r: { language: string }) => r.language)).toEqual([expected])
})
