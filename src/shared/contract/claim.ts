/** 认领: a member takes on a need from the service list, and finishes it with hours or gives it up. */
import { z } from 'zod'
import { id, optional, optionalDate, paging, type Page } from '../fields'
import type { MaskedPhone } from '../text'
import type { NeedDetail } from './need'

export const CLAIM_STATUSES = ['已认领', '进行中', '已完成', '已放弃'] as const

export const claimSchemas = {
  'claim.list': z
    .object({ needId: id('服务清单项目').optional(), memberId: id('党员').optional(), ...paging })
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
  })
}

export interface Claim {
  id: number
  needId: number
  needTitle: string
  communityName: string
  memberId: number
  memberName: string
  unitName: string | null
  memberPhone: MaskedPhone
  status: (typeof CLAIM_STATUSES)[number]
  claimedOn: string
  finishedOn: string | null
  hours: number | null
  note: string
  reason: string
  overPlaces: boolean
}

export interface ClaimOutputs {
  'claim.list': Page<Claim>
  'claim.add': { added: number; need: NeedDetail }
  'claim.update': Claim
}
