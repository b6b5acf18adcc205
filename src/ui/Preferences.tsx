/** @jsxRuntime classic */
/** @jsx h */
import { h, Component } from 'preact'
import type { Texts } from '../i18n'
import { applyChanges, uniform, type Choices } from '../core/state'
import type { ConsentState, CookieSpec, ResolvedConfig } from '../types'
import { categoryText } from './category-title'
import { ConsentRecord } from './ConsentRecord'
import { Actions } from './Actions'

export interface PreferencesProps {
  config: ResolvedConfig
  texts: Texts
  /** The stored choice, shown as the switches' starting point; null: all optional ones off. */
  state: ConsentState | null
  onAcceptAll(): void
  onRejectAll(): void
  /** The switches as they stand: every category and service id → on/off. */
  onSave(choices: Record<string, boolean>): void
  /** Withdraw every optional purpose at once (shown with the visitor's record). */
  onWithdraw?(): void
  /** The language the dates are written in. */
  lang?: string
}

interface SwitchProps {
  label: string
  checked: boolean
  locked?: boolean
  onToggle(): void
}

/** A switch whose accessible name is the purpose's title (`aria-labelledby` on the heading). */
function Switch({ label, checked, locked, onToggle }: SwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      class="cg-switch"
      aria-checked={checked}
      aria-label={label}
      aria-disabled={locked || undefined}
      onClick={() => !locked && onToggle()}
    />
  )
}

function CookieTable({ cookies, texts }: { cookies: readonly CookieSpec[]; texts: Texts }) {
  const rows = cookies.map((c) => (typeof c === 'string' ? { name: c } : c))
  return (
    <table class="cg-cookies">
      <caption>{texts.cookies}</caption>
      <thead>
        <tr>
          <th scope="col">{texts.cookieName}</th>
          <th scope="col">{texts.cookieProvider}</th>
          <th scope="col">{texts.cookiePurpose}</th>
          <th scope="col">{texts.cookieLifetime}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.name}>
            <td>{c.name}</td>
            <td>{c.provider || ''}</td>
            <td>{c.purpose || ''}</td>
            <td>{c.lifetime || ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Korea's PIPA Art. 15(2) notice: purpose, items, retention, recipients, the right to refuse and its consequence. */
function PipaNotice({ cat, texts }: { cat: ResolvedConfig['categories'][string]; texts: Texts }) {
  const rows: [string, unknown][] = [
    [texts.noticePurpose, cat.purpose],
    [texts.noticeItems, cat.items],
    [texts.noticeRetention, cat.retention],
    [texts.noticeRecipients, cat.recipients],
    [texts.noticeRefusal, cat.refusalConsequence && texts.rightToRefuse + ' ' + cat.refusalConsequence],
  ]
  const shown = rows.filter(([, v]) => typeof v === 'string' && v)
  if (!shown.length) return null
  return <dl class="cg-notice">{shown.map(([label, value]) => [<dt key={label + ':t'}>{label}</dt>, <dd key={label + ':d'}>{value as string}</dd>])}</dl>
}

/**
 * The second layer: one switch per category (required ones locked on, with the reason), each
 * category expanding to its services' switches and its cookie table, and Accept all / Reject all /
 * Save preferences. The dialog frame (overlay, focus trap, Escape) is `PreferencesDialog`.
 * A class component: hooks would cost the UI chunk about 1 kB gzip.
 */
export class Preferences extends Component<PreferencesProps, { choices: Choices }> {
  constructor(props: PreferencesProps) {
    super(props)
    // Before a decision the switches show what is in force: under `us` (opt-out) every purpose
    // runs until the visitor opts out (GPC there records a decision, so it is in `state`).
    this.state = { choices: props.state || uniform(props.config, props.config.profile === 'us') }
  }

  render({ config, texts, onAcceptAll, onRejectAll, onSave }: PreferencesProps) {
    const { categories, services } = this.state.choices
    const on = { ...categories, ...services }
    // The core's own merge rules: a category takes its services along; a service switched on
    // switches its category on; required purposes stay on.
    const flip = (id: string) => this.setState({ choices: applyChanges(config, this.state.choices, { [id]: !on[id] }).choices })
    return (
      <div class="cg-preferences" role="dialog" aria-modal="true" aria-labelledby="cg-prefs-title">
        <h2 id="cg-prefs-title" class="cg-title">
          {texts.preferencesTitle}
        </h2>
        <p class="cg-text">{texts.preferencesIntro}</p>
        {Object.keys(config.categories).map((id) => {
          const cat = config.categories[id]
          const { title, description } = categoryText(id, cat, texts)
          const services = Object.keys(cat.services || {})
          const required = !!cat.required
          return (
            <section class="cg-category" key={id} aria-labelledby={'cg-cat-' + id}>
              <div class="cg-category-head">
                <h3 id={'cg-cat-' + id}>{title}</h3>
                <Switch label={title} checked={required || !!on[id]} locked={required} onToggle={() => flip(id)} />
              </div>
              {required && (
                <p class="cg-required">
                  {texts.alwaysOn}: {texts.requiredReason}
                </p>
              )}
              {description && <p class="cg-text">{description}</p>}
              <PipaNotice cat={cat} texts={texts} />
              {(services.length > 0 || (cat.cookies && cat.cookies.length > 0)) && (
                <details class="cg-details">
                  <summary>{services.length ? texts.services : texts.cookies}</summary>
                  {services.map((sid) => {
                    const s = cat.services![sid]
                    return (
                      <div class="cg-service" key={sid}>
                        <span>{s.title}</span>
                        <Switch label={s.title} checked={required || !!on[sid]} locked={required} onToggle={() => flip(sid)} />
                        {s.description && <p class="cg-text">{s.description}</p>}
                        {s.cookies && s.cookies.length > 0 && <CookieTable cookies={s.cookies} texts={texts} />}
                      </div>
                    )
                  })}
                  {cat.cookies && cat.cookies.length > 0 && <CookieTable cookies={cat.cookies} texts={texts} />}
                </details>
              )}
            </section>
          )
        })}
        {this.props.state && this.props.onWithdraw && (
          <ConsentRecord texts={texts} state={this.props.state} lang={this.props.lang || 'en'} endpoint={config.endpoint} onWithdraw={this.props.onWithdraw} />
        )}
        <Actions
          texts={texts}
          label={texts.preferencesTitle}
          onAcceptAll={onAcceptAll}
          onRejectAll={onRejectAll}
          third={[texts.savePreferences, () => onSave({ ...on })]}
        />
      </div>
    )
  }
}
