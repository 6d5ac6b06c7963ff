/** The desktop shell: window, lifecycle and security. Everything else lives in plain-Node modules. */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, type IpcMainInvokeEvent } from 'electron'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { argValue } from './args'
import { DatabaseDamaged, openDatabase, resolveDataDir, type DB } from './db/open'
import { registerIpc } from './ipc'
import { afterStartupRestore, dailyBackup, restoreNewestBackupFile } from './services/backup'
import { CONTENT_TYPES } from './static-files'

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
  spellcheck: false
} as const

/** Origins (such as 'https://www.gov.cn') whose links may open in the system browser. None by default. */
export const EXTERNAL_LINKS: readonly string[] = []

/** The renderer's own origin: its files are served by the `app` protocol below, never over file://. */
export const APP_ORIGIN = 'app://redvest'
const RENDERER_DIR = resolve(__dirname, '../renderer')


// must happen before `ready`; `standard` gives the page a real origin ('self' in the CSP, sessionStorage)
protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])

let mainWindow: BrowserWindow | null = null
let db: DB | null = null

const notFound = (): Response =>
  new Response('找不到该页面。请关闭红马甲后重新打开。', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } })

/** Answers app://redvest/<path> with that file from out/renderer; anything else is 404. */
export async function serveRenderer(request: Request, root = RENDERER_DIR): Promise<Response> {
  const url = new URL(request.url)
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return notFound()
  let file: string
  try {
    file = normalize(join(root, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname)))
  } catch {
    return notFound()
  }
  if (!file.startsWith(root + sep)) return notFound()
  try {
    const data = await readFile(file)
    return new Response(new Uint8Array(data), {
      headers: { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' }
    })
  } catch {
    return notFound()
  }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin
  } catch {
    return false
  }
}

function rendererUrlAllowed(url: string): boolean {
  const dev = process.env.ELECTRON_RENDERER_URL
  return url.startsWith(`${APP_ORIGIN}/`) || (!app.isPackaged && !!dev && sameOrigin(url, dev))
}

/** Whether a link may open in the system browser: http(s) on an origin listed in `allowed`. */
export function externalLinkAllowed(url: string, allowed: readonly string[] = EXTERNAL_LINKS): boolean {
  try {
    const link = new URL(url)
    return (link.protocol === 'https:' || link.protocol === 'http:') && allowed.includes(link.origin)
  } catch {
    return false
  }
}

/** Only the top frame of our own window, showing our own page, may call the API. */
export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame
  return !!mainWindow && event.sender === mainWindow.webContents && !!frame && frame.parent === null && rendererUrlAllowed(frame.url)
}

/** The page gets no camera, microphone, location, notifications or any other permission. */
function denyPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 1100,
    minHeight: 700,
    title: '红马甲 · 在职党员进社区服务台账',
    show: false,
    autoHideMenuBar: true,
    webPreferences: { ...WEB_PREFERENCES, devTools: !app.isPackaged, preload: join(__dirname, '../preload/index.js') }
  })
  mainWindow.on('ready-to-show', () => mainWindow?.show())
  mainWindow.on('closed', () => (mainWindow = null))
  if (app.isPackaged) mainWindow.webContents.on('devtools-opened', () => mainWindow?.webContents.closeDevTools())
  const dev = process.env.ELECTRON_RENDERER_URL
  if (!app.isPackaged && dev) void mainWindow.loadURL(dev)
  else void mainWindow.loadURL(`${APP_ORIGIN}/index.html`)
}

app.on('web-contents-created', (_e, contents) => {
  const stayOnOurPage = (event: { preventDefault(): void }, url: string): void => {
    if (!rendererUrlAllowed(url) || url !== contents.getURL()) event.preventDefault()
  }
  contents.on('will-navigate', stayOnOurPage)
  contents.on('will-redirect', stayOnOurPage)
  contents.setWindowOpenHandler(({ url }) => {
    if (externalLinkAllowed(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
})

// an ASCII folder name (%APPDATA%\redvest, ~/.config/redvest) rather than the Chinese product name
app.setPath('userData', join(app.getPath('appData'), 'redvest'))

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  void app.whenReady().then(() => {
    denyPermissions()
    protocol.handle('app', serveRenderer)
    const dataDir = resolveDataDir(resolve(argValue(process.argv, 'data') ?? process.env.REDVEST_DATA ?? app.getPath('userData')))
    try {
      db = openDatabase(dataDir)
    } catch (e) {
      const damaged = e instanceof DatabaseDamaged
      const choice = damaged
        ? dialog.showMessageBoxSync({ type: 'error', title: '红马甲', message: '数据库文件已损坏', detail: (e as Error).message, buttons: ['恢复最近的备份', '退出'], defaultId: 0, cancelId: 1 })
        : (dialog.showErrorBox('红马甲无法打开数据库', (e as Error).message), 1)
      if (choice !== 0) return app.quit()
      try {
        const { name, damaged } = restoreNewestBackupFile(dataDir)
        db = openDatabase(dataDir)
        const said = afterStartupRestore(db, name, damaged)
        dialog.showMessageBoxSync({ type: 'info', title: '红马甲', message: `已恢复备份 ${name}`, detail: said })
      } catch (err) {
        dialog.showErrorBox('恢复失败', (err as Error).message)
        return app.quit()
      }
    }
    registerIpc(ipcMain, db, isTrustedSender)
    createWindow()
    dailyBackup(db).catch((e: Error) => console.error(`每日备份失败:${e.message}`))
  })
  app.on('window-all-closed', () => {
    db?.close()
    db = null
    app.quit()
  })
}
