/** 志愿服务活动: activities held by a community, forums (座谈会) among them. */
import { z } from 'zod'
import { byId, date, id, listQuery, obj, optional, optionalDate, optionalRef, required, str, time, type Page, type RemoveResult } from '../fields'

const eventFields = {
  communityId: id('举办村居'),
  needId: optionalRef('服务清单项目'),
  /** the unit that organised it (组织单位): its sign-ins count for that unit */
  unitId: optionalRef('组织单位'),
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

export const eventSchemas = {
  'event.list': z.object({
    ...listQuery(['date', 'title', 'community', 'category', 'attendanceCount', 'createdAt']),
    communityId: id('村居').optional(),
    unitId: id('组织单位').optional(),
    category: str('活动类别', 20).optional(),
    dateFrom: optionalDate('开始日期'),
    dateTo: optionalDate('结束日期')
  }),
  'event.get': byId,
  'event.create': obj(eventFields).refine(endAfterStart, endAfterStartError),
  'event.update': obj({ id: id(), ...eventFields }).refine(endAfterStart, endAfterStartError),
  'event.remove': byId,
  'event.restore': byId
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
  unitId: number | null
  unitName: string | null
  archivedAt: string | null
  createdAt: string
  updatedAt: string
  attendanceCount: number
  hours: number
}

export interface EventOutputs {
  'event.list': Page<Event>
  'event.get': Event
  'event.create': Event
  'event.update': Event
  'event.remove': RemoveResult
  'event.restore': Event
}
