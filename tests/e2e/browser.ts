/** Browser-mode harness: the built web server in a child process, driven by Debian's Chromium. */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[]

/** The browser, or null when there is none; under CI a missing browser is a failure, never a skip. */
export function findChromium(): string | null {
  const found = CANDIDATES.find((p) => existsSync(p)) ?? null
  if (!found && process.env.CI === 'true') throw new Error(`CI=true 但没有找到 Chromium(查找了 ${CANDIDATES.join(', ')}),浏览器测试不能跳过。`)
  return found
}

/** What a test reads back from the API: whatever the method returns. */
type ApiReply = { ok: boolean; data?: any; error?: { message: string } }

export interface WebApp {
  url: string
  origin: string
  token: string
  dataDir: string
  /** Calls the API the way the page does, to check what the database holds. */
  api(method: string, input?: unknown): Promise<ApiReply>
  stop(): Promise<void>
}

export async function startWeb(): Promise<WebApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redvest-e2e-'))
  const script = resolve('out/main/web.js')
  if (!existsSync(script)) throw new Error('请先运行 electron-vite build(npm test 会自动构建)')
  const child: ChildProcess = spawn(process.execPath, [script, '--data', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
  const url = await new Promise<string>((ok, fail) => {
    let out = ''
    const timer = setTimeout(() => fail(new Error(`web server did not start: ${out}`)), 20_000)
    const onData = (c: Buffer): void => {
      out += c.toString()
      const m = /redvest web: (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => fail(new Error(`web server exited with ${code}: ${out}`)))
  })
  const origin = new URL(url).origin
  const token = url.split('token=')[1]
  return {
    url,
    origin,
    token,
    dataDir,
    api: async (method, input = {}) =>
      (await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { 'x-redvest-token': token, 'content-type': 'application/json' }, body: JSON.stringify(input) })).json() as Promise<ApiReply>,
    stop: async () => {
      // a server that died during the test has nothing left to stop
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        await new Promise((r) => child.once('exit', r))
      }
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

export function launch(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  })
}

/**
 * A new tab on the app at a laptop's 1366×768 (or the given size), signed in with the run's token and showing
 * its frame; `route` (e.g. '/members') is opened after that. Errors thrown in the page are collected in `errors`.
 */
export async function openApp(
  web: WebApp,
  browser: Browser,
  { width = 1366, height = 768, route }: { width?: number; height?: number; route?: string } = {}
): Promise<Page & { errors: string[] }> {
  const page = Object.assign(await browser.newPage({ viewport: { width, height } }), { errors: [] as string[] })
  page.on('pageerror', (e) => page.errors.push(e.message))
  await page.goto(web.url)
  await page.getByRole('menuitem', { name: '工作台' }).waitFor()
  if (route) await page.goto(`${web.origin}/#${route}`)
  return page
}
