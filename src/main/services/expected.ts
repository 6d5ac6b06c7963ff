/**
 * 应报到名单: each unit's list of in-service members who must report. An entry counts as 已报到 when the person it
 * names (by phone, ID number, or name within the unit) has a registration in force on the date asked about —
 * the same rule (figures.ts) the 单位报到情况汇总表 and the 未报到人员名单 use.
 */
import type { ExpectedPerson, Page, Parsed } from '../../shared/api'
import { maskPhone, todayBeijing } from '../../shared/text'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { assertAttachable, nowIso, toPage, UNIT, type Raw } from './common'
import { EXPECTED_MEMBER } from './figures'


export function listExpected(db: DB, q: Parsed<'expected.list'>): Page<ExpectedPerson> & { expected: number; registered: number; asOf: string } {
  const asOf = q.registeredOn ?? todayBeijing()
  const counts = db
    .prepare(`SELECT COUNT(*) AS expected, COALESCE(SUM(${EXPECTED_MEMBER('x', '@asOf')} IS NOT NULL), 0) AS registered FROM expected_member x WHERE x.unit_id = @unit`)
    .get({ unit: q.unitId, asOf }) as { expected: number; registered: number }
  const rows = db
    .prepare(
      `SELECT x.id, x.unit_id AS unitId, x.name, x.phone, x.note, x.member_id AS memberId, m.name AS memberName, c.name AS communityName
       FROM (SELECT x.*, ${EXPECTED_MEMBER('x', '@asOf')} AS member_id FROM expected_member x WHERE x.unit_id = @unit) x
       LEFT JOIN member m ON m.id = x.member_id LEFT JOIN community c ON c.id = m.community_id
       ORDER BY (x.member_id IS NOT NULL), x.id LIMIT @limit OFFSET @offset`
    )
    .all({ unit: q.unitId, asOf, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }) as Array<Raw<ExpectedPerson>>
  return { ...toPage(rows.map((r) => ({ ...r, phone: maskPhone(r.phone) })), counts.expected, q.page, q.pageSize), ...counts, asOf }
}

export function addExpected(db: DB, q: Parsed<'expected.add'>): { added: number; removed: number; skipped: number } {
  assertAttachable(db, UNIT, q.unitId, 'unitId')
  const removed = q.replace ? db.prepare('DELETE FROM expected_member WHERE unit_id = ?').run(q.unitId).changes : 0
  const known = db.prepare("SELECT 1 FROM expected_member WHERE unit_id = ? AND name = ? AND (phone = ? OR (phone = '' AND ? = ''))").pluck()
  const insert = db.prepare('INSERT INTO expected_member (unit_id, name, phone, id_card, note, created_at) VALUES (?, ?, ?, ?, ?, ?)')
  let added = 0
  let skipped = 0
  const now = nowIso()
  for (const p of q.people) {
    // the same person listed twice (same name and phone) is kept once
    if (known.get(q.unitId, p.name, p.phone, p.phone)) skipped++
    else {
      insert.run(q.unitId, p.name, p.phone, p.idCard, p.note || q.source, now)
      added++
    }
  }
  return { added, removed, skipped }
}

export function removeExpected(db: DB, q: Parsed<'expected.remove'>): { removed: number } {
  const del = db.prepare('DELETE FROM expected_member WHERE id = ?')
  return { removed: q.ids.reduce((n, id) => n + del.run(id).changes, 0) }
}

export const handlers: HandlersOf<'expected'> = {
  'expected.list': listExpected,
  'expected.add': addExpected,
  'expected.remove': removeExpected
}
