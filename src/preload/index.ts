/** Exposes one function per contract method as `window.api`; nothing else of Electron reaches the page. */
import { contextBridge, ipcRenderer } from 'electron'
import { IPC_CHANNEL, METHODS } from '../shared/methods'

const api = Object.fromEntries(METHODS.map((m) => [m, (input: unknown) => ipcRenderer.invoke(IPC_CHANNEL, m, input)]))

contextBridge.exposeInMainWorld('api', api)
