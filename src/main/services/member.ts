import type { FileOut, Member, MemberAttendance, MemberDetail, Page, Parsed, RemoveResult, ReportCell } from '../../shared/api'
import { maskIdCard, maskPhone, safeFileName, todayBeijing } from '../../shared/text'
import { reportWorkbook } from '../excel/report'
import { getSetting } from './settings'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { AppError, notFound } from '../errors'
import { applyErasure, eraseFromBackups } from './erasure'
import { applyRegistration, deleteSpans, editSpan, memberHistory, reopenArchivedSpan, type ChangeRecorder, type RegistrationState } from './registration'
import { type Raw, archivedFilter, assertAttachable, COMMUNITY, UNIT, direction, likePattern, loadInOrder, nowIso, memberKeys, pageIds, prepared, toPage } from './common'

type Row = Raw<Omit<Member, 'skills' | 'veteran'>> & { skills: string; veteran: number }

const SELECT = `
  SELECT m.id, m.name, m.gender, m.phone, m.id_card AS idCard, m.unit_id AS unitId, u.name AS unitName,
         m.position, m.branch, m.community_id AS communityId, c.name AS communityName, m.estate,
         m.registered_at AS registeredAt, m.skills, m.veteran, m.status, m.note,
         m.archived_at AS archivedAt, m.created_at AS createdAt, m.updated_at AS updatedAt,
         (SELECT COUNT(*) FROM attendance a WHERE a.member_id = m.id) AS attendanceCount
  FROM member m JOIN community c ON c.id = m.community_id LEFT JOIN unit u ON u.id = m.unit_id`

/** Lists and pages never carry a full phone or ID number; `member.reveal` does, on request. */
function present(r: Row): Member {
  return { ...r, phone: maskPhone(r.phone), idCard: maskIdCard(r.idCard), skills: JSON.parse(r.skills) as string[], veteran: r.veteran === 1 }
}

const SORTS = {
  name: 'x.pinyin',
  registeredAt: 'x.registered_at',
  createdAt: 'x.created_at',
  community: 'c.pinyin',
  unit: 'u.pinyin'
} as const

const END = String.fromCodePoint(0x10ffff)
/** Rows whose indexed `col` starts with `k`, as a range the index answers. */
const startsWith = (col: string): string => `${col} >= ? AND ${col} < ?`

/**
 * What a keyword finds, best first: 0 the exact name (or a whole phone or ID number), 1 a name starting with
 * it, 2 initials or full pinyin starting with it, 3 any part of name or pinyin (three characters or more),
 * 4 the member's unit, 5 the member's community. Digits find a phone only by the whole number or its last
 * four digits, and an ID number by the whole or its last four or six: never by an inner part, which would
 * let the masked middle digits be recovered by searching.
 */
