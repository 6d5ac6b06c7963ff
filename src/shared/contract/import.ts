/** 导入: rosters (名册) and sign-in sheets (签到表) from Excel, WPS or CSV, previewed, committed as a batch, undoable. */
import { z } from 'zod'
import { byId, date, id, paging, required, time, type FileOut, type Page } from '../fields'
import { safeText, type MaskedPhone } from '../text'

export const IMPORT_KINDS = ['roster', 'signin', 'unit'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]
export const IMPORT_KIND_LABELS: Record<ImportKind, string> = { roster: '名册', signin: '签到表', unit: '单位名单' }
export const IMPORT_FIELDS = [
  'name', 'gender', 'phone', 'idCard', 'unit', 'position', 'branch', 'community', 'estate', 'registeredAt', 'signedAt', 'signedOutAt', 'hours', 'skills', 'veteran', 'note',
  'unitKind', 'partyOrg', 'contact'
] as const
export type ImportField = (typeof IMPORT_FIELDS)[number]
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  name: '姓名', gender: '性别', phone: '手机号', idCard: '身份证号', unit: '工作单位', position: '职务', branch: '所在党支部',
  community: '居住社区', estate: '居住小区', registeredAt: '报到日期', signedAt: '签到时间', signedOutAt: '签退时间', hours: '服务时长', skills: '特长',
  veteran: '是否退役军人', note: '备注', unitKind: '单位类型', partyOrg: '党组织名称', contact: '联系人'
}
/** The fields each kind of file fills (the columns the clerk can map); a unit list names its fields its own way. */
export const IMPORT_KIND_FIELDS: Record<ImportKind, readonly ImportField[]> = {
  roster: IMPORT_FIELDS.filter((f) => !['unitKind', 'partyOrg', 'contact'].includes(f)),
  signin: IMPORT_FIELDS.filter((f) => !['unitKind', 'partyOrg', 'contact'].includes(f)),
  unit: ['name', 'unitKind', 'partyOrg', 'contact', 'phone', 'community', 'registeredAt', 'note']
}
const UNIT_FIELD_LABELS: Partial<Record<ImportField, string>> = { name: '单位名称', phone: '联系电话', community: '结对村居', registeredAt: '报到日期' }
export const importFieldLabel = (kind: ImportKind, field: ImportField): string => (kind === 'unit' ? UNIT_FIELD_LABELS[field] : undefined) ?? IMPORT_FIELD_LABELS[field]
/** Base64 of at most 20 MB. */
export const MAX_IMPORT_BASE64 = Math.ceil((20 * 1024 * 1024) / 3) * 4

