/** 群众评价: residents' rating of a member's service at an activity or on a claim. */
import { z } from 'zod'
import { date, id, optional, optionalRef, paging, phone, type Page } from '../fields'
import type { MaskedPhone } from '../text'

export const RATINGS = ['满意', '基本满意', '不满意'] as const

export const feedbackSchemas = {
  'feedback.list': z.object({ memberId: id('党员').optional(), communityId: id('村居').optional(), ...paging }),
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
    .refine((f) => f.eventId || f.claimId, { error: '请选择评价的是哪次活动或哪项认领', path: ['eventId'] })
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
  residentPhone: MaskedPhone
  createdAt: string
}

export interface FeedbackOutputs {
  'feedback.list': Page<Feedback> & { satisfied: number }
  'feedback.create': Feedback
}
