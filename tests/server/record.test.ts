import { afterEach, describe, expect, test } from 'vitest'
import { canonical, seal } from '../../log-server/src/chain'
import { EXPORT_HEADER, RECORD, SELECT_COLUMNS, fromRow, toParams } from '../../log-server/src/store/record'
import type { StoredRecord } from '../../log-server/src/store/store'
import { STORES, freshStore, type Fresh } from './support/stores'

/** One definition of a record: the column table gives the columns, row mapping, parameters, seal and export header. */
const record: StoredRecord = {
  receiptId: '0b6f1d1e-6f2a-4c59-9d55-6b1f5e0c2a11',
  consentId: '5d0c8a4e-1b2f-4e3a-8c7d-9e0f1a2b3c4d',
  seq: 2,
  revision: 3,
  method: 'custom',
  categories: { necessary: true, marketing: false, analytics: true },
  services: { youtube: true, ga4: false },
  timestamp: '2026-11-20T10:00:00.000Z',
  receivedAt: 1763632800123,
  url: 'https://shop.example/products',
  language: 'ko',
  configHash: 'a1b2c3d4',
  profile: 'kr-pipa',
  ip: '203.0.113.0',
  userAgent: 'Mozilla/5.0',
  prevHash: 'f'.repeat(64),
  hash: 'e'.repeat(64),
}

test('the canonical form, and so every existing seal, is byte for byte what it was', () => {
  // Computed by the canonical form written out field by field, before the column table existed.
  expect(canonical(record)).toBe(
    '["0b6f1d1e-6f2a-4c59-9d55-6b1f5e0c2a11","5d0c8a4e-1b2f-4e3a-8c7d-9e0f1a2b3c4d",2,3,"custom",{"analytics":true,"marketing":false,"necessary":true},' +
      '{"ga4":false,"youtube":true},"2026-11-20T10:00:00.000Z",1763632800123,"https://shop.example/products","ko","a1b2c3d4","kr-pipa","203.0.113.0","Mozilla/5.0"]',
  )
  expect(seal('k'.repeat(64), '0'.repeat(64), record)).toBe('1fde07733091ccb5a484f856b8d4d9ef824e3e76c3cd101d87f0a1d9328ca3f1')
  expect(canonical({ ...record, profile: null, ip: null, userAgent: null })).toMatch(/,null,null,null\]$/)
})

test('a row maps to the record and back; the export header is the record fields in column order', () => {
  const row = Object.fromEntries(RECORD.map((c, i) => [c.name, toParams(record)[i]]))
  expect(fromRow({ row: 7, ...row })).toEqual(record)
  expect(EXPORT_HEADER).toEqual(Object.keys(record))
  expect(SELECT_COLUMNS.split(', ')).toEqual(['row', ...RECORD.map((c) => c.name)])
})

describe.each(STORES)('the migrated schema on %s', (kind) => {
  let fresh: Fresh | undefined
  afterEach(async () => {
    await fresh?.drop()
    fresh = undefined
  })

  test('has the columns of the record table, in order', async () => {
    fresh = await freshStore(kind)
    const names = kind === 'sqlite' ? await columnsOfSqlite(fresh) : await columnsOfPostgres(fresh)
    expect(names).toEqual(['row', ...RECORD.map((c) => c.name)])
  })

  test('an operation after close() fails clearly', async () => {
    fresh = await freshStore(kind)
    await fresh.store.close()
    await expect(fresh.store.history(record.consentId)).rejects.toThrow('store is closed')
    await expect(fresh.store.insert(record, () => 'x', Date.now())).rejects.toThrow('store is closed')
    await expect(fresh.store.ping()).rejects.toThrow('store is closed')
  })
})

async function columnsOfSqlite(fresh: Fresh): Promise<string[]> {
  const Database = (await import('better-sqlite3')).default
  const db = new Database(fresh.env.CONSENT_GATE_DB, { readonly: true })
  try {
    return (db.prepare('PRAGMA table_info(receipts)').all() as { name: string }[]).map((c) => c.name)
  } finally {
    db.close()
  }
}

async function columnsOfPostgres(fresh: Fresh): Promise<string[]> {
  const pg = (await import('pg')).default
  const c = new pg.Client({ connectionString: fresh.env.DATABASE_URL })
  await c.connect()
  try {
    const r = await c.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'receipts' ORDER BY ordinal_position`,
      [fresh.schema],
    )
    return r.rows.map((x) => x.column_name)
  } finally {
    await c.end()
  }
}
