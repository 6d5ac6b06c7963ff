import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import { IPC_CHANNEL, PROGRESS_CHANNEL, type Result } from '../shared/api'
import { call } from './api'
import type { DB } from './db/open'

/** Reading a frame that has gone away (reloaded, closed) throws in Electron: such a sender is not trusted. */
function trusted(isTrustedSender: (event: IpcMainInvokeEvent) => boolean, event: IpcMainInvokeEvent): boolean {
  try {
    return isTrustedSender(event)
  } catch {
    return false
  }
}

/** The one IPC channel: every call is checked for its sender, then validated and run by the handler layer. */
export function registerIpc(ipcMain: IpcMain, db: DB, isTrustedSender: (event: IpcMainInvokeEvent) => boolean): void {
  ipcMain.handle(IPC_CHANNEL, (event, method: unknown, input: unknown): Result<unknown> | Promise<Result<unknown>> => {
    if (!trusted(isTrustedSender, event)) {
      return { ok: false, error: { code: 'forbidden', message: '拒绝来自未知页面的请求。请关闭红马甲后重新打开。' } }
    }
    return call(db, method, input, {
      progress: (p) => {
        if (!event.sender.isDestroyed()) event.sender.send(PROGRESS_CHANNEL, p)
      }
    })
  })
}
