import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** Starts the writer, waits until it is writing, kills it with SIGKILL after `ms`, and waits for it to die. */
export function killAfter(dir: string, ms: number): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./worker.ts', import.meta.url)), dir], { stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr.on('data', (c: Buffer) => (err += c.toString()))
    child.stdout.on('data', (c: Buffer) => {
      if (c.toString().includes('ready')) setTimeout(() => child.kill('SIGKILL'), ms)
    })
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? ok() : fail(new Error(`worker exited by itself (${code}): ${err.slice(0, 500)}`))))
  })
}
