/** 操作日志: who changed, imported, exported or revealed what, and when. Read-only. */
import { z } from 'zod'
import { optionalDate, paging, str, type Page } from '../fields'

export const auditSchemas = {
  'audit.list': z.object({
    ...paging,
    from: optionalDate('开始日期'),
    to: optionalDate('结束日期'),
    operator: str('操作员', 20).optional().default(''),
    kind: str('操作类型', 20).optional().default(''),
    keyword: str('关键词', 50).optional().default('')
  })
}

export interface AuditEntry {
  id: number
  at: string
  operator: string
  kind: string
  method: string
  /** what the entry is about, as stored: 党员#12, 活动#3 … (erasure finds a person's entries by it) */
  record: string
  /** the same, named as it is now: 党员 张三 (an erased person reads 已注销党员12) */
  recordName: string
  summary: string
}

export interface AuditOutputs {
  'audit.list': Page<AuditEntry> & { kinds: string[]; operators: string[] }
}
