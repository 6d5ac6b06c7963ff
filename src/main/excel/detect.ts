/**
 * Finding the data in a sheet: which sheet, which rows are the header (one, or two or three under a merged
 * heading), which column holds which field, whether the columns repeat side by side (a printed sheet in two
 * blocks), and which rows below the header are people and which are not (a second header, notes, footers).
 */
import { cleanText, toHalfWidth } from '../../shared/text'
import type { ImportField } from '../../shared/api'
import type { Cell, Sheet } from './read'
import { cellText, parseDate, parseTime } from './values'

/** Synonyms seen in real sign-in sheets and rosters, compared after `normHeader`. */
export const SYNONYMS: Record<ImportField, string[]> = {
  name: ['姓名', '名字', '党员姓名', '人员姓名', '签到人', '志愿者姓名'],
  gender: ['性别'],
  phone: ['手机', '手机号', '手机号码', '联系电话', '电话', '联系方式', '电话号码', '移动电话', '手机电话', '联系号码'],
  idCard: ['身份证', '身份证号', '身份证号码', '公民身份号码', '证件号码', '身份证件号码'],
  unit: ['工作单位', '单位', '单位名称', '所在单位', '工作单位名称', '企业名称', '用工公司', '所在学校', '学校', '所在公司', '公司名称', '就职单位', '服务单位'],
  position: ['职务', '职位', '岗位'],
  branch: ['所在党支部', '党支部', '支部', '所在支部'],
  community: ['居住社区', '所在社区', '社区', '报到社区', '居住村居', '村居', '报到村居', '村社区', '居住地社区', '所属社区'],
  estate: ['居住小区', '小区'],
  registeredAt: ['报到时间', '报到日期'],
  signedAt: ['签到时间', '签到', '到达时间', '开始时间', '到岗时间'],
  signedOutAt: ['签退', '签退时间', '离开时间', '结束时间', '离场时间', '签离时间', '退场时间', '离岗时间'],
  hours: ['服务时长', '时长', '服务时长小时', '服务小时数', '服务时间小时', '工时'],
  skills: ['特长', '个人特长', '专长'],
  veteran: ['是否退役军人', '退役军人'],
  note: ['备注'],
  // a unit list's own columns: matched only when a unit list is read (services/unitimport.ts), never on a roster
  unitKind: [],
  partyOrg: [],
  contact: []
}

export function normHeader(h: Cell): string {
  return toHalfWidth(String(h ?? ''))
    .replace(/[\s\u00a0\u200b-\u200d\ufeff]/g, '')
    .replace(/[()（）【】[\]:：*＊\-_/、.,,。]/g, '')
    .toLowerCase()
}

const NORMALISED = Object.entries(SYNONYMS).map(([field, words]) => [field as ImportField, words.map(normHeader)] as const)

/** A signature column (本人签名, 签到签字) is never a field, whatever else its header says. */
const SIGNATURE = /签名|签字/

/** The field a header names: an exact synonym first, else the longest synonym it contains. */
export function fieldOf(header: Cell): ImportField | null {
  const h = normHeader(header)
  if (!h) return null
  for (const [field, words] of NORMALISED) if (words.includes(h)) return field
  if (SIGNATURE.test(h)) return null
  let best: [ImportField, number] | null = null
  for (const [field, words] of NORMALISED) {
    for (const w of words) if (w.length >= 2 && h.includes(w) && (!best || w.length > best[1])) best = [field, w.length]
  }
  return best?.[0] ?? null
}

/** column index → field. Within a block each field has one column (the first wins); blocks repeat the fields. */
export type Mapping = Array<ImportField | null>

/** Columns [start, end) of one block of a sheet printed in side-by-side blocks. */
export interface Block {
  start: number
  end: number
}

/** The blocks a mapping describes: one per name column when the name repeats side by side, else one. */
export function blocksOf(mapping: Mapping): Block[] {
  const names = mapping.flatMap((f, c) => (f === 'name' ? [c] : []))
  if (names.length < 2) return [{ start: 0, end: mapping.length }]
  // how many columns a block has before its name column: at least those mapped (单位 before 姓名), and the
  // unmapped ones (序号) the first block has there too, as far as the gap before the next name allows
  const firstMapped = mapping.findIndex((f) => f !== null)
  let lastMapped = names[0]
  for (let c = names[0]; c < names[1]; c++) if (mapping[c]) lastMapped = c
  const lead = Math.max(names[0] - firstMapped, Math.min(names[0], names[1] - lastMapped - 1))
  return names.map((n, j) => ({ start: j === 0 ? 0 : n - lead, end: j + 1 < names.length ? names[j + 1] - lead : mapping.length }))
}

