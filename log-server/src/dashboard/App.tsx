/**
 * The page: a header with the language switch (and the sign-out once signed in), then either
 * the sign-in form or the figures. The language follows the browser (`ko…` → Korean) until the
 * switch picks one; `<html lang>` and the title follow it.
 */
import { useEffect, useMemo, useState } from 'preact/hooks'
import type { Query, Stats } from './api'
import { Dashboard } from './Dashboard'
import { formatter, lastDays } from './format'
import { LANG_NAMES, LANGS, type Lang, TEXTS, pickLang } from './i18n'
import type { Problem } from './messages'
import { saveLang, saveToken, savedLang, savedToken } from './session'
import { SignIn } from './SignIn'

type Session = { token: string; stats: Stats | null } | { token: null; notice: Problem | 'signed-out' | null }

export function App() {
  const [lang, setLang] = useState<Lang>(() => pickLang(savedLang() || navigator.language))
  const [query, setQuery] = useState<Query>(() => ({ ...lastDays(Date.now()), groupBy: 'day' }))
  const [session, setSession] = useState<Session>(() => {
    const token = savedToken()
    return token ? { token, stats: null } : { token: null, notice: null }
  })
  const t = TEXTS[lang]
  const fmt = useMemo(() => formatter(lang), [lang])

  useEffect(() => {
    document.documentElement.lang = lang
    document.title = `${t.title} · ConsentGate`
  }, [lang])

  const pick = (next: Lang) => {
    setLang(next)
    saveLang(next)
  }
  const signOut = (notice: Problem | 'signed-out') => {
    saveToken(null)
    setSession({ token: null, notice })
  }

  return (
    <>
      <header class="top">
        <p class="brand">ConsentGate</p>
        <div class="tools">
          <label for="lang">{lang === 'ko' ? '언어 (Language)' : 'Language (언어)'}</label>
          <select id="lang" value={lang} onChange={(e) => pick((e.target as HTMLSelectElement).value as Lang)}>
            {LANGS.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANG_NAMES[l]}
              </option>
            ))}
          </select>
          {session.token !== null ? (
            <button type="button" class="sign-out" onClick={() => signOut('signed-out')}>
              {t.signOut}
            </button>
          ) : null}
        </div>
      </header>
      <main>
        {session.token === null ? (
          <SignIn
            texts={t}
            query={query}
            notice={session.notice}
            onSignedIn={(token, stats) => {
              saveToken(token)
              setSession({ token, stats })
            }}
          />
        ) : (
          <Dashboard
            token={session.token}
            texts={t}
            lang={lang}
            fmt={fmt}
            query={query}
            stats={session.stats}
            onQuery={setQuery}
            onRefused={() => signOut({ ok: false, reason: 'expired' })}
          />
        )}
      </main>
    </>
  )
}
