/**
 * `GET /api/verify`: walk every hash chain and report each broken link. A record breaks its chain
 * when its seal does not match its content (edited), its `prevHash` is not its predecessor's seal
 * (a record removed or inserted), or its sequence number skips. A chain shortened by the retention
 * purge starts from the anchor the purge left behind.
 */
import { GENESIS, type Sealable } from './chain'
import type { Store, StoredRecord } from './store/store'

export interface Broken {
  consentId: string
  seq: number
  receiptId: string
  reason: 'content does not match its seal' | 'does not follow the previous record' | 'records missing before it'
}

const PAGE = 1000
/** Reports list at most this many broken links (the count is always complete). */
const MAX_LISTED = 100

export async function verifyChains(store: Store, sealer: (prev: string, r: Sealable) => string) {
  let records = 0
  let chains = 0
  let brokenCount = 0
  const broken: Broken[] = []
  const report = (r: StoredRecord, reason: Broken['reason']) => {
    brokenCount++
    if (broken.length < MAX_LISTED) broken.push({ consentId: r.consentId, seq: r.seq, receiptId: r.receiptId, reason })
  }
  let prev: StoredRecord | null = null
  let after: { consentId: string; seq: number } | null = null
  for (;;) {
    const page = await store.chainPage(after, PAGE)
    if (!page.length) break
    const firsts = page.filter((r, i) => (i ? page[i - 1].consentId !== r.consentId : !prev || prev.consentId !== r.consentId)).map((r) => r.consentId)
    const anchors = await store.anchors(firsts)
    for (const r of page) {
      records++
      const { prevHash, hash, ...content } = r
      const first = !prev || prev.consentId !== r.consentId
      if (first) chains++
      const anchor = first ? anchors.get(r.consentId) : undefined
      const expectedPrev = first ? (anchor ? anchor.hash : GENESIS) : prev!.hash
      const expectedSeq = first ? (anchor ? anchor.seq + 1 : 1) : prev!.seq + 1
      if (sealer(prevHash, content) !== hash) report(r, 'content does not match its seal')
      else if (r.seq !== expectedSeq) report(r, first ? 'records missing before it' : 'does not follow the previous record')
      else if (prevHash !== expectedPrev) report(r, 'does not follow the previous record')
      prev = r
    }
    const last: StoredRecord = page[page.length - 1]
    after = { consentId: last.consentId, seq: last.seq }
  }
  return { ok: brokenCount === 0, chains, records, brokenCount, broken }
}
