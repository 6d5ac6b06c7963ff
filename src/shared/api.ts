/**
 * The contract: every method as '<feature>.<verb>', its input schema (checked in main, whatever the
 * transport) and its output type. The renderer's client, the preload bridge and both transports are
 * generic over this map.
 */
import { z } from 'zod'
import type { Method } from './methods'
import { idCardProblem, isMobile, normalizeIdCard, normalizeName, normalizePhone, cleanText } from './text'

export { METHODS, IPC_CHANNEL, PROGRESS_CHANNEL } from './methods'
export type { Method, Progress } from './methods'

export const COMMUNITY_KINDS = ['社区', '村'] as const
export const UNIT_KINDS = ['机关', '事业单位', '国有企业', '其他'] as const
export const GENDERS = ['男', '女'] as const
export const MEMBER_STATUSES = ['在册', '已转出'] as const
export const ATTENDANCE_SOURCES = ['手工', '导入', '补录'] as const
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

export const NEED_SOURCES = ['社区列出', '座谈会提出', '群众诉求'] as const
export const NEED_STATUSES = ['待认领', '认领中', '已满', '已完成', '已关闭'] as const
export const CLAIM_STATUSES = ['已认领', '进行中', '已完成', '已放弃'] as const
export const RATINGS = ['满意', '基本满意', '不满意'] as const
export const DEFAULT_NEED_CATEGORIES = [
  '小区环境和综合服务提升', '加装电梯', '出租屋人口管理', '无物业管理楼宇服务', '疫情防控', '防控登革热', '交通护畅',
  '调解纠纷', '化解矛盾', '帮扶慰问', '业委换届', '支部建设', '农村党建', '其他'
]

export const REPORT_KINDS = ['registration', 'events', 'members', 'inactive', 'needs', 'units'] as const
export type ReportKind = (typeof REPORT_KINDS)[number]
export const REPORT_TITLES: Record<ReportKind, string> = {
  registration: '在职党员报到情况统计表',
  events: '志愿服务活动台账',
  members: '在职党员服务台账',
  inactive: '未参与活动党员名单',
  needs: '服务清单认领情况表',
  units: '单位反馈表'
}

export const DEFAULT_EVENT_CATEGORIES = ['防疫', '环境卫生', '交通护畅', '帮扶慰问', '宣传', '座谈会', '其他']

// ---------- field builders: every message names the field and says what is expected ----------

const str = (label: string, max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined || iss.input === null ? `请填写${label}` : `${label}应为文字`) })
    .transform(cleanText)
    .pipe(z.string().max(max, { error: `${label}不能超过${max}个字` }))

const required = (label: string, max: number) =>
  str(label, max).pipe(z.string().min(1, { error: `请填写${label}` }))

const optional = (label: string, max: number) => str(label, max).optional().default('')

const id = (label = '编号') =>
  z.number({ error: `${label}应为数字` }).int({ error: `${label}应为整数` }).positive({ error: `${label}无效` })

const optionalRef = (label: string) =>
  z.union([id(label), z.null()], { error: `${label}无效` }).optional().default(null)

const date = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}格式应为 2020-06-02` })
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`)
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
    }, { error: `${label}不是有效日期` })

const optionalDate = (label: string) => z.union([date(label), z.literal('')]).optional().default('')

const time = (label: string) =>
  z.union([z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/), z.literal('')], { error: `${label}格式应为 09:30` }).optional().default('')

const phone = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .transform(normalizePhone)
    .pipe(z.string().min(1, { error: `请填写${label}` }).refine(isMobile, { error: `${label}应为11位手机号码(以1开头)` }))

/** A contact phone: a mobile or a landline such as 0757-82701234; may be empty. */
const contactPhone = (label: string) =>
  z
    .string({ error: `${label}应为文字` })
    .transform((s) => cleanText(s))
    .pipe(z.string().max(30, { error: `${label}不能超过30个字` }))
    .refine((s) => s === '' || /^[\d\-\s()（）+转]{7,30}$/.test(s), { error: `${label}应为电话号码,如 0757-82701234 或 13800138000` })
    .optional()
    .default('')

