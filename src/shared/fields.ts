/**
 * Field builders for the contract's input schemas: every message names the field and says what is
 * expected, in Chinese. Also the shapes every feature shares (pages, options, results).
 */
import { z } from 'zod'
import { cleanText, idCardProblem, isMobile, normalizeIdCard, normalizePhone } from './text'

export const str = (label: string, max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined || iss.input === null ? `请填写${label}` : `${label}应为文字`) })
    .transform(cleanText)
    .pipe(z.string().max(max, { error: `${label}不能超过${max}个字` }))

export const required = (label: string, max: number) =>
  str(label, max).pipe(z.string().min(1, { error: `请填写${label}` }))

export const optional = (label: string, max: number) => str(label, max).optional().default('')

export const id = (label = '编号') =>
  z.number({ error: `${label}应为数字` }).int({ error: `${label}应为整数` }).positive({ error: `${label}无效` })

export const optionalRef = (label: string) =>
  z.union([id(label), z.null()], { error: `${label}无效` }).optional().default(null)

export const date = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}格式应为 2020-06-02` })
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`)
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
    }, { error: `${label}不是有效日期` })

export const optionalDate = (label: string) => z.union([date(label), z.literal('')]).optional().default('')

export const time = (label: string) =>
  z.union([z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/), z.literal('')], { error: `${label}格式应为 09:30` }).optional().default('')

export const phone = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .transform(normalizePhone)
    .pipe(z.string().min(1, { error: `请填写${label}` }).refine(isMobile, { error: `${label}应为11位手机号码(以1开头)` }))

/** A contact phone: a mobile or a landline such as 0757-82701234; may be empty. */
export const contactPhone = (label: string) =>
  z
    .string({ error: `${label}应为文字` })
    .transform((s) => cleanText(s))
    .pipe(z.string().max(30, { error: `${label}不能超过30个字` }))
    .refine((s) => s === '' || /^[\d\-\s()（）+转]{7,30}$/.test(s), { error: `${label}应为电话号码,如 0757-82701234 或 13800138000` })
    .optional()
    .default('')

export const idCard = z
  .string({ error: '身份证号应为文字' })
  .transform(normalizeIdCard)
  .superRefine((s, ctx) => {
    const p = s === '' ? null : idCardProblem(s)
    if (p) ctx.addIssue({ code: 'custom', message: p })
  })
  .optional()
  .default('')

export const hours = z
  .number({ error: '服务时长应为数字' })
  .min(0, { error: '服务时长不能小于0' })
  .max(24, { error: '一天的服务时长不能超过24小时' })

export const listQuery = <S extends string>(sorts: readonly [S, ...S[]]) => ({
  page: z.number({ error: '页码应为数字' }).int().min(1, { error: '页码应从1开始' }).optional().default(1),
  pageSize: z.number({ error: '每页条数应为数字' }).int().min(1).max(200, { error: '每页最多200条' }).optional().default(20),
  keyword: str('关键词', 50).optional().default(''),
  sort: z.enum(sorts, { error: '不支持按该列排序' }).optional(),
  order: z.enum(['asc', 'desc'], { error: '排序方向应为 asc 或 desc' }).optional().default('asc'),
  archived: z.enum(['active', 'archived', 'all'], { error: '归档筛选无效' }).optional().default('active')
})

export const byId = z.object({ id: id() }, { error: '参数应为对象' })
export const empty = z.object({}, { error: '参数应为对象' }).optional().default({})

/** An object schema whose wrong-type message is Chinese. */
export const obj = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: '参数应为对象' })

/** Page number and size, for lists that take no sort or keyword. */
export const paging = { page: listQuery(['createdAt']).page, pageSize: listQuery(['createdAt']).pageSize }

export interface Page<T> {
  rows: T[]
  total: number
  page: number
  pageSize: number
}

export interface Option {
  id: number
  name: string
  /** name, pinyin initials and full pinyin, lower-case: what a select's search box matches */
  search: string
  archived: boolean
}

export type RemoveResult = { outcome: 'deleted' } | { outcome: 'archived'; reason: string }

/** A workbook (or other file) made in main, for the renderer to save. */
export interface FileOut {
  fileName: string
  base64: string
  /** data rows written, where counted (report exports) */
  rows?: number
}
