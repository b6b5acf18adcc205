/**
 * The consent-log server's configuration: one defaults object, read from flags and the environment
 * (flags win), validated here at the boundary. A bad value is a `ConfigError` naming the flag and
 * the variable, so `consent-gate-log serve` can print one clear line and exit.
 */
import { isIP } from 'node:net'
import { parseArgs } from 'node:util'
import { COOKIE_NAME } from './sdk'

export type IpMode = 'off' | 'truncated' | 'hashed'
export type SameSite = 'Lax' | 'Strict' | 'None'

export interface ServerConfig {
  port: number
  host: string
  /** SQLite file; ignored when `databaseUrl` is set. */
  db: string
  /** `postgres://…`: use PostgreSQL. */
  databaseUrl: string | null
  /** Bearer token for the admin endpoints; generated at start when unset. */
  adminToken: string | null
  /** Origins allowed by CORS (exact `scheme://host[:port]`). Empty: same-origin only. */
  origins: string[]
  /** Records older than this are purged; 0 keeps them forever. */
  retentionDays: number
  /** Requests per minute per client address on the public endpoints; 0 turns it off. */
  rateLimit: number
  /** HMAC key of the hash chains; kept in the database when unset. */
  secret: string | null
  /** What is kept of the client's IP address: nothing (default), a truncated prefix, or a keyed hash. */
  storeIp: IpMode
  storeUserAgent: boolean
  /**
   * Which reverse proxies to believe in X-Forwarded-For / -Proto / -Host: none (`false`), a number
   * of hops counted from the right (the server is reachable only through them), or the proxies'
   * addresses and CIDRs (the socket peer must be one of them to be believed).
   */
  trustProxy: false | number | string[]
  /** Open connections one client address may hold (0: no per-address cap). Trusted proxies are exempt. */
  maxConnectionsPerAddress: number
  /** Open connections in all; past it new ones are dropped. */
  maxConnections: number
  /** The SDK's consent cookie, re-issued by the server (Safari caps script-written cookies at 7 days). */
  cookie: { name: string; domain: string | null; path: string; sameSite: SameSite; maxAgeDays: number }
  logLevel: string
}

export const SERVER_DEFAULTS: ServerConfig = {
  port: 3000,
  host: '127.0.0.1',
  db: './data/consent-gate.db',
  databaseUrl: null,
  adminToken: null,
  origins: [],
  retentionDays: 1825,
  rateLimit: 120,
  secret: null,
  storeIp: 'off',
  storeUserAgent: false,
  trustProxy: false,
  maxConnectionsPerAddress: 64,
  maxConnections: 10_000,
  cookie: { name: 'consent_gate', domain: null, path: '/', sameSite: 'Lax', maxAgeDays: 182 },
  logLevel: 'info',
}

export class ConfigError extends Error {}

type Source = Record<string, string | undefined>

interface Field {
  flag: string
  env: string
  help: string
  parse: (raw: string) => unknown
  set: (c: ServerConfig, v: any) => void
}

const int = (min: number, max: number) => (raw: string) => {
  const n = Number(raw)
  if (!/^\d+$/.test(raw.trim()) || n < min || n > max) throw new Error(`must be a whole number from ${min} to ${max}`)
  return n
}
const bool = (raw: string) => {
  const v = raw.trim().toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(v)) return true
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false
  throw new Error('must be true or false')
}
const oneOf =
  <T extends string>(...values: T[]) =>
  (raw: string) => {
    const v = values.find((x) => x.toLowerCase() === raw.trim().toLowerCase())
    if (!v) throw new Error(`must be one of ${values.join(', ')}`)
    return v
  }
const text = (raw: string) => {
  if (!raw.trim()) throw new Error('must not be empty')
  return raw.trim()
}
/** proxy-addr's names for address ranges, accepted in the list as Fastify does. */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal']
const trustProxy = (raw: string): false | number | string[] => {
  const v = raw.trim().toLowerCase()
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false
  // `true` used to mean "believe every X-Forwarded-For entry", that is the client's own leftmost
  // one: it now means the common case, one reverse proxy in front.
  if (['true', 'yes', 'on'].includes(v)) return 1
  if (/^\d+$/.test(v)) {
    const n = Number(v)
    if (n < 1 || n > 10) throw new Error('must be a number of proxy hops from 1 to 10, or proxy addresses/CIDRs')
    return n
  }
  const list = raw.split(',').map((x) => x.trim())
  for (const entry of list) {
    if (PROXY_NAMES.includes(entry)) continue
    const [addr, bits, ...more] = entry.split('/')
    const family = isIP(addr)
    const okBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32))
    if (!family || !okBits || more.length) {
      throw new Error(`"${entry}" is not a proxy address or CIDR (use true, a hop count such as 1, or addresses like 10.0.0.1, 10.0.0.0/8)`)
    }
  }
  return list
}

