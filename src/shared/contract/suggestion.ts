/** 意见建议: what members and residents raise at a forum (座谈会); one step turns it into a need. */
import { z } from 'zod'
import { id, optional, optionalRef, required } from '../fields'
import { needFields, type NeedDetail } from './need'

export const suggestionSchemas = {
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
  })
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

export interface SuggestionOutputs {
  'suggestion.list': Suggestion[]
  'suggestion.create': Suggestion
  'suggestion.toNeed': { suggestion: Suggestion; need: NeedDetail }
}
