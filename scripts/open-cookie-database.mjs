#!/usr/bin/env node
// The Open Cookie Database (Apache-2.0, third_party/open-cookie-database/) as a compact lookup:
// cookie or storage-key name → ConsentGate category, platform, short description. The audit ships
// the result (audit/data/open-cookie-database.json); anything else that needs to classify a name
// (a cookie guard in the SDK) can import the functions below and write its own shape.
//
//   node scripts/open-cookie-database.mjs            write audit/data/open-cookie-database.json
//   node scripts/open-cookie-database.mjs --check    exit 1 when the committed file is not what the CSV gives
//   node scripts/open-cookie-database.mjs --csv F --out F
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const DEFAULT_CSV = `${ROOT}third_party/open-cookie-database/open-cookie-database.csv`
export const DEFAULT_OUT = `${ROOT}audit/data/open-cookie-database.json`

/** The source, as the NOTICE names it (third_party/open-cookie-database/README.md). */
export const SOURCE = 'Open Cookie Database (github.com/jkwakman/Open-Cookie-Database, commit 0ee5a17f), Apache-2.0: see NOTICE'

/**
 * The database's categories → ConsentGate's default category ids (src/core/config.ts). Security
 * cookies (CSRF tokens, bot protection) are strictly necessary; the rest keep their meaning.
 */
export const CATEGORY_MAP = {
  Necessary: 'necessary',
  Security: 'necessary',
  Functional: 'functional',
  Analytics: 'analytics',
  Personalization: 'personalization',
  Marketing: 'marketing',
}

/** Ours, from least to most intrusive: the order a tie between two rows of one name is settled by. */
export const CATEGORIES = ['necessary', 'functional', 'analytics', 'personalization', 'marketing']

/**
 * RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. Returns rows of
 * strings, the header row first.
 */
export function parseCsv(text) {
  const rows = []
  let row = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  if (field || row.length) {
    row.push(field)
    rows.push(row)
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '')
}

/**
 * The database's rows as objects: `{ name, platform, category (ours), description, retention,
 * domain, wildcard }`. Rows with a category we cannot map or no name are left out.
 */
export function readOpenCookieDatabase(csvPath = DEFAULT_CSV) {
  const [header, ...rows] = parseCsv(readFileSync(csvPath, 'utf8'))
  const col = (name) => {
    const i = header.indexOf(name)
    if (i < 0) throw new Error(`${csvPath}: no column "${name}"`)
    return i
  }
  const c = {
    name: col('Cookie / Data Key name'),
    platform: col('Platform'),
    category: col('Category'),
    description: col('Description'),
    retention: col('Retention period'),
    domain: col('Domain'),
    wildcard: col('Wildcard match'),
  }
  return rows
    .map((r) => ({
      name: (r[c.name] || '').trim(),
      platform: (r[c.platform] || '').trim(),
      category: CATEGORY_MAP[(r[c.category] || '').trim()],
      description: (r[c.description] || '').trim(),
      retention: (r[c.retention] || '').trim(),
      domain: (r[c.domain] || '').trim(),
      wildcard: (r[c.wildcard] || '').trim() === '1',
    }))
    .filter((r) => r.name && r.category)
}

/**
 * Whether a wildcard row is specific enough to match by prefix. The database has prefixes such as
 * `_s`, `tp` or `cap`, which would call `_session` analytics and `captcha` marketing: a prefix must
 * be five characters or more, or end in a separator or digit (`_ga_`, `mp_`, `sb-`), and be three
 * or more.
 */
export function usablePrefix(name) {
  return name.length >= 5 || (name.length >= 3 && /[^A-Za-z]$/.test(name))
}

/** The first sentence of `text`, cut at a word boundary to `max` characters. */
export function shortDescription(text, max = 100) {
  const flat = text.replace(/\s+/g, ' ').trim()
  const sentence = flat.match(/^.*?[.!?](?=\s|$)/)
  let s = sentence ? sentence[0] : flat
  if (s.length > max) s = s.slice(0, s.lastIndexOf(' ', max - 1) > 0 ? s.lastIndexOf(' ', max - 1) : max - 1) + '…'
  return s
}

