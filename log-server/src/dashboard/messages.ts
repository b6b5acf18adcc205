/** Why a request for the figures failed, as the sentence the visitor reads in the UI language. */
import type { Answer } from './api'
import type { Texts } from './i18n'

export type Problem = Exclude<Answer, { ok: true }> | { ok: false; reason: 'empty' | 'expired' | 'bad-range' | 'bad-date' }

export function messageOf(p: Problem, t: Texts): string {
  switch (p.reason) {
    case 'refused':
      return t.refused
    case 'locked':
      return t.tooMany(p.retryAfter)
    case 'unreachable':
      return t.unreachable
    case 'empty':
      return t.emptyToken
    case 'expired':
      return t.expired
    case 'bad-range':
      return t.badRange
    case 'bad-date':
      return t.badDate
    case 'failed':
      return p.message ? `${t.failed(p.status)} (${p.message})` : t.failed(p.status)
  }
}
