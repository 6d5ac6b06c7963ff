/**
 * The ground floor of main: what every service may throw and receive, and how a failure becomes the
 * Chinese message the clerk reads. Imports nothing from services, excel or the transports.
 */
import { z } from 'zod'
import type { ApiError, Progress } from '../shared/api'

/** An error a clerk can read: Chinese, saying what is wrong and what to do. */
export class AppError extends Error {
  constructor(
    readonly code: ApiError['code'],
    message: string,
    readonly fields?: Record<string, string>
  ) {
    super(message)
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what}不存在或已被删除(例如随撤销导入一并删除),请返回列表重新查找。`)

/** What a handler may use besides the database: a way to report progress on long work. */
export interface CallContext {
  progress(p: Progress): void
}
export const QUIET: CallContext = { progress: () => {} }

export function invalid(error: z.ZodError): ApiError {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_'
    fields[key] ??= issue.message
  }
  const messages = [...new Set(Object.values(fields))]
  return { code: 'invalid', message: `请检查:${messages.join(';')}`, fields }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof AppError) return { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) }
  if (err instanceof z.ZodError) return invalid(err)
  const code = (err as { code?: string }).code ?? ''
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return { code: 'conflict', message: '这条记录与已有记录冲突(重复或仍被引用),未保存。请刷新后核对再试。' }
  }
  if (code === 'SQLITE_BUSY') return { code: 'internal', message: '数据库正忙,请稍后再试。' }
  if (code === 'SQLITE_READONLY') return { code: 'conflict', message: '数据已迁移到新的文件夹,这里不能再修改。请关闭并重新打开红马甲,它会打开新文件夹里的数据。' }
  console.error(err)
  return { code: 'internal', message: `操作未完成,数据未改动。请重试;如反复出现,请联系技术支持(${String((err as Error)?.message ?? err).slice(0, 200)})。` }
}
