import type { FirstLayer } from './banner'
import { lessProminent, styledDifferently } from './prominence'
import { type BannerReport, type Category, type Finding, NEEDS_CONSENT, type PassName, type PassReport } from './types'

/**
 * The rules: what a pass recorded, turned into violations and warnings. Each has a stable code
 * (docs/audit.md lists them); a finding names its pass, its page and its subject.
 */

/** Consent Mode types that a refusal or an undecided visitor must leave denied. */
const CONSENT_TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage']

const when: Record<PassName, string> = {
  'before-consent': 'before any choice',
  'after-reject': 'after Reject all',
  'after-accept': 'after Accept all',
}
const suffix: Record<PassName, string> = { 'before-consent': 'before-consent', 'after-reject': 'after-reject', 'after-accept': 'after-accept' }

const needsConsent = (c: Category | null) => c !== null && NEEDS_CONSENT.includes(c)
const who = (vendor: string | null, category: Category | null) => [vendor, category].filter(Boolean).join(', ')

export function passFindings(pass: PassReport): Finding[] {
  const out: Finding[] = []
  if (!pass.ran) return out
  const add = (f: Omit<Finding, 'pass'>) => out.push({ ...f, pass: pass.name })
  const refusedOrUndecided = pass.name !== 'after-accept'
  if (refusedOrUndecided) {
    for (const c of pass.cookies) {
      if (needsConsent(c.category))
        add({
          code: `cookie-${suffix[pass.name]}`,
          severity: 'violation',
          page: c.page,
          subject: c.name,
          message: `cookie ${c.name} (${who(c.vendor, c.category)}) was set on ${c.domain} ${when[pass.name]}`,
        })
      else if (c.category === null && c.party === 'third')
        add({
          code: 'unclassified-third-party-cookie',
          severity: 'warning',
          page: c.page,
          subject: c.name,
          message: `third-party cookie ${c.name} on ${c.domain} was set ${when[pass.name]}; no table knows it, so check what it is for`,
        })
    }
    for (const s of pass.storage)
      if (needsConsent(s.category))
        add({
          code: `storage-${suffix[pass.name]}`,
          severity: 'violation',
          page: s.page,
          subject: s.key,
          message: `${s.area} key ${s.key} (${who(s.vendor, s.category)}) was written for ${s.origin} ${when[pass.name]}`,
        })
    // One finding per host and page: a tracker sends many requests.
    const byHost = new Map<string, { n: number; r: PassReport['requests'][number] }>()
    for (const r of pass.requests) {
      if (!needsConsent(r.category) || (pass.name === 'after-reject' && !r.afterChoice)) continue
      const k = `${r.page}\u0000${r.host}`
      const seen = byHost.get(k)
      if (seen) seen.n++
      else byHost.set(k, { n: 1, r })
    }
    for (const { n, r } of byHost.values())
      add({
        code: `tracker-request-${suffix[pass.name]}`,
        severity: 'violation',
        page: r.page,
        subject: r.host,
        message: `${n} request${n > 1 ? 's' : ''} to ${r.host} (${who(r.vendor, r.category)}; ${r.source}: ${r.kind}) ${when[pass.name]}, first ${r.url}`,
      })
  }
  // Consent Mode, per document: a Google tag that ran before the first `default` of its page.
  const loads = new Set([...pass.googleTags.map((g) => g.load), ...pass.consentMode.map((c) => c.load)])
  for (const load of loads) {
    const calls = pass.consentMode.filter((c) => c.load === load)
    const firstDefault = calls.find((c) => c.command === 'default')
    for (const g of pass.googleTags.filter((t) => t.load === load && t.loadedAt !== null)) {
      if (firstDefault && firstDefault.at <= g.loadedAt!) continue
      add({
        code: 'google-tag-before-default',
        severity: pass.name === 'after-accept' ? 'warning' : 'violation',
        page: g.page,
        subject: g.url,
        message: firstDefault
          ? `Google tag ${g.url} ran at ${g.loadedAt} ms, before the Consent Mode default at ${firstDefault.at} ms`
          : `Google tag ${g.url} ran with no Consent Mode default on the page`,
      })
    }
    if (pass.name === 'before-consent')
      for (const c of calls.filter((c) => c.command === 'default' && c.params.region === undefined)) {
        const granted = CONSENT_TYPES.filter((t) => c.params[t] === 'granted')
        if (granted.length)
          add({
            code: 'consent-default-granted',
            severity: 'violation',
            page: c.page,
            subject: granted.join(', '),
            message: `the Consent Mode default grants ${granted.join(', ')} before any choice`,
          })
      }
    if (pass.name === 'after-reject')
      for (const c of calls.filter((c) => c.command === 'update' && c.at >= (pass.choiceAt ?? 0))) {
        const granted = CONSENT_TYPES.filter((t) => c.params[t] === 'granted')
        if (granted.length)
          add({
            code: 'consent-update-granted-after-reject',
            severity: 'violation',
            page: c.page,
            subject: granted.join(', '),
            message: `a Consent Mode update grants ${granted.join(', ')} after Reject all`,
          })
      }
  }
  if (pass.pages.some((p) => p.error))
    for (const p of pass.pages.filter((p) => p.error))
      add({
        code: 'page-not-audited',
        severity: 'warning',
        page: p.url,
        subject: p.url,
        message: `${p.url} could not be audited ${when[pass.name]}: ${p.error}`,
      })
  return out
}

/** The banner's findings, from the before-consent pass's first page. */
export function bannerFindings(banner: BannerReport, layer: FirstLayer | null, page: string): Finding[] {
  const out: Finding[] = []
  const add = (f: Omit<Finding, 'pass' | 'page'>) => out.push({ ...f, pass: 'before-consent', page })
  if (banner.method === 'none') {
    add({
      code: 'banner-not-found',
      severity: 'warning',
      subject: 'banner',
      message:
        'found no consent banner (no ConsentGate, no tool autoconsent has a rule for, no --accept/--reject selector shown): only the before-consent pass ran',
    })
    return out
  }
  if (!layer) return out
  if (layer.rejectMissing)
    add({ code: 'reject-missing', severity: 'violation', subject: 'Reject', message: `${layer.rejectMissing}; refusing must be as easy as accepting` })
  if (layer.accept && layer.reject) {
    const why = lessProminent(layer.accept, layer.reject)
    if (why)
      add({
        code: 'reject-less-prominent',
        severity: 'violation',
        subject: layer.reject.text || 'Reject',
        message: `“${layer.reject.text}” is less prominent than “${layer.accept.text}”: ${why}`,
      })
    else {
      const diff = styledDifferently(layer.accept, layer.reject)
      if (diff)
        add({
          code: 'reject-styled-differently',
          severity: 'warning',
          subject: layer.reject.text || 'Reject',
          message: `“${layer.reject.text}” is styled unlike “${layer.accept.text}” (${diff})`,
        })
    }
  }
  if (!layer.accept && !layer.reject && banner.method === 'autoconsent')
    add({
      code: 'first-layer-not-measured',
      severity: 'warning',
      subject: banner.cmp || 'banner',
      message: 'the banner’s Accept and Reject buttons were not recognised by their labels, so their prominence was not compared',
    })
  return out
}

/** The same finding twice (a cookie seen on two pages is one finding per page) is kept once. */
export function dedupe(list: Finding[]): Finding[] {
  const seen = new Set<string>()
  return list.filter((f) => {
    const k = [f.code, f.pass, f.page, f.subject].join('\u0000')
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