function keywordHits(keyword: string, within: { communityId?: number; unitId?: number } = {}): { sql: string; params: unknown[] } {
  const k = keyword.toLowerCase().replace(/\s+/g, '')
  const parts: string[] = []
  const params: unknown[] = []
  const add = (sql: string, ...p: unknown[]): void => void (parts.push(sql), params.push(...p))
  if (/^\d{17}[\dx]$/.test(k)) add('SELECT id, 0 AS rank FROM member WHERE id_card = ?', k.toUpperCase())
  else if (/^\d{11}$/.test(k)) add('SELECT id, 0 AS rank FROM member WHERE phone = ?', k)
  else if (/^\d{4}$/.test(k)) {
    add('SELECT id, 0 AS rank FROM member WHERE substr(phone, -4) = ?', k)
    add('SELECT id, 0 AS rank FROM member WHERE substr(id_card, -4) = ? AND id_card IS NOT NULL', k)
  } else if (/^\d{5}[\dx]$/.test(k)) add('SELECT id, 0 AS rank FROM member WHERE substr(id_card, -6) = ? AND id_card IS NOT NULL', k.toUpperCase())
  else if (/^[\d+\-]+$/.test(k)) add('SELECT NULL AS id, NULL AS rank WHERE 0')
  else if (within.communityId || within.unitId) {
    // within one community or unit the members are few: rank them in one pass over that index instead of
    // building the whole register's matches first
    const prefix = likePattern(k).slice(1)
    const part = likePattern(k)
    const tokenStart = `% ${part.slice(1)}`
    const long = [...k].length >= 3 ? 1 : 0
    const L = "LIKE ? ESCAPE '\\'"
    add(
      `SELECT m.id, CASE WHEN m.name = ? THEN 0 WHEN m.name ${L} THEN 1 WHEN m.initials ${L} OR m.pinyin ${L} THEN 2
                         WHEN ? AND m.search ${L} THEN 3 WHEN u.name ${L} OR u.search ${L} THEN 4 ELSE 5 END AS rank
       FROM member m LEFT JOIN unit u ON u.id = m.unit_id JOIN community c ON c.id = m.community_id
       WHERE m.${within.communityId ? 'community_id' : 'unit_id'} = ?
         AND (m.name ${L} OR m.initials ${L} OR m.pinyin ${L} OR (? AND m.search ${L}) OR u.name ${L} OR u.search ${L} OR c.name ${L} OR c.search ${L})`,
      k, prefix, prefix, prefix, long, part, part, tokenStart,
      within.communityId ?? within.unitId,
      prefix, prefix, prefix, long, part, part, tokenStart, part, tokenStart
    )
  } else {
    add(`SELECT id, CASE WHEN name = ? THEN 0 ELSE 1 END AS rank FROM member WHERE ${startsWith('name')}`, k, k, k + END)
    add(`SELECT id, 2 AS rank FROM member WHERE ${startsWith('initials')}`, k, k + END)
    add(`SELECT id, 2 AS rank FROM member WHERE ${startsWith('pinyin')}`, k, k + END)
    if ([...k].length >= 3) add('SELECT rowid AS id, 3 AS rank FROM member_fts WHERE member_fts MATCH ?', `"${k.replace(/"/g, '""')}"`)
    // a unit or community by any part of its name, or by the start of its initials or pinyin
    const unitOrCommunity = "(name LIKE ? ESCAPE '\\' OR search LIKE ? ESCAPE '\\')"
    const like = likePattern(k)
    const tokenStart = `% ${like.slice(1)}`
    add(`SELECT id, 4 AS rank FROM member WHERE unit_id IN (SELECT id FROM unit WHERE ${unitOrCommunity})`, like, tokenStart)
    add(`SELECT id, 5 AS rank FROM member WHERE community_id IN (SELECT id FROM community WHERE ${unitOrCommunity})`, like, tokenStart)
  }
  return { sql: `(SELECT id, MIN(rank) AS rank FROM (${parts.join(' UNION ALL ')}) GROUP BY id)`, params }
}

export function listMembers(db: DB, q: Parsed<'member.list'>): Page<Member> {
  const where = archivedFilter('x', q.archived)
  const params: unknown[] = []
  const hits = q.keyword ? keywordHits(q.keyword, { communityId: q.communityId, unitId: q.unitId }) : null
  if (hits) params.push(...hits.params)
  const eq: Array<[string, unknown]> = [
    ['x.community_id', q.communityId],
    ['x.unit_id', q.unitId],
    ['x.status', q.status],
    ['x.veteran', q.veteran === undefined ? undefined : Number(q.veteran)]
  ]
  for (const [col, value] of eq) {
    if (value !== undefined) {
      where.push(`${col} = ?`)
      params.push(value)
    }
  }
  if (q.registeredFrom) {
    where.push('x.registered_at >= ?')
    params.push(q.registeredFrom)
  }
  if (q.registeredTo) {
    where.push('x.registered_at <= ?')
    params.push(q.registeredTo)
  }
  const sort = q.sort ?? 'name'
  const joins = `${sort === 'community' ? ' JOIN community c ON c.id = x.community_id' : ''}${sort === 'unit' ? ' LEFT JOIN unit u ON u.id = x.unit_id' : ''}`
  const from = hits ? `${hits.sql} h JOIN member x ON x.id = h.id${joins}` : `member x${joins}`
  // with a keyword, the best matches come first unless the clerk sorted by a column
  const orderBy = `${hits && !q.sort ? 'h.rank, ' : ''}${SORTS[sort]} ${direction(q.order)}, x.id`
  const { ids, total } = pageIds(db, { from, where, params, orderBy, page: q.page, pageSize: q.pageSize })
  return toPage(loadInOrder<Row>(db, `${SELECT} WHERE m.id IN ($IDS)`, ids).map(present), total, q.page, q.pageSize)
}

