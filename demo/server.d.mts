/** Types for `demo/server.mjs`, so the TypeScript tests can import it. */

export interface DemoServerOptions {
  /** `0` picks a free port. @default 3000 */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
  /** Where the one-line-per-receipt/beacon log goes. @default console.log */
  log?: (line: string) => void
}

export interface DemoServer {
  /** e.g. `http://127.0.0.1:3000/` (with the trailing slash). */
  url: string
  /** Stop listening and close idle connections; resolves once the server is closed. */
  close(): Promise<void>
}

/** Largest receipt body `POST /api/consents` accepts, in bytes. */
export declare const MAX_RECEIPT_BYTES: number

export declare function startDemoServer(options?: DemoServerOptions): Promise<DemoServer>
