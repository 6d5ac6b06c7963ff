/** 签到: who signed in at an activity, and their service hours. */
import { z } from 'zod'
import { hours, id, listQuery, type Page } from '../fields'
import type { MaskedPhone } from '../text'

export const ATTENDANCE_SOURCES = ['手工', '导入', '补录'] as const

export const attendanceSchemas = {
  'attendance.list': z.object({ eventId: id('活动'), ...listQuery(['name', 'signedAt', 'hours']) }),
  'attendance.add': z.object({
    eventId: id('活动'),
    memberIds: z.array(id('党员'), { error: '请选择要签到的党员' }).min(1, { error: '请至少选择一名党员' }).max(500, { error: '一次最多添加500人' }),
    hours: hours.optional(),
    source: z.enum(ATTENDANCE_SOURCES).optional().default('手工')
  }),
  'attendance.update': z.object({ id: id(), hours }),
  'attendance.remove': z.object({ ids: z.array(id(), { error: '请选择要移除的签到' }).min(1, { error: '请至少选择一条签到' }).max(500) })
}

export interface Attendance {
  id: number
  eventId: number
  memberId: number
  memberName: string
  memberPhone: MaskedPhone
  unitName: string | null
  communityName: string
  memberArchived: boolean
  signedAt: string
  hours: number
  source: string
}

export interface AttendanceOutputs {
  'attendance.list': Page<Attendance>
  'attendance.add': { added: number; already: number }
  'attendance.update': { id: number; hours: number }
  'attendance.remove': { removed: number }
}