const idCard = z
  .string({ error: '身份证号应为文字' })
  .transform(normalizeIdCard)
  .superRefine((s, ctx) => {
    const p = s === '' ? null : idCardProblem(s)
    if (p) ctx.addIssue({ code: 'custom', message: p })
  })
  .optional()
  .default('')

const hours = z
  .number({ error: '服务时长应为数字' })
  .min(0, { error: '服务时长不能小于0' })
  .max(24, { error: '一天的服务时长不能超过24小时' })

const listQuery = <S extends string>(sorts: readonly [S, ...S[]]) => ({
  page: z.number({ error: '页码应为数字' }).int().min(1, { error: '页码应从1开始' }).optional().default(1),
  pageSize: z.number({ error: '每页条数应为数字' }).int().min(1).max(200, { error: '每页最多200条' }).optional().default(20),
  keyword: str('关键词', 50).optional().default(''),
  sort: z.enum(sorts, { error: '不支持按该列排序' }).optional(),
  order: z.enum(['asc', 'desc'], { error: '排序方向应为 asc 或 desc' }).optional().default('asc'),
  archived: z.enum(['active', 'archived', 'all'], { error: '归档筛选无效' }).optional().default('active')
})

const byId = z.object({ id: id() }, { error: '参数应为对象' })
const empty = z.object({}, { error: '参数应为对象' }).optional().default({})

// ---------- inputs ----------

const communityFields = {
  name: required('村居名称', 40),
  kind: z.enum(COMMUNITY_KINDS, { error: '类型应为 社区 或 村' }),
  secretary: optional('党组织书记', 20),
  phone: contactPhone('联系电话'),
  address: optional('地址', 100),
  note: optional('备注', 500)
}

const unitFields = {
  name: required('单位名称', 60),
  kind: z.enum(UNIT_KINDS, { error: '单位类型应为 机关/事业单位/国有企业/其他 之一' }),
  partyOrg: optional('党组织名称', 60),
  contact: optional('联系人', 20),
  phone: contactPhone('联系电话'),
  communityId: optionalRef('结对村居'),
  note: optional('备注', 500)
}

const memberFields = {
  name: z
    .string({ error: (iss) => (iss.input === undefined ? '请填写姓名' : '姓名应为文字') })
    .transform(normalizeName)
    .pipe(z.string().min(1, { error: '请填写姓名' }).max(30, { error: '姓名不能超过30个字' })),
  gender: z.enum([...GENDERS, ''], { error: '性别应为 男 或 女' }).optional().default(''),
  phone: phone('手机号'),
  idCard,
  unitId: optionalRef('工作单位'),
  position: optional('职务', 30),
  branch: optional('所在党支部', 60),
  communityId: id('居住村居'),
  estate: optional('居住小区', 60),
  registeredAt: date('报到日期'),
  skills: z
    .array(required('特长', 20), { error: '特长应为标签列表' })
    .max(20, { error: '特长最多20项' })
    .optional()
    .default([])
    .transform((tags) => [...new Set(tags)]),
  veteran: z.boolean({ error: '是否退役军人应为 是 或 否' }).optional().default(false),
  status: z.enum(MEMBER_STATUSES, { error: '状态应为 在册 或 已转出' }).optional().default('在册'),
  note: optional('备注', 500)
}

const eventFields = {
  communityId: id('举办村居'),
  needId: optionalRef('服务清单项目'),
  title: required('活动名称', 100),
  category: required('活动类别', 20),
  date: date('活动日期'),
  startTime: time('开始时间'),
  endTime: time('结束时间'),
  place: optional('地点', 100),
  organiser: optional('组织者', 40),
  plannedCount: z.number({ error: '计划人数应为数字' }).int({ error: '计划人数应为整数' }).min(0, { error: '计划人数不能小于0' }).max(100000, { error: '计划人数过大' }).optional().default(0),
  description: optional('活动内容', 2000)
}

const endAfterStart = (e: { startTime: string; endTime: string }) => !e.startTime || !e.endTime || e.endTime > e.startTime
const endAfterStartError = { error: '结束时间应晚于开始时间', path: ['endTime'] }

