/** 服务清单: each community's listed needs; their status follows from their claims. */
import { z } from 'zod'
import { byId, id, listQuery, obj, optional, optionalDate, required, str, type Page } from '../fields'
import type { MaskedPhone } from '../text'

export const NEED_SOURCES = ['社区列出', '座谈会提出', '群众诉求'] as const
export const NEED_STATUSES = ['待认领', '认领中', '已满', '已完成', '已关闭'] as const

export const needFields = {
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

export const needSchemas = {
  'need.list': z.object({
    ...listQuery(['createdAt', 'title', 'community', 'category']),
    communityId: id('村居').optional(),
    category: str('项目类别', 30).optional(),
    status: z.enum(NEED_STATUSES, { error: '状态无效' }).optional(),
    source: z.enum(NEED_SOURCES, { error: '来源无效' }).optional()
  }),
  'need.get': byId,
  'need.create': obj(needFields).refine(periodInOrder, periodError),
  'need.update': obj({ id: id(), ...needFields }).refine(periodInOrder, periodError),
  'need.close': z.object({ id: id(), reason: optional('关闭原因', 200) }),
  'need.reopen': byId,
  'need.suggest': z.object({ needId: id('服务清单项目'), keyword: str('关键词', 50).optional().default('') })
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

export interface SuggestedMember {
  id: number
  name: string
  unitName: string | null
  phone: MaskedPhone
  skills: string[]
  /** the need's wanted skills this member has */
  matched: string[]
  openClaims: number
}

export interface NeedOutputs {
  'need.list': Page<Need>
  'need.get': NeedDetail
  'need.create': NeedDetail
  'need.update': NeedDetail
  'need.close': NeedDetail
  'need.reopen': NeedDetail
  'need.suggest': SuggestedMember[]
}
