/** @jsxRuntime classic */
/** @jsx h */
import { h, Component } from 'preact'
import type { Texts } from '../i18n'
import type { ConsentState } from '../types'

export interface ConsentRecordProps {
  texts: Texts
  state: ConsentState
  lang: string
  /** The receipts endpoint: its `GET` and `DELETE /:consentId` answer the visitor's rights. */
  endpoint?: string
  onWithdraw(): void
}

interface HistoryEntry {
  timestamp?: string
  method?: string
  categories?: Record<string, boolean>
}

type Status = { kind: 'idle' } | { kind: 'history'; entries: HistoryEntry[] } | { kind: 'deleted' } | { kind: 'error' }

/** The answer of `GET /:consentId`: an array, or an object holding one (`receipts`, `history`, `records`). */
function entriesOf(body: unknown): HistoryEntry[] {
  if (Array.isArray(body)) return body
  const o = (body || {}) as Record<string, unknown>
  const list = o.receipts || o.history || o.records
  return Array.isArray(list) ? list : []
}

/**
 * The visitor's own record: the consent ID and when the choice was made, one-click withdrawal,
 * and, with an endpoint, viewing and deleting the server's history for that consent ID.
 */
export class ConsentRecord extends Component<ConsentRecordProps, { status: Status }> {
  state = { status: { kind: 'idle' } as Status }

  private url() {
    return this.props.endpoint!.replace(/\/+$/, '') + '/' + encodeURIComponent(this.props.state.id)
  }

  private call(method: 'GET' | 'DELETE') {
    fetch(this.url(), { method, credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then((res) => {
        if (!res.ok) throw new Error(String(res.status))
        return method === 'GET' ? res.json() : null
      })
      .then((body) => this.setState({ status: method === 'GET' ? { kind: 'history', entries: entriesOf(body) } : { kind: 'deleted' } }))
      .catch(() => this.setState({ status: { kind: 'error' } }))
  }

  render({ texts, state, lang, endpoint, onWithdraw }: ConsentRecordProps, { status }: { status: Status }) {
    const date = (iso?: string) => {
      const d = new Date(iso || '')
      return Number.isNaN(+d) ? '' : d.toLocaleString(lang)
    }
    return (
      <section class="cg-record" aria-labelledby="cg-record-title">
        <h3 id="cg-record-title">{texts.yourRecord}</h3>
        <p>
          {texts.consentId}: <code>{state.id}</code>
        </p>
        <p>
          {texts.decidedAt}: <time dateTime={state.timestamp}>{date(state.timestamp)}</time>
        </p>
        <div class="cg-actions">
          <button type="button" class="cg-btn" onClick={onWithdraw}>
            {texts.withdrawConsent}
          </button>
          {endpoint && (
            <button type="button" class="cg-btn" onClick={() => this.call('GET')}>
              {texts.viewRecord}
            </button>
          )}
          {endpoint && (
            <button type="button" class="cg-btn" onClick={() => this.call('DELETE')}>
              {texts.deleteRecord}
            </button>
          )}
        </div>
        <div role="status">
          {status.kind === 'history' && (
            <ul class="cg-history">
              {status.entries.map((e, i) => (
                <li key={i}>
                  <time dateTime={e.timestamp}>{date(e.timestamp)}</time> · {e.method || ''} ·{' '}
                  {Object.keys(e.categories || {})
                    .filter((k) => e.categories![k])
                    .join(', ')}
                </li>
              ))}
            </ul>
          )}
          {status.kind === 'deleted' && <p>{texts.recordDeleted}</p>}
          {status.kind === 'error' && <p>{texts.recordUnavailable}</p>}
        </div>
      </section>
    )
  }
}
