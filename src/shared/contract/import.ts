/** 导入: rosters (名册) and sign-in sheets (签到表) from Excel, WPS or CSV, previewed, committed as a batch, undoable. */
import { z } from 'zod'
import { byId, id, paging, required, type FileOut, type Page } from '../fields'
import { safeText, type MaskedPhone } from '../text'

export const IMPORT_KINDS = ['roster', 'signin'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]
export const IMPORT_KIND_LABELS: Record<ImportKind, string> = { roster: '名册', signin: '签到表' }
export const IMPORT_FIELDS = ['name', 'gender', 'phone', 'idCard', 'unit', 'position', 'branch', 'community', 'estate', 'registeredAt', 'signedAt', 'hours', 'skills', 'veteran', 'note'] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  name: '姓名', gender: '性别', phone: '手机号', idCard: '身份证号', unit: '工作单位', position: '职务', branch: '所在党支部',
  community: '居住社区', estate: '居住小区', registeredAt: '报到日期', signedAt: '签到时间', hours: '服务时长', skills: '特长',
  veteran: '是否退役军人', note: '备注'
}
/** Base64 of at most 20 MB. */
export const MAX_IMPORT_BASE64 = Math.ceil((20 * 1024 * 1024) / 3) * 4

const importKind = z.enum(IMPORT_KINDS, { error: '导入类型应为 名册 或 签到表' })
const importRow = z.object({
  index: z.number().int().min(1),
  values: z.partialRecord(z.enum(IMPORT_FIELDS), z.string().max(500, { error: '单元格内容不能超过500个字' }).transform(safeText)),
  idNumeric: z.boolean().optional(),
  exclude: z.boolean().optional(),
  /** for a row matched on name alone: the member the clerk confirmed, or 'new' to create one */
  choice: z.union([id('党员'), z.literal('new')]).optional()
})
const importRows = z.array(importRow, { error: '缺少要导入的行' }).max(100_000, { error: '一次最多导入10万行' })
const importTarget = {
  kind: importKind,
  eventId: id('活动').optional()
}
const mapping = z.array(z.enum(IMPORT_FIELDS).nullable()).max(200)

export const importSchemas = {
  'import.read': z.object({
    ...importTarget,
    fileName: required('文件名', 200),
    fileBase64: z.string({ error: '缺少文件内容' }).max(MAX_IMPORT_BASE64, { error: '文件超过 20 MB 的上限' }),
    sheet: z.number().int().min(0).optional(),
    headerRow: z.number().int().min(0).max(19, { error: '表头应在前20行内' }).optional(),
    mapping: mapping.optional()
  }),
  'import.check': z.object({ ...importTarget, rows: importRows }),
  'import.commit': z.object({
    ...importTarget,
    fileName: required('文件名', 200),
    fileHash: z.string().regex(/^[0-9a-f]{64}$/, { error: '文件校验值无效,请重新选择文件' }),
    headers: z.array(z.string().max(200).transform(safeText)).max(200),
    mapping,
    rows: importRows
  }),
  'import.list': z.object(paging),
  'import.undo': byId,
  'import.template': z.object(importTarget),
  'import.rejects': z.object({ ...importTarget, fileName: required('文件名', 200), headers: z.array(z.string().max(200).transform(safeText)).max(200), mapping, rows: importRows })
}

export interface ImportCandidate {
  id: number
  name: string
  unitName: string | null
  communityName: string
  phone: MaskedPhone
}

/** What importing one row will do, and every problem on the cell it concerns. */
export interface RowOutcome {
  action: 'create' | 'update' | 'unchanged' | 'match' | 'already' | 'duplicate' | 'confirm' | 'excluded' | 'error'
  label: string
  memberId?: number
  memberName?: string
  candidates?: ImportCandidate[]
  /** errors: the row cannot be imported until they are fixed or the row is excluded */
  problems: Partial<Record<ImportField | 'row', string>>
  /** notes: the row imports, and this says what happens to the flagged value */
  warnings: Partial<Record<ImportField, string>>
}

export type ImportRowInput = z.input<typeof importRow>

export interface ImportPreview {
  fileName: string
  fileHash: string
  sheets: string[]
  sheet: number
  headerRow: number
  headers: string[]
  mapping: Array<ImportField | null>
  remembered: boolean
  already: { batchId: number; at: string } | null
  rows: ImportRowInput[]
  outcomes: RowOutcome[]
}

export interface ImportBatch {
  id: number
  kind: ImportKind
  fileName: string
  sha256: string
  eventId: number | null
  eventTitle: string | null
  createdAt: string
  operator: string
  rows: number
  membersCreated: number
  membersUpdated: number
  unitsCreated: number
  attendance: number
  skipped: number
  undoneAt: string | null
}

export interface ImportOutputs {
  'import.read': ImportPreview
  'import.check': { outcomes: RowOutcome[] }
  'import.commit': ImportBatch
  'import.list': Page<ImportBatch>
  'import.undo': ImportBatch
  'import.template': FileOut
  'import.rejects': FileOut
}
