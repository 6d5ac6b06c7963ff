/** Browser-mode harness: the built web server in a child process, driven by Debian's Chromium. */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'

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

/**
 * Waits until no dialog, dropdown or popconfirm is moving: antd zooms a dialog in and slides a dropdown, and a click on a target
 * still moving can land beside it (Playwright's "stable" check passes when two slow frames happen to match).
 */
export async function settled(page: Page): Promise<void> {
  // polled with evaluate: waitForFunction compiles its string in the page, which the app's CSP forbids
  const moving = "[...document.querySelectorAll('.ant-modal, .ant-select-dropdown, .ant-picker-dropdown, .ant-popover')].some((el) => /-(appear|enter|leave)\\b/.test(el.className))"
  for (const start = Date.now(); (await page.evaluate(moving)) && Date.now() - start < 10_000; ) await page.waitForTimeout(50)
}

/**
 * Picks an option of an antd Select in the open dialog, found by its form label: types to search, then chooses with
 * the arrow keys and Enter, not a click (a click can land on a dropdown still sliding in, or on a field the moving
 * dropdown uncovers); checks that the field then shows the option, and tries again if not.
 */
export async function choose(page: Page, label: string, text: string, option = text): Promise<void> {
  const dialog = page.getByRole('dialog')
  const field = dialog.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) })
  const dropdown = page.locator('.ant-select-dropdown:visible')
  for (let attempt = 1; ; attempt++) {
    await settled(page)
    await dialog.getByLabel(label, { exact: true }).click()
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.type(text)
    await dropdown.locator('.ant-select-item-option', { hasText: option }).first().waitFor()
    for (let i = 0; i < 30; i++) {
      const active = await dropdown.locator('.ant-select-item-option-active').textContent({ timeout: 1000 }).catch(() => '')
      if (active?.includes(option)) break
      await page.keyboard.press('ArrowDown')
    }
    await page.keyboard.press('Enter')
    try {
      await field.filter({ hasText: option }).waitFor({ timeout: 5000 })
      return
    } catch (e) {
      if (attempt === 3) throw e
    }
  }
}

/**
 * Opens a page from the side menu and waits for its title: a click on a menu item lets the page shown keep its place
 * until the next is ready, so a button both pages have (新增党员, 新建活动) could otherwise be clicked on the old one.
 */
export async function openPage(page: Page, menu: string, title = menu): Promise<void> {
  await page.getByRole('menuitem', { name: menu }).click()
  await page.locator('h2.page-title').getByText(title, { exact: true }).waitFor()
}

/**
 * Opens a tab of the page shown and returns its pane. A menu click that led to the same page can still be finishing
 * (the page re-renders on its default tab a moment later), so the tab is checked again after a pause and clicked once
 * more if the page went back; rows are then looked for in the active pane only, not in a tab being left.
 */
export async function openTab(page: Page, name: string): Promise<Locator> {
  const tab = page.getByRole('tab', { name, exact: true })
  for (let attempt = 1; ; attempt++) {
    await tab.click()
    await page.locator('[role="tab"][aria-selected="true"]', { hasText: name }).waitFor()
    await page.waitForTimeout(300)
    if ((await tab.getAttribute('aria-selected')) === 'true') return page.getByRole('tabpanel')
    if (attempt === 3) throw new Error(`the tab ${name} did not stay open`)
  }
}

/** Clicks 保存 in the open dialog and waits for it to close; if it stays open, fails with what the dialog says. */
export async function saveDialog(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog')
  await settled(page)
  await dialog.getByRole('button', { name: '保存' }).click()
  try {
    await dialog.waitFor({ state: 'hidden', timeout: 15_000 })
  } catch {
    const said = await page.locator('.ant-modal:visible').locator('.ant-modal-title, .ant-form-item-explain-error').allInnerTexts()
    throw new Error(`the dialog stayed open after 保存: ${said.join(' / ')}`)
  }
}
