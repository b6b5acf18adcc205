/** Types for `demo/server.mjs`, so the TypeScript tests can import it. */

export interface DemoServerOptions {
  /** `0` picks a free port. @default 3000 */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
  /** SQLite file of the consent log; `':memory:'` keeps nothing. @default CONSENT_GATE_DB or ./data/consent-gate.db */
  db?: string
  /** `postgres://…`: keep the consent log in PostgreSQL instead. */
  databaseUrl?: string
  /** Where the one-line-per-receipt/beacon log goes. @default console.log */
  log?: (line: string) => void
  /** Fill an empty consent log with four weeks of sample decisions (never twice). @default false (`npm start`: unless DEMO_SEED=0) */
  seed?: boolean
}

export interface DemoServer {
  /** e.g. `http://127.0.0.1:3000/` (with the trailing slash). */
  url: string
  /** Bearer token of the admin endpoints (/api/stats, /api/export, /api/verify). */
  adminToken: string
  /** True when the token was generated because CONSENT_GATE_ADMIN_TOKEN is unset. */
  generatedToken: boolean
  /** Receipts written by `seed` (0 when the log was not empty, or `seed` was off). */
  seeded: number
  /** Let requests in flight finish, stop listening, close the store. */
  close(): Promise<void>
}

/** Largest receipt body `POST /api/consents` accepts, in bytes. */
export declare const MAX_RECEIPT_BYTES: number

export declare function startDemoServer(options?: DemoServerOptions): Promise<DemoServer>
