/** The desktop shell: window, lifecycle and security. Everything else lives in plain-Node modules. */
import { app, BrowserWindow, dialog, ipcMain, shell, type IpcMainInvokeEvent } from 'electron'
import { join, resolve } from 'node:path'
import { argValue } from './args'
import { DatabaseDamaged, openDatabase, type DB } from './db/open'
import { registerIpc } from './ipc'
import { dailyBackup, restoreNewestBackupFile } from './services/backup'

export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
  spellcheck: false
} as const

let mainWindow: BrowserWindow | null = null
let db: DB | null = null

function rendererUrlAllowed(url: string): boolean {
  const dev = process.env.ELECTRON_RENDERER_URL
  return url.startsWith('file://') || (!app.isPackaged && !!dev && url.startsWith(dev))
}

/** Only the top frame of our own window, showing our own page, may call the API. */
export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame
  return !!mainWindow && event.sender === mainWindow.webContents && !!frame && frame.parent === null && rendererUrlAllowed(frame.url)
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
    webPreferences: { ...WEB_PREFERENCES, preload: join(__dirname, '../preload/index.js') }
  })
  mainWindow.on('ready-to-show', () => mainWindow?.show())
  mainWindow.on('closed', () => (mainWindow = null))
  const dev = process.env.ELECTRON_RENDERER_URL
  if (!app.isPackaged && dev) void mainWindow.loadURL(dev)
  else void mainWindow.loadFile(join(__dirname, '../renderer/index.html'))
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!rendererUrlAllowed(url) || url !== contents.getURL()) event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//i.test(url)) void shell.openExternal(url)
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
    const dataDir = resolve(argValue(process.argv, 'data') ?? process.env.REDVEST_DATA ?? app.getPath('userData'))
    try {
      db = openDatabase(dataDir)
    } catch (e) {
      const damaged = e instanceof DatabaseDamaged
      const choice = damaged
        ? dialog.showMessageBoxSync({ type: 'error', title: '红马甲', message: '数据库文件已损坏', detail: (e as Error).message, buttons: ['恢复最近的备份', '退出'], defaultId: 0, cancelId: 1 })
        : (dialog.showErrorBox('红马甲无法打开数据库', (e as Error).message), 1)
      if (choice !== 0) return app.quit()
      try {
        const name = restoreNewestBackupFile(dataDir)
        db = openDatabase(dataDir)
        dialog.showMessageBoxSync({ type: 'info', title: '红马甲', message: `已恢复备份 ${name}`, detail: '备份之后录入的内容需要重新录入。' })
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
