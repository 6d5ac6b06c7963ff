/** 报到单位: work units and their party organisations, and a unit's period record of its members' service. */
import { z } from 'zod'
import { byId, contactPhone, date, empty, id, listQuery, obj, optional, optionalDate, optionalRef, required, type FileOut, type Option, type Page, type RemoveResult } from '../fields'

export const UNIT_KINDS = ['机关', '事业单位', '国有企业', '其他'] as const

const unitFields = {
  name: required('单位名称', 60),
  kind: z.enum(UNIT_KINDS, { error: '单位类型应为 机关/事业单位/国有企业/其他 之一' }),
  partyOrg: optional('党组织名称', 60),
  contact: optional('联系人', 20),
  phone: contactPhone('联系电话'),
  note: optional('备注', 500)
}

export const unitSchemas = {
  'unit.list': z.object({ ...listQuery(['name', 'kind', 'memberCount', 'createdAt']), kind: z.enum(UNIT_KINDS).optional(), communityId: id('村居').optional() }),
  'unit.options': empty,
  'unit.get': byId,
  /** a first pairing (单位报到) can be made with the unit: the community and the day it reported (today if not given) */
  'unit.create': obj({ ...unitFields, communityId: optionalRef('结对村居'), reportedOn: optionalDate('报到日期') }),
  'unit.update': obj({ id: id(), ...unitFields }),
  'unit.remove': byId,
  'unit.restore': byId,
  /** 单位双报到工作台账: agreements, projects, activities and members' service in a period, one printable workbook */
  'unit.ledger': z.object({ id: id('单位'), from: date('开始日期'), to: date('结束日期') }).refine((q) => q.to >= q.from, { error: '结束日期不能早于开始日期', path: ['to'] }),
  'unit.record': z.object({ id: id('单位'), from: date('开始日期'), to: date('结束日期') }).refine((q) => q.to >= q.from, { error: '结束日期不能早于开始日期', path: ['to'] })
}

export interface Unit {
  id: number
  name: string
  kind: (typeof UNIT_KINDS)[number]
  partyOrg: string
  contact: string
  /** the unit's office phone: not personal data, shown whole */
  phone: string
  /** the latest pairing in force (or the last one): mirrors unit_pairing, as a member's community mirrors their registration */
  communityId: number | null
  communityName: string | null
  /** every community paired today, 、-separated ('' when none) */
  pairedNames: string
  /** the earliest start of the pairings in force today */
  reportedOn: string | null
  note: string
  archivedAt: string | null
  createdAt: string
  updatedAt: string
  memberCount: number
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

export interface UnitOutputs {
  'unit.list': Page<Unit>
  'unit.options': Option[]
  'unit.get': Unit
  'unit.create': Unit
  'unit.update': Unit
  'unit.remove': RemoveResult
  'unit.restore': Unit
  'unit.record': UnitRecord
  'unit.ledger': FileOut
}
