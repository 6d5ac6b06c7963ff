/**
 * Importing rosters (名册) and sign-in sheets (签到表): read → detect → evaluate every row (preview) → commit
 * in one transaction, recorded as a batch that can be undone exactly.
 */
import { createHash } from 'node:crypto'
import {
  IMPORT_FIELD_LABELS,
  type Event,
  type FileOut,
  type ImportBatch,
  type ImportCandidate,
  type ImportField,
  type ImportKind,
  type ImportPreview,
  type ImportRowInput,
  type Page,
  type Parsed,
  type RowOutcome
} from '../../shared/api'
import { cleanText, durationHours, safeFileName, idCardProblem, isMobile, maskPhone, normalizeIdCard, normalizeName, normalizePhone } from '../../shared/text'
import type { CallContext } from '../errors'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { findHeaderRow, findSheet, guessMapping, normHeader, type Mapping } from '../excel/detect'
import { readWorkbook, type Cell } from '../excel/read'
import { rejectedRows, rosterTemplate, signinTemplate } from '../excel/write'
import { cellText, parseDate, parseTime, parseYesNo } from '../excel/values'
import { AppError, notFound } from '../errors'
import { nowIso, searchKey, sortKey, toPage } from './common'
import { getEvent } from './event'
import { insertMember, memberInput, writeMember } from './member'
import { todayBeijing, type ChangeRecorder } from './registration'
import { getSetting } from './settings'

type Values = Partial<Record<ImportField, string>>

// ---------- reading the file into rows ----------

const headerKey = (headers: string[]): string => headers.map(normHeader).join('|')

export async function readImport(db: DB, q: Parsed<'import.read'>, ctx: CallContext): Promise<ImportPreview> {
  ctx.progress({ task: '读取文件', done: 0, total: 1 })
  await new Promise((r) => setImmediate(r))
  const buf = Buffer.from(q.fileBase64, 'base64')
  const fileHash = createHash('sha256').update(buf).digest('hex')
  const event = target(db, q.kind, q.eventId)
  const sheets = readWorkbook(q.fileName, buf)
  if (sheets.length === 0) throw new AppError('invalid', '文件中没有工作表。')
  const sheetIndex = q.sheet !== undefined && q.sheet < sheets.length ? q.sheet : findSheet(sheets)
  const rows = sheets[sheetIndex].rows
  const headerRow = q.headerRow ?? rememberedHeaderRow(db, rows) ?? findHeaderRow(rows).row
  if (headerRow < 0 || headerRow >= rows.length) {
    throw new AppError('invalid', `在工作表"${sheets[sheetIndex].name}"的前20行中没有找到表头(如"姓名""手机号码"这样的列名)。请确认选对了文件和工作表,或手动指定表头所在行。`)
  }
  const headers = rows[headerRow].map((h) => cleanText(cellText(h)))
  const remembered = q.mapping ? null : rememberedMapping(db, headers)
  const mapping: Mapping = (q.mapping ?? remembered ?? guessMapping(headers)).slice(0, headers.length)
  const required: ImportField[] = q.kind === 'roster' ? ['name', 'phone', 'community', 'registeredAt'] : ['name']
  const missing = required.filter((f) => !mapping.includes(f))
  const input = extractRows(rows.slice(headerRow + 1), headerRow + 2, mapping)
  const preview: ImportPreview = {
    fileName: q.fileName,
    fileHash,
    sheets: sheets.map((s) => s.name),
    sheet: sheetIndex,
    headerRow,
    headers,
    mapping,
    remembered: !!remembered,
    already: alreadyImported(db, fileHash, q.kind, event?.id ?? null),
    rows: input,
    outcomes: await evaluateWithProgress(db, q.kind, event, input, ctx)
  }
  if (missing.length) {
    // still return the preview so the clerk can map the columns by hand
    preview.outcomes = preview.outcomes.map((o) => ({ ...o, action: 'error', label: '缺少列', problems: { ...o.problems, row: `请指定"${missing.map((f) => IMPORT_FIELD_LABELS[f]).join('""')}"所在的列` } }))
  }
  return preview
}

