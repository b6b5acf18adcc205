import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { ArgsError, parseArgs, USAGE } from './args'
import { AuditError, audit } from './audit'
import { CHROMIUM_MISSING, chromiumPath } from './chromium'
import { progress } from './progress'
import { htmlReport } from './report-html'
import { textReport } from './report-text'
import { REPORT_VERSION, type Report } from './types'

declare const __VERSION__: string

/** Exit status: 0 clean, 1 violations (or warnings with `--fail-on warning`), 2 could not audit. */
export type ExitCode = 0 | 1 | 2

const say = (line: string) => process.stderr.write(`consent-gate-audit: ${line}\n`)

function write(path: string, text: string) {
  const file = resolve(path)
  try {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, text)
  } catch (e) {
    throw new AuditError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code || (e as Error).message}`)
  }
}

/** `consent-gate-audit <url> [options]`; resolves to the exit status. */
export async function main(argv: string[]): Promise<ExitCode> {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs(argv)
  } catch (e) {
    if (e instanceof ArgsError) {
      say(e.message)
      return 2
    }
    throw e
  }
  if ('help' in parsed) {
    process.stdout.write(USAGE + '\n')
    return 0
  }
  if ('version' in parsed) {
    process.stdout.write(__VERSION__ + '\n')
    return 0
  }
  const args = parsed.args
  const fail = (message: string): ExitCode => {
    say(message)
    if (args.json) {
      const r: Pick<Report, 'version' | 'tool' | 'url' | 'status' | 'exitCode' | 'error'> = {
        version: REPORT_VERSION,
        tool: { name: '@consent-gate/audit', version: __VERSION__ },
        url: args.url,
        status: 'error',
        exitCode: 2,
        error: message,
      }
      const text = JSON.stringify(r, null, 2) + '\n'
      try {
        if (args.json.to === 'stdout') process.stdout.write(text)
        else write(args.json.path, text)
      } catch {
        /* the one line above said what matters */
      }
    }
    return 2
  }
  const executablePath = chromiumPath()
  if (!executablePath) return fail(CHROMIUM_MISSING)

  const bar = progress(process.stderr, args.quiet)
  let result: Awaited<ReturnType<typeof audit>>
  try {
    result = await audit({
      url: args.url,
      pages: args.pages,
      timeoutMs: args.timeoutMs,
      accept: args.accept,
      reject: args.reject,
      resolve: args.resolve,
      harDir: args.har ? resolve(args.har) : undefined,
      screenshots: !!args.html,
      failOn: args.failOn,
      executablePath,
      progress: (t) => bar.step(t),
    })
  } catch (e) {
    bar.done()
    if (e instanceof AuditError) return fail(e.message)
    // Anything else is a bug or a browser that went away: still one line, never a stack.
    return fail(`could not audit ${args.url}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`)
  }
  bar.done()
  const { report, screenshots } = result
  try {
    const json = JSON.stringify(report, null, 2) + '\n'
    if (args.json?.to === 'file') write(args.json.path, json)
    if (args.html) write(args.html, htmlReport(report, screenshots))
    if (args.json?.to === 'stdout') process.stdout.write(json)
    else process.stdout.write(textReport(report) + '\n')
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e))
  }
  return report.exitCode
}
