/** 报表: the statistics and ledgers superiors ask for, over a date range and optionally one community or unit. */
import { z } from 'zod'
import { date, id, listQuery, type FileOut } from '../fields'

export const REPORT_KINDS = [
  'registration', 'events', 'members', 'inactive', 'needs', 'units', 'unitSummary', 'unregistered', 'feedback', 'forums', 'needCategories'
] as const
export type ReportKind = (typeof REPORT_KINDS)[number]
export const REPORT_TITLES: Record<ReportKind, string> = {
  registration: '在职党员报到情况统计表',
  events: '志愿服务活动台账',
  members: '在职党员服务台账',
  inactive: '未参与活动党员名单',
  needs: '服务清单认领情况表',
  units: '单位反馈表',
  unitSummary: '单位报到情况汇总表',
  unregistered: '未报到人员名单',
  feedback: '群众评价统计表',
  forums: '座谈会统计表',
  needCategories: '服务清单分类统计表'
}
export type ReportFilter = 'community' | 'unit'
/** The filters each report applies; the page offers only these, and main refuses any other. */
export const REPORT_FILTERS: Record<ReportKind, readonly ReportFilter[]> = {
  registration: ['community'],
  events: ['community'],
  members: ['community', 'unit'],
  inactive: ['community', 'unit'],
  needs: ['community'],
  units: ['community', 'unit'],
  unitSummary: ['unit'],
  unregistered: ['unit'],
  feedback: ['community'],
  forums: ['community'],
  needCategories: ['community']
}

const reportScope = {
  from: date('开始日期'),
  to: date('截至日期'),
  communityId: id('村居').optional(),
  unitId: id('单位').optional()
}
const rangeInOrder = (q: { from: string; to: string }) => q.to >= q.from
const rangeError = { error: '截至日期不能早于开始日期', path: ['to'] }
const jobId = z.string().regex(/^[\w-]{1,40}$/, { error: '任务编号无效' })

export const reportSchemas = {
  'report.get': z
    .object({ kind: z.enum(REPORT_KINDS, { error: '报表类型无效' }), ...reportScope, page: listQuery(['createdAt']).page, pageSize: listQuery(['createdAt']).pageSize })
    .refine(rangeInOrder, rangeError),
  'report.export': z
    .object({
      kinds: z.array(z.enum(REPORT_KINDS, { error: '报表类型无效' })).min(1, { error: '请至少选择一张报表' }).max(REPORT_KINDS.length),
      format: z.enum(['xlsx', 'csv'], { error: '格式应为 xlsx 或 csv' }).optional().default('xlsx'),
      jobId,
      ...reportScope,
      /** phone numbers unmasked: a deliberate choice, logged as a full export */
      full: z.boolean().optional().default(false)
    })
    .refine(rangeInOrder, rangeError)
    .refine((q) => q.format === 'xlsx' || q.kinds.length === 1, { error: 'CSV 一次只能导出一张报表', path: ['kinds'] }),
  'report.cancel': z.object({ jobId })
}

export interface ReportColumn {
  key: string
  title: string
  /** width on paper, in Excel's character units; the writer scales a too-wide sheet down to A4 landscape */
  width: number
  numeric?: boolean
  /** long text (认领党员, 活动名称, 备注): wraps onto more lines and the row grows. Any text too long for its column wraps too. */
  wrap?: boolean
  /** a percentage as a number (83.3 for 83.3%): printed with one decimal, 0.0 */
  rate?: boolean
  /** hours: printed with one or two decimals, 0.0# (7.5, 4.0, 12.25) */
  hours?: boolean
}

export type ReportCell = string | number | null

export interface ReportTable {
  kind: ReportKind
  title: string
  columns: ReportColumn[]
  rows: Array<Record<string, ReportCell>>
  total: number
  page: number
  pageSize: number
  /** the 合计 row, for reports that add up */
  sum: Record<string, ReportCell> | null
  /** how the numbers are counted, printed under the table */
  note: string
}

export interface ReportOutputs {
  'report.get': ReportTable
  'report.export': FileOut
  'report.cancel': { cancelled: boolean }
}
