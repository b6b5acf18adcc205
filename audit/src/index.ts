/**
 * @consent-gate/audit: the command line (`main`), the audit itself (`audit`) for a script of your
 * own, and the report's types.
 */
export { main } from './cli'
export { audit, AuditError, type AuditOptions } from './audit'
export { classifyName, classifyUrl } from './classify'
export { CHROMIUM_MISSING, chromiumPath } from './chromium'
export * from './types'
