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
  const windows: Array<{ options: { webPreferences: Record<string, unknown> }; loaded?: string; webContents: { events: Record<string, Handler>; devToolsClosed: number } }> = []
  const schemes: unknown[] = []
  const protocols: Record<string, (request: Request) => Promise<Response>> = {}
  const permissions: { request?: Handler; check?: Handler } = {}
  let main: { externalLinkAllowed: (url: string, allowed?: readonly string[]) => boolean; EXTERNAL_LINKS: readonly string[] }
  const opened: string[] = []
  const paths: Record<string, string> = {}
  let dataDir = ''
  let ready: () => void = () => {}
  const whenReady = new Promise<void>((ok) => (ready = ok))

  class BrowserWindow {
    webContents = {
      id: 1,
      events: {} as Record<string, Handler>,
      devToolsClosed: 0,
      on(name: string, fn: Handler) {
        this.events[name] = fn
      },
      closeDevTools() {
        this.devToolsClosed++
      }
    }
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
      shell: { openExternal: (url: string) => opened.push(url) },
      protocol: {
        registerSchemesAsPrivileged: (list: unknown[]) => schemes.push(...list),
        handle: (scheme: string, fn: (request: Request) => Promise<Response>) => (protocols[scheme] = fn)
      },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (fn: Handler) => (permissions.request = fn),
          setPermissionCheckHandler: (fn: Handler) => (permissions.check = fn)
        }
      }
    }
    main = withStubElectron(stub, () => requireCjs(join(OUT, 'main/index.js')))
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

  it('creates the window with the hardened web preferences and loads the app from its own origin', () => {
    expect(windows).toHaveLength(1)
    const prefs = windows[0].options.webPreferences
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true })
    expect(existsSync(prefs.preload as string)).toBe(true)
    expect(windows[0].loaded).toBe('app://redvest/index.html')
  })

  it('has no DevTools when packaged, and closes them should they open', () => {
    expect(windows[0].options.webPreferences.devTools).toBe(false)
    windows[0].webContents.events['devtools-opened']()
    expect(windows[0].webContents.devToolsClosed).toBe(1)
  })

  it('denies every permission request and check', () => {
    const answers: boolean[] = []
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      permissions.request!(windows[0].webContents, permission, (granted: boolean) => answers.push(granted), {})
      answers.push(permissions.check!(windows[0].webContents, permission, 'app://redvest', {}) as boolean)
    }
    expect(answers).toEqual(Array(10).fill(false))
  })

  it('serves the renderer from app://redvest/ and nothing outside out/renderer', async () => {
    expect(schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])
    const serve = async (url: string) => {
      const res = await protocols.app(new Request(url))
      return { status: res.status, type: res.headers.get('content-type'), body: await res.text() }
    }
    const index = await serve('app://redvest/index.html')
    expect(index).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' })
    expect(index.body).toBe(readFileSync(join(OUT, 'renderer/index.html'), 'utf8'))
    expect((await serve('app://redvest/')).body).toBe(index.body)
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(index.body)![1]
    expect(await serve(`app://redvest/${script}`)).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' })
    expect(existsSync(join(OUT, 'renderer/../../package.json'))).toBe(true)
    const refused = [
      'app://redvest/../../etc/passwd',
      'app://redvest/%2e%2e/%2e%2e/package.json',
      'app://redvest/..%2F..%2Fpackage.json',
      'app://redvest/assets/..%2F..%2F..%2Fpackage.json',
      'app://redvest/%E0%A4%A',
      'app://redvest/no-such-file.js',
      'app://evil/index.html',
      'app://redvest.evil/index.html'
    ]
    for (const url of refused) expect(await serve(url), url).toMatchObject({ status: 404, body: expect.stringMatching(/[\u4e00-\u9fff]/) })
  })

  it('answers our own window and refuses any other sender', () => {
    const handle = handlers[IPC_CHANNEL]
    const ours = { sender: windows[0].webContents, senderFrame: { parent: null, url: 'app://redvest/index.html' } }
    Object.assign(windows[0].webContents, { send: () => {}, isDestroyed: () => false })
    expect(handle(ours, 'app.info', {})).toMatchObject({ ok: true, data: { dbPath: join(dataDir, 'redvest.sqlite') } })
    expect(handle(ours, 'member.create', { name: '' })).toMatchObject({ ok: false, error: { code: 'invalid' } })
    const foreignPage = { ...ours, senderFrame: { parent: null, url: 'https://evil.example/' } }
    const filePage = { ...ours, senderFrame: { parent: null, url: 'file:///app/out/renderer/index.html' } }
    const otherApp = { ...ours, senderFrame: { parent: null, url: 'app://redvest.evil/index.html' } }
    const subFrame = { ...ours, senderFrame: { parent: {}, url: 'app://redvest/index.html' } }
    const otherContents = { ...ours, sender: { id: 2 } }
    const goneFrame = {
      sender: ours.sender,
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed')
      }
    }
    for (const event of [foreignPage, filePage, otherApp, subFrame, otherContents, goneFrame]) {
      expect(handle(event, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/[\u4e00-\u9fff]/) } })
    }
  })

  it('denies navigation, redirects and new windows, and opens no link outside unless its origin is listed', () => {
    const listeners: Record<string, Handler> = {}
    let openHandler: Handler = () => null
    const contents = {
      on: (name: string, fn: Handler) => (listeners[name] = fn),
      setWindowOpenHandler: (fn: Handler) => (openHandler = fn),
      getURL: () => 'app://redvest/index.html'
    }
    appEvents['web-contents-created']({}, contents)
    let prevented = 0
    const event = { preventDefault: () => prevented++ }
    for (const name of ['will-navigate', 'will-redirect']) {
      for (const url of ['https://evil.example/', 'file:///etc/passwd', 'file:///app/out/renderer/index.html', 'app://redvest.evil/index.html']) listeners[name](event, url)
    }
    expect(prevented).toBe(8)
    listeners['will-navigate'](event, 'app://redvest/index.html')
    expect(prevented).toBe(8)
    for (const url of ['https://www.gov.cn/', 'http://www.gov.cn/', 'file:///C:/Windows/system32/calc.exe', 'javascript:alert(1)']) {
      expect(openHandler({ url })).toEqual({ action: 'deny' })
    }
    expect(main.EXTERNAL_LINKS).toEqual([])
    expect(opened).toEqual([])
    // with an origin on the list, only http(s) links to exactly that origin would open
    const listed = ['https://www.gov.cn']
    expect(main.externalLinkAllowed('https://www.gov.cn/zhengce/', listed)).toBe(true)
    for (const url of ['http://www.gov.cn/', 'https://www.gov.cn.evil.example/', 'https://www.gov.cn:8443/', 'javascript:alert(1)', 'file:///etc/passwd', 'not a url']) {
      expect(main.externalLinkAllowed(url, listed), url).toBe(false)
    }
  })

  it('the installer turns off the file:// extra-privileges fuse', () => {
    const yml = readFileSync(resolve('electron-builder.yml'), 'utf8')
    const fuses = /^electronFuses:\n((?: {2}.*\n)+)/m.exec(yml)?.[1] ?? ''
    expect(fuses).toMatch(/^ {2}grantFileProtocolExtraPrivileges: false$/m)
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
