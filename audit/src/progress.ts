/**
 * Progress on stderr, so stdout stays the report. On a terminal one live line, redrawn with a
 * spinner; elsewhere (CI logs) one plain line a step.
 */
export interface Progress {
  step(text: string): void
  done(): void
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']

export function progress(stream: NodeJS.WriteStream, quiet: boolean): Progress {
  if (quiet) return { step() {}, done() {} }
  if (!stream.isTTY) return { step: (text) => stream.write(`consent-gate-audit: ${text}\n`), done() {} }
  let text = ''
  let frame = 0
  const started = Date.now()
  const draw = () => {
    if (!text) return
    const secs = ((Date.now() - started) / 1000).toFixed(0)
    const line = `${FRAMES[frame++ % FRAMES.length]} ${text} (${secs} s)`
    const width = stream.columns || 80
    stream.write(`\r\x1b[2K${line.length >= width ? line.slice(0, width - 2) + '…' : line}`)
  }
  const timer = setInterval(draw, 100)
  timer.unref()
  return {
    step(t) {
      text = t
      draw()
    },
    done() {
      clearInterval(timer)
      stream.write('\r\x1b[2K')
    },
  }
}