/**
 * The rows of one name settle on one category: the most frequent one, a tie going to the more
 * intrusive (a checker that errs calls a cookie marketing rather than functional); the platform
 * and description are those of the first row in that category, with the other platforms named.
 */
function settle(rows) {
  const count = new Map()
  for (const r of rows) count.set(r.category, (count.get(r.category) || 0) + 1)
  const category = [...count.keys()].sort((a, b) => count.get(b) - count.get(a) || CATEGORIES.indexOf(b) - CATEGORIES.indexOf(a))[0]
  const first = rows.find((r) => r.category === category)
  const platforms = [...new Set(rows.map((r) => r.platform))]
  const platform = [first.platform, ...platforms.filter((p) => p !== first.platform)].join(' / ')
  return { category, platform, description: first.description }
}

/**
 * The compact lookup: `{ source, categories, platforms, names, prefixes }`, where `names` and
 * `prefixes` map a name to `[category index, platform index, short description]`. Platforms are
 * listed once (354 of them serve 2,200 names). Keys are sorted, so the file diffs well.
 */
export function buildLookup(rows, { descriptionLength = 100 } = {}) {
  const groups = { names: new Map(), prefixes: new Map() }
  let dropped = 0
  for (const r of rows) {
    if (r.wildcard && !usablePrefix(r.name)) {
      dropped++
      continue
    }
    const map = r.wildcard ? groups.prefixes : groups.names
    if (!map.has(r.name)) map.set(r.name, [])
    map.get(r.name).push(r)
  }
  const platforms = []
  const platformIndex = new Map()
  const entries = (map) => {
    const out = {}
    for (const name of [...map.keys()].sort()) {
      const s = settle(map.get(name))
      if (!platformIndex.has(s.platform)) {
        platformIndex.set(s.platform, platforms.length)
        platforms.push(s.platform)
      }
      out[name] = [CATEGORIES.indexOf(s.category), platformIndex.get(s.platform), shortDescription(s.description, descriptionLength)]
    }
    return out
  }
  const names = entries(groups.names)
  const prefixes = entries(groups.prefixes)
  return { lookup: { source: SOURCE, categories: CATEGORIES, platforms, names, prefixes }, dropped }
}

/** The file's text: one entry a line, so a database update shows as a readable diff. */
export function serialize(lookup) {
  const block = (o) =>
    '{\n' +
    Object.entries(o)
      .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(',\n') +
    '\n  }'
  return (
    '{\n' +
    `  "source": ${JSON.stringify(lookup.source)},\n` +
    `  "categories": ${JSON.stringify(lookup.categories)},\n` +
    `  "platforms": ${JSON.stringify(lookup.platforms)},\n` +
    `  "names": ${block(lookup.names)},\n` +
    `  "prefixes": ${block(lookup.prefixes)}\n` +
    '}\n'
  )
}

function cli(argv) {
  const flag = (name) => {
    const i = argv.indexOf(name)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const csv = flag('--csv') || DEFAULT_CSV
  const out = flag('--out') || DEFAULT_OUT
  let rows
  try {
    rows = readOpenCookieDatabase(csv)
  } catch (e) {
    console.error(`open-cookie-database: cannot read ${csv}: ${e.message}`)
    return 1
  }
  const { lookup, dropped } = buildLookup(rows)
  const text = serialize(lookup)
  if (argv.includes('--check')) {
    let current = ''
    try {
      current = readFileSync(out, 'utf8')
    } catch {
      /* missing: differs */
    }
    if (current !== text) {
      console.error(`open-cookie-database: ${out} is out of date; run node scripts/open-cookie-database.mjs`)
      return 1
    }
    return 0
  }
  writeFileSync(out, text)
  console.log(
    `open-cookie-database: ${Object.keys(lookup.names).length} names and ${Object.keys(lookup.prefixes).length} prefixes → ${out} (${dropped} prefixes too short to match safely left out)`,
  )
  return 0
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = cli(process.argv.slice(2))
