import type { Option, Page, Parsed, RemoveResult, Unit, UnitRecord, UnitRecordRow } from '../../shared/api'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { notFound } from '../errors'
import { todayBeijing } from '../../shared/text'
import { archivedFilter, assertAttachable, assertNameFree, COMMUNITY, optionsOf, UNIT, direction, likePattern, loadInOrder, nowIso, pageIds, searchKey, sortKey, toPage } from './common'
import { inForce } from './figures'
import { exportLedger } from './ledger'
import { unitMemberRows } from './report'
import { insertPairing } from './pairing'

const SELECT = `
  SELECT u.id, u.name, u.kind, u.party_org AS partyOrg, u.contact, u.phone, u.community_id AS communityId,
         c.name AS communityName, u.note, u.archived_at AS archivedAt, u.created_at AS createdAt, u.updated_at AS updatedAt,
         COALESCE((SELECT GROUP_CONCAT(pc.name, '、') FROM unit_pairing p JOIN community pc ON pc.id = p.community_id WHERE p.unit_id = u.id AND ${inForce('p', "date('now', '+8 hours')")}), '') AS pairedNames,
         (SELECT MIN(p.start_date) FROM unit_pairing p WHERE p.unit_id = u.id AND ${inForce('p', "date('now', '+8 hours')")}) AS reportedOn,
         (SELECT COUNT(*) FROM member m WHERE m.unit_id = u.id AND m.archived_at IS NULL AND +m.status = '在册') AS memberCount
  FROM unit u LEFT JOIN community c ON c.id = u.community_id`

const SORTS = {
  name: 'x.pinyin',
  kind: 'x.kind',
  createdAt: 'x.created_at',
  memberCount: "(SELECT COUNT(*) FROM member m WHERE m.unit_id = x.id AND m.archived_at IS NULL AND +m.status = '在册')"
} as const

export function listUnits(db: DB, q: Parsed<'unit.list'>): Page<Unit> {
  const where = archivedFilter('x', q.archived)
  const params: unknown[] = []
  if (q.keyword) {
    where.push("(x.search LIKE ? ESCAPE '\\' OR x.phone LIKE ? ESCAPE '\\')")
    params.push(likePattern(q.keyword), likePattern(q.keyword))
  }
  if (q.kind) {
    where.push('x.kind = ?')
    params.push(q.kind)
  }
  if (q.communityId) {
    // units paired with the community today
    where.push(`x.id IN (SELECT p.unit_id FROM unit_pairing p WHERE p.community_id = ? AND ${inForce('p', "date('now', '+8 hours')")})`)
    params.push(q.communityId)
  }
  const orderBy = `${SORTS[q.sort ?? 'name']} ${direction(q.order)}, x.id`
  const { ids, total } = pageIds(db, { from: 'unit x', where, params, orderBy, page: q.page, pageSize: q.pageSize })
  return toPage(loadInOrder<Unit>(db, `${SELECT} WHERE u.id IN ($IDS)`, ids), total, q.page, q.pageSize)
}

export function unitOptions(db: DB): Option[] {
  return optionsOf(db, UNIT)
}

export function getUnit(db: DB, id: number): Unit {
  const row = db.prepare(`${SELECT} WHERE u.id = ?`).get(id) as Unit | undefined
  if (!row) throw notFound('该单位')
  return row
}

const keys = (input: Omit<Parsed<'unit.update'>, 'id'>): [string, string] => [sortKey(input.name), searchKey([input.name, input.partyOrg, input.contact])]