const importKind = z.enum(IMPORT_KINDS, { error: '导入类型应为 名册 或 签到表' })
const importRow = z.object({
  index: z.number().int().min(1),
  values: z.partialRecord(z.enum(IMPORT_FIELDS), z.string().max(500, { error: '单元格内容不能超过500个字' })),
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

const needFields = {
  communityId: id('村居'),
  title: required('项目名称', 100),
  category: required('项目类别', 30),
  description: optional('项目内容', 2000),
  places: z.number({ error: '需认领人数应为数字' }).int({ error: '需认领人数应为整数' }).min(1, { error: '需认领人数至少为1' }).max(1000, { error: '需认领人数不能超过1000' }).optional().default(1),
  skills: z.array(required('所需特长', 20)).max(20, { error: '所需特长最多20项' }).optional().default([]),
  periodStart: optionalDate('开始日期'),
  periodEnd: optionalDate('结束日期'),
  source: z.enum(NEED_SOURCES, { error: '来源应为 社区列出/座谈会提出/群众诉求 之一' }).optional().default('社区列出')
}
const periodInOrder = (n: { periodStart: string; periodEnd: string }) => !n.periodStart || !n.periodEnd || n.periodEnd >= n.periodStart
const periodError = { error: '结束日期不能早于开始日期', path: ['periodEnd'] }

const reportScope = {
  from: date('开始日期'),
  to: date('截至日期'),
  communityId: id('村居').optional(),
  unitId: id('单位').optional(),
  /** phone numbers unmasked: a deliberate choice */
  full: z.boolean().optional().default(false)
}
const rangeInOrder = (q: { from: string; to: string }) => q.to >= q.from
const rangeError = { error: '截至日期不能早于开始日期', path: ['to'] }

export const schemas = {
  'app.info': empty,
  'settings.update': z.object({ orgName: required('单位名称', 50), operator: optional('操作员姓名', 20) }, { error: '参数应为对象' }),
  'demo.load': empty,

  'community.list': z.object({ ...listQuery(['name', 'kind', 'memberCount', 'eventCount', 'createdAt']), kind: z.enum(COMMUNITY_KINDS).optional() }),
  'community.options': empty,
  'community.get': byId,
  'community.create': z.object(communityFields, { error: '参数应为对象' }),
  'community.update': z.object({ id: id(), ...communityFields }, { error: '参数应为对象' }),
  'community.remove': byId,
  'community.restore': byId,

  'unit.list': z.object({ ...listQuery(['name', 'kind', 'memberCount', 'createdAt']), kind: z.enum(UNIT_KINDS).optional(), communityId: id('村居').optional() }),
  'unit.options': empty,
  'unit.get': byId,
  'unit.create': z.object(unitFields, { error: '参数应为对象' }),
  'unit.update': z.object({ id: id(), ...unitFields }, { error: '参数应为对象' }),
  'unit.remove': byId,
  'unit.restore': byId,

  'member.list': z.object({
    ...listQuery(['name', 'registeredAt', 'community', 'unit', 'createdAt']),
    communityId: id('村居').optional(),
    unitId: id('单位').optional(),
    status: z.enum(MEMBER_STATUSES).optional(),
    veteran: z.boolean().optional(),
    registeredFrom: optionalDate('报到日期起'),
    registeredTo: optionalDate('报到日期止')
  }),
  'member.get': byId,
  'member.reveal': byId,
  'member.create': z.object(memberFields, { error: '参数应为对象' }),
  'member.update': z.object({ id: id(), ...memberFields }, { error: '参数应为对象' }),
  'member.remove': byId,
  'member.restore': byId,
  'member.erase': byId,
  'member.attendance': z.object({ memberId: id('党员'), page: listQuery(['createdAt']).page, pageSize: listQuery(['createdAt']).pageSize }),

  'event.list': z.object({
    ...listQuery(['date', 'title', 'community', 'category', 'attendanceCount', 'createdAt']),
    communityId: id('村居').optional(),
    category: str('活动类别', 20).optional(),
    dateFrom: optionalDate('开始日期'),
    dateTo: optionalDate('结束日期')
  }),
  'event.get': byId,
  'event.create': z.object(eventFields, { error: '参数应为对象' }).refine(endAfterStart, endAfterStartError),
  'event.update': z.object({ id: id(), ...eventFields }, { error: '参数应为对象' }).refine(endAfterStart, endAfterStartError),
  'event.remove': byId,
  'event.restore': byId,

  'attendance.list': z.object({ eventId: id('活动'), ...listQuery(['name', 'signedAt', 'hours']) }),
  'attendance.add': z.object({
    eventId: id('活动'),
    memberIds: z.array(id('党员'), { error: '请选择要签到的党员' }).min(1, { error: '请至少选择一名党员' }).max(500, { error: '一次最多添加500人' }),
    hours: hours.optional(),
    source: z.enum(ATTENDANCE_SOURCES).optional().default('手工')
  }),
  'attendance.update': z.object({ id: id(), hours }),
  'attendance.remove': z.object({ ids: z.array(id(), { error: '请选择要移除的签到' }).min(1, { error: '请至少选择一条签到' }).max(500) }),

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
    headers: z.array(z.string().max(200)).max(200),
    mapping,
    rows: importRows
  }),
  'import.list': z.object({ page: listQuery(['createdAt']).page, pageSize: listQuery(['createdAt']).pageSize }),
  'import.undo': byId,
  'import.template': z.object(importTarget),

  'need.list': z.object({
    ...listQuery(['createdAt', 'title', 'community', 'category']),
    communityId: id('村居').optional(),
    category: str('项目类别', 30).optional(),
    status: z.enum(NEED_STATUSES, { error: '状态无效' }).optional(),
    source: z.enum(NEED_SOURCES, { error: '来源无效' }).optional()
  }),
  'need.get': byId,
  'need.create': z.object(needFields, { error: '参数应为对象' }).refine(periodInOrder, periodError),
  'need.update': z.object({ id: id(), ...needFields }, { error: '参数应为对象' }).refine(periodInOrder, periodError),
  'need.close': z.object({ id: id(), reason: optional('关闭原因', 200) }),
  'need.reopen': byId,
  'need.suggest': z.object({ needId: id('服务清单项目'), keyword: str('关键词', 50).optional().default('') }),
  'claim.list': z
    .object({
      needId: id('服务清单项目').optional(),
      memberId: id('党员').optional(),
      page: listQuery(['createdAt']).page,
      pageSize: listQuery(['createdAt']).pageSize
    })
    .refine((q) => q.needId || q.memberId, { error: '请指定服务清单项目或党员' }),
  'claim.add': z.object({
    needId: id('服务清单项目'),
    memberIds: z.array(id('党员'), { error: '请选择认领的党员' }).min(1, { error: '请至少选择一名党员' }).max(200),
    overPlaces: z.boolean().optional().default(false)
  }),
  'claim.update': z.object({
    id: id(),
    status: z.enum(CLAIM_STATUSES, { error: '认领状态无效' }),
    hours: z.number({ error: '服务时长应为数字' }).min(0, { error: '服务时长不能小于0' }).optional(),
    finishedOn: optionalDate('完成日期'),
    note: optional('完成情况', 500),
    reason: optional('放弃原因', 200)
  }),
  'suggestion.list': z.object({ eventId: id('座谈会') }),
  'suggestion.create': z
    .object({ eventId: id('座谈会'), text: required('意见建议', 500), memberId: optionalRef('提出的党员'), resident: optional('提出的群众', 30) })
    .refine((s) => s.memberId || s.resident, { error: '请填写提出人:选择党员或填写群众姓名', path: ['resident'] }),
  'suggestion.toNeed': z.object({
    id: id('意见建议'),
    title: required('项目名称', 100),
    category: required('项目类别', 30),
    places: needFields.places,
    skills: needFields.skills,
    description: needFields.description
  }),
  'feedback.list': z.object({ memberId: id('党员').optional(), communityId: id('村居').optional(), page: listQuery(['createdAt']).page, pageSize: listQuery(['createdAt']).pageSize }),
  'feedback.create': z
    .object({
      memberId: id('党员'),
      eventId: optionalRef('活动'),
      claimId: optionalRef('认领'),
      rating: z.enum(RATINGS, { error: '评价应为 满意/基本满意/不满意 之一' }),
      comment: optional('评价内容', 500),
      date: date('评价日期'),
      residentName: optional('群众姓名', 30),
      residentPhone: z.union([phone('群众电话'), z.literal('')]).optional().default('')
    })
    .refine((f) => f.eventId || f.claimId, { error: '请选择评价的是哪次活动或哪项认领', path: ['eventId'] }),
  'unit.record': z.object({ id: id('单位'), from: date('开始日期'), to: date('结束日期') }).refine((q) => q.to >= q.from, { error: '结束日期不能早于开始日期', path: ['to'] }),
  'report.get': z
    .object({ kind: z.enum(REPORT_KINDS, { error: '报表类型无效' }), ...reportScope, page: listQuery(['createdAt']).page, pageSize: listQuery(['createdAt']).pageSize })
    .refine(rangeInOrder, rangeError),
  'report.export': z
    .object({
      kinds: z.array(z.enum(REPORT_KINDS, { error: '报表类型无效' })).min(1, { error: '请至少选择一张报表' }).max(REPORT_KINDS.length),
      format: z.enum(['xlsx', 'csv'], { error: '格式应为 xlsx 或 csv' }).optional().default('xlsx'),
      jobId: z.string().regex(/^[\w-]{1,40}$/, { error: '任务编号无效' }),
      ...reportScope
    })
    .refine(rangeInOrder, rangeError)
    .refine((q) => q.format === 'xlsx' || q.kinds.length === 1, { error: 'CSV 一次只能导出一张报表', path: ['kinds'] }),
  'report.cancel': z.object({ jobId: z.string().regex(/^[\w-]{1,40}$/, { error: '任务编号无效' }) }),
  'dashboard.get': z.object({ asOf: date('统计日期') }),
  'backup.list': empty,
  'backup.create': empty,
  'backup.download': empty,
  'backup.restore': z.object({ name: z.string({ error: '请选择备份' }).regex(/^redvest-\d{8}-\d{6}-[a-z]+\.sqlite$/, { error: '备份名称无效' }) }),
  'backup.restoreFile': z.object({
    fileName: required('文件名', 200),
    base64: z.string({ error: '缺少文件内容' }).min(1, { error: '文件是空的' }).max(Math.ceil((500 * 1024 * 1024) / 3) * 4, { error: '文件超过 500 MB' })
  }),
  'audit.list': z.object({
    page: listQuery(['createdAt']).page,
    pageSize: listQuery(['createdAt']).pageSize,
    from: optionalDate('开始日期'),
    to: optionalDate('结束日期'),
    operator: str('操作员', 20).optional().default(''),
    kind: str('操作类型', 20).optional().default(''),
    keyword: str('关键词', 50).optional().default('')
  }),
  'settings.needCategories': z.object({ categories: z.array(required('类别', 30)).min(1, { error: '至少保留一个类别' }).max(50) }),
  'import.rejects': z.object({ ...importTarget, fileName: required('文件名', 200), headers: z.array(z.string().max(200)).max(200), mapping, rows: importRows })
} satisfies { [M in Method]: z.ZodType }

