/**
 * Importing rosters (名册) and sign-in sheets (签到表): read → detect → evaluate every row (preview) → commit
 * in one transaction, recorded as a batch that can be undone exactly.
 *
 * No person is dropped without the clerk seeing it: rows that are not people are listed with the reason they
 * were left out (and can be brought back), rows the import will skip say why, and the summary counts them.
 */
import { createHash } from 'node:crypto'
import {
  IMPORT_FIELD_LABELS,
  importFieldLabel,
  type Event,
  type FileOut,
  type ImportBatch,
  type ImportCandidate,
  type ImportField,
  type ImportKind,
  type ImportLeftOut,
  type ImportPreview,
  type ImportRowInput,
  type ImportSheetInfo,
  type ImportSheetPart,
  type ImportSummary,
  type ImportTarget,
  type ImportUndoCheck,
  type Page,
  type Parsed,
  type RowOutcome
} from '../../shared/api'
import { cleanText, durationHours, safeFileName, idCardProblem, isMobile, maskPhone, normalizeIdCard, normalizeName, normalizePhone, todayBeijing } from '../../shared/text'
import type { CallContext } from '../errors'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { blocksOf, extractRows, findHeaderRow, findLayout, headerless, normHeader, titleLines, type Extracted, type Layout, type Mapping } from '../excel/detect'
import { readWorkbook, type Cell, type Sheet } from '../excel/read'
import { rejectedRows, rosterTemplate, signinTemplate, unitTemplate } from '../excel/write'
import { cellText, dayWord, hoursBetween, parseDate, parseHours, parseTime, parseYesNo, titleInfo, type DayHours } from '../excel/values'
import { AppError, notFound } from '../errors'
import { assertAttachable, COMMUNITY, nowIso, prepared, searchKey, sortKey, toPage } from './common'
import { getEvent } from './event'
import { commitUnits, evaluateUnits, unitMapping } from './unitimport'
import { insertMember, memberInput, writeMember } from './member'
import type { ChangeRecorder } from './registration'
import { dayHours, eventCategories, getSetting } from './settings'


// ---------- reading the file into rows ----------

const headerKey = (headers: string[]): string => headers.map(normHeader).join('|')

/** Where a row is, as the clerk finds it in the file: 第12行, 右栏第12行, 工作表"6月13日"第12行. */
function place(row: Pick<ImportRowInput, 'index' | 'sheet' | 'block'>, sheetNames?: string[]): string {
  const sheet = row.sheet === undefined ? '' : sheetNames ? `工作表"${sheetNames[row.sheet]}"` : `第${row.sheet + 1}个工作表`
  return `${sheet}${blockName(row.block)}第${row.index}行`
}

function blockName(block: number | undefined): string {
  if (!block) return ''
  return block === 1 ? '左栏' : block === 2 ? '右栏' : `第${block}栏`
}

interface Analysed {
  blank: boolean
  layout: Layout | null
  remembered: boolean
  records: Extracted[]
  leftOut: Extracted[]
}

/** One sheet: its layout (given, remembered or found), then its rows read block by block. */
function analyse(db: DB, sheet: Sheet, ov: { headerRow?: number; mapping?: Mapping } | undefined, kind?: ImportKind): Analysed {
  const rows = sheet.rows
  const blank = !rows.some((r) => r.some((v) => v !== null && cleanText(cellText(v)) !== ''))
  if (blank) return { blank, layout: null, remembered: false, records: [], leftOut: [] }
  let layout: Layout | null
  if (ov?.headerRow === -1) {
    const width = rows.reduce((w, r) => Math.max(w, r.length), 0)
    layout = headerless(rows) ?? { headerRow: -1, headerRows: 0, headers: Array<string>(width).fill(''), mapping: Array<null>(width).fill(null), guessed: false }
  } else if (ov?.headerRow !== undefined) layout = findLayout(rows, ov.headerRow)
  else layout = findLayout(rows, rememberedHeaderRow(db, rows) ?? undefined) ?? headerless(rows)
  if (!layout) return { blank, layout: null, remembered: false, records: [], leftOut: [] }
  const remembered = ov?.mapping || layout.headers.every((h) => !h) ? null : rememberedMapping(db, layout.headers)
  // a unit list names its columns its own way (单位名称, 结对村居 …)
  const guessed = kind === 'unit' && !layout.guessed ? unitMapping(layout.headers) : layout.mapping
  const mapping = [...(ov?.mapping ?? remembered ?? guessed)].slice(0, layout.headers.length)
  while (mapping.length < layout.headers.length) mapping.push(null)
  layout = { ...layout, mapping }
  // a unit's name is often seven characters or more, which a roster would take for a note under the table
  const all = extractRows(rows, layout).map((e) =>
    kind === 'unit' && e.leftOut === '表格下方的说明文字' && e.values.name && !/[,,。;;、]/.test(e.values.name) ? { ...e, leftOut: undefined, text: undefined } : e
  )
  return { blank, layout, remembered: !!remembered, records: all.filter((e) => !e.leftOut), leftOut: all.filter((e) => e.leftOut) }
}

const toRow = (e: Extracted, sheet: number | undefined): ImportRowInput => ({
  index: e.index,
  ...(sheet !== undefined ? { sheet } : {}),
  ...(e.block ? { block: e.block } : {}),
  values: e.values,
  ...(e.idNumeric ? { idNumeric: true } : {})
})

const beijingYear = (): number => +todayBeijing().slice(0, 4)

