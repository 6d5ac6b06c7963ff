import type { Option, Page, Parsed, RemoveResult, Unit, UnitRecord, UnitRecordRow } from '../../shared/api'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { notFound } from '../errors'
import { archivedFilter, assertAttachable, assertNameFree, COMMUNITY, optionsOf, UNIT, direction, likePattern, loadInOrder, nowIso, pageIds, searchKey, sortKey, toPage } from './common'

const SELECT = `
  SELECT u.id, u.name, u.kind, u.party_org AS partyOrg, u.contact, u.phone, u.community_id AS communityId,
         c.name AS communityName, u.note, u.archived_at AS archivedAt, u.created_at AS createdAt, u.updated_at AS updatedAt,
         (SELECT COUNT(*) FROM member m WHERE m.unit_id = u.id AND m.archived_at IS NULL AND m.status = '在册') AS memberCount
  FROM unit u LEFT JOIN community c ON c.id = u.community_id`

const SORTS = {
  name: 'x.pinyin',
  kind: 'x.kind',
  createdAt: 'x.created_at',
  memberCount: "(SELECT COUNT(*) FROM member m WHERE m.unit_id = x.id AND m.archived_at IS NULL AND m.status = '在册')"
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
    where.push('x.community_id = ?')
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

function check(db: DB, input: Parsed<'unit.create'>, exceptId = 0): void {
  assertNameFree(db, UNIT, input.name, exceptId)
  if (input.communityId) assertAttachable(db, COMMUNITY, input.communityId, 'communityId')
}

const keys = (input: Parsed<'unit.create'>): [string, string] => [sortKey(input.name), searchKey([input.name, input.partyOrg, input.contact])]

export function createUnit(db: DB, input: Parsed<'unit.create'>): Unit {
  const id = db.transaction(() => {
    check(db, input)
    const now = nowIso()
    return db
      .prepare(
        `INSERT INTO unit (name, kind, party_org, contact, phone, community_id, note, pinyin, search, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(input.name, input.kind, input.partyOrg, input.contact, input.phone, input.communityId, input.note, ...keys(input), now, now).lastInsertRowid as number
  }).immediate()
  return getUnit(db, id)
}

export function updateUnit(db: DB, input: Parsed<'unit.update'>): Unit {
  db.transaction(() => {
    const before = getUnit(db, input.id)
    // Keeping an already-archived pairing is allowed; choosing a newly archived community is not.
    check(db, { ...input, communityId: input.communityId === before.communityId ? null : input.communityId }, input.id)
    db.prepare(
      `UPDATE unit SET name = ?, kind = ?, party_org = ?, contact = ?, phone = ?, community_id = ?, note = ?, pinyin = ?, search = ?, updated_at = ? WHERE id = ?`
    ).run(input.name, input.kind, input.partyOrg, input.contact, input.phone, input.communityId, input.note, ...keys(input), nowIso(), input.id)
  }).immediate()
  return getUnit(db, input.id)
}

export function removeUnit(db: DB, id: number): RemoveResult {
  return db.transaction((): RemoveResult => {
    getUnit(db, id)
    const members = db.prepare('SELECT COUNT(*) FROM member WHERE unit_id = ?').pluck().get(id) as number
    if (members === 0) {
      db.prepare('DELETE FROM unit WHERE id = ?').run(id)
      return { outcome: 'deleted' }
    }
    db.prepare('UPDATE unit SET archived_at = ?, updated_at = ? WHERE id = ?').run(nowIso(), nowIso(), id)
    return { outcome: 'archived', reason: `该单位有 ${members} 名党员的记录,已归档而非删除,历史记录全部保留。` }
  }).immediate()
}

export function restoreUnit(db: DB, id: number): Unit {
  getUnit(db, id)
  db.prepare('UPDATE unit SET archived_at = NULL, updated_at = ? WHERE id = ?').run(nowIso(), id)
  return getUnit(db, id)
}

/** A unit's members and their service in a period: the record sent back to work units every quarter. */
export function unitRecord(db: DB, q: Parsed<'unit.record'>): UnitRecord {
  const unit = getUnit(db, q.id)
  const rows = db
    .prepare(
      `SELECT m.id AS memberId, m.name, c.name AS communityName, m.registered_at AS registeredAt,
              CASE WHEN m.archived_at IS NOT NULL THEN '已归档' ELSE m.status END AS status,
              (SELECT COUNT(*) FROM attendance a JOIN event e ON e.id = a.event_id WHERE a.member_id = m.id AND e.date BETWEEN ? AND ?) AS events,
              (SELECT COALESCE(ROUND(SUM(a.hours), 2), 0) FROM attendance a JOIN event e ON e.id = a.event_id WHERE a.member_id = m.id AND e.date BETWEEN ? AND ?) AS hours,
              (SELECT COUNT(*) FROM claim k WHERE k.member_id = m.id AND k.claimed_on <= ? AND COALESCE(k.finished_on, ?) >= ? AND k.status != '已放弃') AS claims,
              (SELECT COUNT(*) FROM claim k WHERE k.member_id = m.id AND k.status = '已完成' AND k.finished_on BETWEEN ? AND ?) AS claimsDone,
              (SELECT COALESCE(ROUND(SUM(k.hours), 2), 0) FROM claim k WHERE k.member_id = m.id AND k.status = '已完成' AND k.finished_on BETWEEN ? AND ?) AS claimHours,
              (SELECT COUNT(*) FROM feedback f WHERE f.member_id = m.id AND f.date BETWEEN ? AND ?) AS feedback,
              (SELECT COUNT(*) FROM feedback f WHERE f.member_id = m.id AND f.rating != '不满意' AND f.date BETWEEN ? AND ?) AS satisfied
       FROM member m JOIN community c ON c.id = m.community_id
       WHERE m.unit_id = ? AND m.registered_at <= ?
       ORDER BY c.pinyin, m.pinyin`
    )
    .all(q.from, q.to, q.from, q.to, q.to, q.to, q.from, q.from, q.to, q.from, q.to, q.from, q.to, q.from, q.to, q.id, q.to) as UnitRecordRow[]
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
  'unit.record': unitRecord
}
