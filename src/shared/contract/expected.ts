/** 应报到名单: a unit's in-service members who must report, as the unit sent them. */
import { z } from 'zod'
import { id, obj, optional, paging, type Page } from '../fields'
import { cleanText, idCardProblem, isMobile, normalizeIdCard, normalizeName, normalizePhone, type MaskedPhone } from '../text'

const person = z
  .object({
    name: z.string({ error: '请填写姓名' }).transform(normalizeName).pipe(z.string().min(1, { error: '请填写姓名' }).max(30, { error: '姓名不能超过30个字' })),
    phone: z
      .string({ error: '手机号应为文字' })
      .transform(normalizePhone)
      .refine((p) => p === '' || isMobile(p), { error: '手机号应为11位手机号码(以1开头)' })
      .optional()
      .default(''),
    idCard: z
      .string({ error: '身份证号应为文字' })
      .transform(normalizeIdCard)
      .refine((s) => s === '' || idCardProblem(s) === null, { error: '身份证号不正确' })
      .optional()
      .default(''),
    note: optional('备注', 200)
  })
  .transform((p) => ({ ...p, note: cleanText(p.note) }))

export const expectedSchemas = {
  'expected.list': z.object({ unitId: id('单位'), ...paging, registeredOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }),
  'expected.add': obj({
    unitId: id('单位'),
    people: z.array(person, { error: '请填写人员' }).min(1, { error: '请至少填写一人' }).max(5000, { error: '一次最多添加5000人' }),
    /** replace the unit's whole list (a new list from the unit) instead of adding to it */
    replace: z.boolean().optional().default(false),
    source: optional('来源', 100)
  }),
  'expected.remove': obj({ ids: z.array(id(), { error: '请选择要移除的人员' }).min(1, { error: '请至少选择一人' }).max(5000) })
}

export interface ExpectedPerson {
  id: number
  unitId: number
  name: string
  phone: MaskedPhone
  note: string
  /** registered (a span in force) on the date asked about: the member it matched, else null */
  memberId: number | null
  memberName: string | null
  communityName: string | null
}

export interface ExpectedOutputs {
  'expected.list': Page<ExpectedPerson> & { expected: number; registered: number; asOf: string }
  'expected.add': { added: number; removed: number; skipped: number }
  'expected.remove': { removed: number }
}

/**
 * A list pasted from Excel or typed, one person a line (姓名 手机号 身份证号 in any order, any separators), read into
 * people; lines that hold no name are reported by number.
 */
export function parsePeople(text: string): { people: Array<{ name: string; phone: string; idCard: string }>; problems: string[] } {
  const people: Array<{ name: string; phone: string; idCard: string }> = []
  const problems: string[] = []
  text.split(/\r?\n/).forEach((line, i) => {
    // tabs (pasted from Excel), commas or semicolons separate cells; a line without them is split at spaces
    const bySeparator = line.split(/[\t,，;；|、]+/).map((c) => c.trim()).filter(Boolean)
    const cells = bySeparator.length > 1 ? bySeparator : line.split(/[\s\u3000]+/).filter(Boolean)
    if (!cells.length) return
    let name = ''
    let phone = ''
    let idCard = ''
    for (const c of cells) {
      const digits = normalizePhone(c)
      if (!phone && isMobile(digits)) phone = digits
      else if (!idCard && /^\d{17}[\dX]$/.test(normalizeIdCard(c))) idCard = normalizeIdCard(c)
      else if (!name && /[\u4e00-\u9fff]/.test(c) && !/^(序号|姓名|手机|电话|身份证)/.test(c)) name = normalizeName(c)
    }
    if (name) people.push({ name, phone, idCard })
    else if (!/姓名/.test(line)) problems.push(`第${i + 1}行没有姓名:${line.slice(0, 30)}`)
  })
  return { people, problems }
}