export type Schemas = typeof schemas
export type Input<M extends Method> = z.input<Schemas[M]>
export type Parsed<M extends Method> = z.output<Schemas[M]>

// ---------- outputs ----------

export interface Page<T> {
  rows: T[]
  total: number
  page: number
  pageSize: number
}

export interface Community {
  id: number
  name: string
  kind: (typeof COMMUNITY_KINDS)[number]
  secretary: string
  phone: string
  address: string
  note: string
  archivedAt: string | null
  createdAt: string
  updatedAt: string
  memberCount: number
  unitCount: number
  eventCount: number
  /** residents' evaluations of service in this community, and how many were 满意 or 基本满意 */
  feedbackCount: number
  satisfiedCount: number
}

export interface Unit {
  id: number
  name: string
  kind: (typeof UNIT_KINDS)[number]
  partyOrg: string
  contact: string
  phone: string
  communityId: number | null
  communityName: string | null
  note: string
  archivedAt: string | null
  createdAt: string
  updatedAt: string
  memberCount: number
}

/** A member as lists and pages show them: phone and ID masked. */
export interface Member {
  id: number
  name: string
  gender: (typeof GENDERS)[number] | ''
  phone: string
  idCard: string
  unitId: number | null
  unitName: string | null
  position: string
  branch: string
  communityId: number
  communityName: string
  estate: string
  registeredAt: string
  skills: string[]
  veteran: boolean
  status: (typeof MEMBER_STATUSES)[number]
  note: string
  archivedAt: string | null
  createdAt: string
  updatedAt: string
  attendanceCount: number
}

