/** Finding the data in a sheet: which sheet, which row is the header, which column holds which field. */
import { toHalfWidth } from '../../shared/text'
import type { ImportField } from '../../shared/api'
import type { Cell, Sheet } from './read'

/** Synonyms seen in real sign-in sheets and rosters, compared after `normHeader`. */
export const SYNONYMS: Record<ImportField, string[]> = {
  name: ['姓名', '名字', '党员姓名', '人员姓名', '签到人'],
  gender: ['性别'],
  phone: ['手机', '手机号', '手机号码', '联系电话', '电话', '联系方式', '电话号码', '移动电话', '手机电话'],
  idCard: ['身份证', '身份证号', '身份证号码', '公民身份号码', '证件号码', '身份证件号码'],
  unit: ['工作单位', '单位', '单位名称', '所在单位', '工作单位名称'],
  position: ['职务', '职位', '岗位'],
  branch: ['所在党支部', '党支部', '支部', '所在支部'],
  community: ['居住社区', '所在社区', '社区', '报到社区', '居住村居', '村居', '报到村居', '村社区', '居住地社区', '所属社区'],
  estate: ['居住小区', '小区'],
  registeredAt: ['报到时间', '报到日期'],
  signedAt: ['签到时间', '签到'],
  hours: ['服务时长', '时长', '服务时长小时', '服务小时数'],
  skills: ['特长', '个人特长', '专长'],
  veteran: ['是否退役军人', '退役军人'],
  note: ['备注']
}

export function normHeader(h: Cell): string {
  return toHalfWidth(String(h ?? ''))
    .replace(/[\s\u00a0\u200b-\u200d\ufeff]/g, '')
    .replace(/[()（）【】[\]:：*＊\-_/、.,,。]/g, '')
    .toLowerCase()
}

const NORMALISED = Object.entries(SYNONYMS).map(([field, words]) => [field as ImportField, words.map(normHeader)] as const)

/** The field a header names: an exact synonym first, else the longest synonym it contains. */
export function fieldOf(header: Cell): ImportField | null {
  const h = normHeader(header)
  if (!h) return null
  for (const [field, words] of NORMALISED) if (words.includes(h)) return field
  let best: [ImportField, number] | null = null
  for (const [field, words] of NORMALISED) {
    for (const w of words) if (w.length >= 2 && h.includes(w) && (!best || w.length > best[1])) best = [field, w.length]
  }
  return best?.[0] ?? null
}

/** column index → field, one column per field (the first wins). */
export type Mapping = Array<ImportField | null>

export function guessMapping(headers: Cell[]): Mapping {
  const seen = new Set<ImportField>()
  return headers.map((h) => {
    const f = fieldOf(h)
    if (!f || seen.has(f)) return null
    seen.add(f)
    return f
  })
}

function score(row: Cell[]): number {
  const fields = new Set(guessMapping(row).filter(Boolean))
  return fields.has('name') || fields.has('phone') ? fields.size : 0
}

/** The header row among the first 20: the one naming the most fields (including a name or phone column). */
export function findHeaderRow(rows: Cell[][]): { row: number; score: number } {
  let best = { row: -1, score: 0 }
  for (let r = 0; r < Math.min(rows.length, 20); r++) {
    const s = score(rows[r])
    if (s > best.score) best = { row: r, score: s }
  }
  return best
}

/** The sheet with the data: the one whose best header row names the most fields (an instructions sheet names none). */
export function findSheet(sheets: Sheet[]): number {
  let best = { index: 0, score: -1 }
  sheets.forEach((s, i) => {
    const { score: sc } = findHeaderRow(s.rows)
    if (sc > best.score) best = { index: i, score: sc }
  })
  return best.index
}