/** The stored fields alone (no names of unit or community, no count of sign-ins): for writing and merging. */
type Fields = Pick<Row, 'name' | 'gender' | 'phone' | 'idCard' | 'unitId' | 'position' | 'branch' | 'communityId' | 'estate' | 'registeredAt' | 'skills' | 'veteran' | 'status' | 'note' | 'archivedAt'>
function memberFields(db: DB, id: number): Fields {
  const row = prepared(
    db,
    `SELECT name, gender, phone, id_card AS idCard, unit_id AS unitId, position, branch, community_id AS communityId, estate,
            registered_at AS registeredAt, skills, veteran, status, note, archived_at AS archivedAt FROM member WHERE id = ?`
  ).get(id) as Fields | undefined
  if (!row) throw notFound('该党员')
  return row
}

function memberRow(db: DB, id: number): Row {
  const row = db.prepare(`${SELECT} WHERE m.id = ?`).get(id) as Row | undefined
  if (!row) throw notFound('该党员')
  return row
}

export function getMember(db: DB, id: number): MemberDetail {
  const row = memberRow(db, id)
  const hours = db.prepare('SELECT COALESCE(ROUND(SUM(hours), 2), 0) FROM attendance WHERE member_id = ?').pluck().get(id) as number
  const claimHours = db.prepare("SELECT COALESCE(ROUND(SUM(hours), 2), 0) FROM claim WHERE member_id = ? AND status = '已完成'").pluck().get(id) as number
  return { ...present(row), hours, claimHours }
}

/** One member's whole numbers, only the ones asked for (the other comes back empty); logged by the handler layer. */
export function revealMember(db: DB, id: number, field: 'phone' | 'idCard' | 'both' = 'both'): { phone: string; idCard: string } {
  const row = memberRow(db, id)
  return { phone: field === 'idCard' ? '' : row.phone, idCard: field === 'phone' ? '' : (row.idCard ?? '') }
}

/** Phone numbers (and ID numbers) are unique among active members: 在册 and not archived. */
function assertUnique(db: DB, phone: string, idCard: string, exceptId: number): void {
  const active = "status = '在册' AND archived_at IS NULL AND id != ?"
  const byPhone = db.prepare(`SELECT name FROM member WHERE phone = ? AND ${active}`).get(phone, exceptId) as { name: string } | undefined
  if (byPhone) {
    throw new AppError('conflict', `手机号 ${maskPhone(phone)} 已被在册党员"${byPhone.name}"使用,请核对;如是同一人,请直接编辑该党员。`, {
      phone: `已被在册党员"${byPhone.name}"使用`
    })
  }
  if (idCard) {
    const byId = db.prepare(`SELECT name FROM member WHERE id_card = ? AND ${active}`).get(idCard, exceptId) as { name: string } | undefined
    if (byId) {
      throw new AppError('conflict', `身份证号 ${maskIdCard(idCard)} 已被在册党员"${byId.name}"使用,请核对。`, { idCard: `已被在册党员"${byId.name}"使用` })
    }
  }
}

