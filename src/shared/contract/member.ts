/** 在职党员: the members, their sign-in history, revealing a number on request, and erasure. */
import { z } from 'zod'
import { byId, date, id, idCard, listQuery, obj, optional, optionalDate, optionalRef, paging, phone, required, type FileOut, type Page, type RemoveResult } from '../fields'
import { normalizeName, type MaskedIdCard, type MaskedPhone } from '../text'

export const GENDERS = ['男', '女'] as const
export const MEMBER_STATUSES = ['在册', '已转出', '未报到'] as const
export const SPAN_END_REASONS = ['', '转出', '迁居', '归档'] as const

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
  /** the current registration's start; empty for a person who has not reported (未报到) */
  registeredAt: z.union([date('报到日期'), z.literal('')], { error: (iss) => (iss.input === undefined ? '请填写报到日期' : '报到日期格式应为 2020-06-02') }),
  skills: z
    .array(required('特长', 20), { error: '特长应为标签列表' })
    .max(20, { error: '特长最多20项' })
    .optional()
    .default([])
    .transform((tags) => [...new Set(tags)]),
  veteran: z.boolean({ error: '是否退役军人应为 是 或 否' }).optional().default(false),
  status: z.enum(MEMBER_STATUSES, { error: '状态应为 在册、已转出 或 未报到' }).optional().default('在册'),
  note: optional('备注', 500)
}

const dated = (m: { status: string; registeredAt: string }) => m.status === '未报到' || m.registeredAt !== ''
const datedError = { error: '请填写报到日期', path: ['registeredAt'] }

export const memberSchemas = {
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
  /** field: which number to show whole (the log says exactly which); 'both' for editing the member */
  'member.reveal': obj({ id: id(), field: z.enum(['phone', 'idCard', 'both'], { error: '要查看的号码无效' }).optional().default('both') }),
  'member.create': obj(memberFields).refine(dated, datedError),
  /** changedOn: the day a transfer, a move home or a re-registration takes effect (default today) */
  'member.update': obj({ id: id(), ...memberFields, changedOn: optionalDate('变动日期') }).refine(dated, datedError),
  'member.remove': byId,
  'member.restore': byId,
  'member.erase': byId,
  'member.attendance': z.object({ memberId: id('党员'), ...paging }),
  'member.history': z.object({ memberId: id('党员') }),
  /** the selected members at once: transfer out, or a move home, from a date (each member's span follows) */
  'member.batch': obj({
    ids: z.array(id('党员'), { error: '请选择党员' }).min(1, { error: '请至少选择一名党员' }).max(5000, { error: '一次最多处理5000人' }),
    action: z.enum(['transfer', 'move'], { error: '批量操作应为 转出 或 迁居' }),
    communityId: id('新的居住村居').optional(),
    changedOn: date('变动日期')
  }).refine((q) => q.action !== 'move' || q.communityId, { error: '请选择新的居住村居', path: ['communityId'] }),
  /** the selected members as a workbook, phones masked */
  'member.export': obj({ ids: z.array(id('党员')).min(1, { error: '请至少选择一名党员' }).max(20000, { error: '一次最多导出2万人' }) }),
  'member.editSpan': obj({ id: id('报到记录'), startDate: date('报到日期'), endedOn: optionalDate('结束日期') })
}

/** A member as lists and pages show them: phone and ID masked. */
export interface Member {
  id: number
  name: string
  gender: (typeof GENDERS)[number] | ''
  phone: MaskedPhone
  idCard: MaskedIdCard
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

/** One registration (报到) of a member in a community: in force from startDate until endedOn (exclusive). */
export interface RegistrationSpan {
  id: number
  communityId: number
  communityName: string
  startDate: string
  endedOn: string | null
  endReason: (typeof SPAN_END_REASONS)[number]
}

export interface MemberOutputs {
  'member.list': Page<Member>
  'member.get': MemberDetail
  /** full numbers: the one logged way a person's numbers leave main, besides the full export */
  'member.reveal': { phone: string; idCard: string }
  'member.create': MemberDetail
  'member.update': MemberDetail
  'member.remove': RemoveResult
  'member.restore': MemberDetail
  'member.attendance': Page<MemberAttendance> & { hours: number }
  'member.history': RegistrationSpan[]
  /** how many were changed, and who was left as they were and why */
  'member.batch': { changed: number; skipped: string[] }
  'member.export': FileOut
  /** the member's history after the correction, and which periods' figures it changes */
  'member.editSpan': { history: RegistrationSpan[]; changes: string }
  /** the erased member, and how many backup files were rewritten without them (and any that could not be) */
  'member.erase': MemberDetail & { backupsRewritten: number; backupsFailed: string[] }
}
