#!/usr/bin/env node
// The Open Cookie Database (Apache-2.0, third_party/open-cookie-database/) as compact lookups:
// cookie or storage-key name → ConsentGate category, platform, short description. The audit ships
// one (audit/data/open-cookie-database.json); the cookie guard's lazy chunk another, names and
// prefixes per category only (src/data/open-cookie-database.ts, see sdkTable).
//
//   node scripts/open-cookie-database.mjs            write both files
//   node scripts/open-cookie-database.mjs --check    exit 1 when a committed file is not what the CSV gives
//   node scripts/open-cookie-database.mjs --csv F --out F        the audit's file only
//   node scripts/open-cookie-database.mjs --csv F --sdk-out F    the SDK's file only
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const DEFAULT_CSV = `${ROOT}third_party/open-cookie-database/open-cookie-database.csv`
export const DEFAULT_OUT = `${ROOT}audit/data/open-cookie-database.json`
export const DEFAULT_SDK_OUT = `${ROOT}src/data/open-cookie-database.ts`

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

/**
 * A name the cookie guard can match: a cookie name as `document.cookie` writes it (no whitespace,
 * `;`, `,` or `=`, printable ASCII; no quotes or backslash either), with at most a trailing `*`. The database also lists storage
 * keys with spaces or placeholders (`Site History`, `pagead/conv/%INTEGER%`): left out.
 */
export const sdkName = (name) => /^[!-~]+$/.test(name) && !/[;,=%'"\\]|\*./.test(name)

/**
 * The cookie guard's table (src/data/open-cookie-database.ts): ConsentGate category → its names,
 * sorted and joined by spaces, a prefix with a trailing `*` (a row marked wildcard, or a name that
 * ends in `*`, when `usablePrefix`). No platforms or descriptions: the chunk only decides. Each name
 * is in one category, settled as the audit's (`settle`).
 */
export function sdkTable(rows) {
  const groups = new Map()
  let dropped = 0
  for (const r of rows) {
    const star = r.wildcard || r.name.endsWith('*')
    const base = r.name.replace(/\*$/, '')
    if (!sdkName(r.name) || !base || (star && !usablePrefix(base))) {
      dropped++
      continue
    }
    const key = star ? base + '*' : base
    if (!groups.has(key)) groups.set(key, [])
    groups.get(key).push(r)
  }
  const table = Object.fromEntries(CATEGORIES.map((c) => [c, []]))
  for (const name of [...groups.keys()].sort()) table[settle(groups.get(name)).category].push(name)
  return { table: Object.fromEntries(CATEGORIES.map((c) => [c, table[c].join(' ')])), dropped }
}

/**
 * The SDK file's text: the NOTICE, then the table. (The built chunk carries a short `@license`
 * line and has the license text beside it: rollup.config.mjs.)
 */
export function serializeSdk(table) {
  return [
    '/*',
    ' * NOTICE',
    ' * This table is derived from the Open Cookie Database',
    ' * (https://github.com/jkwakman/Open-Cookie-Database, commit 0ee5a17fe1cb002943f89370d24fc26a4226061c),',
    ' * licensed under the Apache License, Version 2.0; the license text is in',
    ' * third_party/open-cookie-database/LICENSE. Generated from its open-cookie-database.csv by',
    ' * scripts/open-cookie-database.mjs (do not edit): the rows were reduced to name and category (mapped',
    " * to ConsentGate's category ids; Security is necessary), and names that are no cookie names and",
    ' * wildcard names too short to match safely were left out.',
    ' *',
    ' *   Licensed under the Apache License, Version 2.0 (the "License"); you may not use this file',
    ' *   except in compliance with the License. You may obtain a copy of the License at',
    ' *   http://www.apache.org/licenses/LICENSE-2.0. Unless required by applicable law or agreed to in',
    ' *   writing, software distributed under the License is distributed on an "AS IS" BASIS, WITHOUT',
    ' *   WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the License for the',
    ' *   specific language governing permissions and limitations under the License.',
    ' */',
    '',
    '/** ConsentGate category → the names the database gives it, separated by spaces; a trailing `*` makes a prefix. */',
    'export const OPEN_COOKIE_DATABASE: Record<string, string> = {',
    // As Biome formats it (single quotes; a long value on a line of its own), so that `npm run lint` leaves it be.
    ...Object.entries(table).map(([k, v]) => (`  ${k}: '${v}',`.length > 160 ? `  ${k}:\n    '${v}',` : `  ${k}: '${v}',`)),
    '}',
    '',
  ].join('\n')
}

function cli(argv) {
  const flag = (name) => {
    const i = argv.indexOf(name)
    return i >= 0 ? argv[i + 1] : undefined
  }
  const csv = flag('--csv') || DEFAULT_CSV
  const only = flag('--out') || flag('--sdk-out')
  const out = flag('--out') || (only ? null : DEFAULT_OUT)
  const sdkOut = flag('--sdk-out') || (only ? null : DEFAULT_SDK_OUT)
  let rows
  try {
    rows = readOpenCookieDatabase(csv)
  } catch (e) {
    console.error(`open-cookie-database: cannot read ${csv}: ${e.message}`)
    return 1
  }
  const { lookup, dropped } = buildLookup(rows)
  const sdk = sdkTable(rows)
  const files = [
    [
      out,
      serialize(lookup),
      `${Object.keys(lookup.names).length} names and ${Object.keys(lookup.prefixes).length} prefixes (${dropped} prefixes too short to match safely left out)`,
    ],
    [sdkOut, serializeSdk(sdk.table), `${Object.values(sdk.table).join(' ').split(' ').length} names and prefixes (${sdk.dropped} rows left out)`],
  ].filter(([file]) => file)
  if (argv.includes('--check')) {
    let failed = 0
    for (const [file, text] of files) {
      let current = ''
      try {
        current = readFileSync(file, 'utf8')
      } catch {
        /* missing: differs */
      }
      if (current !== text) {
        console.error(`open-cookie-database: ${file} is out of date; run node scripts/open-cookie-database.mjs`)
        failed = 1
      }
    }
    return failed
  }
  for (const [file, text, what] of files) {
    writeFileSync(file, text)
    console.log(`open-cookie-database: ${what} → ${file}`)
  }
  return 0
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exitCode = cli(process.argv.slice(2))