function check(db: DB, input: Parsed<'member.create'>, before?: Row): void {
  if (input.communityId !== before?.communityId) assertAttachable(db, COMMUNITY, input.communityId, 'communityId')
  if (input.unitId && input.unitId !== before?.unitId) assertAttachable(db, UNIT, input.unitId, 'unitId')
  if (input.status === '在册' && !before?.archivedAt) assertUnique(db, input.phone, input.idCard, before?.id ?? 0)
}

function values(input: Parsed<'member.create'>): unknown[] {
  return [
    input.name, input.gender, input.phone, input.idCard || null, input.unitId, input.position, input.branch, input.communityId,
    input.estate, input.registeredAt, JSON.stringify(input.skills), input.veteran ? 1 : 0, input.status, input.note,
    ...Object.values(memberKeys(input.name))
  ]
}

const COLUMNS = 'name, gender, phone, id_card, unit_id, position, branch, community_id, estate, registered_at, skills, veteran, status, note, pinyin, search, initials'
const INSERT_MEMBER = `INSERT INTO member (${COLUMNS}, created_at, updated_at) VALUES (${'?, '.repeat(17)}?, ?)`
const UPDATE_MEMBER = `UPDATE member SET ${COLUMNS.split(', ').map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`

const stateOf = (m: { status: RegistrationState['status']; communityId: number; registeredAt: string }, archived: boolean): RegistrationState => ({
  status: m.status,
  communityId: m.communityId,
  registeredAt: m.registeredAt,
  archived
})

/** Writes a new member as given, with their first registration span; callers check first. */
export function insertMember(db: DB, input: Parsed<'member.create'>, record?: ChangeRecorder): number {
  const now = nowIso()
  const id = prepared(db, INSERT_MEMBER).run(...values(input), now, now)
    .lastInsertRowid as number
  record?.('member', id, 'insert', null)
  applyRegistration(db, id, null, stateOf(input, false), input.registeredAt || todayBeijing(), record)
  return id
}

/** Overwrites a member's fields as given and brings their spans in line; callers check first. */
export function writeMember(db: DB, id: number, input: Parsed<'member.create'>, changedOn = todayBeijing(), record?: ChangeRecorder): void {
  const was = memberFields(db, id)
  record?.('member', id, 'update', JSON.stringify(prepared(db, 'SELECT * FROM member WHERE id = ?').get(id)))
  prepared(db, UPDATE_MEMBER).run(...values(input), nowIso(), id)
  applyRegistration(db, id, stateOf(was, !!was.archivedAt), stateOf(input, !!was.archivedAt), changedOn, record)
}

/** A member's stored fields, unmasked, in the shape of the create input (for merging an update). */
export function memberInput(db: DB, id: number): Parsed<'member.create'> {
  const r = memberFields(db, id)
  return {
    name: r.name, gender: r.gender, phone: r.phone, idCard: r.idCard ?? '', unitId: r.unitId, position: r.position, branch: r.branch,
    communityId: r.communityId, estate: r.estate, registeredAt: r.registeredAt, skills: JSON.parse(r.skills) as string[],
    veteran: r.veteran === 1, status: r.status, note: r.note
  }
}

export function createMember(db: DB, input: Parsed<'member.create'>): MemberDetail {
  const id = db.transaction(() => {
    check(db, input)
    return insertMember(db, input)
  }).immediate()
  return getMember(db, id)
}

export function updateMember(db: DB, input: Parsed<'member.update'>): MemberDetail {
  db.transaction(() => {
    check(db, input, memberRow(db, input.id))
    writeMember(db, input.id, input, input.changedOn || todayBeijing())
  }).immediate()
  return getMember(db, input.id)
}