const origin = (o: string) => {
  let u: URL
  try {
    u = new URL(o)
  } catch {
    throw new Error(`"${o}" is not an origin like https://shop.example`)
  }
  if (!/^https?:$/.test(u.protocol) || u.origin !== o.replace(/\/$/, '')) throw new Error(`"${o}" is not an origin like https://shop.example`)
  return u.origin
}

/** Every setting: its flag, its variable, how it is read. The table is also the `--help` text. */
export const FIELDS: Field[] = [
  { flag: 'port', env: 'PORT', help: 'HTTP port (3000)', parse: int(0, 65535), set: (c, v) => (c.port = v) },
  { flag: 'host', env: 'HOST', help: 'address to listen on (127.0.0.1; 0.0.0.0 for all)', parse: text, set: (c, v) => (c.host = v) },
  { flag: 'db', env: 'CONSENT_GATE_DB', help: 'SQLite file (./data/consent-gate.db)', parse: text, set: (c, v) => (c.db = v) },
  {
    flag: 'database-url',
    env: 'DATABASE_URL',
    help: 'postgres://… switches to PostgreSQL',
    parse: (raw) => {
      if (!/^postgres(ql)?:\/\//.test(raw.trim())) throw new Error('must start with postgres:// or postgresql://')
      return raw.trim()
    },
    set: (c, v) => (c.databaseUrl = v),
  },
  {
    flag: 'admin-token',
    env: 'CONSENT_GATE_ADMIN_TOKEN',
    help: 'bearer token of /api/stats, /api/export, /api/verify (generated and printed when unset)',
    parse: (raw) => {
      if (raw.trim().length < 16) throw new Error('must be at least 16 characters')
      return raw.trim()
    },
    set: (c, v) => (c.adminToken = v),
  },
  {
    flag: 'origins',
    env: 'CONSENT_GATE_ORIGINS',
    help: 'comma-separated CORS allowlist of origins (none: same-origin only)',
    parse: (raw) =>
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map(origin),
    set: (c, v) => (c.origins = v),
  },
  {
    flag: 'retention-days',
    env: 'CONSENT_GATE_RETENTION_DAYS',
    help: 'purge records older than this (1825; 0 keeps them)',
    parse: int(0, 36500),
    set: (c, v) => (c.retentionDays = v),
  },
  {
    flag: 'rate-limit',
    env: 'CONSENT_GATE_RATE_LIMIT',
    help: 'requests per minute per address on the public API (120; 0 off)',
    parse: int(0, 10_000_000),
    set: (c, v) => (c.rateLimit = v),
  },
  {
    flag: 'secret',
    env: 'CONSENT_GATE_SECRET',
    help: 'HMAC key of the hash chains (kept in the database when unset)',
    parse: (raw) => {
      if (raw.trim().length < 32) throw new Error('must be at least 32 characters')
      return raw.trim()
    },
    set: (c, v) => (c.secret = v),
  },
  {
    flag: 'store-ip',
    env: 'CONSENT_GATE_STORE_IP',
    help: 'off | truncated | hashed (off)',
    parse: oneOf<IpMode>('off', 'truncated', 'hashed'),
    set: (c, v) => (c.storeIp = v),
  },
  {
    flag: 'store-user-agent',
    env: 'CONSENT_GATE_STORE_USER_AGENT',
    help: 'keep the User-Agent header (false)',
    parse: bool,
    set: (c, v) => (c.storeUserAgent = v),
  },
  {
    flag: 'trust-proxy',
    env: 'CONSENT_GATE_TRUST_PROXY',
    help: 'believe X-Forwarded-For/-Proto/-Host of reverse proxies: false, a hop count (true = 1), or their addresses/CIDRs, comma-separated (false)',
    parse: trustProxy,
    set: (c, v) => (c.trustProxy = v),
  },
  {
    flag: 'max-connections-per-address',
    env: 'CONSENT_GATE_MAX_CONNECTIONS_PER_ADDRESS',
    help: 'open connections per client address; trusted proxies exempt (64; 0 off)',
    parse: int(0, 100_000),
    set: (c, v) => (c.maxConnectionsPerAddress = v),
  },
  {
    flag: 'max-connections',
    env: 'CONSENT_GATE_MAX_CONNECTIONS',
    help: 'open connections in all (10000)',
    parse: int(1, 1_000_000),
    set: (c, v) => (c.maxConnections = v),
  },
  {
    flag: 'cookie-name',
    env: 'CONSENT_GATE_COOKIE_NAME',
    help: "the SDK's cookie name (consent_gate)",
    parse: (raw) => {
      if (!COOKIE_NAME.test(raw.trim())) throw new Error('must be 1-64 letters, digits, _, . or -')
      return raw.trim()
    },
    set: (c, v) => (c.cookie.name = v),
  },
  {
    flag: 'cookie-domain',
    env: 'CONSENT_GATE_COOKIE_DOMAIN',
    help: "the SDK's cookie.domain (none: host-only)",
    parse: (raw) => {
      if (!/^\.?[a-z0-9.-]{1,253}$/i.test(raw.trim())) throw new Error('must be a domain name')
      return raw.trim()
    },
    set: (c, v) => (c.cookie.domain = v),
  },
  {
    flag: 'cookie-path',
    env: 'CONSENT_GATE_COOKIE_PATH',
    help: "the SDK's cookie.path (/)",
    parse: (raw) => {
      if (!/^\/[\x21-\x3a\x3c-\x7e]*$/.test(raw.trim())) throw new Error('must start with / and hold no spaces or ;')
      return raw.trim()
    },
    set: (c, v) => (c.cookie.path = v),
  },
  {
    flag: 'cookie-same-site',
    env: 'CONSENT_GATE_COOKIE_SAMESITE',
    help: 'Lax | Strict | None (Lax)',
    parse: oneOf<SameSite>('Lax', 'Strict', 'None'),
    set: (c, v) => (c.cookie.sameSite = v),
  },
  {
    flag: 'cookie-max-age-days',
    env: 'CONSENT_GATE_COOKIE_MAX_AGE_DAYS',
    help: "the SDK's cookie.maxAgeDays (182)",
    parse: int(1, 400),
    set: (c, v) => (c.cookie.maxAgeDays = v),
  },
  {
    flag: 'log-level',
    env: 'LOG_LEVEL',
    help: 'fatal | error | warn | info | debug (info)',
    parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
    set: (c, v) => (c.logLevel = v),
  },
]

/**
 * Parse `--flag value` / `--flag=value` arguments into a map by flag name, with `node:util`'s
 * `parseArgs`. Unknown flags, arguments that are not flags and missing values are errors of one
 * line naming the argument. Not `strict`: its errors are several lines, and it would refuse a
 * value starting with a dash (`--rate-limit -5` is refused by the range check, naming the flag).
 */
export function parseFlags(args: string[]): Source {
  const known = new Set(FIELDS.map((f) => f.flag))
  const options = Object.fromEntries([...known].map((flag) => [flag, { type: 'string' as const }]))
  const { tokens } = parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true })
  const out: Source = {}
  for (const t of tokens) {
    if (t.kind !== 'option') throw new ConfigError(`unknown option ${t.kind === 'positional' ? t.value : '--'}; see consent-gate-log --help`)
    if (!known.has(t.name) || t.rawName !== `--${t.name}`) throw new ConfigError(`unknown option ${t.rawName}; see consent-gate-log --help`)
    if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--'))) throw new ConfigError(`--${t.name} needs a value`)
    out[t.name] = t.value
  }
  return out
}

