/**
 * 反馈单位: what goes back to a member's employer after an assessment period. For each unit, its members'
 * 表现反馈表 (service, evaluations, points, grade, a line for the community's opinion) under a unit summary
 * (应报到, 已报到, 报到率, 服务完成率 against the scheme's unit line, 考核资格), as one print-ready workbook per unit
 * or a .zip of all; and, per unit and period, when it was sent (已发送) and when the unit's receipt came back (已回执).
 */
import { z } from 'zod'
import { ASSESS_PERIODS } from './assessment'
import { date, id, obj, str, type FileOut, type Page } from '../fields'

export const FEEDBACK_STATUSES = ['unsent', 'sent', 'receipted'] as const
export type FeedbackStatus = (typeof FEEDBACK_STATUSES)[number]
export const FEEDBACK_STATUS_LABELS: Record<FeedbackStatus, string> = { unsent: '未发送', sent: '已发送', receipted: '已回执' }

const year = z.number({ error: '年度应为数字' }).int({ error: '年度应为整数' }).min(2000, { error: '年度不能小于2000' }).max(2100, { error: '年度不能大于2100' })
const period = z.enum(ASSESS_PERIODS, { error: '考核期应为 全年/上半年/下半年' })
const filters = {
  /** units with members assessed in this community */
  communityId: id('村居').optional(),
  status: z.enum(FEEDBACK_STATUSES, { error: '状态应为 未发送/已发送/已回执' }).optional(),
  keyword: str('关键词', 50).optional().default('')
}

export const unitFeedbackSchemas = {
  'unitFeedback.list': obj({
    year,
    period,
    ...filters,
    page: z.number().int().min(1, { error: '页码无效' }).optional().default(1),
    pageSize: z.number().int().min(1).max(200, { error: '每页最多200条' }).optional().default(20)
  }),
  'unitFeedback.export': obj({ year, period, unitId: id('单位') }),
  /** every unit the filters keep, one workbook each, in one .zip (progress after each unit) */
  'unitFeedback.exportAll': obj({ year, period, ...filters }),
  'unitFeedback.mark': obj({
    year,
    period,
    unitIds: z.array(id('单位')).min(1, { error: '请选择单位' }).max(5000, { error: '一次最多5000个单位' }),
    /** sent / receipted set the date; unsent clears both, unreceipted clears the receipt */
    what: z.enum(['sent', 'receipted', 'unsent', 'unreceipted'], { error: '操作无效' }),
    date: date('日期').optional()
  }).refine((q) => q.what === 'unsent' || q.what === 'unreceipted' || q.date !== undefined, { error: '请选择日期', path: ['date'] })
}

export interface UnitFeedbackRow {
  unitId: number
  unitName: string
  /** members assessed in the period whose unit this is */
  members: number
  rated: number
  /** 应报到: entries of the unit's 应报到名单; null when it has none */
  expected: number | null
  /** 已报到: entries of the list registered on the period's last day (or today); without a list, the unit's members registered then */
  registered: number
  registrationRate: number | null
  completionRate: number | null
  /** 考核资格 under the scheme's unit line; null when the scheme sets no line or there is nothing to measure */
  qualified: boolean | null
  status: FeedbackStatus
  sentOn: string | null
  receiptedOn: string | null
}

export interface UnitFeedbackList extends Page<UnitFeedbackRow> {
  label: string
  from: string
  to: string
  confirmed: boolean
  /** the scheme's unit line, in words ('' when none) */
  rule: string
  counts: Record<FeedbackStatus, number>
}

export interface UnitFeedbackOutputs {
  'unitFeedback.list': UnitFeedbackList
  'unitFeedback.export': FileOut & { unitName: string }
  'unitFeedback.exportAll': FileOut & { units: number }
  'unitFeedback.mark': { changed: number; what: 'sent' | 'receipted' | 'unsent' | 'unreceipted'; date: string | null; units: string[]; label: string }
}
