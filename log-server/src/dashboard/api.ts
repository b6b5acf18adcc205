/** The one call the dashboard makes: `GET /api/stats` with the admin token, answered as data or as a reason. */
import type { buildStats } from '../stats'

/** What `GET /api/stats` answers (`stats.ts`). */
export type Stats = ReturnType<typeof buildStats>
export type Bucket = Stats['total']
export type GroupBy = Stats['groupBy']

export interface Query {
  /** `YYYY-MM-DD`, UTC, inclusive. */
  from: string
  /** `YYYY-MM-DD`, UTC, inclusive (the API reads a bare date as its whole day). */
  to: string
  groupBy: GroupBy
}

export type Answer =
  | { ok: true; stats: Stats }
  /** 401: the token is wrong. */
  | { ok: false; reason: 'refused' }
  /** 429: too many failed tokens from this address; `retryAfter` in seconds. */
  | { ok: false; reason: 'locked'; retryAfter: number }
  | { ok: false; reason: 'unreachable' }
  | { ok: false; reason: 'failed'; status: number; message?: string }

export async function fetchStats(token: string, q: Query, signal?: AbortSignal): Promise<Answer> {
  const params = new URLSearchParams({ from: q.from, to: q.to, groupBy: q.groupBy })
  let res: Response
  try {
    // Same origin as the page (its CSP allows nothing else); no cookie is needed or sent.
    res = await fetch(`/api/stats?${params}`, { headers: { Authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store', signal })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    return { ok: false, reason: 'unreachable' }
  }
  if (res.status === 401) return { ok: false, reason: 'refused' }
  if (res.status === 429) return { ok: false, reason: 'locked', retryAfter: Math.max(1, Number(res.headers.get('Retry-After')) || 60) }
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    // Not JSON: reported by status below.
  }
  if (!res.ok || !body || typeof body !== 'object' || !('series' in body)) {
    const message =
      body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : undefined
    return { ok: false, reason: 'failed', status: res.status, message }
  }
  return { ok: true, stats: body as Stats }
}