/** Data rows as text per field; blank rows, pre-numbered empty rows and signature footers are left out. */
function extractRows(rows: Cell[][], firstIndex: number, mapping: Mapping): ImportRowInput[] {
  const out: ImportRowInput[] = []
  // until a name, phone or ID column is mapped, any row with something in it is shown
  const identified = mapping.some((f) => f === 'name' || f === 'phone' || f === 'idCard')
  rows.forEach((row, i) => {
    const values: Values = {}
    let idNumeric = false
    mapping.forEach((field, c) => {
      if (!field) return
      const v = row[c] ?? null
      if (field === 'idCard' && typeof v === 'number') idNumeric = true
      const text =
        field === 'registeredAt' && typeof v === 'number'
          ? (parseDate(v) ?? cellText(v))
          : field === 'signedAt' && typeof v === 'number'
            ? (parseTime(v) ?? cellText(v))
            : cellText(v)
      values[field] = cleanText(text)
    })
    // blank rows, pre-numbered empty rows and footers ("填表人:" under the phone column) carry no person
    if (identified ? !values.name && !/\d/.test(values.phone ?? '') && !/\d/.test(values.idCard ?? '') : row.every((v) => v === null || v === '')) return
    out.push({ index: firstIndex + i, values, ...(idNumeric ? { idNumeric } : {}) })
  })
  return out
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
  if (kind === 'roster') return null
  if (!eventId) throw new AppError('invalid', '导入签到表前请先选择活动。')
  const event = getEvent(db, eventId)
  if (event.archivedAt) throw new AppError('invalid', `活动"${event.title}"已归档,请先恢复该活动再导入签到表。`)
  return event
}

// ---------- evaluating rows against the registers ----------

interface Lookup {
  community(name: string): { id: number | null; problem?: string }
  unitId(name: string): number | null
  byPhone(phone: string): MemberHit | undefined
  byIdCard(id: string): MemberHit | undefined
  byName(name: string): MemberHit[]
  signedIn(eventId: number, memberId: number): boolean
}

