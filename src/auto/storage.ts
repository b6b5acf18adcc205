import type { ConsentGate } from '../types'
import { keys } from '../util/dict'
import { listing } from './cookie-guard'
import { eachItem } from '../core/items'
import { isStorageKey } from './options'

/**
 * The `storage` lists of the config's categories and services (`storage: ['_hj*']`): id → key
 * patterns (a trailing `*` is a prefix), each list keeping only its usable names (`lintConfig`
 * names a list that is not one).
 */
export function storageLists(config: ConsentGate['config']): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  eachItem(config, (id, { storage }: { storage?: unknown }) => Array.isArray(storage) && (out[id] = storage.filter(isStorageKey)))
  return out
}

/**
 * Clear the localStorage and sessionStorage keys listed for every category and service the
 * current consent denies. The storage chunk's export (`src/storage-chunk.ts`): the auto core loads
 * it on a decision when the config lists any keys, so a withdrawal takes the vendor's stored data
 * with it.
 */
export function clearStorage(api: ConsentGate): void {
  const lists = storageLists(api.config)
  for (const area of ['localStorage', 'sessionStorage'] as const)
    try {
      const store = window[area]
      // The keys as they are now (removing does not disturb the loop).
      for (const k of keys(store)) if (listing(lists, k).some((id) => !api.has(id))) store.removeItem(k)
    } catch {
      /* storage disabled: nothing stored */
    }
}