/** Deletes a member with no sign-ins; archives one whose sign-ins are part of the record. */
export function removeMember(db: DB, id: number): RemoveResult {
  return db.transaction((): RemoveResult => {
    memberRow(db, id)
    const n = (sql: string): number => db.prepare(sql).pluck().get({ id }) as number
    const signIns = n('SELECT COUNT(*) FROM attendance WHERE member_id = @id')
    const claims = n('SELECT (SELECT COUNT(*) FROM claim WHERE member_id = @id) + (SELECT COUNT(*) FROM unit_claim_member WHERE member_id = @id)')
    const others = n('SELECT (SELECT COUNT(*) FROM feedback WHERE member_id = @id) + (SELECT COUNT(*) FROM suggestion WHERE member_id = @id)')
    // assessment results, adjustments, 复报到 confirmations and certificates are history too
    const assessed = n(
      'SELECT (SELECT COUNT(*) FROM assess_result WHERE member_id = @id) + (SELECT COUNT(*) FROM assess_adjustment WHERE member_id = @id) + (SELECT COUNT(*) FROM assess_rereport WHERE member_id = @id) + (SELECT COUNT(*) FROM certificate WHERE member_id = @id)'
    )
    if (signIns + claims + others + assessed === 0) {
      deleteSpans(db, id)
      db.prepare('DELETE FROM member WHERE id = ?').run(id)
      return { outcome: 'deleted' }
    }
    const was = memberRow(db, id)
    db.prepare('UPDATE member SET archived_at = ?, updated_at = ? WHERE id = ?').run(nowIso(), nowIso(), id)
    // an archive ends the registration today: earlier periods keep counting this member
    applyRegistration(db, id, stateOf(was, false), stateOf(was, true), todayBeijing())
    const held = [signIns && `${signIns} 条签到记录`, claims && `${claims} 项认领`, others && `${others} 条评价或意见建议`, assessed && `${assessed} 条考核或证明记录`].filter(Boolean).join('、')
    return { outcome: 'archived', reason: `该党员有 ${held},已归档而非删除,服务记录全部保留。` }
  }).immediate()
}

export function restoreMember(db: DB, id: number): MemberDetail {
  db.transaction(() => {
    const row = memberRow(db, id)
    if (row.status === '在册') assertUnique(db, row.phone, row.idCard ?? '', id)
    db.prepare('UPDATE member SET archived_at = NULL, updated_at = ? WHERE id = ?').run(nowIso(), id)
    reopenArchivedSpan(db, id)
  }).immediate()
  return getMember(db, id)
}

export function memberAttendance(db: DB, q: Parsed<'member.attendance'>): Page<MemberAttendance> & { hours: number } {
  memberRow(db, q.memberId)
  const t = db.prepare('SELECT COUNT(*) AS n, COALESCE(ROUND(SUM(hours), 2), 0) AS h FROM attendance WHERE member_id = ?').get(q.memberId) as { n: number; h: number }
  const rows = db
    .prepare(
      `SELECT a.id, a.event_id AS eventId, e.title AS eventTitle, e.date AS eventDate, e.category, c.name AS communityName,
              a.signed_at AS signedAt, a.hours, a.source
       FROM attendance a JOIN event e ON e.id = a.event_id JOIN community c ON c.id = e.community_id
       WHERE a.member_id = ? ORDER BY e.date DESC, a.id DESC LIMIT ? OFFSET ?`
    )
    .all(q.memberId, q.pageSize, (q.page - 1) * q.pageSize) as MemberAttendance[]
  return { ...toPage(rows, t.n, q.page, q.pageSize), hours: t.h }
}

/**
 * Erases a transferred-out member's personal data on request (erasure.ts: the row, the search index, the undo
 * record, the log's wording, every backup); the sign-ins, claims and evaluations stay, so the statistics they
 * contributed are unchanged. The handler layer then checkpoints the WAL away.
 */
export function eraseMember(db: DB, id: number): MemberDetail & { backupsRewritten: number; backupsFailed: string[] } {
  db.transaction(() => {
    const m = memberRow(db, id)
    if (m.status !== '已转出') throw new AppError('invalid', `党员"${m.name}"仍在册。只有已转出的党员才能注销个人信息,请先将其状态改为"已转出"。`)
    applyErasure(db, id, nowIso())
    db.prepare("INSERT INTO member_fts (member_fts) VALUES ('optimize')").run()
  }).immediate()
  const backups = eraseFromBackups(db, id)
  return { ...getMember(db, id), backupsRewritten: backups.rewritten, backupsFailed: backups.failed }
}