interface MemberHit {
  id: number
  name: string
  unitName: string | null
  communityName: string
  phone: string
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
  const units = new Map((db.prepare('SELECT id, name FROM unit').all() as Array<{ id: number; name: string }>).map((u) => [u.name, u.id]))
  const memberSql = `SELECT m.id, m.name, u.name AS unitName, c.name AS communityName, m.phone FROM member m
    JOIN community c ON c.id = m.community_id LEFT JOIN unit u ON u.id = m.unit_id
    WHERE m.archived_at IS NULL AND m.status IN ('在册', '未报到')`
  const phone = db.prepare(`${memberSql} AND m.phone = ?`)
  const idCard = db.prepare(`${memberSql} AND m.id_card = ?`)
  const name = db.prepare(`${memberSql} AND m.name = ? LIMIT 20`)
  const signed = db.prepare('SELECT 1 FROM attendance WHERE event_id = ? AND member_id = ?').pluck()
  return {
    community(raw) {
      const n = raw.replace(/\s/g, '')
      const id = exact.get(n) ?? exact.get(`${n}社区`) ?? exact.get(`${n}村`)
      if (id) return { id }
      const same = stem.get(n.replace(SUFFIX, '')) ?? []
      if (same.length === 1) return { id: same[0].id }
      const near = nearest(n.replace(SUFFIX, ''), communities)
      return { id: null, problem: `未找到社区"${raw}"${near ? `(是否指"${near.name}"?)` : ',请先在村居中新建,或改为已有的村居名称'}` }
    },
    unitId: (n) => units.get(n) ?? null,
    byPhone: (p) => phone.get(p) as MemberHit | undefined,
    byIdCard: (i) => idCard.get(i) as MemberHit | undefined,
    byName: (n) => name.all(n) as MemberHit[],
    signedIn: (e, m) => !!signed.get(e, m)
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

function clean(row: ImportRowInput, kind: ImportKind, event: Event | null, look: Lookup): Clean {
  const v = row.values
  const problems: RowOutcome['problems'] = {}
  const warnings: RowOutcome['warnings'] = {}
  const name = normalizeName(v.name ?? '')
  if (!name) problems.name = '缺少姓名'
  else if (name.length > 30) problems.name = '姓名过长'
  const phone = normalizePhone(v.phone ?? '')
  if (phone && !isMobile(phone)) problems.phone = /^\d+$/.test(phone) ? `手机号应为11位(现为${phone.length}位)` : '手机号应为11位数字'
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
    registeredAt = parseDate(v.registeredAt, event ? +event.date.slice(0, 4) : new Date().getFullYear())
    if (!registeredAt) problems.registeredAt = `日期无法识别:"${v.registeredAt}",请写成 2020-04-15`
  } else if (kind === 'roster') problems.registeredAt = '缺少报到日期'
  let signedAt: string | null = null
  if (v.signedAt) {
    signedAt = parseTime(v.signedAt)
    if (!signedAt) problems.signedAt = `签到时间无法识别:"${v.signedAt}",请写成 08:30`
  }
  let hours: number | null = null
  if (v.hours) {
    hours = Number(v.hours.replace(/小时|h/gi, ''))
    if (!Number.isFinite(hours) || hours < 0 || hours > 24) problems.hours = '服务时长应为0到24之间的数字'
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

export function evaluate(db: DB, kind: ImportKind, event: Event | null, rows: ImportRowInput[]): RowOutcome[] {
  return rows.map(evaluator(db, kind, event))
}

const CHUNK = 500

/** The same evaluation in chunks, yielding between them so progress reaches the page and other calls get a turn. */
async function evaluateWithProgress(db: DB, kind: ImportKind, event: Event | null, rows: ImportRowInput[], ctx: CallContext): Promise<RowOutcome[]> {
  const next = evaluator(db, kind, event)
  const out: RowOutcome[] = []
  for (let i = 0; i < rows.length; i += CHUNK) {
    ctx.progress({ task: '核对每一行', done: i, total: rows.length })
    await new Promise((r) => setImmediate(r))
    for (const row of rows.slice(i, i + CHUNK)) out.push(next(row))
  }
  ctx.progress({ task: '核对每一行', done: rows.length, total: rows.length })
  return out
}

/** One row at a time, remembering who the file already listed. */
function evaluator(db: DB, kind: ImportKind, event: Event | null): (row: ImportRowInput) => RowOutcome {
  const look = lookup(db)
  const seen = new Map<string, number>()
  return (row) => {
    if (row.exclude) return outcome('excluded', '已排除', { problems: {}, warnings: {} })
    const c = clean(row, kind, event, look)
    if (c.unit && look.unitId(c.unit) === null && !c.problems.unit) c.warnings.unit = `将新建单位"${c.unit}"`
    if (Object.keys(c.problems).length) return outcome('error', '有错误', c)
    // someone listed twice in the file counts once
    const key = c.phone || c.idCard || `${c.name}|${c.unit}`
    const first = seen.get(key)
    if (first !== undefined) return outcome('duplicate', `文件内重复(同第${first}行),跳过`, c)
    seen.set(key, row.index)

    let hit = (c.phone && look.byPhone(c.phone)) || (c.idCard && look.byIdCard(c.idCard)) || undefined
    if (hit && hit.name !== c.name) {
      c.problems[c.phone && hit.phone === c.phone ? 'phone' : 'idCard'] = `该号码属于在册党员"${hit.name}",与本行姓名"${c.name}"不符,请核对`
      return outcome('error', '有错误', c)
    }
    if (kind === 'roster') {
      if (!hit) return outcome('create', '新建党员', c)
      return changes(db, hit.id, c, look).length ? outcome('update', '更新党员', c, { memberId: hit.id, memberName: hit.name }) : outcome('unchanged', '无变化,跳过', c, { memberId: hit.id, memberName: hit.name })
    }
    // a sign-in: phone, then ID number, then name + unit; a name alone is never enough
    if (!hit) {
      const same = look.byName(c.name)
      const withUnit = c.unit ? same.filter((m) => m.unitName === c.unit) : []
      if (withUnit.length === 1) hit = withUnit[0]
      else if (row.choice === 'new') {
        if (!c.phone) c.problems.phone = '登记未报到人员需要手机号'
        else if (!isMobile(c.phone)) c.problems.phone = '手机号应为11位'
        if (Object.keys(c.problems).length) return outcome('error', '有错误', c)
        return outcome('create', UNREGISTERED, c)
      } else if (typeof row.choice === 'number') {
        hit = same.find((m) => m.id === row.choice)
        if (!hit) return outcome('error', '有错误', { ...c, problems: { name: '所选党员已不在名单中,请重新选择' } }, { candidates: same.map(candidate) })
      } else if (same.length) {
        return outcome('confirm', '请确认是哪位党员', c, { candidates: same.map(candidate) })
      } else if (!c.phone) {
        c.problems.phone = '名册中没有此人;登记为未报到人员需要手机号'
        return outcome('error', '有错误', c)
      } else return outcome('create', UNREGISTERED, c)
    }
    if (look.signedIn(event!.id, hit.id)) return outcome('already', '已签到,跳过', c, { memberId: hit.id, memberName: hit.name })
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

export function checkImport(db: DB, q: Parsed<'import.check'>): { outcomes: RowOutcome[] } {
  return { outcomes: evaluate(db, q.kind, target(db, q.kind, q.eventId), q.rows) }
}

// ---------- committing, listing, undoing ----------

const BATCH_SELECT = `
  SELECT b.id, b.kind, b.file_name AS fileName, b.sha256, b.event_id AS eventId, e.title AS eventTitle, b.created_at AS createdAt,
         b.operator, b.rows, b.members_created AS membersCreated, b.members_updated AS membersUpdated, b.units_created AS unitsCreated,
         b.attendance, b.skipped, b.undone_at AS undoneAt
  FROM import_batch b LEFT JOIN event e ON e.id = b.event_id`

function getBatch(db: DB, id: number): ImportBatch {
  const row = db.prepare(`${BATCH_SELECT} WHERE b.id = ?`).get(id) as ImportBatch | undefined
  if (!row) throw notFound('该导入批次')
  return row
}

/**
 * Someone on a sign-in sheet who is not in the register: recorded as a person who has not reported (未报到),
 * signed in to the activity; they count in its head count and hours, never as 报到党员, until they report.
 */
const UNREGISTERED = '新增未报到人员并签到'

export function commitImport(db: DB, q: Parsed<'import.commit'>): ImportBatch {
  const id = db.transaction(() => {
    const event = target(db, q.kind, q.eventId)
    const already = alreadyImported(db, q.fileHash, q.kind, event?.id ?? null)
    if (already) throw new AppError('conflict', `该文件已于 ${already.at.slice(0, 10)} 导入过(第 ${already.batchId} 批),没有重复导入。如需重新导入,请先撤销那一批。`)
    const outcomes = evaluate(db, q.kind, event, q.rows)
    const blocked = outcomes
      .map((o, i) => [o, q.rows[i]] as const)
      .filter(([o]) => o.action === 'error' || o.action === 'confirm')
    if (blocked.length) {
      const first = blocked
        .slice(0, 5)
        .map(([o, r]) => `第${r.index}行:${o.action === 'confirm' ? '请确认是哪位党员' : Object.values(o.problems).join(';')}`)
        .join(';')
      throw new AppError('invalid', `还有 ${blocked.length} 行需要处理(修改或排除)后才能导入。${first}${blocked.length > 5 ? '……' : ''}`)
    }
    const look = lookup(db)
    const now = nowIso()
    const batchId = db
      .prepare('INSERT INTO import_batch (kind, file_name, sha256, event_id, created_at, operator, rows) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(q.kind, q.fileName, q.fileHash, event?.id ?? null, now, getSetting(db, 'operator') ?? '', q.rows.length).lastInsertRowid as number
    const log = db.prepare('INSERT INTO import_change (batch_id, tbl, row_id, op, before) VALUES (?, ?, ?, ?, ?)')
    const record: ChangeRecorder = (tbl, rowId, op, before) => void log.run(batchId, tbl, rowId, op, before)
    const insUnit = db.prepare("INSERT INTO unit (name, kind, pinyin, search, note, created_at, updated_at) VALUES (?, '其他', ?, ?, ?, ?, ?)")
    const insAtt = db.prepare('INSERT INTO attendance (event_id, member_id, signed_at, hours, source, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    const newUnits = new Map<string, number>()
    const counts = { membersCreated: 0, membersUpdated: 0, unitsCreated: 0, attendance: 0, skipped: 0 }
    const unitFor = (name: string): number | null => {
      if (!name) return null
      const known = look.unitId(name) ?? newUnits.get(name)
      if (known) return known
      const unitId = insUnit.run(name, sortKey(name), searchKey([name]), `由导入"${q.fileName}"新建`, now, now).lastInsertRowid as number
      log.run(batchId, 'unit', unitId, 'insert', null)
      newUnits.set(name, unitId)
      counts.unitsCreated++
      return unitId
    }
    const defaultHours = event ? durationHours(event.startTime, event.endTime) : 0

    q.rows.forEach((row, i) => {
      const o = outcomes[i]
      if (!['create', 'update', 'match'].includes(o.action)) {
        counts.skipped++
        return
      }
      const c = clean(row, q.kind, event, look)
      let memberId = o.memberId ?? 0
      if (o.action === 'create') {
        memberId = insertMember(
          db,
          {
            name: c.name, gender: c.gender, phone: c.phone, idCard: c.idCard, unitId: unitFor(c.unit), position: c.position, branch: c.branch,
            communityId: c.community?.id ?? event!.communityId, estate: c.estate,
            ...(q.kind === 'roster' ? { registeredAt: c.registeredAt ?? todayBeijing(), status: '在册' as const } : { registeredAt: '', status: '未报到' as const }),
            skills: c.skills, veteran: c.veteran ?? false, note: c.note
          },
          record
        )
        counts.membersCreated++
      } else if (o.action === 'update') {
        writeMember(db, memberId, merged(memberInput(db, memberId), c, look, unitFor(c.unit) ?? undefined), todayBeijing(), record)
        counts.membersUpdated++
      }
      if (q.kind === 'signin') {
        const hours = c.hours ?? defaultHours
        const signedAt = `${event!.date}T${c.signedAt ?? (event!.startTime || '00:00')}:00+08:00`
        const attId = insAtt.run(event!.id, memberId, signedAt, hours, '导入', now).lastInsertRowid as number
        log.run(batchId, 'attendance', attId, 'insert', null)
        counts.attendance++
      }
    })
    db.prepare(
      'UPDATE import_batch SET members_created = ?, members_updated = ?, units_created = ?, attendance = ?, skipped = ? WHERE id = ?'
    ).run(counts.membersCreated, counts.membersUpdated, counts.unitsCreated, counts.attendance, counts.skipped, batchId)
    db.prepare('INSERT INTO import_mapping (header_key, mapping, updated_at) VALUES (?, ?, ?) ON CONFLICT (header_key) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at').run(
      headerKey(q.headers),
      JSON.stringify(q.mapping),
      now
    )
    return batchId
  }).immediate()
  return getBatch(db, id)
}

export function listImports(db: DB, q: Parsed<'import.list'>): Page<ImportBatch> {
  const total = db.prepare('SELECT COUNT(*) FROM import_batch').pluck().get() as number
  const rows = db.prepare(`${BATCH_SELECT} ORDER BY b.id DESC LIMIT ? OFFSET ?`).all(q.pageSize, (q.page - 1) * q.pageSize) as ImportBatch[]
  return toPage(rows, total, q.page, q.pageSize)
}

/** Removes exactly what a batch added and puts back what it changed, newest first. */
export function undoImport(db: DB, id: number): ImportBatch {
  db.transaction(() => {
    const batch = getBatch(db, id)
    if (batch.undoneAt) throw new AppError('conflict', `第 ${id} 批导入已于 ${batch.undoneAt.slice(0, 10)} 撤销过。`)
    const later = db.prepare('SELECT id FROM import_batch WHERE id > ? AND undone_at IS NULL AND id IN (SELECT batch_id FROM import_change WHERE (tbl, row_id) IN (SELECT tbl, row_id FROM import_change WHERE batch_id = ?))').pluck().get(id, id) as number | undefined
    if (later) throw new AppError('conflict', `第 ${later} 批导入改动了本批导入的记录,请先撤销第 ${later} 批。`)
    const changes = db.prepare('SELECT tbl, row_id, op, before FROM import_change WHERE batch_id = ? ORDER BY id DESC').all(id) as Array<{ tbl: string; row_id: number; op: string; before: string | null }>
    for (const ch of changes) {
      if (ch.op === 'insert') {
        try {
          db.prepare(`DELETE FROM ${ch.tbl} WHERE id = ?`).run(ch.row_id)
        } catch (e) {
          if (String((e as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) {
            const what = ch.tbl === 'member' ? '本批新建的党员' : '本批新建的单位'
            throw new AppError('conflict', `${what}在导入后又有了其他记录(如手工签到或新的党员),无法撤销。请先处理这些记录。`)
          }
          throw e
        }
      } else if (ch.before) {
        // (an erased member's earlier state is gone on purpose and is not restored)
        const before = JSON.parse(ch.before) as Record<string, unknown>
        const cols = Object.keys(before).filter((k) => k !== 'id')
        db.prepare(`UPDATE ${ch.tbl} SET ${cols.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`).run(...cols.map((k) => before[k]), ch.row_id)
      }
    }
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
  const event = target(db, q.kind, q.eventId)!
  return { fileName: safeFileName(`${event.title}_签到表_${event.date.replace(/-/g, '')}.xlsx`), base64: (await signinTemplate(org, event)).toString('base64') }
}

export async function rejectedRowsFile(db: DB, q: Parsed<'import.rejects'>): Promise<FileOut> {
  const outcomes = evaluate(db, q.kind, target(db, q.kind, q.eventId), q.rows)
  const columns = q.mapping.map((f, c) => [f, c] as const).filter((x): x is readonly [ImportField, number] => !!x[0])
  const rows = q.rows
    .map((r, i) => ({ r, o: outcomes[i] }))
    .filter(({ o }) => o.action === 'error' || o.action === 'confirm')
    .map(({ r, o }) => ({
      index: r.index,
      values: columns.map(([f]) => r.values[f] ?? ''),
      reason: o.action === 'confirm' ? '同名党员不止一位或无法确认,请补充手机号' : Object.entries(o.problems).map(([f, m]) => (f === 'row' ? m : `${IMPORT_FIELD_LABELS[f as ImportField]}:${m}`)).join(';')
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
  'import.undo': (db, { id }) => undoImport(db, id),
  'import.template': importTemplate,
  'import.rejects': rejectedRowsFile
}
