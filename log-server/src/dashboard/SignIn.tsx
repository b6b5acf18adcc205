/**
 * The sign-in form: one labelled password field for the admin token, checked by asking the
 * server for the default figures (`GET /api/stats`). A refused token (401) or a lockout (429)
 * is said in an alert next to the field; the token never goes into the URL (the form has no
 * action, and the CSP's `form-action 'none'` refuses any submission the script does not handle).
 */
import { useEffect, useRef, useState } from 'preact/hooks'
import { type Query, type Stats, fetchStats } from './api'
import type { Texts } from './i18n'
import { type Problem, messageOf } from './messages'

interface Props {
  texts: Texts
  query: Query
  /** Why the visitor is here again: a token refused mid-session, or a sign-out. */
  notice: Problem | 'signed-out' | null
  onSignedIn(token: string, stats: Stats): void
}

export function SignIn({ texts: t, query, notice, onSignedIn }: Props) {
  const [token, setToken] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<Problem | null>(notice && notice !== 'signed-out' ? notice : null)
  const field = useRef<HTMLInputElement>(null)
  useEffect(() => field.current?.focus(), [])

  async function submit(e: Event) {
    e.preventDefault()
    const value = token.trim()
    if (!value) {
      setProblem({ ok: false, reason: 'empty' })
      field.current?.focus()
      return
    }
    setBusy(true)
    setProblem(null)
    const answer = await fetchStats(value, query)
    setBusy(false)
    if (answer.ok) return onSignedIn(value, answer.stats)
    setProblem(answer)
    field.current?.select()
  }

  return (
    <form class="sign-in" onSubmit={submit} noValidate>
      <h1>{t.title}</h1>
      <p>{t.signInIntro}</p>
      <label for="token">{t.tokenLabel}</label>
      <input
        id="token"
        ref={field}
        type="password"
        name="token"
        autocomplete="off"
        spellcheck={false}
        value={token}
        onInput={(e) => setToken((e.target as HTMLInputElement).value)}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? 'token-problem token-hint' : 'token-hint'}
      />
      <p id="token-hint" class="hint">
        {t.tokenKept}
      </p>
      {problem ? (
        <p id="token-problem" class="problem" role="alert">
          {messageOf(problem, t)}
        </p>
      ) : notice === 'signed-out' ? (
        <p role="status">{t.signedOut}</p>
      ) : null}
      <button type="submit" disabled={busy}>
        {busy ? t.signingIn : t.signIn}
      </button>
    </form>
  )
}