/** Defaults, overridden by the environment, overridden by flags. Throws `ConfigError` naming the bad setting. */
export function loadConfig(flags: Source = {}, env: Source = process.env, overrides: Partial<ServerConfig> = {}): ServerConfig {
  const config: ServerConfig = { ...SERVER_DEFAULTS, ...overrides, cookie: { ...SERVER_DEFAULTS.cookie, ...overrides.cookie } }
  for (const f of FIELDS) {
    const fromFlag = flags[f.flag]
    const raw = fromFlag !== undefined ? fromFlag : env[f.env]
    if (raw === undefined || (fromFlag === undefined && raw === '')) continue
    try {
      f.set(config, f.parse(raw))
    } catch (e) {
      const where = fromFlag !== undefined ? `--${f.flag}` : f.env
      throw new ConfigError(`${where}: ${(e as Error).message}`)
    }
  }
  return config
}

export function helpText(): string {
  const rows = FIELDS.map((f) => `  --${f.flag.padEnd(22)} ${f.env.padEnd(34)} ${f.help}`)
  return [
    'consent-gate-log serve [options]: the ConsentGate consent-log server (@consent-gate/log-server)',
    '',
    'Every option can also be set by the environment variable next to it; a flag wins.',
    '',
    ...rows,
    '',
    'Other commands (the same options):',
    '  consent-gate-log verify     walk the hash chains, print the report; exit 1 when a link is broken',
    '  consent-gate-log seed       fill an empty store with sample decisions (to try the dashboard)',
    '  consent-gate-log purge      run the retention purge once (for cron)',
    '  consent-gate-log --help     this text',
    '  consent-gate-log --version  the version',
  ].join('\n')
}