export async function readImport(db: DB, q: Parsed<'import.read'>, ctx: CallContext): Promise<ImportPreview> {
  ctx.progress({ task: '读取文件', done: 0, total: 1 })
  await new Promise((r) => setImmediate(r))
  const buf = Buffer.from(q.fileBase64, 'base64')
  const fileHash = createHash('sha256').update(buf).digest('hex')
  if (q.bySheet && q.kind !== 'signin') throw new AppError('invalid', '只有签到表可以按工作表分别导入到各自的活动。')
  const event = q.bySheet ? null : target(db, q.kind, q.eventId)
  const sheets = readWorkbook(q.fileName, buf)
  if (sheets.length === 0) throw new AppError('invalid', '文件中没有工作表。')
  const year = event ? +event.date.slice(0, 4) : beijingYear()
  // the header row and mapping given apply to the sheet asked for (or, if none was, to the one shown)
  const given = q.headerRow !== undefined || q.mapping ? { headerRow: q.headerRow, mapping: q.mapping } : undefined
  const analysed = sheets.map((s, i) => analyse(db, s, i === q.sheet && given ? given : q.overrides?.find((o) => o.sheet === i), q.kind))
  const sheetInfo: ImportSheetInfo[] = sheets.map((s, i) => {
    const a = analysed[i]
    const lines = a.layout ? titleLines(s.rows, a.layout.headerRow) : []
    return { name: s.name, people: a.records.length, date: titleInfo(lines, s.name, year).date }
  })
  // the sheet shown: the one asked for, else the one with the most people (a real header before a guessed one)
  const rank = (i: number): number => (analysed[i].layout && !analysed[i].layout!.guessed ? 1e6 : 0) + analysed[i].records.length * 10 + Math.min(findHeaderRow(sheets[i].rows).score, 9)
  const shown = q.sheet !== undefined && q.sheet < sheets.length ? q.sheet : sheets.reduce((best, _, i) => (rank(i) > rank(best) ? i : best), 0)
  const others = (except: number[]): string =>
    sheetInfo
      .map((s, i) => ({ ...s, i }))
      .filter((s) => !except.includes(s.i) && s.people > 0)
      .map((s) => `"${s.name}"(${s.people}人)`)
      .join('、')
  if (q.sheet === undefined && given) analysed[shown] = analyse(db, sheets[shown], given, q.kind)
  const main = analysed[shown]
  const name = sheets[shown].name
  if (main.blank) {
    const elsewhere = others([shown])
    throw new AppError('invalid', `这个表格里没有人员记录:工作表"${name}"是空的。${elsewhere ? `工作表${elsewhere}中有人员,请改选该工作表。` : '请确认选对了文件。'}`)
  }
  if (!main.layout) {
    const elsewhere = others([shown])
    throw new AppError(
      'invalid',
      `在工作表"${name}"的前20行中没有找到表头(如"姓名""手机号码"这样的列名)。${elsewhere ? `工作表${elsewhere}中有人员,可改选该工作表;` : ''}请确认选对了文件和工作表,或手动指定表头所在行;如果表格没有表头、第一行就是数据,请选择"第一行就是数据"。`
    )
  }
  let taken = [...new Set([shown, ...(q.sheets ?? (q.bySheet ? sheetInfo.flatMap((s, i) => (s.people > 0 ? [i] : [])) : []))])].filter((i) => i < sheets.length)
  taken = taken.filter((i) => i === shown || analysed[i].layout).sort((a, b) => a - b)
  const multi = taken.length > 1 || !!q.bySheet
  const rows: ImportRowInput[] = []
  const leftOut: ImportLeftOut[] = []
  for (const i of taken) {
    for (const e of analysed[i].records) rows.push(toRow(e, multi ? i : undefined))
    for (const e of analysed[i].leftOut) leftOut.push({ row: toRow(e, multi ? i : undefined), reason: e.leftOut!, text: e.text ?? '' })
  }
  if (!rows.length) {
    const elsewhere = others(taken)
    const besides = leftOut.length ? `(表头以下只有${[...new Set(leftOut.map((l) => l.reason.replace(/[((].*$/, '')))].join('、')})` : ''
    throw new AppError(
      'invalid',
      `这个表格里没有人员记录:工作表"${name}"只有表头,没有填写人员${besides},可能是空白模板。${elsewhere ? `工作表${elsewhere}中有人员,请改选该工作表。` : '请确认选对了文件,填好人员后再导入。'}`
    )
  }
  const parts: ImportSheetPart[] = taken.map((i) => {
    const l = analysed[i].layout!
    return {
      sheet: i, name: sheets[i].name, headerRow: l.headerRow, headerRows: l.headerRows, headers: l.headers, mapping: l.mapping,
      blocks: blocksOf(l.mapping), remembered: analysed[i].remembered, guessed: l.guessed
    }
  })
  const bySheet = q.bySheet ? { communityId: q.bySheet.communityId ?? null, targets: sheetTargets(db, q.bySheet.communityId ?? null, taken, sheets, analysed, year) } : null
  const targets = bySheet ? targetsOf(db, bySheet.communityId, bySheet.targets) : null
  const day = dayHours(db)
  const outcomes = q.kind === 'unit' ? evaluateUnits(db, rows) : await evaluateWithProgress(db, q.kind, targets ? (r) => targets.get(r.sheet ?? -1) ?? null : () => event && eventTarget(event), rows, day, ctx)
  // a sheet whose name (or phone) column is not mapped yet: every row says which column to point out
  const required: ImportField[] = q.kind === 'roster' ? ['name', 'phone', 'community', 'registeredAt'] : ['name']
  const label = (f: ImportField): string => importFieldLabel(q.kind, f)
  for (const part of parts) {
    const missing = required.filter((f) => !part.mapping.includes(f))
    if (!missing.length) continue
    rows.forEach((r, j) => {
      if ((r.sheet ?? part.sheet) !== part.sheet) return
      outcomes[j] = { ...outcomes[j], action: 'error', label: '缺少列', problems: { ...outcomes[j].problems, row: `请指定"${missing.map(label).join('""')}"所在的列` } }
    })
  }
  const mainPart = parts.find((p) => p.sheet === shown)!
  return {
    fileName: q.fileName,
    fileHash,
    sheets: sheets.map((s) => s.name),
    sheet: shown,
    headerRow: mainPart.headerRow,
    headers: mainPart.headers,
    mapping: mainPart.mapping,
    remembered: mainPart.remembered,
    parts,
    sheetInfo,
    bySheet,
    already: alreadyImported(db, fileHash, q.kind, event?.id ?? null),
    rows,
    outcomes,
    leftOut,
    summary: summarize(q.kind, rows, outcomes, bySheet?.targets),
    dayHours: day
  }
}

/** A header row the clerk has mapped before, even if no synonym names its columns. */
function rememberedHeaderRow(db: DB, rows: Cell[][]): number | null {
  for (let r = 0; r < Math.min(rows.length, 20); r++) {
    if (rows[r].some((c) => c !== null && c !== '') && rememberedMapping(db, rows[r].map((h) => cleanText(cellText(h))))) return r
  }
  return null
}

function rememberedMapping(db: DB, headers: string[]): Mapping | null {
  const raw = db.prepare('SELECT mapping FROM import_mapping WHERE header_key = ?').pluck().get(headerKey(headers)) as string | undefined
  return raw ? (JSON.parse(raw) as Mapping) : null
}

function alreadyImported(db: DB, sha: string, kind: ImportKind, eventId: number | null): { batchId: number; at: string } | null {
  const row = db
    .prepare('SELECT id, created_at FROM import_batch WHERE sha256 = ? AND kind = ? AND event_id IS ? AND undone_at IS NULL ORDER BY id DESC')
    .get(sha, kind, eventId) as { id: number; created_at: string } | undefined
  return row ? { batchId: row.id, at: row.created_at } : null
}

function target(db: DB, kind: ImportKind, eventId: number | undefined): Event | null {
  if (kind !== 'signin') return null
  if (!eventId) throw new AppError('invalid', '导入签到表前请先选择活动。')
  const event = getEvent(db, eventId)
  if (event.archivedAt) throw new AppError('invalid', `活动"${event.title}"已归档,请先恢复该活动再导入签到表。`)
  return event
}

// ---------- where a sign-in goes: one activity, or one per sheet ----------

/** The activity rows are signed in to: an existing one (id), or one the commit will create (id null). */
interface Target {
  id: number | null
  communityId: number | null
  title: string
  date: string
  startTime: string
  endTime: string
  /** why rows cannot go there yet */
  problem?: string
}

const eventTarget = (e: Event): Target => ({ id: e.id, communityId: e.communityId, title: e.title, date: e.date, startTime: e.startTime, endTime: e.endTime })

/** For each sheet, the community's activity on the sheet's day (by its title if there are several), else a new one. */
function sheetTargets(db: DB, communityId: number | null, taken: number[], sheets: Sheet[], analysed: Analysed[], year: number): ImportTarget[] {
  const onDay = db.prepare("SELECT id, title, start_time AS startTime, end_time AS endTime FROM event WHERE community_id = ? AND date = ? AND archived_at IS NULL ORDER BY id")
  return taken.map((i) => {
    const a = analysed[i]
    const info = titleInfo(titleLines(sheets[i].rows, a.layout?.headerRow ?? 0), sheets[i].name, year)
    const date = info.date ?? ''
    const candidates = communityId && date ? (onDay.all(communityId, date) as ImportTarget['candidates']) : []
    const title = info.title || `志愿服务活动(${sheets[i].name})`
    const chosen = candidates.find((c) => c.title === title) ?? candidates[0]
    // without times in the title lines, the activity runs from the first sign-in to the last sign-out
    const ins = a.records.map((e) => parseTime(e.values.signedAt ?? '')).filter((t): t is string => !!t).sort()
    const outs = a.records.map((e) => parseTime(e.values.signedOutAt ?? '')).filter((t): t is string => !!t).sort()
    const startTime = info.startTime || (info.endTime ? '' : (ins[0] ?? ''))
    const endTime = info.endTime || (info.startTime ? '' : (outs.at(-1) ?? ''))
    return {
      sheet: i, sheetName: sheets[i].name, rows: a.records.length, candidates,
      eventId: chosen?.id ?? null,
      title: chosen?.title ?? title,
      date,
      startTime: chosen ? chosen.startTime : startTime,
      endTime: chosen ? chosen.endTime : endTime > startTime ? endTime : ''
    }
  })
}

/** The targets as given, checked: existing activities must be there and open, new ones need a community and a day. */
type TargetInput = { sheet: number; eventId: number | null; title: string; date: string; startTime?: string; endTime?: string }

function targetsOf(db: DB, communityId: number | null, targets: TargetInput[]): Map<number, Target> {
  const out = new Map<number, Target>()
  for (const t of targets) {
    if (t.eventId) {
      const e = db.prepare('SELECT id, community_id AS communityId, title, date, start_time AS startTime, end_time AS endTime, archived_at AS archivedAt FROM event WHERE id = ?').get(t.eventId) as
        | (Target & { archivedAt: string | null; id: number })
        | undefined
      if (!e) out.set(t.sheet, { ...t, id: null, communityId, startTime: t.startTime ?? '', endTime: t.endTime ?? '', problem: '所选活动已不存在,请重新选择' })
      else out.set(t.sheet, { id: e.id, communityId: e.communityId, title: e.title, date: e.date, startTime: e.startTime, endTime: e.endTime, ...(e.archivedAt ? { problem: `活动"${e.title}"已归档,请先恢复或改选其他活动` } : {}) })
    } else {
      const problem = !communityId ? '请先选择这些活动所属的社区' : !t.date ? '请填写这个工作表的活动日期' : undefined
      out.set(t.sheet, { id: null, communityId, title: t.title, date: t.date, startTime: t.startTime ?? '', endTime: t.endTime ?? '', ...(problem ? { problem } : {}) })
    }
  }
  return out
}

