/**
 * Electron cannot be launched on these machines, so the built main and preload bundles are loaded under
 * Node with a stub `electron` module that records what they ask of Electron.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import Module, { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IPC_CHANNEL, METHODS, PROGRESS_CHANNEL } from '../src/shared/api'

const OUT = resolve('out')
const requireCjs = createRequire(import.meta.url)
type Handler = (...args: unknown[]) => unknown

function withStubElectron<T>(stub: object, load: () => T): T {
  const original = (Module as unknown as { _load: Handler })._load
  ;(Module as unknown as { _load: Handler })._load = function (this: unknown, request: unknown, ...rest: unknown[]) {
    return request === 'electron' ? stub : original.call(this, request, ...rest)
  }
  try {
    return load()
  } finally {
    ;(Module as unknown as { _load: Handler })._load = original
  }
}

describe('built bundles under a stub electron', () => {
  if (!existsSync(join(OUT, 'main/index.js'))) throw new Error('请先运行 electron-vite build(npm test 会自动构建)')

  const appEvents: Record<string, Handler> = {}
  const handlers: Record<string, Handler> = {}
  const windows: Array<{ options: { webPreferences: Record<string, unknown> }; loaded?: string; webContents: object }> = []
  const opened: string[] = []
  const paths: Record<string, string> = {}
  let dataDir = ''
  let ready: () => void = () => {}
  const whenReady = new Promise<void>((ok) => (ready = ok))

  class BrowserWindow {
    webContents = { id: 1 }
    loaded?: string
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      windows.push(this)
    }
    on(): void {}
    loadFile(f: string): Promise<void> {
      this.loaded = f
      return Promise.resolve()
    }
    loadURL(u: string): Promise<void> {
      this.loaded = u
      return Promise.resolve()
    }
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'redvest-electron-'))
    process.env.REDVEST_DATA = dataDir
    const stub = {
      app: {
        isPackaged: true,
        requestSingleInstanceLock: () => true,
        on: (name: string, fn: Handler) => (appEvents[name] = fn),
        whenReady: () => whenReady,
        getPath: (name: string) => join(dataDir, name),
        setPath: (name: string, path: string) => (paths[name] = path),
        getAppPath: () => dataDir,
        quit: () => {}
      },
      BrowserWindow,
      ipcMain: { handle: (channel: string, fn: Handler) => (handlers[channel] = fn) },
      shell: { openExternal: (url: string) => opened.push(url) }
    }
    withStubElectron(stub, () => requireCjs(join(OUT, 'main/index.js')))
    ready()
    await new Promise((r) => setTimeout(r, 50))
  })

  afterAll(() => {
    appEvents['window-all-closed']?.()
    delete process.env.REDVEST_DATA
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('opens the database in the chosen data folder and registers the one IPC channel', () => {
    expect(paths.userData).toBe(join(dataDir, 'appData', 'redvest'))
    expect(existsSync(join(dataDir, 'redvest.sqlite'))).toBe(true)
    expect(Object.keys(handlers)).toEqual([IPC_CHANNEL])
  })

  it('loads the one prebuilt better-sqlite3 binary the tests use, and no second build exists', () => {
    const pkgDir = join(requireCjs.resolve('better-sqlite3/package.json'), '..')
    const loaded = Object.keys(requireCjs.cache).filter((f) => f.endsWith('.node') && f.includes('better-sqlite3'))
    expect(loaded).toEqual([join(pkgDir, 'prebuilds', `${process.platform}-${process.arch}.node`)])
    expect(existsSync(join(pkgDir, 'build'))).toBe(false)
    expect(existsSync(resolve('.electron-native'))).toBe(false)
  })

  it('creates the window with the hardened web preferences and loads the app from its files', () => {
    expect(windows).toHaveLength(1)
    const prefs = windows[0].options.webPreferences
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true })
    expect(existsSync(prefs.preload as string)).toBe(true)
    expect(windows[0].loaded).toBe(join(OUT, 'renderer/index.html'))
  })

  it('answers our own window and refuses any other sender', () => {
    const handle = handlers[IPC_CHANNEL]
    const ours = { sender: windows[0].webContents, senderFrame: { parent: null, url: 'file:///app/out/renderer/index.html' } }
    Object.assign(windows[0].webContents, { send: () => {} })
    expect(handle(ours, 'app.info', {})).toMatchObject({ ok: true, data: { dbPath: join(dataDir, 'redvest.sqlite') } })
    expect(handle(ours, 'member.create', { name: '' })).toMatchObject({ ok: false, error: { code: 'invalid' } })
    const foreignPage = { ...ours, senderFrame: { parent: null, url: 'https://evil.example/' } }
    const subFrame = { ...ours, senderFrame: { parent: {}, url: 'file:///app/out/renderer/index.html' } }
    const otherContents = { ...ours, sender: { id: 2 } }
    for (const event of [foreignPage, subFrame, otherContents]) {
      expect(handle(event, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
  })

  it('denies navigation and new windows, opening only http(s) links outside', () => {
    const listeners: Record<string, Handler> = {}
    let openHandler: Handler = () => null
    const contents = {
      on: (name: string, fn: Handler) => (listeners[name] = fn),
      setWindowOpenHandler: (fn: Handler) => (openHandler = fn),
      getURL: () => 'file:///app/out/renderer/index.html'
    }
    appEvents['web-contents-created']({}, contents)
    let prevented = 0
    listeners['will-navigate']({ preventDefault: () => prevented++ }, 'https://evil.example/')
    listeners['will-navigate']({ preventDefault: () => prevented++ }, 'file:///etc/passwd')
    expect(prevented).toBe(2)
    expect(openHandler({ url: 'https://www.gov.cn/' })).toEqual({ action: 'deny' })
    expect(openHandler({ url: 'file:///C:/Windows/system32/calc.exe' })).toEqual({ action: 'deny' })
    expect(openHandler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://www.gov.cn/'])
  })

  it('the preload exposes exactly the contract methods, each over the one channel', async () => {
    const exposed: Record<string, Record<string, Handler>> = {}
    const invoked: unknown[][] = []
    const listeners: Record<string, Handler[]> = {}
    const stub = {
      contextBridge: { exposeInMainWorld: (name: string, api: Record<string, Handler>) => (exposed[name] = api) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve({ ok: true, data: null })),
        on: (channel: string, fn: Handler) => (listeners[channel] ??= []).push(fn),
        removeListener: (channel: string, fn: Handler) => (listeners[channel] = listeners[channel].filter((f) => f !== fn))
      }
    }
    withStubElectron(stub, () => requireCjs(join(OUT, 'preload/index.js')))
    expect(Object.keys(exposed)).toEqual(['api', 'redvestProgress'])
    expect(Object.keys(exposed.api).sort()).toEqual([...METHODS].sort())
    await exposed.api['member.list']({ keyword: 'zs' })
    expect(invoked).toEqual([[IPC_CHANNEL, 'member.list', { keyword: 'zs' }]])
    // the progress feed delivers main's reports and can be unsubscribed
    const got: unknown[] = []
    const unsubscribe = exposed.redvestProgress.subscribe((p: unknown) => got.push(p)) as () => void
    listeners[PROGRESS_CHANNEL].forEach((fn) => fn({}, { task: '核对每一行', done: 1, total: 2 }))
    unsubscribe()
    expect(listeners[PROGRESS_CHANNEL]).toEqual([])
    expect(got).toEqual([{ task: '核对每一行', done: 1, total: 2 }])
    // a sandboxed preload can only require electron itself
    const requires = readFileSync(join(OUT, 'preload/index.js'), 'utf8').match(/require\(["'][^"']+["']\)/g)
    expect(requires).toEqual(['require("electron")'])
  })

  it('the page carries a strict Content-Security-Policy', () => {
    const html = readFileSync(join(OUT, 'renderer/index.html'), 'utf8')
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
  })
})