export interface MemberDetail extends Member {
  /** hours signed in at activities */
  hours: number
  /** hours of completed claims */
  claimHours: number
}

export interface Event {
  id: number
  communityId: number
  communityName: string
  title: string
  category: string
  date: string
  startTime: string
  endTime: string
  place: string
  organiser: string
  plannedCount: number
  description: string
  needId: number | null
  needTitle: string | null
  archivedAt: string | null
  createdAt: string
  updatedAt: string
  attendanceCount: number
  hours: number
}

export interface Attendance {
  id: number
  eventId: number
  memberId: number
  memberName: string
  memberPhone: string
  unitName: string | null
  communityName: string
  memberArchived: boolean
  signedAt: string
  hours: number
  source: string
}

export interface MemberAttendance {
  id: number
  eventId: number
  eventTitle: string
  eventDate: string
  category: string
  communityName: string
  signedAt: string
  hours: number
  source: string
}

export interface Option {
  id: number
  name: string
  /** name, pinyin initials and full pinyin, lower-case: what a select's search box matches */
  search: string
  archived: boolean
}

export interface AppInfo {
  orgName: string
  operator: string
  eventCategories: string[]
  needCategories: string[]
  dbPath: string
  dbBytes: number
  schemaVersion: number
  counts: { communities: number; units: number; members: number; events: number; attendance: number }
}