/**
 * Transfers out, or moves home, the selected members from a date. Each member is done on its own (a savepoint), so
 * one that cannot be changed (already transferred, the date before their registration) is left as it was and named.
 */
export function batchMembers(db: DB, q: Parsed<'member.batch'>): { changed: number; skipped: string[] } {
  if (q.action === 'move') assertAttachable(db, COMMUNITY, q.communityId!, 'communityId')
  let changed = 0
  const skipped: string[] = []
  for (const id of [...new Set(q.ids)]) {
    const m = memberRow(db, id)
    const input = memberInput(db, id)
    const why = m.archivedAt
      ? '已归档'
      : m.status !== '在册'
        ? `状态为${m.status}`
        : q.action === 'move' && m.communityId === q.communityId
          ? '已住在该村居'
          : q.changedOn <= m.registeredAt
            ? `变动日期应晚于报到日期 ${m.registeredAt}`
            : ''
    if (why) {
      skipped.push(`${m.name}:${why}`)
      continue
    }
    try {
      db.transaction(() => writeMember(db, id, q.action === 'transfer' ? { ...input, status: '已转出' } : { ...input, communityId: q.communityId! }, q.changedOn))()
      changed++
    } catch (e) {
      if (!(e instanceof AppError)) throw e
      skipped.push(`${m.name}:${e.message}`)
    }
  }
  return { changed, skipped }
}

/** The selected members as a workbook (phones masked), in the order of the list. */
export async function exportMembers(db: DB, q: Parsed<'member.export'>): Promise<FileOut> {
  const rows = loadInOrder<Row>(db, `${SELECT} WHERE m.id IN ($IDS)`, [...new Set(q.ids)]).map(present)
  const columns = [
    { key: 'name', title: '姓名', width: 10 }, { key: 'gender', title: '性别', width: 6 }, { key: 'phone', title: '手机号', width: 14 },
    { key: 'unitName', title: '工作单位', width: 26, wrap: true }, { key: 'communityName', title: '居住村居', width: 14 },
    { key: 'registeredAt', title: '报到日期', width: 12 }, { key: 'status', title: '状态', width: 8 }, { key: 'attendanceCount', title: '签到(次)', width: 9, numeric: true }
  ]
  const org = getSetting(db, 'orgName') ?? ''
  const { bytes } = await reportWorkbook(
    [{ name: '党员名单', title: `${org}在职党员名单`, period: `导出时间:${todayBeijing()}`, columns, rows: () => rows as unknown as Array<Record<string, ReportCell>>, count: rows.length, sum: null, countLabel: '共 {n} 人', note: '手机号已隐藏中间四位。' }],
    { cancelled: false, progress: () => {} }
  )
  return { fileName: safeFileName(`${org}_在职党员名单_${rows.length}人_${todayBeijing().replace(/-/g, '')}.xlsx`), base64: bytes.toString('base64'), rows: rows.length }
}

export const handlers: HandlersOf<'member'> = {
  'member.list': listMembers,
  'member.get': (db, { id }) => getMember(db, id),
  'member.reveal': (db, { id, field }) => revealMember(db, id, field),
  'member.create': createMember,
  'member.update': updateMember,
  'member.remove': (db, { id }) => removeMember(db, id),
  'member.restore': (db, { id }) => restoreMember(db, id),
  'member.attendance': memberAttendance,
  'member.history': (db, { memberId }) => (memberRow(db, memberId), memberHistory(db, memberId)),
  'member.editSpan': editSpan,
  'member.batch': batchMembers,
  'member.export': exportMembers,
  'member.erase': (db, { id }) => eraseMember(db, id)
}
