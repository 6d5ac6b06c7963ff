/** The renderer's one way to the main process: the preload bridge in the desktop app, HTTP in browser mode. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'
import type { ApiError, Bridge, Input, Method, Output, Progress, ProgressBridge, Result } from '../../shared/api'

declare global {
  interface Window {
    api?: Bridge
    redvestProgress?: ProgressBridge
  }
}

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message)
  }
}

const TOKEN_KEY = 'redvest.token'

/** Browser mode opens at `#/?token=…`; keep the token for reloads of this tab. */
function webToken(): string {
  const fromUrl = new URLSearchParams(location.hash.split('?')[1] ?? '').get('token')
  if (fromUrl) sessionStorage.setItem(TOKEN_KEY, fromUrl)
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}
const token = webToken()

/**
 * Browser mode without a valid token (none in the address, or one from an earlier run): the server answers
 * every call 403 'forbidden', and the app shows a page that says how to open it instead of empty frames.
 */
let denied = !window.api && !token
const deniedListeners = new Set<() => void>()
function deny(): void {
  if (denied) return
  denied = true
  deniedListeners.forEach((l) => l())
}
export function useAccessDenied(): boolean {
  return useSyncExternalStore(
    (l) => {
      deniedListeners.add(l)
      return () => deniedListeners.delete(l)
    },
    () => denied
  )
}

async function overHttp(method: Method, input: unknown): Promise<Result<unknown>> {
  try {
    const res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-redvest-token': token },
      body: JSON.stringify(input ?? {})
    })
    const result = (await res.json()) as Result<unknown>
    if (res.status === 403 && !result.ok && result.error.code === 'forbidden') deny()
    return result
  } catch {
    return { ok: false, error: { code: 'internal', message: '无法连接到红马甲服务，请确认程序仍在运行后刷新页面。' } }
  }
}

export async function call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
  const bridge = window.api?.[method] as ((i: Input<M>) => Promise<Result<Output<M>>>) | undefined
  const result = bridge ? await bridge(input) : ((await overHttp(method, input)) as Result<Output<M>>)
  if (!result.ok) throw new ApiCallError(result.error)
  return result.data
}

/** The most rows one call may ask for (the contract's limit on pageSize). */
export const MAX_PAGE_SIZE = 200

/** Every row of a paged list or report, asked for MAX_PAGE_SIZE at a time; `onRows` hears how far it got. */
export async function callAllPages<M extends Method>(method: M, input: Input<M>, onRows?: (done: number, total: number) => void): Promise<Output<M>> {
  type Paged = { rows: unknown[]; total: number }
  const ask = (page: number): Promise<Paged> => call(method, { ...(input as object), page, pageSize: MAX_PAGE_SIZE } as Input<M>) as Promise<Paged>
  const first = await ask(1)
  const rows = [...first.rows]
  onRows?.(rows.length, first.total)
  for (let page = 2; rows.length < first.total; page++) {
    const next = await ask(page)
    if (!next.rows.length) break
    rows.push(...next.rows)
    onRows?.(rows.length, first.total)
  }
  return { ...first, rows, page: 1, pageSize: rows.length } as Output<M>
}

export function useApi<M extends Method>(method: M, input: Input<M>, enabled = true) {
  return useQuery({ queryKey: [method, input], queryFn: () => call(method, input), placeholderData: keepPreviousData, enabled })
}

/**
 * A change; on success every list and page on screen is refetched and every other cached answer is dropped,
 * so counts shown anywhere stay true and a page opened next never shows its old numbers first.
 */
export function useCall<M extends Method>(method: M) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (input: Input<M>) => call(method, input),
    onSuccess: () => {
      qc.removeQueries({ type: 'inactive' })
      return qc.invalidateQueries()
    }
  })
}

/** Progress of long work in main: over the preload bridge in the desktop app, server-sent events in browser mode. */
export function onProgress(listener: (p: Progress) => void): () => void {
  if (window.redvestProgress) return window.redvestProgress.subscribe(listener)
  if (denied) return () => {}
  const source = new EventSource(`/api/progress?token=${encodeURIComponent(token)}`)
  source.onmessage = (e) => listener(JSON.parse(e.data as string) as Progress)
  return () => source.close()
}