// ---------- evaluating rows against the registers ----------

interface Lookup {
  /** fetches at once the members a file's phones and ID numbers name */
  prefetch(phones: string[], ids: string[]): void
  community(name: string): { id: number | null; problem?: string }
  unitId(name: string): number | null
  byPhone(phone: string): MemberHit[]
  byIdCard(id: string): MemberHit[]
  byName(name: string): MemberHit[]
  signedIn(eventId: number, memberId: number): boolean
}

interface MemberHit {
  id: number
  name: string
  unitName: string | null
  communityName: string
  phone: string
  idCard: string | null
  status: string
}

/** The one community whose name is a character away from what was typed (鸿祥 → 鸿翔社区), if exactly one is. */
function nearest(typed: string, communities: Array<{ name: string }>): { name: string } | undefined {
  const close = communities.filter((c) => {
    const s = c.name.replace(SUFFIX, '')
    return s.includes(typed) || typed.includes(s) || editDistance(s, typed) <= 1
  })
  return close.length === 1 ? close[0] : undefined
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      diag = up
    }
  }
  return prev[b.length]
}

const SUFFIX = /(社区居委会|社区居民委员会|村民委员会|居委会|村委会|社区|村)$/

function lookup(db: DB): Lookup {
  const communities = db.prepare('SELECT id, name FROM community WHERE archived_at IS NULL').all() as Array<{ id: number; name: string }>
  const exact = new Map(communities.map((c) => [c.name, c.id]))
  const stem = new Map<string, Array<{ id: number; name: string }>>()
  for (const c of communities) {
    const s = c.name.replace(SUFFIX, '')
    stem.set(s, [...(stem.get(s) ?? []), c])
  }
  const communityCache = new Map<string, { id: number | null; problem?: string }>()
  const units = new Map((db.prepare('SELECT id, name FROM unit').all() as Array<{ id: number; name: string }>).map((u) => [u.name, u.id]))
  const memberSql = `SELECT m.id, m.name, u.name AS unitName, c.name AS communityName, m.phone, m.id_card AS idCard, m.status FROM member m
    JOIN community c ON c.id = m.community_id LEFT JOIN unit u ON u.id = m.unit_id
    WHERE m.archived_at IS NULL AND +m.status IN ('在册', '未报到')` // (+: found by phone, ID or name, never by status)
  const name = db.prepare(`${memberSql} AND m.name = ? ORDER BY m.id LIMIT 20`)
  const signed = db.prepare('SELECT member_id FROM attendance WHERE event_id = ?').pluck()
  const signedByEvent = new Map<number, Set<number>>()
  // the members the file's phones and ID numbers name, fetched a few hundred at a time rather than row by row
  const byPhone = new Map<string, MemberHit[]>()
  const byIdCard = new Map<string, MemberHit[]>()
  const fetch = (col: 'phone' | 'id_card', keys: string[], into: Map<string, MemberHit[]>): void => {
    const fresh = [...new Set(keys)].filter((k) => k && !into.has(k))
    for (const k of fresh) into.set(k, [])
    for (let i = 0; i < fresh.length; i += 500) {
      const chunk = fresh.slice(i, i + 500)
      const hits = db.prepare(`${memberSql} AND m.${col} IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as MemberHit[]
      for (const h of hits.sort((a, b) => a.id - b.id)) into.get(col === 'phone' ? h.phone : h.idCard!)?.push(h)
    }
  }
  return {
    prefetch(phones, ids) {
      fetch('phone', phones, byPhone)
      fetch('id_card', ids, byIdCard)
    },
    community(raw) {
      const cached = communityCache.get(raw)
      if (cached) return cached
      const n = raw.replace(/\s/g, '')
      let found: { id: number | null; problem?: string }
      const id = exact.get(n) ?? exact.get(`${n}社区`) ?? exact.get(`${n}村`)
      const same = stem.get(n.replace(SUFFIX, '')) ?? []
      if (id) found = { id }
      else if (same.length === 1) found = { id: same[0].id }
      else {
        const near = nearest(n.replace(SUFFIX, ''), communities)
        found = { id: null, problem: `未找到社区"${raw}"${near ? `(是否指"${near.name}"?)` : ',请先在村居中新建,或改为已有的村居名称'}` }
      }
      communityCache.set(raw, found)
      return found
    },
    unitId: (n) => units.get(n) ?? null,
    byPhone: (p) => (byPhone.has(p) ? byPhone : (fetch('phone', [p], byPhone), byPhone)).get(p)!,
    byIdCard: (i) => (byIdCard.has(i) ? byIdCard : (fetch('id_card', [i], byIdCard), byIdCard)).get(i)!,
    byName: (n) => name.all(n) as MemberHit[],
    signedIn: (e, m) => {
      let set = signedByEvent.get(e)
      if (!set) signedByEvent.set(e, (set = new Set(signed.all(e) as number[])))
      return set.has(m)
    }
  }
}

/** A row's values normalised, each with the problem or note it raises. */
interface Clean {
  name: string
  phone: string
  idCard: string
  unit: string
  gender: '' | '男' | '女'
  community: { id: number | null; problem?: string } | null
  registeredAt: string | null
  signedAt: string | null
  hours: number | null
  skills: string[]
  veteran: boolean | null
  position: string
  branch: string
  estate: string
  note: string
  problems: RowOutcome['problems']
  warnings: RowOutcome['warnings']
}

/** A phone as programs write it: 13800138000.0 (a float turned to text) is 13800138000; 1.38001E+10 has lost digits. */
function phoneText(raw: string): { phone: string; problem?: string } {
  const t = cleanText(raw)
  const float = /^(\d{11})\.0+$/.exec(t)
  if (float) return { phone: float[1] }
  const sci = /^(\d)\.(\d+)e\+?(\d+)$/i.exec(t)
  if (sci) {
    const n = Number(t)
    if (sci[2].length >= +sci[3] && Number.isInteger(n)) return { phone: String(n) }
    return { phone: '', problem: `手机号被显示成了科学计数"${t}",后几位已丢失;请在原表中把该列设为文本,重新填写完整号码` }
  }
  return { phone: normalizePhone(raw) }
}

function clean(row: ImportRowInput, kind: ImportKind, event: Target | null, look: Lookup, day: DayHours): Clean {
  const v = row.values
  const problems: RowOutcome['problems'] = {}
  const warnings: RowOutcome['warnings'] = {}
  const name = normalizeName(v.name ?? '')
  if (!name) problems.name = '缺少姓名'
  else if (name.length > 30) problems.name = '姓名过长'
  const p = phoneText(v.phone ?? '')
  const phone = p.phone
  if (p.problem) problems.phone = p.problem
  else if (phone && !isMobile(phone)) problems.phone = /^\d+$/.test(phone) ? `手机号应为11位(现为${phone.length}位)` : '手机号应为11位数字'
  else if (!phone && kind === 'roster') problems.phone = '缺少手机号'
  let idCard = normalizeIdCard(v.idCard ?? '')
  if (idCard) {
    const problem = row.idNumeric ? '身份证号已被Excel转为数字、末位丢失,该身份证号不会导入;请在原表中把该列设为文本后重新填写' : idCardProblem(idCard)
    if (problem) {
      warnings.idCard = row.idNumeric ? problem : `${problem},该身份证号不会导入`
      idCard = ''
    }
  }
  const gender = cleanText(v.gender ?? '')
  if (gender && gender !== '男' && gender !== '女') problems.gender = '性别应为"男"或"女"'
  const community = v.community ? look.community(v.community) : null
  if (community?.problem) problems.community = community.problem
  if (kind === 'roster' && !v.community) problems.community = '缺少居住社区'
  let registeredAt: string | null = null
  if (v.registeredAt) {
    registeredAt = parseDate(v.registeredAt, event?.date ? +event.date.slice(0, 4) : new Date().getFullYear())
    if (!registeredAt) problems.registeredAt = `日期无法识别:"${v.registeredAt}",请写成 2020-04-15`
  } else if (kind === 'roster') problems.registeredAt = '缺少报到日期'
  let signedAt: string | null = null
  if (v.signedAt) {
    signedAt = parseTime(v.signedAt)
    if (!signedAt) problems.signedAt = `签到时间无法识别:"${v.signedAt}",请写成 08:30`
  }
  let signedOutAt: string | null = null
  if (v.signedOutAt) {
    signedOutAt = parseTime(v.signedOutAt)
    if (!signedOutAt) problems.signedOutAt = `签退时间无法识别:"${v.signedOutAt}",请写成 11:30`
  }
  // hours: the times decide where both are given; else what the hours cell says, in figures or in words
  let timed: number | null = null
  if (signedAt && signedOutAt) {
    const h = hoursBetween(signedAt, signedOutAt)
    if ('problem' in h) problems.signedOutAt = h.problem
    else {
      timed = h.hours
      if (h.afternoon) warnings.signedOutAt = `按下午 ${h.afternoon} 计算`
    }
  }
  let hours: number | null = null
  if (v.hours) {
    hours = parseHours(v.hours, day)
    if (hours === null && timed === null) problems.hours = `服务时长无法识别:"${v.hours}",请写成 3、3.5小时、两个半小时、半天或全天`
    else if (timed !== null && hours !== timed) warnings.hours = `按签到、签退时间计为 ${timed} 小时(表中写的是"${v.hours}")`
    else if (timed === null && dayWord(v.hours)) warnings.hours = `"${v.hours}"按${dayWord(v.hours) === 'half' ? '半天' : '全天'} ${hours} 小时计(可在设置中修改)`
  }
  if (timed !== null) hours = timed
  if (kind === 'signin' && hours === null && !problems.signedOutAt && !problems.hours && event && !durationHours(event.startTime, event.endTime)) {
    warnings.hours = '活动没有填写起止时间,服务时长将记为0小时;请填写服务时长,或先在活动中填写起止时间'
  }
  const veteran = v.veteran ? parseYesNo(v.veteran) : null
  if (v.veteran && veteran === null) problems.veteran = '是否退役军人应为"是"或"否"'
  const skills = [...new Set((v.skills ?? '').split(/[、,,;;/\s]+/).map((s) => s.trim()).filter(Boolean))].slice(0, 20)
  const text = (f: ImportField, max: number): string => {
    const t = cleanText(v[f] ?? '')
    if (t.length > max) problems[f] = `${IMPORT_FIELD_LABELS[f]}不能超过${max}个字`
    return t
  }
  return {
    name, phone, idCard, unit: text('unit', 60), gender: gender as Clean['gender'], community, registeredAt, signedAt, hours, skills, veteran,
    position: text('position', 30), branch: text('branch', 60), estate: text('estate', 60), note: text('note', 500), problems, warnings
  }
}

const candidate = (m: MemberHit): ImportCandidate => ({ id: m.id, name: m.name, unitName: m.unitName, communityName: m.communityName, phone: maskPhone(m.phone) })

const outcome = (action: RowOutcome['action'], label: string, c: Pick<Clean, 'problems' | 'warnings'>, extra: Partial<RowOutcome> = {}): RowOutcome => ({
  action,
  label,
  problems: c.problems,
  warnings: c.warnings,
  ...extra
})

type TargetOf = (row: ImportRowInput) => Target | null

/** Each row's outcome; `cleaned`, when given, receives each row's normalised values (the commit writes those). */
export function evaluate(db: DB, kind: ImportKind, targetOf: TargetOf, rows: ImportRowInput[], day = dayHours(db), cleaned?: Clean[]): RowOutcome[] {
  const next = evaluator(db, kind, targetOf, rows, day, cleaned)
  return rows.map((r, i) => next(r, i))
}

const CHUNK = 500

/** The same evaluation in chunks, yielding between them so progress reaches the page and other calls get a turn. */
async function evaluateWithProgress(db: DB, kind: ImportKind, targetOf: TargetOf, rows: ImportRowInput[], day: DayHours, ctx: CallContext): Promise<RowOutcome[]> {
  const next = evaluator(db, kind, targetOf, rows, day)
  const out: RowOutcome[] = []
  for (let i = 0; i < rows.length; i += CHUNK) {
    ctx.progress({ task: '核对每一行', done: i, total: rows.length })
    await new Promise((r) => setImmediate(r))
    for (let j = i; j < Math.min(i + CHUNK, rows.length); j++) out.push(next(rows[j], j))
  }
  ctx.progress({ task: '核对每一行', done: rows.length, total: rows.length })
  return out
}

/** Labels the summary and the batch count skipped rows by. */
const SKIP_REASONS: Partial<Record<RowOutcome['action'], string>> = {
  duplicate: '文件内重复',
  already: '已签到过',
  unchanged: '名册信息无变化',
  excluded: '已排除'
}

/**
 * Someone on a sign-in sheet who is not in the register: recorded as a person who has not reported (未报到),
 * signed in to the activity; they count in its head count and hours, never as 报到党员, until they report.
 */
const UNREGISTERED = '新增未报到人员并签到'
const REPORTS = '未报到人员报到(更新)'
export const SHARED_PHONE = '多人使用同一手机号'

/** How two rows of a file are known to be one person: name and ID, name and phone, or name and unit when neither is given. */
function identities(c: Pick<Clean, 'name' | 'phone' | 'idCard' | 'unit'>): string[] {
  const keys: string[] = []
  if (c.idCard) keys.push(`i|${c.name}|${c.idCard}`)
  if (c.phone) keys.push(`p|${c.name}|${c.phone}`)
  if (!c.idCard && !c.phone) keys.push(`u|${c.name}|${c.unit}`)
  return keys
}

/**
 * One row at a time, knowing the whole file: who shares a phone under another name (kept, flagged), who has
 * a namesake elsewhere in it (kept, flagged), and who was listed before (the same person twice counts once).
 */
function evaluator(db: DB, kind: ImportKind, targetOf: TargetOf, rows: ImportRowInput[], day: DayHours, cleaned?: Clean[]): (row: ImportRowInput, i: number) => RowOutcome {
  const look = lookup(db)
  const quick = rows.map((r) => (r.exclude ? null : { name: normalizeName(r.values.name ?? ''), phone: phoneText(r.values.phone ?? '').phone }))
  look.prefetch(
    quick.flatMap((q) => (q && isMobile(q.phone) ? [q.phone] : [])),
    rows.flatMap((r) => (r.exclude || !r.values.idCard ? [] : [normalizeIdCard(r.values.idCard)]))
  )
  const phoneNames = new Map<string, Map<string, number>>()
  const nameRows = new Map<string, number[]>()
  quick.forEach((q, i) => {
    if (!q?.name) return
    if (q.phone) {
      const m = phoneNames.get(q.phone) ?? new Map<string, number>()
      if (!m.has(q.name)) m.set(q.name, i)
      phoneNames.set(q.phone, m)
    }
    const list = nameRows.get(q.name)
    if (list) list.push(i)
    else nameRows.set(q.name, [i])
  })
  const seen = new Map<string, { at: number; idCard: string }>()
  const signedHere = new Map<string, number>()
  const created = new Map<string, number>()
  const where = (i: number): string => place(rows[i])
  return (row, i) => {
    const event = kind === 'signin' ? targetOf(row) : null
    const c = clean(row, kind, event, look, day)
    if (cleaned) cleaned[i] = c
    // the same person listed twice (in the same sheet, when each sheet is its own activity) counts once; a
    // row the clerk excluded still stands for its person, so their repeats are skipped with it
    const scope = kind === 'signin' ? `${event?.id ?? `new${row.sheet}`}|` : ''
    const keys = c.name ? identities(c) : []
    const repeats = (): RowOutcome | null => {
      for (const k of keys) {
        const first = seen.get(scope + k)
        if (first !== undefined && !(first.idCard && c.idCard && first.idCard !== c.idCard)) return outcome('duplicate', `文件内重复(同${where(first.at)}),跳过`, c)
      }
      for (const k of keys) seen.set(scope + k, { at: i, idCard: c.idCard })
      return null
    }
    if (row.exclude) {
      if (!seen.has(scope + keys[0])) repeats()
      return outcome('excluded', '已排除', { problems: {}, warnings: {} })
    }
    if (c.unit && look.unitId(c.unit) === null && !c.problems.unit) c.warnings.unit = `将新建单位"${c.unit}"`
    if (kind === 'signin' && !event) c.problems.row = '这个工作表还没有对应的活动,请选择或新建活动'
    else if (event?.problem) c.problems.row = event.problem
    // different people sharing a phone (a family phone, a placeholder): kept, and flagged for the clerk
    const sharing = c.phone ? phoneNames.get(c.phone) : undefined
    const others = sharing && sharing.size > 1 && !c.problems.phone ? [...sharing].filter(([n]) => n !== c.name) : []
    if (others.length) {
      c.warnings.phone = `${SHARED_PHONE}:${others.slice(0, 2).map(([n, j]) => `${where(j)}"${n}"`).join('、')}${others.length > 2 ? `等${others.length}人` : ''}也用此号,已按不同的人处理,请核对`
    }
    if (Object.keys(c.problems).length) return outcome('error', '有错误', c)
    const repeated = repeats()
    if (repeated) return repeated
    // on a roster the phone identifies a 在册 member: the second person with it cannot be registered
    const earlier = kind === 'roster' ? others.find(([, j]) => j < i) : undefined
    if (earlier) {
      c.problems.phone = `与${where(earlier[1])}"${earlier[0]}"的手机号相同;在册党员的手机号不能重复,请改为本人手机号`
      return outcome('error', '有错误', c)
    }
    // a namesake elsewhere in the file with other details: kept as another person, and said so
    const namesakes = (nameRows.get(c.name) ?? []).filter((j) => j !== i && !(quick[j]?.phone && quick[j]?.phone === c.phone))
    if (namesakes.length && !c.warnings.name) c.warnings.name = `文件中另有同名的人(${namesakes.slice(0, 3).map(where).join('、')}),手机号或单位不同,已按不同的人处理,请核对`

    const result = resolve(row, c)
    // the hours this sign-in will carry, for the clerk to see before committing
    if (event && (result.action === 'create' || result.action === 'match')) result.hours = c.hours ?? durationHours(event.startTime, event.endTime)
    // a member signed in twice to one activity through different details counts once
    if (result.memberId && event && (result.action === 'match' || result.action === 'already')) {
      const k = `${scope}${result.memberId}`
      const first = signedHere.get(k)
      if (first !== undefined) return outcome('duplicate', `文件内重复(同${where(first)},为同一党员),跳过`, c, { memberId: result.memberId, memberName: result.memberName })
      signedHere.set(k, i)
    }
    // someone new who signed in on several sheets (several activities) is created once
    if (result.action === 'create' && kind === 'signin') {
      const k = keys[0]
      const first = created.get(k)
      if (first !== undefined) return outcome('match', `与${where(first)}为同一新增人员,签到`, c, { sameAs: first, hours: result.hours })
      created.set(k, i)
    }
    return result
  }

  function resolve(row: ImportRowInput, c: Clean): RowOutcome {
    const event = kind === 'signin' ? targetOf(row) : null
    const byNumber = [...(c.idCard ? look.byIdCard(c.idCard) : []), ...(c.phone ? look.byPhone(c.phone) : [])]
    let hit: MemberHit | undefined = byNumber.find((m) => m.name === c.name)
    // the phone or ID number belongs to someone else in the register: the clerk says who this is
    const owners = hit ? [] : [...new Map(byNumber.map((m) => [m.id, m])).values()]
    if (!hit && owners.length) {
      const same = look.byName(c.name)
      const candidates = [...owners, ...same.filter((m) => !owners.some((o) => o.id === m.id))]
      if (typeof row.choice === 'number') {
        hit = candidates.find((m) => m.id === row.choice)
        if (!hit) return outcome('error', '有错误', { ...c, problems: { name: '所选党员已不在名单中,请重新选择' } }, { candidates: candidates.map(candidate) })
      } else if (row.choice === 'new') {
        const registered = owners.find((m) => m.status === '在册' && m.phone === c.phone)
        if (kind === 'roster' && registered) {
          c.problems.phone = `该手机号已属于在册党员"${registered.name}";在册党员的手机号不能重复,请改为本人手机号`
          return outcome('error', '有错误', c)
        }
        return kind === 'roster' ? outcome('create', '新建党员', c) : outcome('create', UNREGISTERED, c)
      } else {
        const whose = owners.map((m) => `"${m.name}"`).join('、')
        return outcome('confirm', `号码属于名册中的${whose},请确认`, c, { candidates: candidates.map(candidate) })
      }
    }
    if (kind === 'roster') {
      if (!hit) return outcome('create', '新建党员', c)
      const changed = changes(db, hit.id, c, look).length
      if (!changed) return outcome('unchanged', '无变化,跳过', c, { memberId: hit.id, memberName: hit.name })
      return outcome('update', hit.status === '未报到' ? REPORTS : '更新党员', c, { memberId: hit.id, memberName: hit.name })
    }
    // a sign-in: phone, then ID number, then name + unit; a name alone is never enough
    if (!hit) {
      const same = look.byName(c.name)
      const withUnit = c.unit ? same.filter((m) => m.unitName === c.unit) : []
      if (withUnit.length === 1 && !c.phone && !c.idCard) hit = withUnit[0]
      else if (row.choice === 'new') {
        if (!c.phone) c.problems.phone = '登记未报到人员需要手机号'
        if (Object.keys(c.problems).length) return outcome('error', '有错误', c, { candidates: same.map(candidate) })
        return outcome('create', UNREGISTERED, c)
      } else if (typeof row.choice === 'number') {
        hit = same.find((m) => m.id === row.choice)
        if (!hit) return outcome('error', '有错误', { ...c, problems: { name: '所选党员已不在名单中,请重新选择' } }, { candidates: same.map(candidate) })
      } else if (same.length && !c.phone && !c.idCard) {
        return outcome('confirm', '请确认是哪位党员', c, { candidates: same.map(candidate) })
      } else if (!c.phone) {
        c.problems.phone = '名册中没有此人;登记为未报到人员需要手机号'
        return outcome('error', '有错误', c)
      } else return outcome('create', UNREGISTERED, c)
    }
    if (event?.id && look.signedIn(event.id, hit.id)) return outcome('already', '已签到,跳过', c, { memberId: hit.id, memberName: hit.name })
    return outcome('match', '匹配签到', c, { memberId: hit.id, memberName: hit.name })
  }
}

/** The member fields a roster row would change (blank cells change nothing). */
function changes(db: DB, memberId: number, c: Clean, look: Lookup): string[] {
  const m = memberInput(db, memberId)
  const next = merged(m, c, look)
  return (Object.keys(next) as Array<keyof typeof next>).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(m[k]))
}

function merged(m: Parsed<'member.create'>, c: Clean, look: Lookup, newUnitId?: number): Parsed<'member.create'> {
  const unitId = c.unit ? (look.unitId(c.unit) ?? newUnitId ?? m.unitId) : m.unitId
  return {
    ...m,
    gender: c.gender || m.gender,
    idCard: c.idCard || m.idCard,
    unitId,
    position: c.position || m.position,
    branch: c.branch || m.branch,
    communityId: c.community?.id ?? m.communityId,
    estate: c.estate || m.estate,
    registeredAt: c.registeredAt ?? m.registeredAt,
    skills: c.skills.length ? c.skills : m.skills,
    veteran: c.veteran ?? m.veteran,
    note: c.note || m.note,
    // someone who signed in before reporting is on the roster now: they report from the roster's date (or today)
    ...(m.status === '未报到' ? { status: '在册' as const, registeredAt: c.registeredAt ?? todayBeijing() } : {})
  }
}

/** What committing would do, counted from the outcomes. */
export function summarize(kind: ImportKind, rows: ImportRowInput[], outcomes: RowOutcome[], targets?: ImportTarget[] | Array<{ eventId: number | null; sheet: number }>): ImportSummary {
  const s: ImportSummary = { unregistered: 0, created: 0, updated: 0, reported: 0, signIns: 0, skipped: [], blocking: 0, sharedPhones: 0, activitiesCreated: 0, activitiesExisting: 0 }
  const skipped = new Map<string, number>()
  const sheetsUsed = new Set<number>()
  outcomes.forEach((o, i) => {
    if (o.action === 'create') kind === 'signin' ? s.unregistered++ : s.created++
    if (o.action === 'update') {
      s.updated++
      if (o.label === REPORTS) s.reported++
    }
    if (kind === 'signin' && (o.action === 'create' || o.action === 'match')) {
      s.signIns++
      sheetsUsed.add(rows[i]?.sheet ?? -1)
    }
    if (o.action === 'error' || o.action === 'confirm') s.blocking++
    const reason = SKIP_REASONS[o.action]
    if (reason) skipped.set(reason, (skipped.get(reason) ?? 0) + 1)
    if (o.warnings.phone?.startsWith(SHARED_PHONE) && !reason) s.sharedPhones++
  })
  s.skipped = [...skipped].map(([reason, n]) => ({ reason, rows: n }))
  for (const t of targets ?? []) {
    if (!sheetsUsed.has(t.sheet)) continue
    if (t.eventId) s.activitiesExisting++
    else s.activitiesCreated++
  }
  return s
}

function checkTargets(db: DB, q: { kind: ImportKind; eventId?: number; bySheet?: Parsed<'import.check'>['bySheet'] }): { targetOf: TargetOf; event: Event | null; targets: Map<number, Target> | null } {
  if (q.bySheet) {
    if (q.kind !== 'signin') throw new AppError('invalid', '只有签到表可以按工作表分别导入到各自的活动。')
    assertAttachable(db, COMMUNITY, q.bySheet.communityId, 'communityId')
    const targets = targetsOf(db, q.bySheet.communityId, q.bySheet.targets)
    return { targetOf: (r) => targets.get(r.sheet ?? -1) ?? null, event: null, targets }
  }
  const event = target(db, q.kind, q.eventId)
  const t = event && eventTarget(event)
  return { targetOf: () => t, event, targets: null }
}

export function checkImport(db: DB, q: Parsed<'import.check'>): { outcomes: RowOutcome[]; summary: ImportSummary } {
  const { targetOf } = checkTargets(db, q)
  const outcomes = q.kind === 'unit' ? evaluateUnits(db, q.rows) : evaluate(db, q.kind, targetOf, q.rows)
  return { outcomes, summary: summarize(q.kind, q.rows, outcomes, q.bySheet?.targets) }
}

// ---------- committing, listing, undoing ----------

const BATCH_SELECT = `
  SELECT b.id, b.kind, b.file_name AS fileName, b.sha256, b.event_id AS eventId, e.title AS eventTitle, b.created_at AS createdAt,
         b.operator, b.rows, b.members_created AS membersCreated, b.members_updated AS membersUpdated, b.units_created AS unitsCreated,
         b.units_updated AS unitsUpdated, b.pairings_created AS pairingsCreated,
         b.attendance, b.skipped, b.skipped_reasons AS skippedReasons, b.undone_at AS undoneAt
  FROM import_batch b LEFT JOIN event e ON e.id = b.event_id`

type BatchRow = Omit<ImportBatch, 'skippedReasons' | 'events' | 'eventsCreated'> & { skippedReasons: string }

function present(db: DB, row: BatchRow): ImportBatch {
  const events = db
    .prepare(
      `SELECT DISTINCT e.id, e.title, e.date FROM import_change ic JOIN attendance a ON a.id = ic.row_id JOIN event e ON e.id = a.event_id
       WHERE ic.batch_id = ? AND ic.tbl = 'attendance' ORDER BY e.date, e.id`
    )
    .all(row.id) as ImportBatch['events']
  const eventsCreated = db.prepare("SELECT COUNT(*) FROM import_change WHERE batch_id = ? AND tbl = 'event' AND op = 'insert'").pluck().get(row.id) as number
  const reasons = JSON.parse(row.skippedReasons || '{}') as Record<string, number>
  return { ...row, skippedReasons: Object.entries(reasons).map(([reason, rows]) => ({ reason, rows })), events, eventsCreated }
}

function getBatch(db: DB, id: number): ImportBatch {
  const row = db.prepare(`${BATCH_SELECT} WHERE b.id = ?`).get(id) as BatchRow | undefined
  if (!row) throw notFound('该导入批次')
  return present(db, row)
}

/** An activity's category from its title (防疫, 环境卫生…), else 其他. */
function categoryFor(db: DB, title: string): string {
  const all = eventCategories(db)
  return all.find((c) => c !== '其他' && title.includes(c)) ?? (all.includes('其他') ? '其他' : all.at(-1)!)
}

export function commitImport(db: DB, q: Parsed<'import.commit'>): ImportBatch {
  if (q.kind === 'unit') return commitUnitList(db, q)
  const id = db.transaction(() => {
    const { targetOf, event, targets } = checkTargets(db, q)
    const already = alreadyImported(db, q.fileHash, q.kind, event?.id ?? null)
    if (already) throw new AppError('conflict', `该文件已于 ${already.at.slice(0, 10)} 导入过(第 ${already.batchId} 批),没有重复导入。如需重新导入,请先撤销那一批。`)
    if (!q.rows.length) throw new AppError('invalid', '没有要导入的行:这个表格里没有人员记录。请确认选对了文件和工作表。')
    const day = dayHours(db)
    const cleaned: Clean[] = []
    const outcomes = evaluate(db, q.kind, targetOf, q.rows, day, cleaned)
    const blocked = outcomes
      .map((o, i) => [o, q.rows[i]] as const)
      .filter(([o]) => o.action === 'error' || o.action === 'confirm')
    if (blocked.length) {
      const first = blocked
        .slice(0, 5)
        .map(([o, r]) => `${place(r)}:${o.action === 'confirm' ? '请确认是哪位党员' : Object.values(o.problems).join(';')}`)
        .join(';')
      throw new AppError('invalid', `还有 ${blocked.length} 行需要处理(修改或排除)后才能导入。${first}${blocked.length > 5 ? '……' : ''}`)
    }
    const summary = summarize(q.kind, q.rows, outcomes, q.bySheet?.targets)
    if (!outcomes.some((o) => o.action === 'create' || o.action === 'update' || o.action === 'match')) {
      const why = summary.skipped.map((s) => `${s.reason} ${s.rows} 行`).join('、')
      throw new AppError('invalid', `没有需要写入的记录:${q.rows.length} 行都将跳过(${why})。没有导入任何内容。`)
    }
    const look = lookup(db)
    const now = nowIso()
    const batchId = db
      .prepare('INSERT INTO import_batch (kind, file_name, sha256, event_id, created_at, operator, rows) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(q.kind, q.fileName, q.fileHash, event?.id ?? null, now, getSetting(db, 'operator') ?? '', q.rows.length).lastInsertRowid as number
    // the undo record, kept in the order the changes are made and written after the rows (one statement per 5,000)
    const changes: Array<[tbl: string, rowId: number, op: 'insert' | 'update', before: string | null]> = []
    const record: ChangeRecorder = (tbl, rowId, op, before) => void changes.push([tbl, rowId, op, before])
    const inserted = (tbl: 'unit' | 'event' | 'attendance', rowId: number): void => void changes.push([tbl, rowId, 'insert', null])
    const insUnit = db.prepare("INSERT INTO unit (name, kind, pinyin, search, note, created_at, updated_at) VALUES (?, '其他', ?, ?, ?, ?, ?)")
    const insAtt = db.prepare('INSERT INTO attendance (event_id, member_id, signed_at, hours, source, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    const insEvent = db.prepare(
      `INSERT INTO event (community_id, title, category, date, start_time, end_time, description, search, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    const newUnits = new Map<string, number>()
    const counts = { membersCreated: 0, membersUpdated: 0, unitsCreated: 0, attendance: 0, skipped: 0 }
    const unitFor = (name: string): number | null => {
      if (!name) return null
      const known = look.unitId(name) ?? newUnits.get(name)
      if (known) return known
      const unitId = insUnit.run(name, sortKey(name), searchKey([name]), `由导入"${q.fileName}"新建`, now, now).lastInsertRowid as number
      inserted('unit', unitId)
      newUnits.set(name, unitId)
      counts.unitsCreated++
      return unitId
    }
    // the activities a workbook's sheets are for, created where none existed (undone with the batch)
    const used = new Set(q.rows.map((r, i) => (['create', 'match'].includes(outcomes[i].action) ? (r.sheet ?? -1) : null)))
    for (const [sheet, t] of targets ?? []) {
      if (t.id || !used.has(sheet)) continue
      const category = categoryFor(db, t.title)
      t.id = insEvent.run(t.communityId, t.title, category, t.date, t.startTime, t.endTime, `由导入"${q.fileName}"新建`, searchKey([t.title, '', '', category]), now, now).lastInsertRowid as number
      inserted('event', t.id)
    }
    const skipped = new Map<string, number>()
    const memberOfRow = new Map<number, number>()
    // the members this import creates join the search index in one statement after the rows (migration 0011)
    const createdIds: number[] = []
    db.prepare('INSERT INTO member_fts_pause (id) VALUES (1)').run()

    q.rows.forEach((row, i) => {
      const o = outcomes[i]
      if (!['create', 'update', 'match'].includes(o.action)) {
        counts.skipped++
        const reason = SKIP_REASONS[o.action] ?? o.label
        skipped.set(reason, (skipped.get(reason) ?? 0) + 1)
        return
      }
      const t = q.kind === 'signin' ? targetOf(row)! : null
      const c = cleaned[i]
      let memberId = o.sameAs !== undefined ? memberOfRow.get(o.sameAs)! : (o.memberId ?? 0)
      if (o.action === 'create') {
        memberId = insertMember(
          db,
          {
            name: c.name, gender: c.gender, phone: c.phone, idCard: c.idCard, unitId: unitFor(c.unit), position: c.position, branch: c.branch,
            communityId: c.community?.id ?? t!.communityId!, estate: c.estate,
            ...(q.kind === 'roster' ? { registeredAt: c.registeredAt ?? todayBeijing(), status: '在册' as const } : { registeredAt: '', status: '未报到' as const }),
            skills: c.skills, veteran: c.veteran ?? false, note: c.note
          },
          record
        )
        createdIds.push(memberId)
        counts.membersCreated++
      } else if (o.action === 'update') {
        writeMember(db, memberId, merged(memberInput(db, memberId), c, look, unitFor(c.unit) ?? undefined), todayBeijing(), record)
        counts.membersUpdated++
      }
      memberOfRow.set(i, memberId)
      if (t) {
        const hours = c.hours ?? durationHours(t.startTime, t.endTime)
        const signedAt = `${t.date}T${c.signedAt ?? (t.startTime || '00:00')}:00+08:00`
        const attId = insAtt.run(t.id, memberId, signedAt, hours, '导入', now).lastInsertRowid as number
        inserted('attendance', attId)
        counts.attendance++
      }
    })
    if (createdIds.length) db.prepare('INSERT INTO member_fts (rowid, search) SELECT id, search FROM member WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id').run(JSON.stringify(createdIds))
    db.prepare('DELETE FROM member_fts_pause').run()
    const log = db.prepare("INSERT INTO import_change (batch_id, tbl, row_id, op, before) SELECT ?, value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?) ORDER BY key")
    for (let i = 0; i < changes.length; i += 5000) log.run(batchId, JSON.stringify(changes.slice(i, i + 5000)))
    keepAfter(db, batchId)
    db.prepare(
      'UPDATE import_batch SET members_created = ?, members_updated = ?, units_created = ?, attendance = ?, skipped = ?, skipped_reasons = ? WHERE id = ?'
    ).run(counts.membersCreated, counts.membersUpdated, counts.unitsCreated, counts.attendance, counts.skipped, JSON.stringify(Object.fromEntries(skipped)), batchId)
    const remember = db.prepare(
      'INSERT INTO import_mapping (header_key, mapping, updated_at) VALUES (?, ?, ?) ON CONFLICT (header_key) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at'
    )
    for (const m of [{ headers: q.headers, mapping: q.mapping }, ...(q.more ?? [])]) {
      // a sheet without a header has nothing to recognise it by next time
      if (m.headers.some((h) => h.trim())) remember.run(headerKey(m.headers), JSON.stringify(m.mapping), now)
    }
    return batchId
  }).immediate()
  return getBatch(db, id)
}

/** A unit list (单位名单): units and pairings, one batch, undone like any other (unitimport.ts). */
function commitUnitList(db: DB, q: Parsed<'import.commit'>): ImportBatch {
  const id = db.transaction(() => {
    const already = alreadyImported(db, q.fileHash, q.kind, null)
    if (already) throw new AppError('conflict', `该文件已于 ${already.at.slice(0, 10)} 导入过(第 ${already.batchId} 批),没有重复导入。如需重新导入,请先撤销那一批。`)
    if (!q.rows.length) throw new AppError('invalid', '没有要导入的行:这个表格里没有单位记录。请确认选对了文件和工作表。')
    const now = nowIso()
    const batchId = db
      .prepare('INSERT INTO import_batch (kind, file_name, sha256, created_at, operator, rows) VALUES (?, ?, ?, ?, ?, ?)')
      .run(q.kind, q.fileName, q.fileHash, now, getSetting(db, 'operator') ?? '', q.rows.length).lastInsertRowid as number
    const log = db.prepare('INSERT INTO import_change (batch_id, tbl, row_id, op, before) VALUES (?, ?, ?, ?, ?)')
    const c = commitUnits(db, q.rows, (tbl, rowId, op, before) => void log.run(batchId, tbl, rowId, op, before), q.fileName)
    keepAfter(db, batchId)
    const skipped = [...c.skipped.values()].reduce((t, n) => t + n, 0)
    db.prepare('UPDATE import_batch SET units_created = ?, units_updated = ?, pairings_created = ?, skipped = ?, skipped_reasons = ? WHERE id = ?').run(
      c.unitsCreated, c.unitsUpdated, c.pairingsCreated, skipped, JSON.stringify(Object.fromEntries(c.skipped)), batchId
    )
    if (q.headers.some((h) => h.trim())) {
      db.prepare(
        'INSERT INTO import_mapping (header_key, mapping, updated_at) VALUES (?, ?, ?) ON CONFLICT (header_key) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at'
      ).run(headerKey(q.headers), JSON.stringify(q.mapping), now)
    }
    return batchId
  }).immediate()
  return getBatch(db, id)
}

export function listImports(db: DB, q: Parsed<'import.list'>): Page<ImportBatch> {
  const total = db.prepare('SELECT COUNT(*) FROM import_batch').pluck().get() as number
  const rows = db.prepare(`${BATCH_SELECT} ORDER BY b.id DESC LIMIT ? OFFSET ?`).all(q.pageSize, (q.page - 1) * q.pageSize) as BatchRow[]
  return toPage(rows.map((r) => present(db, r)), total, q.page, q.pageSize)
}

// ---------- what changed since: the rows as the import left them ----------

/** The tables an import writes, and how a row of each is named to the clerk. */
const TOUCHED: Record<string, string> = {
  member: "'党员' || t.name",
  registration: "'党员' || (SELECT name FROM member WHERE id = t.member_id) || '的报到记录'",
  attendance: "'党员' || (SELECT name FROM member WHERE id = t.member_id) || '在“' || (SELECT title FROM event WHERE id = t.event_id) || '”的签到'",
  event: "'活动“' || t.title || '”（' || t.date || '）'",
  unit: "'单位' || t.name",
  unit_pairing: "'单位' || (SELECT name FROM unit WHERE id = t.unit_id) || '与' || (SELECT name FROM community WHERE id = t.community_id) || '的结对'"
}

/** A row of `tbl` (aliased t) as one JSON object of its columns (not blobs): equal text means an unchanged row. */
function rowJson(db: DB, tbl: string): string {
  const cols = (db.prepare(`PRAGMA table_info(${tbl})`).all() as Array<{ name: string; type: string }>).filter((c) => c.type !== 'BLOB')
  return `json_object(${cols.map((c) => `'${c.name}', t.${c.name}`).join(', ')})`
}

/** Stores each row a batch touched as it now is: the state the undo compares with. */
function keepAfter(db: DB, batchId: number): void {
  const tables = db.prepare('SELECT DISTINCT tbl FROM import_change WHERE batch_id = ?').pluck().all(batchId) as string[]
  for (const tbl of tables) {
    prepared(db, `UPDATE import_change SET after = (SELECT ${rowJson(db, tbl)} FROM ${tbl} t WHERE t.id = import_change.row_id) WHERE batch_id = ? AND tbl = '${tbl}'`).run(batchId)
  }
}

/** The rows a batch touched that were changed after it (and still exist): how many, and at most `limit` of their names. */
function editedSince(db: DB, batchId: number, limit = 20): ImportUndoCheck {
  const tables = db.prepare('SELECT DISTINCT tbl FROM import_change WHERE batch_id = ? AND after IS NOT NULL').pluck().all(batchId) as string[]
  const names = new Set<string>()
  let total = 0
  for (const tbl of tables) {
    const rows = prepared(
      db,
      `SELECT ${TOUCHED[tbl]} FROM import_change ic JOIN ${tbl} t ON t.id = ic.row_id
        WHERE ic.batch_id = ? AND ic.tbl = '${tbl}' AND ic.after IS NOT NULL AND ic.after <> ${rowJson(db, tbl)} ORDER BY ic.id`
    ).pluck().all(batchId) as string[]
    for (const r of rows) names.add(r)
    total += rows.length
  }
  return { edited: [...names].slice(0, limit), total }
}

export function undoCheck(db: DB, id: number): ImportUndoCheck {
  getBatch(db, id)
  return editedSince(db, id)
}

/**
 * Throws why a batch cannot be undone now: undone already, a later batch changed its rows, or rows changed after it
 * without the clerk's say-so. Checked before the undo's whole copy is made (a refused undo leaves no backup to push
 * others out of the rotation) and again inside its transaction.
 */
export function refuseUndo(db: DB, id: number, overwriteEdits: boolean): void {
  const batch = getBatch(db, id)
  if (batch.undoneAt) throw new AppError('conflict', `第 ${id} 批导入已于 ${batch.undoneAt.slice(0, 10)} 撤销过。`)
  const later = db.prepare('SELECT id FROM import_batch WHERE id > ? AND undone_at IS NULL AND id IN (SELECT batch_id FROM import_change WHERE (tbl, row_id) IN (SELECT tbl, row_id FROM import_change WHERE batch_id = ?))').pluck().get(id, id) as number | undefined
  if (later) throw new AppError('conflict', `第 ${later} 批导入改动了本批导入的记录,请先撤销第 ${later} 批。`)
  const since = overwriteEdits ? null : editedSince(db, id, 5)
  if (since?.total) {
    throw new AppError(
      'conflict',
      `这批导入之后，有 ${since.total} 条记录又被修改过（${since.edited.join('、')}${since.total > since.edited.length ? '等' : ''}），撤销会把这些修改一并撤回，所以没有撤销。请在“导入”页点“撤销导入”，看过这些记录后再确认。`
    )
  }
}

/** Why putting a row back failed: what came after the import still holds on to it, or would clash with its old state. */
function undoConflict(db: DB, ch: { tbl: string; row_id: number; op: string }): AppError {
  if (ch.op === 'insert') {
    const what = ch.tbl === 'member' ? '本批新建的党员' : ch.tbl === 'event' ? '本批新建的活动' : ch.tbl === 'unit_pairing' ? '本批登记的结对(已签订共建协议)' : '本批新建的单位'
    return new AppError('conflict', `${what}在导入后又有了其他记录(如手工签到、后来的导入或新的党员),无法撤销。请先处理这些记录。`)
  }
  const name = (prepared(db, `SELECT ${TOUCHED[ch.tbl]} FROM ${ch.tbl} t WHERE t.id = ?`).pluck().get(ch.row_id) as string | null) ?? '一条记录'
  const why =
    ch.tbl === 'registration'
      ? '导入之后又办理了迁居、复报到等变动，撤销会让两段报到同时有效'
      : ch.tbl === 'member'
        ? '原来的信息（如手机号、身份证号）已被导入之后录入的其他党员使用'
        : '原来的内容与导入之后录入的记录重复'
  return new AppError('conflict', `${name}：${why}，所以没有撤销，数据未改动。请先在该记录的页面核对导入之后的变动，或保留这批导入。`)
}

/**
 * Removes exactly what a batch added and puts back what it changed, newest first. Rows changed after the import
 * (a hand edit, a move) would lose those changes too, so that happens only when the clerk has been told and said so.
 */
export function undoImport(db: DB, id: number, overwriteEdits = false): ImportBatch {
  db.transaction(() => {
    refuseUndo(db, id, overwriteEdits)
    const changes = db.prepare('SELECT tbl, row_id, op, before FROM import_change WHERE batch_id = ? ORDER BY id DESC').all(id) as Array<{ tbl: string; row_id: number; op: string; before: string | null }>
    // the members the batch created leave the search index in one statement after the rows, not row by row
    // (migration 0011: once the index has changed in a transaction, every later statement of it pays for that)
    const created = changes.filter((ch) => ch.tbl === 'member' && ch.op === 'insert').map((ch) => ch.row_id)
    const unindex = JSON.stringify(db.prepare('SELECT id, search FROM member WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id').raw().all(JSON.stringify(created)))
    db.prepare('INSERT INTO member_fts_pause (id) VALUES (1)').run()
    for (const ch of changes) {
      try {
        if (ch.op === 'insert') prepared(db, `DELETE FROM ${ch.tbl} WHERE id = ?`).run(ch.row_id)
        else if (ch.before) {
          // (an erased member's earlier state is gone on purpose and is not restored)
          const before = JSON.parse(ch.before) as Record<string, unknown>
          const cols = Object.keys(before).filter((k) => k !== 'id')
          db.prepare(`UPDATE ${ch.tbl} SET ${cols.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...cols.map((k) => before[k]), ch.row_id)
        }
      } catch (e) {
        if (String((e as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw undoConflict(db, ch)
        throw e
      }
    }
    db.prepare("INSERT INTO member_fts (member_fts, rowid, search) SELECT 'delete', value ->> 0, value ->> 1 FROM json_each(?)").run(unindex)
    db.prepare('DELETE FROM member_fts_pause').run()
    db.prepare('UPDATE import_batch SET undone_at = ? WHERE id = ?').run(nowIso(), id)
  }).immediate()
  return getBatch(db, id)
}

// ---------- workbooks for the clerk: templates and the rows an import could not take ----------

export async function importTemplate(db: DB, q: Parsed<'import.template'>): Promise<FileOut> {
  const org = getSetting(db, 'orgName') || '本街道'
  if (q.kind === 'roster') {
    const communities = db.prepare('SELECT name FROM community WHERE archived_at IS NULL ORDER BY pinyin').pluck().all() as string[]
    return { fileName: safeFileName(`${org}在职党员报到名册(模板).xlsx`), base64: (await rosterTemplate(org, communities)).toString('base64') }
  }
  if (q.kind === 'unit') {
    const communities = db.prepare('SELECT name FROM community WHERE archived_at IS NULL ORDER BY pinyin').pluck().all() as string[]
    return { fileName: safeFileName(`${org}单位报到名单(模板).xlsx`), base64: (await unitTemplate(org, communities)).toString('base64') }
  }
  const event = target(db, q.kind, q.eventId)!
  return { fileName: safeFileName(`${event.title}_签到表_${event.date.replace(/-/g, '')}.xlsx`), base64: (await signinTemplate(org, event)).toString('base64') }
}

export async function rejectedRowsFile(db: DB, q: Parsed<'import.rejects'>): Promise<FileOut> {
  const { targetOf } = checkTargets(db, q)
  const outcomes = q.kind === 'unit' ? evaluateUnits(db, q.rows) : evaluate(db, q.kind, targetOf, q.rows)
  // one column per field (blocks side by side repeat them)
  const columns = q.mapping.map((f, c) => [f, c] as const).filter((x, i, all): x is readonly [ImportField, number] => !!x[0] && all.findIndex((y) => y[0] === x[0]) === i)
  const rows = q.rows
    .map((r, i) => ({ r, o: outcomes[i] }))
    .filter(({ o }) => o.action === 'error' || o.action === 'confirm')
    .map(({ r, o }) => ({
      index: r.index,
      values: columns.map(([f]) => r.values[f] ?? ''),
      reason:
        (r.block || r.sheet !== undefined ? `(${place(r)})` : '') +
        (o.action === 'confirm' ? '同名党员不止一位或无法确认,请补充手机号' : Object.entries(o.problems).map(([f, m]) => (f === 'row' ? m : `${importFieldLabel(q.kind, f as ImportField)}:${m}`)).join(';'))
    }))
  if (!rows.length) throw new AppError('invalid', '没有需要退回的行。')
  const base = q.fileName.replace(/\.[^.]+$/, '')
  return { fileName: safeFileName(`${base}_未导入的行.xlsx`), base64: (await rejectedRows(columns.map(([, c]) => q.headers[c] ?? ''), rows)).toString('base64') }
}

export const handlers: HandlersOf<'import'> = {
  'import.read': readImport,
  'import.check': checkImport,
  'import.commit': commitImport,
  'import.list': listImports,
  'import.undoCheck': (db, { id }) => undoCheck(db, id),
  'import.undo': (db, { id, overwriteEdits }) => undoImport(db, id, overwriteEdits),
  'import.template': importTemplate,
  'import.rejects': rejectedRowsFile
}
