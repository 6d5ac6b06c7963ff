/** 村居: the villages and communities members report to. */
import { z } from 'zod'
import { byId, contactPhone, empty, id, listQuery, obj, optional, required, type Option, type Page, type RemoveResult } from '../fields'

export const COMMUNITY_KINDS = ['社区', '村'] as const

const communityFields = {
  name: required('村居名称', 40),
  kind: z.enum(COMMUNITY_KINDS, { error: '类型应为 社区 或 村' }),
  secretary: optional('党组织书记', 20),
  phone: contactPhone('联系电话'),
  address: optional('地址', 100),
  note: optional('备注', 500)
}

export const communitySchemas = {
  'community.list': z.object({ ...listQuery(['name', 'kind', 'memberCount', 'eventCount', 'createdAt']), kind: z.enum(COMMUNITY_KINDS).optional() }),
  'community.options': empty,
  'community.get': byId,
  'community.create': obj(communityFields),
  'community.update': obj({ id: id(), ...communityFields }),
  'community.remove': byId,
  'community.restore': byId
}

export interface Community {
  id: number
  name: string
  kind: (typeof COMMUNITY_KINDS)[number]
  secretary: string
  /** the office's landline or mobile: not personal data, shown whole */
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

export interface CommunityOutputs {
  'community.list': Page<Community>
  'community.options': Option[]
  'community.get': Community
  'community.create': Community
  'community.update': Community
  'community.remove': RemoveResult
  'community.restore': Community
}
