/** The renderer's one way to the main process: the preload bridge in the desktop app, HTTP in browser mode. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
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

async function overHttp(method: Method, input: unknown): Promise<Result<unknown>> {
  try {
    const res = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-redvest-token': token },
      body: JSON.stringify(input ?? {})
    })
    return (await res.json()) as Result<unknown>
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

export function useApi<M extends Method>(method: M, input: Input<M>, enabled = true) {
  return useQuery({ queryKey: [method, input], queryFn: () => call(method, input), placeholderData: keepPreviousData, enabled })
}

/** A change; on success every cached list and page is refetched, so counts shown anywhere stay true. */
export function useCall<M extends Method>(method: M) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (input: Input<M>) => call(method, input),
    onSuccess: () => qc.invalidateQueries()
  })
}

/** Progress of long work in main: over the preload bridge in the desktop app, server-sent events in browser mode. */
export function onProgress(listener: (p: Progress) => void): () => void {
  if (window.redvestProgress) return window.redvestProgress.subscribe(listener)
  const source = new EventSource(`/api/progress?token=${encodeURIComponent(token)}`)
  source.onmessage = (e) => listener(JSON.parse(e.data as string) as Progress)
  return () => source.close()
}