export type RemoveResult = { outcome: 'deleted' } | { outcome: 'archived'; reason: string }

export interface Outputs {
  'app.info': AppInfo
  'settings.update': AppInfo
  'demo.load': AppInfo['counts']
  'community.list': Page<Community>
  'community.options': Option[]
  'community.get': Community
  'community.create': Community
  'community.update': Community
  'community.remove': RemoveResult
  'community.restore': Community
  'unit.list': Page<Unit>
  'unit.options': Option[]
  'unit.get': Unit
  'unit.create': Unit
  'unit.update': Unit
  'unit.remove': RemoveResult
  'unit.restore': Unit
  'member.list': Page<Member>
  'member.get': MemberDetail
  'member.reveal': { phone: string; idCard: string }
  'member.create': MemberDetail
  'member.update': MemberDetail
  'member.remove': RemoveResult
  'member.restore': MemberDetail
  'member.attendance': Page<MemberAttendance> & { hours: number }
  'member.erase': MemberDetail
  'event.list': Page<Event>
  'event.get': Event
  'event.create': Event
  'event.update': Event
  'event.remove': RemoveResult
  'event.restore': Event
  'attendance.list': Page<Attendance>
  'attendance.add': { added: number; already: number }
  'attendance.update': { id: number; hours: number }
  'attendance.remove': { removed: number }
  'import.read': ImportPreview
  'import.check': { outcomes: RowOutcome[] }
  'import.commit': ImportBatch
  'import.list': Page<ImportBatch>
  'import.undo': ImportBatch
  'import.template': FileOut
  'import.rejects': FileOut
  'need.list': Page<Need>
  'need.get': NeedDetail
  'need.create': NeedDetail
  'need.update': NeedDetail
  'need.close': NeedDetail
  'need.reopen': NeedDetail
  'need.suggest': SuggestedMember[]
  'claim.list': Page<Claim>
  'claim.add': { added: number; need: NeedDetail }
  'claim.update': Claim
  'suggestion.list': Suggestion[]
  'suggestion.create': Suggestion
  'suggestion.toNeed': { suggestion: Suggestion; need: NeedDetail }
  'feedback.list': Page<Feedback> & { satisfied: number }
  'feedback.create': Feedback
  'unit.record': UnitRecord
  'settings.needCategories': AppInfo
  'report.get': ReportTable
  'report.export': FileOut
  'report.cancel': { cancelled: boolean }
  'dashboard.get': Dashboard
  'audit.list': Page<AuditEntry> & { kinds: string[]; operators: string[] }
  'backup.list': { dir: string; backups: Backup[] }
  'backup.create': Backup
  'backup.download': FileOut
  'backup.restore': { restored: string }
  'backup.restoreFile': { restored: string }
}