/** Each field to its first column within each block; a field repeated within a block maps once. */
function firstWins(fields: Mapping, blocks: Block[]): Mapping {
  const out: Mapping = fields.map(() => null)
  for (const b of blocks) {
    const seen = new Set<ImportField>()
    for (let c = b.start; c < b.end; c++) {
      const f = fields[c]
      if (f && !seen.has(f)) {
        seen.add(f)
        out[c] = f
      }
    }
  }
  return out
}

/**
 * Side-by-side blocks: the name column repeats at an even step and every later block's fields, at the same
 * places, are among the first block's (a right-hand block may leave a column out, never add one).
 */
function repeatedBlocks(fields: Mapping): Block[] | null {
  const names = fields.flatMap((f, c) => (f === 'name' ? [c] : []))
  if (names.length < 2) return null
  const step = names[1] - names[0]
  if (step < 2 || names.some((n, j) => j > 0 && n - names[j - 1] !== step)) return null
  if (names[0] - fields.findIndex((f) => f !== null) >= step) return null
  const blocks = blocksOf(fields)
  const first = new Map<number, ImportField>()
  for (let c = blocks[0].start; c < blocks[0].end; c++) if (fields[c]) first.set(c - names[0], fields[c]!)
  for (let j = 1; j < names.length; j++) {
    let n = 0
    for (let c = blocks[j].start; c < blocks[j].end; c++) {
      const f = fields[c]
      if (f && first.get(c - names[j]) !== f) return null
      if (f) n++
    }
    // a block repeats the first one's columns (it may leave one out), not just its name
    if (n < 2 || n < first.size - 1) return null
  }
  return blocks
}

/** The mapping a header row suggests: per block when the columns repeat side by side, else the first column per field. */
export function guessMapping(headers: Array<Cell | string[]>): Mapping {
  const fields = headers.map((h) => (Array.isArray(h) ? fieldOfParts(h) : fieldOf(h)))
  return firstWins(fields, repeatedBlocks(fields) ?? [{ start: 0, end: fields.length }])
}

/** Under a merged heading (联系方式 over 手机 | 座机): the lowest words decide, a note in brackets defers upward. */
const NOT_A_MOBILE = /^(座机|固话|固定电话|办公电话|单位电话|宅电|家庭电话|家庭住址|住址)$/
const ANNOTATION = /^[((].*[))]$|^(单位[::]?)?(小时|h|分钟|时:分|时分|元|人|次)$/i

function fieldOfParts(parts: string[]): ImportField | null {
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = cleanText(parts[i])
    if (!p || ANNOTATION.test(toHalfWidth(p))) continue
    if (NOT_A_MOBILE.test(normHeader(p))) return null
    const f = fieldOf(p)
    if (f || i === 0) return f
  }
  return null
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