const importKind = z.enum(IMPORT_KINDS, { error: '导入类型应为 名册、签到表 或 单位名单' })
const importRow = z.object({
  index: z.number().int().min(1),
  /** the workbook's sheet (0-based) when several are imported at once */
  sheet: z.number().int().min(0).max(255).optional(),
  /** the block (1-based) of a sheet printed in side-by-side blocks */
  block: z.number().int().min(1).max(50).optional(),
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
const sheetIndex = z.number().int().min(0).max(255)
/** A header row (0-based) within the first 20, or -1: the sheet has no header and its first row is data. */
const headerRow = z.number().int().min(-1, { error: '表头行无效' }).max(19, { error: '表头应在前20行内' })

/** Sign-in sheets of different days in one workbook: each sheet into its own activity of one community. */
const sheetTarget = z.object({
  sheet: sheetIndex,
  /** an existing activity, or null to create one with the title, date and times below */
  eventId: id('活动').nullable(),
  title: required('活动名称', 100),
  date: date('活动日期'),
  startTime: time('开始时间'),
  endTime: time('结束时间')
})
const bySheet = z.object({
  communityId: id('社区'),
  targets: z.array(sheetTarget).min(1, { error: '请至少选择一个工作表' }).max(50)
})

export const importSchemas = {
  'import.read': z.object({
    ...importTarget,
    fileName: required('文件名', 200),
    fileBase64: z.string({ error: '缺少文件内容' }).max(MAX_IMPORT_BASE64, { error: '文件超过 20 MB 的上限' }),
    /** the sheet shown (and the one `headerRow` and `mapping` apply to) */
    sheet: sheetIndex.optional(),
    /** several sheets at once (the shown one among them) */
    sheets: z.array(sheetIndex).max(50).optional(),
    headerRow: headerRow.optional(),
    mapping: mapping.optional(),
    /** the header row and mapping the clerk chose for other sheets taken at once */
    overrides: z.array(z.object({ sheet: sheetIndex, headerRow: headerRow.optional(), mapping: mapping.optional() })).max(50).optional(),
    /** sign-in sheets of different days: each sheet into its own activity of this community */
    bySheet: z.object({ communityId: id('社区').optional() }).optional()
  }),
  'import.check': z.object({ ...importTarget, rows: importRows, bySheet: bySheet.optional() }),
  'import.commit': z.object({
    ...importTarget,
    fileName: required('文件名', 200),
    fileHash: z.string().regex(/^[0-9a-f]{64}$/, { error: '文件校验值无效,请重新选择文件' }),
    headers: z.array(z.string().max(200).transform(safeText)).max(200),
    mapping,
    /** the other sheets' headers and mappings, remembered like the first one's */
    more: z.array(z.object({ headers: z.array(z.string().max(200).transform(safeText)).max(200), mapping })).max(50).optional(),
    rows: importRows,
    bySheet: bySheet.optional()
  }),
  'import.list': z.object(paging),
  'import.undoCheck': byId,
  /** overwriteEdits: the clerk has seen what import.undoCheck listed and takes those later changes back too */
  'import.undo': z.object({ id: id(), overwriteEdits: z.boolean().default(false) }, { error: '参数应为对象' }),
  'import.template': z.object(importTarget),
  'import.rejects': z.object({
    ...importTarget,
    fileName: required('文件名', 200),
    headers: z.array(z.string().max(200).transform(safeText)).max(200),
    mapping,
    rows: importRows,
    bySheet: bySheet.optional()
  })
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
  /** a sign-in's service hours: from its sign-in and sign-out times, its hours cell, or the activity's times */
  hours?: number
  /** someone new listed on an earlier row too (another sheet, another activity): the person that row creates */
  sameAs?: number
  candidates?: ImportCandidate[]
  /** errors: the row cannot be imported until they are fixed or the row is excluded */
  problems: Partial<Record<ImportField | 'row', string>>
  /** notes: the row imports, and this says what happens to the flagged value */
  warnings: Partial<Record<ImportField, string>>
}

export type ImportRowInput = z.input<typeof importRow>
export type ImportSheetTarget = z.input<typeof sheetTarget>
export type ImportBySheet = z.input<typeof bySheet>

/** A row below the header that was not taken as a person, and why; the clerk can bring it back. */
export interface ImportLeftOut {
  row: ImportRowInput
  reason: string
  /** the row's text as the file has it */
  text: string
}

/** One sheet taken in an import: where its header is and which column is which field. */
export interface ImportSheetPart {
  sheet: number
  name: string
  /** first header row (0-based); -1 when the sheet has no header and its first row is data */
  headerRow: number
  /** rows the header spans (two or three under a merged heading) */
  headerRows: number
  headers: string[]
  mapping: Array<ImportField | null>
  /** side-by-side blocks: their columns [start, end) */
  blocks: Array<{ start: number; end: number }>
  remembered: boolean
  /** no header was found: the columns were guessed from what they hold, for the clerk to confirm */
  guessed: boolean
}

/** Every sheet of the workbook: how many people it holds and the day its name or title gives. */
export interface ImportSheetInfo {
  name: string
  people: number
  date: string | null
}

/** Where a sheet's rows go when each sheet is its own activity: an existing one, or one to create. */
export interface ImportTarget extends ImportSheetTarget {
  sheetName: string
  rows: number
  /** the community's activities on that day, to choose from */
  candidates: Array<{ id: number; title: string; startTime: string; endTime: string }>
}

/** What committing would do, counted before anything is written. */
export interface ImportSummary {
  /** people not in the register, recorded as 未报到 and signed in */
  unregistered: number
  /** 在册 members created from a roster */
  created: number
  updated: number
  /** of the updated: people who had signed in before reporting and now report */
  reported: number
  signIns: number
  skipped: Array<{ reason: string; rows: number }>
  /** rows still needing a fix or a choice */
  blocking: number
  /** people sharing a phone under different names, kept and flagged */
  sharedPhones: number
  activitiesCreated: number
  activitiesExisting: number
  /** a unit list: pairings (单位报到) it adds */
  pairings?: number
}

export interface ImportPreview {
  fileName: string
  fileHash: string
  sheets: string[]
  /** the sheet shown; its header and mapping are also `headerRow`, `headers` and `mapping` */
  sheet: number
  headerRow: number
  headers: string[]
  mapping: Array<ImportField | null>
  remembered: boolean
  /** every sheet taken (the shown one first) */
  parts: ImportSheetPart[]
  sheetInfo: ImportSheetInfo[]
  /** each sheet into its own activity: where each goes (null when not in that mode) */
  bySheet: { communityId: number | null; targets: ImportTarget[] } | null
  already: { batchId: number; at: string } | null
  rows: ImportRowInput[]
  outcomes: RowOutcome[]
  leftOut: ImportLeftOut[]
  summary: ImportSummary
  /** hours taken for 半天 and 全天 written without times (settings importHalfDayHours, importFullDayHours) */
  dayHours: { half: number; full: number }
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
  /** a unit list: units whose details it changed, and the pairings it added */
  unitsUpdated: number
  pairingsCreated: number
  attendance: number
  skipped: number
  /** skipped rows by reason, as counted when committing */
  skippedReasons: Array<{ reason: string; rows: number }>
  /** the activities the batch signed people in to */
  events: Array<{ id: number; title: string; date: string }>
  eventsCreated: number
  undoneAt: string | null
}

/** What an undo would take back besides the import: the rows changed after it. */
export interface ImportUndoCheck {
  /** whose or which records, each named once (at most 20) */
  edited: string[]
  /** how many rows */
  total: number
}

export interface ImportOutputs {
  'import.read': ImportPreview
  'import.check': { outcomes: RowOutcome[]; summary: ImportSummary }
  'import.commit': ImportBatch
  'import.list': Page<ImportBatch>
  'import.undoCheck': ImportUndoCheck
  'import.undo': ImportBatch
  'import.template': FileOut
  'import.rejects': FileOut
}
