/** Exposes one function per contract method as `window.api`, and the progress feed; nothing else of Electron reaches the page. */
import { contextBridge, ipcRenderer } from 'electron'
import { IPC_CHANNEL, METHODS, PROGRESS_CHANNEL, type Progress } from '../shared/methods'

const api = Object.fromEntries(METHODS.map((m) => [m, (input: unknown) => ipcRenderer.invoke(IPC_CHANNEL, m, input)]))

contextBridge.exposeInMainWorld('api', api)

contextBridge.exposeInMainWorld('redvestProgress', {
  subscribe(onProgress: (p: Progress) => void): () => void {
    const listener = (_e: unknown, p: Progress): void => onProgress(p)
    ipcRenderer.on(PROGRESS_CHANNEL, listener)
    return () => ipcRenderer.removeListener(PROGRESS_CHANNEL, listener)
  }
})
