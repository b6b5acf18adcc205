import { vi } from 'vitest'

/** Capture what is assigned to document.cookie, attributes included (reading it back hides them). */
export function captureCookieWrites(): string[] {
  const writes: string[] = []
  const original = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!
  vi.spyOn(document, 'cookie', 'set').mockImplementation((v: string) => {
    writes.push(v)
    original.set!.call(document, v)
  })
  return writes
}