export function createUnit(db: DB, input: Parsed<'unit.create'>): Unit {
  const id = db.transaction(() => {
    assertNameFree(db, UNIT, input.name)
    if (input.communityId) assertAttachable(db, COMMUNITY, input.communityId, 'communityId')
    const now = nowIso()
    const id = db
      .prepare(
        `INSERT INTO unit (name, kind, party_org, contact, phone, note, pinyin, search, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(input.name, input.kind, input.partyOrg, input.contact, input.phone, input.note, ...keys(input), now, now).lastInsertRowid as number
    // 单位报到: the first pairing, from the day given (today if none)
    if (input.communityId) insertPairing(db, { unitId: id, communityId: input.communityId, startDate: input.reportedOn || todayBeijing() })
    return id
  }).immediate()
  return getUnit(db, id)
}

export function updateUnit(db: DB, input: Parsed<'unit.update'>): Unit {
  db.transaction(() => {
    getUnit(db, input.id)
    assertNameFree(db, UNIT, input.name, input.id)
    // pairings (单位报到) are dated records of their own: pairing.add / pairing.end
    db.prepare(
      `UPDATE unit SET name = ?, kind = ?, party_org = ?, contact = ?, phone = ?, note = ?, pinyin = ?, search = ?, updated_at = ? WHERE id = ?`
    ).run(input.name, input.kind, input.partyOrg, input.contact, input.phone, input.note, ...keys(input), nowIso(), input.id)
  }).immediate()
  return getUnit(db, input.id)
}

export function removeUnit(db: DB, id: number): RemoveResult {
  return db.transaction((): RemoveResult => {
    getUnit(db, id)
    const n = (sql: string): number => db.prepare(sql).pluck().get(id) as number
    const members = n('SELECT COUNT(*) FROM member WHERE unit_id = ?')
    const pairings = n('SELECT COUNT(*) FROM unit_pairing WHERE unit_id = ?')
    const claims = n('SELECT COUNT(*) FROM unit_claim WHERE unit_id = ?')
    const events = n('SELECT COUNT(*) FROM event WHERE unit_id = ?')
    const others = n('SELECT COUNT(*) FROM expected_member WHERE unit_id = ?')
    if (members + pairings + claims + events + others === 0) {
      db.prepare('DELETE FROM unit WHERE id = ?').run(id)
      return { outcome: 'deleted' }
    }
    db.prepare('UPDATE unit SET archived_at = ?, updated_at = ? WHERE id = ?').run(nowIso(), nowIso(), id)
    const held = [members && `${members} 名党员`, pairings && `${pairings} 条结对记录`, claims && `${claims} 个共建项目`, events && `${events} 场组织的活动`].filter(Boolean).join('、') || '应报到名单'
    return { outcome: 'archived', reason: `该单位有 ${held},已归档而非删除,历史记录全部保留。` }
  }).immediate()
}

export function restoreUnit(db: DB, id: number): Unit {
  getUnit(db, id)
  db.prepare('UPDATE unit SET archived_at = NULL, updated_at = ? WHERE id = ?').run(nowIso(), id)
  return getUnit(db, id)
}

/** 双报到反馈 on the unit's page: the 单位反馈表's rows for the unit (report.ts), which its 工作台账 prints too. */
export function unitRecord(db: DB, q: Parsed<'unit.record'>): UnitRecord {
  const unit = getUnit(db, q.id)
  const found = unitMemberRows(db, q.id, q.from, q.to)
  // 状态 is today's (the page's column), not part of the period's figures
  const status = new Map(
    db
      .prepare("SELECT id, CASE WHEN archived_at IS NOT NULL THEN '已归档' ELSE status END FROM member WHERE id IN (SELECT value FROM json_each(?))")
      .raw()
      .all(JSON.stringify(found.map((r) => r.memberId))) as Array<[number, string]>
  )
  const rows = found.map(
    (r): UnitRecordRow => ({
      memberId: r.memberId as number,
      name: r.name as string,
      communityName: r.community as string,
      registeredAt: r.registeredAt as string,
      status: status.get(r.memberId as number) ?? '',
      events: r.attendance as number,
      hours: r.eventHours as number,
      claims: r.claims as number,
      claimsDone: r.claimsDone as number,
      claimHours: r.claimHours as number,
      feedback: r.feedback as number,
      satisfied: r.satisfied as number
    })
  )
  return { unitId: unit.id, unitName: unit.name, from: q.from, to: q.to, rows }
}

export const handlers: HandlersOf<'unit'> = {
  'unit.list': listUnits,
  'unit.options': (db) => unitOptions(db),
  'unit.get': (db, { id }) => getUnit(db, id),
  'unit.create': createUnit,
  'unit.update': updateUnit,
  'unit.remove': (db, { id }) => removeUnit(db, id),
  'unit.restore': (db, { id }) => restoreUnit(db, id),
  'unit.record': unitRecord,
  'unit.ledger': exportLedger
}
