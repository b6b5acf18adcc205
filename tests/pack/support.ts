/**
 * `npm pack` a package of this repository and install the tarball into an empty folder, as a
 * user's project would. The child processes get an environment without npm's `npm_*` variables
 * (set when this runs under `npm test`), so the install sees the temp folder, not this workspace.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const ROOT = join(import.meta.dirname, '..', '..')

export const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
  ...extra,
})

export function sh(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env: cleanEnv(env), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`)
  return r
}

/** `npm pack` (scripts skipped: `npm test` has just built dist/) into a new temp folder; the tarball's path and size. */
export function pack(args: string[] = []): { tgz: string; bytes: number; files: string[] } {
  const dest = mkdtempSync(join(tmpdir(), 'cg-pack-'))
  const out = sh('npm', ['pack', ...args, '--ignore-scripts', '--json', '--pack-destination', dest], ROOT).stdout
  const [info] = JSON.parse(out.slice(out.indexOf('[')))
  const tgz = join(dest, info.filename)
  return { tgz, bytes: statSync(tgz).size, files: info.files.map((f: { path: string }) => f.path) }
}

/** Install a tarball into an empty project; what node_modules then holds (package paths), and how long it took. */
export function installInto(tgz: string, flags: string[]): { dir: string; packages: string[]; seconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'cg-install-'))
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'pack-test', version: '1.0.0', private: true }))
  const t = performance.now()
  try {
    sh('npm', ['install', tgz, '--no-audit', '--no-fund', ...flags], dir)
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
  const seconds = (performance.now() - t) / 1000
  const lock = JSON.parse(readFileSync(join(dir, 'node_modules', '.package-lock.json'), 'utf8'))
  const packages = Object.keys(lock.packages).filter((p) => p.startsWith('node_modules/'))
  return { dir, packages, seconds }
}

/** Run a command until it prints `pattern` on stderr; resolves to the match and a stop function. */
export function startUntil(cmd: string, args: string[], cwd: string, env: Record<string, string>, pattern: RegExp, timeoutMs = 30_000) {
  // Its own process group, so stopping it stops what npx started too.
  const child = spawn(cmd, args, { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let err = ''
  child.stdout!.resume()
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM')
    return exited
  }
  const matched = new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${err}`)), timeoutMs)
    child.stderr!.on('data', (d) => {
      err += d
      const m = pattern.exec(err)
      if (m) {
        clearTimeout(timer)
        resolve(m)
      }
    })
    exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`exited ${code} before ${pattern}:\n${err}`))
    })
  })
  return { matched, stop, stderr: () => err }
}
