/**
 * What a consent cookie may be called, in the SDK (`cookie.name`) and in the consent-log server
 * (`CONSENT_GATE_COOKIE_NAME`): one rule, so a name one accepts the other never refuses. Letters,
 * digits, `_`, `.` and `-` are cookie-name token characters (RFC 6265) that need no encoding in
 * `document.cookie` nor in a `Set-Cookie` header, and no quoting in a CSS selector or a log line;
 * at most 64 of them, so the name stays a small part of the 4 kB a cookie may hold.
 */
export const COOKIE_NAME = /^[\w.-]{1,64}$/