/** Characters `cleanText` would change; most cells have none, and skip its work. */
const UNCLEAN = /[\s\u00a0\u3000\u200b-\u200d\u2060\ufeff\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/

/** A cell as clean text ('' when empty). */
function text(v: Cell): string {
  if (v === null || v === '') return ''
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? String(v) : cellText(v)
  if (typeof v === 'string') return UNCLEAN.test(v) ? cleanText(v) : v
  return cleanText(cellText(v))
}

/** Words that head a column without naming a field of ours. */
const HEADER_WORDS = /^(序号|编号|座机|固话|固定电话|办公电话|手机|签名|本人签名|签字|本人签字|备注|年龄|出生年月|出生日期|政治面貌|学历|民族|籍贯|上午|下午|时间|日期|开始|结束|时长|小时|次数|住址|家庭住址|居住地址|党员|是否党员|服务内容|服务项目|服务情况|联系方式)$/

/** A header cell's words: a field's synonym, a known heading, or a note on units. */
function headerish(v: string): boolean {
  if (!v || /\d{3,}/.test(v)) return false
  const n = normHeader(v)
  return fieldOf(v) !== null || HEADER_WORDS.test(n) || ANNOTATION.test(toHalfWidth(v))
}

/**
 * A row just under (or over) the header that belongs to it: every filled cell is a heading, or a copy of the
 * header cell in its column (a merged cell filled down), and at least one says something the header did not.
 */
function continues(row: Cell[], header: Cell[]): boolean {
  let adds = 0
  let filled = 0
  const texts = new Set<string>()
  for (let c = 0; c < row.length; c++) {
    const v = text(row[c])
    if (!v) continue
    filled++
    texts.add(v)
    if (v === text(header[c])) continue
    if (!headerish(v)) return false
    adds++
  }
  return filled > 0 && (adds > 0 || filled > 1) && !(texts.size === 1 && filled > 2 && adds === filled)
}

/** Where the header is: its first row, how many rows it spans, its words per column and the mapping they suggest. */
export interface Layout {
  /** first row of the header; -1 when the sheet has none and its first row is data */
  headerRow: number
  /** rows the header spans (two or three under a merged heading) */
  headerRows: number
  headers: string[]
  mapping: Mapping
  /** no header: the columns were guessed from what they hold */
  guessed: boolean
}

/**
 * The layout of a sheet: the header row given, or the best among the first 20 rows, extended over a merged
 * heading above it and sub-headings below it. Null when there is none.
 */
export function findLayout(rows: Cell[][], headerRow?: number): Layout | null {
  let top = headerRow ?? findHeaderRow(rows).row
  if (top === -1 && headerRow === -1) return headerless(rows)
  if (top < 0 || top >= rows.length) return null
  let bottom = top
  if (headerRow === undefined) {
    if (top > 0 && continues(rows[top - 1], rows[top]) && rows[top - 1].some((v, c) => text(v) && text(v) === text(rows[top][c]))) top--
    while (bottom - top < 2 && bottom + 1 < rows.length && continues(rows[bottom + 1], rows[bottom])) bottom++
  } else {
    while (bottom - top < 2 && bottom + 1 < rows.length && continues(rows[bottom + 1], rows[bottom])) bottom++
  }
  const width = rows[top].length
  const parts: string[][] = []
  for (let c = 0; c < width; c++) {
    const p: string[] = []
    for (let r = top; r <= bottom; r++) {
      const v = text(rows[r][c])
      if (v && p.at(-1) !== v) p.push(v)
    }
    parts.push(p)
  }
  return { headerRow: top, headerRows: bottom - top + 1, headers: parts.map((p) => p.join('/')), mapping: guessMapping(parts), guessed: false }
}

// ---------- a list without a header ----------

const CJK_NAME = /^[\u4e00-\u9fff]{2,4}$/
const NOT_NAMES = /^(姓名|名字|人员|名单|单位|电话|手机|社区|备注|合计|序号|签名|时间|日期|男|女|是|否)$/
const UNITISH = /(公司|局|学校|中学|小学|大学|学院|医院|中心|银行|委员会|委|办|所|院|厂|集团|部|站|队|处|科|会|馆)$/

/**
 * A sheet with no header whose data starts on the first row: when a column is plainly names (two to four
 * Chinese characters, mostly different), the other columns are guessed from what they hold.
 */
export function headerless(rows: Cell[][]): Layout | null {
  const sample = rows.slice(0, 200)
  const width = Math.max(0, ...sample.map((r) => r.length))
  if (!width) return null
  const columns = Array.from({ length: width }, (_, c) => sample.map((r) => text(r[c] ?? null)).filter(Boolean))
  const share = (vs: string[], test: (v: string) => boolean): number => (vs.length ? vs.filter(test).length / vs.length : 0)
  let nameCol = -1
  let best = 0
  columns.forEach((vs, c) => {
    const names = vs.filter((v) => CJK_NAME.test(v) && !NOT_NAMES.test(v))
    const distinct = new Set(names).size
    const s = share(vs, (v) => CJK_NAME.test(v) && !NOT_NAMES.test(v))
    if (names.length >= 3 && s >= 0.8 && distinct >= names.length * 0.8 && s > best) {
      best = s
      nameCol = c
    }
  })
  if (nameCol < 0) return null
  const fields: Mapping = columns.map((vs, c): ImportField | null => {
    if (c === nameCol) return 'name'
    if (!vs.length) return null
    const digits = (v: string): string => v.replace(/[\s\-–—]/g, '')
    if (share(vs, (v) => /^1[3-9]\d{9}$/.test(digits(v))) >= 0.6) return 'phone'
    if (share(vs, (v) => /^\d{17}[\dxX]$/.test(digits(v))) >= 0.6) return 'idCard'
    if (share(vs, (v) => v === '男' || v === '女') >= 0.8) return 'gender'
    if (share(vs, (v) => /(社区|村)$/.test(v)) >= 0.6) return 'community'
    if (share(vs, (v) => /^\d{1,2}[:：点时]\d{0,2}/.test(v) || /^0\.\d+$/.test(v)) >= 0.6) return 'signedAt'
    if (share(vs, (v) => UNITISH.test(v) && v.length >= 3) >= 0.5) return 'unit'
    return null
  })
  // a second time column is the sign-out
  const times = fields.flatMap((f, c) => (f === 'signedAt' ? [c] : []))
  if (times.length >= 2) fields[times[1]] = 'signedOutAt'
  return { headerRow: -1, headerRows: 0, headers: fields.map(() => ''), mapping: firstWins(fields, [{ start: 0, end: width }]), guessed: true }
}

// ---------- rows below the header: people, and what is not ----------

/** One row read as a record: its row number in the sheet (1-based), its block (when blocks repeat) and values. */
export interface Extracted {
  index: number
  block?: number
  values: Partial<Record<ImportField, string>>
  idNumeric?: boolean
  /** why this row is not taken as a person, if it is not */
  leftOut?: string
  /** the row's text, for the clerk to see what was left out */
  text?: string
}

const FOOTER = /填表人|填报人|制表人|审核人|审批人|负责人|经办人|统计人|签字|签章|盖章|[((]章[))]|合计|总计|小计|共计|^注[::]|^备注|^说明|填表日期|填报日期|报送日期|^日期[::]/
const NOTE = /请用|请勿|务必|正楷|以下空白|以下无|此页|本表|此表|填写说明|签到须知|注意事项|如有|请于/
const TITLE = /签到表|签到册|签到簿|名册|花名册|登记表|统计表|一览表|汇总表|报名表|名单/
const ACTIVITY = /活动(名称|主题|时间|日期|地点|内容)|^(时间|日期|地点)[::]/

/** Why a line of text is not a person, as the clerk will read it. */
function whyNot(t: string): string | null {
  if (FOOTER.test(t)) return /合计|总计|小计|共计/.test(t) ? '合计行' : /^注|^备注|^说明/.test(t) ? '备注' : '落款(填表人、审核人、签字盖章等)'
  if (NOTE.test(t)) return '表格下方的说明文字'
  if (TITLE.test(t)) return '标题行(表格内重复打印的标题)'
  if (ACTIVITY.test(t)) return '活动信息行(表格内重复打印的标题)'
  return null
}

/**
 * The records below the header, block by block in reading order (the left block top to bottom, then the next).
 * Blank rows and pre-numbered empty rows are skipped silently; rows that are not people (a second header, a
 * repeated title, a note merged across the table, footers) come back with `leftOut` saying why.
 */
export function extractRows(rows: Cell[][], layout: Layout): Extracted[] {
  const { mapping } = layout
  const blocks = blocksOf(mapping)
  const first = Math.max(layout.headerRow, 0) + layout.headerRows
  const headerTexts: Array<Set<string>> = mapping.map((_, c) => {
    const s = new Set<string>()
    for (let r = Math.max(layout.headerRow, 0); r < first; r++) {
      const v = text(rows[r]?.[c] ?? null)
      if (v) s.add(v)
    }
    return s
  })
  const identified = mapping.some((f) => f === 'name' || f === 'phone' || f === 'idCard')
  const whole: Extracted[] = []
  const byBlock: Extracted[][] = blocks.map(() => [])
  // the lower rows of a header over two or three rows are shown as such
  for (let r = layout.headerRow + 1; r < first; r++) {
    const t = [...new Set(rows[r].map(text).filter(Boolean))].join(' | ')
    if (t) whole.push(leftOutRow(rows[r], r + 1, mapping, `表头的第${r - layout.headerRow + 1}行(与上面的表头合起来才是列名)`, t))
  }
  for (let r = first; r < rows.length; r++) {
    const row = rows[r]
    // the row as a whole: blank, a repeated header, or one text merged across the table
    const filled: string[] = []
    let headerCells = 0
    let same = true
    for (let c = 0; c < row.length; c++) {
      const v = row[c]
      if (v === null || v === '') continue
      const t = text(v)
      if (!t) continue
      if (filled.length && t !== filled[0]) same = false
      filled.push(t)
      if (headerTexts[c]?.has(t)) headerCells++
    }
    if (!filled.length) continue
    const index = r + 1
    if (headerCells >= 2 && headerCells * 2 >= filled.length) {
      const distinct = new Set(filled)
      whole.push(leftOutRow(row, index, mapping, '重复的表头', [...distinct].join(' | ')))
      continue
    }
    if (filled.length >= 2 && same && !/^\d+(\.\d+)?$/.test(filled[0])) {
      whole.push(leftOutRow(row, index, mapping, whyNot(filled[0]) ?? '跨整行合并的说明文字', filled[0]))
      continue
    }
    blocks.forEach((b, j) => {
      const e = recordOf(rows, r, b, mapping, identified)
      if (e) byBlock[j].push(blocks.length > 1 ? { ...e, block: j + 1 } : e)
    })
  }
  // left-out rows of the whole sheet are listed with the first block, in row order
  const out = [...byBlock[0], ...whole].sort((a, b) => a.index - b.index)
  return [...out, ...byBlock.slice(1).flat()]
}

/** A row's values in one block, with the texts of all its cells there. */
function valuesOf(row: Cell[], b: Block, mapping: Mapping): { values: Extracted['values']; idNumeric: boolean; any: boolean; texts: string[] } {
  const values: Extracted['values'] = {}
  let idNumeric = false
  let any = false
  const texts: string[] = []
  for (let c = b.start; c < b.end; c++) {
    const v = row[c] ?? null
    if (v === null || v === '') continue
    const t = text(v)
    if (!t) continue
    texts.push(t)
    const field = mapping[c]
    if (!field || values[field] !== undefined) continue
    if (field === 'idCard' && typeof v === 'number') idNumeric = true
    values[field] = cellValue(field, v, t)
    any = true
  }
  return { values, idNumeric, any, texts }
}

/** A row of the first block as a record the clerk may bring back, though it was left out. */
function leftOutRow(row: Cell[], index: number, mapping: Mapping, leftOut: string, t: string): Extracted {
  const { values, idNumeric } = valuesOf(row, blocksOf(mapping)[0], mapping)
  return { index, values, ...(idNumeric ? { idNumeric } : {}), leftOut, text: t }
}

function recordOf(rows: Cell[][], r: number, b: Block, mapping: Mapping, identified: boolean): Extracted | null {
  const { values, idNumeric, texts } = valuesOf(rows[r], b, mapping)
  if (!texts.length) return null
  const base = { index: r + 1, values, ...(idNumeric ? { idNumeric } : {}) }
  // until a name, phone or ID column is mapped, any row with something in it is shown
  if (!identified) return base
  const name = values.name ?? ''
  const hasId = /\d/.test(values.phone ?? '') || /\d/.test(values.idCard ?? '')
  if (name) {
    // a name cell that is a footer or a note (活动负责人:, 填表人: 审核人:, 请用正楷签名), or a row led by one (合计 | 3人)
    const lead = !hasId && texts[0] !== name && FOOTER.test(texts[0]) ? whyNot(texts[0]) : null
    if (lead) return { ...base, leftOut: lead, text: texts.join(' | ') }
    const why = /[::]/.test(name) ? (whyNot(name) ?? '落款或说明(姓名栏中有冒号)') : whyNot(name)
    if (why && (!hasId || FOOTER.test(name))) return { ...base, leftOut: why, text: texts.join(' | ') }
    if (!hasId && /^[\u4e00-\u9fff,,。;;、]{7,}$/.test(name)) return { ...base, leftOut: '表格下方的说明文字', text: texts.join(' | ') }
    return base
  }
  if (hasId) return base
  // nothing that names a person: a pre-numbered empty row (numbers only, or cells merged down from above) is
  // skipped silently; any other text is shown
  const own = texts.filter((t) => !/^\d+$/.test(t) && !sameAsAbove(rows, r, b, t))
  if (!own.length) return null
  const footer = own.map(whyNot).find(Boolean)
  return { ...base, leftOut: footer ?? '没有姓名、手机号或身份证号', text: texts.join(' | ') }
}

/** A cell that repeats the one above it (a merged unit or date filled down over empty rows). */
function sameAsAbove(rows: Cell[][], r: number, b: Block, t: string): boolean {
  if (r === 0) return false
  for (let c = b.start; c < b.end; c++) if (text(rows[r][c] ?? null) === t && text(rows[r - 1][c] ?? null) === t) return true
  return false
}

/** A cell as the text a field takes: Excel dates and times become 2020-04-15 and 08:30. */
function cellValue(field: ImportField, v: Cell, t: string): string {
  if (typeof v === 'number') {
    if (field === 'registeredAt') return parseDate(v) ?? t
    if (field === 'signedAt' || field === 'signedOutAt') return parseTime(v) ?? t
  }
  return t
}

/** The text of the rows above the header (title lines), one string per row. */
export function titleLines(rows: Cell[][], headerRow: number): string[] {
  const out: string[] = []
  for (let r = 0; r < Math.max(headerRow, 0) && r < 20; r++) {
    const t = [...new Set(rows[r].map(text).filter(Boolean))].join('  ')
    if (t) out.push(t)
  }
  return out
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
