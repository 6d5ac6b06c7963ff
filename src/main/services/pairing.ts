/**
 * 单位报到: a unit's party organisation reports to (pairs with) a community on a date; a pairing holds until the day
 * it ended (exclusive, as a member's registration span does), so every figure for a period uses the pairings in
 * force then. A unit may hold several pairings at once; changing one ends it and starts another, history kept.
 * unit.community_id mirrors the latest pairing in force today (else the last one), for the lists that show one.
 */
import type { Pairing, Parsed } from '../../shared/api'
import { todayBeijing } from '../../shared/text'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { AppError, notFound } from '../errors'
import { assertAttachable, COMMUNITY, notAfterToday, nowIso, UNIT } from './common'
import { inForce } from './figures'

const SELECT = `
  SELECT p.id, p.unit_id AS unitId, u.name AS unitName, p.community_id AS communityId, c.name AS communityName, p.start_date AS startDate,
         p.ended_on AS endedOn, p.end_reason AS endReason, p.note, (${inForce('p', '@today')}) AS current,
         (SELECT COUNT(*) FROM agreement g WHERE g.pairing_id = p.id) AS agreements,
         (SELECT MAX(g.valid_to) FROM agreement g WHERE g.pairing_id = p.id) AS agreementTo
  FROM unit_pairing p JOIN unit u ON u.id = p.unit_id JOIN community c ON c.id = p.community_id`

type Row = Omit<Pairing, 'current'> & { current: number }
const present = (r: Row): Pairing => ({ ...r, current: !!r.current })

export function listPairings(db: DB, q: Parsed<'pairing.list'>): Pairing[] {
  const where = q.unitId ? 'p.unit_id = @unit' : 'p.community_id = @community'
  return (db.prepare(`${SELECT} WHERE ${where} ORDER BY (p.ended_on IS NULL) DESC, p.start_date DESC, p.id DESC`).all({ unit: q.unitId ?? null, community: q.communityId ?? null, today: todayBeijing() }) as Row[]).map(present)
}

export function getPairing(db: DB, id: number): Pairing {
  const row = db.prepare(`${SELECT} WHERE p.id = @id`).get({ id, today: todayBeijing() }) as Row | undefined
  if (!row) throw notFound('该结对记录')
  return present(row)
}

/** unit.community_id follows the pairings: the latest in force today, else the last one, else none. */
export function syncUnitCommunity(db: DB, unitId: number): void {
  const today = todayBeijing()
  const c = db
    .prepare(
      `SELECT community_id FROM unit_pairing p WHERE unit_id = @unit
       ORDER BY (${inForce('p', '@today')}) DESC, start_date DESC, id DESC LIMIT 1`
    )
    .pluck()
    .get({ unit: unitId, today }) as number | undefined
  db.prepare('UPDATE unit SET community_id = ? WHERE id = ?').run(c ?? null, unitId)
}

/** Two pairings of one unit with one community may not overlap in time. */
function assertNoOverlap(db: DB, unitId: number, communityId: number, start: string, end: string | null, exceptId = 0): void {
  const other = db
    .prepare(
      `SELECT p.start_date AS startDate, p.ended_on AS endedOn, c.name FROM unit_pairing p JOIN community c ON c.id = p.community_id
       WHERE p.unit_id = ? AND p.community_id = ? AND p.id != ? AND (p.ended_on IS NULL OR p.ended_on > ?) AND (? IS NULL OR p.start_date < ?)`
    )
    .get(unitId, communityId, exceptId, start, end, end) as { startDate: string; endedOn: string | null; name: string } | undefined
  if (other) {
    throw new AppError(
      'conflict',
      `该单位已于 ${other.startDate} 起与"${other.name}"结对${other.endedOn ? `(至 ${other.endedOn})` : ',目前仍在结对中'},时间重叠,不能重复结对。如需更正日期,请在结对记录中修改。`,
      { startDate: '与已有结对的时间重叠' }
    )
  }
}

/** A new pairing from startDate (used by the register, the unit form and the unit import). */
export function insertPairing(db: DB, q: { unitId: number; communityId: number; startDate: string; note?: string }): number {
  assertAttachable(db, UNIT, q.unitId, 'unitId')
  assertAttachable(db, COMMUNITY, q.communityId, 'communityId')
  notAfterToday(q.startDate, '报到日期', 'startDate')
  assertNoOverlap(db, q.unitId, q.communityId, q.startDate, null)
  const now = nowIso()
  const id = db
    .prepare('INSERT INTO unit_pairing (unit_id, community_id, start_date, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(q.unitId, q.communityId, q.startDate, q.note ?? '', now, now).lastInsertRowid as number
  syncUnitCommunity(db, q.unitId)
  return id
}

export function addPairing(db: DB, q: Parsed<'pairing.add'>): Pairing {
  return getPairing(db, insertPairing(db, q))
}

export function endPairing(db: DB, q: Parsed<'pairing.end'>): Pairing {
  const p = getPairing(db, q.id)
  if (p.endedOn) throw new AppError('conflict', `该结对已于 ${p.endedOn} 结束。如需更正日期,请用"更正日期"。`)
  if (q.endedOn <= p.startDate) throw new AppError('invalid', `结束日期应晚于报到日期 ${p.startDate}。`, { endedOn: '应晚于报到日期' })
  db.prepare('UPDATE unit_pairing SET ended_on = ?, end_reason = ?, updated_at = ? WHERE id = ?').run(q.endedOn, q.reason, nowIso(), q.id)
  syncUnitCommunity(db, p.unitId)
  return getPairing(db, q.id)
}

export function editPairing(db: DB, q: Parsed<'pairing.edit'>): Pairing {
  const p = getPairing(db, q.id)
  notAfterToday(q.startDate, '报到日期', 'startDate')
  assertNoOverlap(db, p.unitId, p.communityId, q.startDate, q.endedOn || null, p.id)
  const outside = db
    .prepare('SELECT COUNT(*) FROM agreement WHERE pairing_id = ? AND (valid_to < ? OR (? IS NOT NULL AND valid_from >= ?))')
    .pluck()
    .get(p.id, q.startDate, q.endedOn || null, q.endedOn || null) as number
  if (outside) throw new AppError('invalid', `有 ${outside} 份共建协议的期限完全落在更正后的结对期间之外,请先修改或删除这些协议。`)
  db.prepare('UPDATE unit_pairing SET start_date = ?, ended_on = ?, note = ?, updated_at = ? WHERE id = ?').run(q.startDate, q.endedOn || null, q.note, nowIso(), q.id)
  syncUnitCommunity(db, p.unitId)
  return getPairing(db, q.id)
}

export function removePairing(db: DB, id: number): { removed: number } {
  const p = getPairing(db, id)
  if (p.agreements) throw new AppError('conflict', `该结对下有 ${p.agreements} 份共建协议,不能删除;结对已结束请用"结束结对",历史记录保留。`)
  db.prepare('DELETE FROM unit_pairing WHERE id = ?').run(id)
  syncUnitCommunity(db, p.unitId)
  return { removed: 1 }
}

export const handlers: HandlersOf<'pairing'> = {
  'pairing.list': listPairings,
  'pairing.add': addPairing,
  'pairing.end': endPairing,
  'pairing.edit': editPairing,
  'pairing.remove': (db, { id }) => removePairing(db, id)
}