export interface Backup {
  name: string
  reason: 'daily' | 'migration' | 'import' | 'undo' | 'restore' | 'manual'
  /** Beijing time, YYYY-MM-DD HH:mm:ss */
  at: string
  bytes: number
}

export interface AuditEntry {
  id: number
  at: string
  operator: string
  kind: string
  method: string
  record: string
  summary: string
}

export interface ReportColumn {
  key: string
  title: string
  width: number
  numeric?: boolean
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

export interface Dashboard {
  asOf: string
  members: number
  newThisMonth: number
  communities: number
  units: number
  events: number
  attendance: number
  participants: number
  hours: number
  needs: { listed: number; claimed: number; completed: number }
  byCommunity: Array<{ id: number; name: string; members: number; attendance: number }>
  monthly: Array<{ month: string; events: number; attendance: number }>
  recentImports: ImportBatch[]
}

export interface Need {
  id: number
  communityId: number
  communityName: string
  title: string
  category: string
  description: string
  places: number
  skills: string[]
  periodStart: string
  periodEnd: string
  source: (typeof NEED_SOURCES)[number]
  status: (typeof NEED_STATUSES)[number]
  /** claims 已认领 or 进行中 */
  open: number
  /** claims 已完成 */
  done: number
  closedAt: string | null
  closeReason: string
  createdAt: string
  updatedAt: string
}

export interface NeedDetail extends Need {
  events: Array<{ id: number; title: string; date: string; attendanceCount: number }>
  /** everyone who served it: by a claim or at one of its activities */
  served: Array<{ memberId: number; name: string; via: string }>
}

export interface Claim {
  id: number
  needId: number
  needTitle: string
  communityName: string
  memberId: number
  memberName: string
  unitName: string | null
  memberPhone: string
  status: (typeof CLAIM_STATUSES)[number]
  claimedOn: string
  finishedOn: string | null
  hours: number | null
  note: string
  reason: string
  overPlaces: boolean
}

export interface SuggestedMember {
  id: number
  name: string
  unitName: string | null
  phone: string
  skills: string[]
  /** the need's wanted skills this member has */
  matched: string[]
  openClaims: number
}

export interface Suggestion {
  id: number
  eventId: number
  text: string
  memberId: number | null
  memberName: string | null
  resident: string
  needId: number | null
  needTitle: string | null
  needStatus: string | null
  createdAt: string
}

export interface Feedback {
  id: number
  memberId: number
  memberName: string
  eventId: number | null
  eventTitle: string | null
  claimId: number | null
  needTitle: string | null
  rating: (typeof RATINGS)[number]
  comment: string
  date: string
  residentName: string
  residentPhone: string
  createdAt: string
}

export interface UnitRecordRow {
  memberId: number
  name: string
  communityName: string
  registeredAt: string
  status: string
  events: number
  hours: number
  claims: number
  claimsDone: number
  claimHours: number
  feedback: number
  satisfied: number
}

export interface UnitRecord {
  unitId: number
  unitName: string
  from: string
  to: string
  rows: UnitRecordRow[]
}

/** A workbook made in main, for the renderer to save. */
export interface FileOut {
  fileName: string
  base64: string
  /** data rows written, where counted (report exports) */
  rows?: number
}

export type Output<M extends Method> = Outputs[M]

export interface ImportCandidate {
  id: number
  name: string
  unitName: string | null
  communityName: string
  phone: string
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

export interface ApiError {
  code: 'invalid' | 'conflict' | 'not_found' | 'forbidden' | 'internal'
  message: string
  /** Per-field messages, keyed by the input's field name, so a form can show each on its field. */
  fields?: Record<string, string>
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ApiError }

/** What both transports expose to the renderer: one function per method. */
export type Bridge = { [M in Method]: (input: Input<M>) => Promise<Result<Output<M>>> }

/** The desktop app's progress feed (browser mode uses server-sent events instead). */
export interface ProgressBridge {
  subscribe(onProgress: (p: import('./methods').Progress) => void): () => void
}
