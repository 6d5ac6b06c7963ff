/**
 * 共建项目: a unit adopts (claims, as an organisation) a need from a community's service list, and records the
 * members of its own who served on it with their hours. Its status follows the rules of a member's claim: it takes
 * one place of the need (places enforced unless overridden), goes 已认领 → 进行中 → 已完成 (with a finish date,
 * and at least one member's service recorded) or 已放弃 (with a reason), and never changes after that.
 * Members' hours under a completed project are their 认领时长 on its finish date (figures.ts CLAIMS_DONE).
 */
import type { Parsed, UnitClaim, UnitClaimMember } from '../../shared/api'
import { todayBeijing } from '../../shared/text'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { AppError, notFound } from '../errors'
import { assertAttachable, notAfterToday, nowIso, UNIT } from './common'
import { claimDays, CLAIM_NEXT } from './claim'
import { needRow } from './need'

const SELECT = `
  SELECT k.id, k.need_id AS needId, n.title AS needTitle, c.name AS communityName, k.unit_id AS unitId, u.name AS unitName, k.status,
         k.claimed_on AS claimedOn, k.finished_on AS finishedOn, k.note, k.reason, k.over_places AS overPlaces
  FROM unit_claim k JOIN need n ON n.id = k.need_id JOIN community c ON c.id = n.community_id JOIN unit u ON u.id = k.unit_id`

type Row = Omit<UnitClaim, 'overPlaces' | 'members' | 'hours'> & { overPlaces: number }

function present(db: DB, rows: Row[]): UnitClaim[] {
  const members = db.prepare(
    'SELECT s.member_id AS memberId, m.name, s.hours FROM unit_claim_member s JOIN member m ON m.id = s.member_id WHERE s.unit_claim_id = ? ORDER BY m.pinyin, m.id'
  )
  return rows.map((r) => {
    const list = members.all(r.id) as UnitClaimMember[]
    return { ...r, overPlaces: !!r.overPlaces, members: list, hours: Math.round(list.reduce((t, x) => t + x.hours, 0) * 100) / 100 }
  })
}

export function listUnitClaims(db: DB, q: Parsed<'unitClaim.list'>): UnitClaim[] {
  const where = q.needId ? 'k.need_id = ?' : 'k.unit_id = ?'
  return present(db, db.prepare(`${SELECT} WHERE ${where} ORDER BY k.claimed_on DESC, k.id DESC`).all(q.needId ?? q.unitId) as Row[])
}

export function getUnitClaim(db: DB, id: number): UnitClaim {
  const row = db.prepare(`${SELECT} WHERE k.id = ?`).get(id) as Row | undefined
  if (!row) throw notFound('该共建项目')
  return present(db, [row])[0]
}

export function addUnitClaim(db: DB, q: Parsed<'unitClaim.add'>): UnitClaim {
  const need = needRow(db, q.needId)
  assertAttachable(db, UNIT, q.unitId, 'unitId')
  if (need.closedAt) throw new AppError('invalid', `项目"${need.title}"已关闭,不能再认领。如需继续,请先重新开放该项目。`)
  const unit = db.prepare('SELECT name FROM unit WHERE id = ?').pluck().get(q.unitId) as string
  if (db.prepare("SELECT 1 FROM unit_claim WHERE need_id = ? AND unit_id = ? AND status IN ('已认领', '进行中')").get(q.needId, q.unitId)) {
    throw new AppError('conflict', `"${unit}"已认领该项目且尚未完成,不能重复认领。`)
  }
  const left = need.places - need.open - need.done
  if (left < 1 && !q.overPlaces) {
    throw new AppError('conflict', `项目"${need.title}"需 ${need.places} 人(单位认领占 1 个名额),已认领 ${need.open + need.done} 个,已满。如确需超额认领,请勾选"超额认领"后再提交。`)
  }
  const claimedOn = q.claimedOn || todayBeijing()
  notAfterToday(claimedOn, '认领日期', 'claimedOn')
  const now = nowIso()
  const id = db
    .prepare("INSERT INTO unit_claim (need_id, unit_id, status, claimed_on, over_places, created_at, updated_at) VALUES (?, ?, '已认领', ?, ?, ?, ?)")
    .run(q.needId, q.unitId, claimedOn, left < 1 ? 1 : 0, now, now).lastInsertRowid as number
  return getUnitClaim(db, id)
}

export function updateUnitClaim(db: DB, q: Parsed<'unitClaim.update'>): UnitClaim {
  const k = getUnitClaim(db, q.id)
  if (!CLAIM_NEXT[k.status].includes(q.status)) {
    throw new AppError('invalid', k.status === '已完成' || k.status === '已放弃' ? `该共建项目已${k.status.slice(1)},不能再更改。` : `共建项目不能从"${k.status}"改为"${q.status}"。`)
  }
  if (q.status === '已完成') {
    const finished = q.finishedOn || todayBeijing()
    if (finished < k.claimedOn) throw new AppError('invalid', '完成日期不能早于认领日期。', { finishedOn: '不能早于认领日期' })
    notAfterToday(finished, '完成日期', 'finishedOn')
    if (!k.members.length) throw new AppError('invalid', '请先登记参与服务的本单位党员及各人的服务时长,再标记完成。', { members: '请先登记参与服务的党员' })
    const max = 24 * claimDays(k.claimedOn, finished)
    const over = k.members.find((m) => m.hours > max)
    if (over) throw new AppError('invalid', `"${over.name}"的服务时长 ${over.hours} 小时超过每天24小时(${k.claimedOn} 至 ${finished} 共 ${max / 24} 天,最多 ${max} 小时),请先更正。`)
    db.prepare("UPDATE unit_claim SET status = '已完成', finished_on = ?, note = ?, updated_at = ? WHERE id = ?").run(finished, q.note, nowIso(), q.id)
  } else if (q.status === '已放弃') {
    if (!q.reason) throw new AppError('invalid', '请填写放弃原因。', { reason: '请填写放弃原因' })
    db.prepare("UPDATE unit_claim SET status = '已放弃', finished_on = ?, reason = ?, updated_at = ? WHERE id = ?").run(q.finishedOn || todayBeijing(), q.reason, nowIso(), q.id)
  } else {
    db.prepare('UPDATE unit_claim SET status = ?, updated_at = ? WHERE id = ?').run(q.status, nowIso(), q.id)
  }
  return getUnitClaim(db, q.id)
}

/** The unit's members who served on the project, with their hours: the list given replaces the one kept. */
export function serveUnitClaim(db: DB, q: Parsed<'unitClaim.serve'>): UnitClaim {
  const k = getUnitClaim(db, q.id)
  if (k.status === '已完成' || k.status === '已放弃') throw new AppError('invalid', `该共建项目已${k.status.slice(1)},参与党员和时长不能再更改。`)
  const member = db.prepare('SELECT name, unit_id AS unitId FROM member WHERE id = ?')
  const seen = new Set<number>()
  const max = 24 * claimDays(k.claimedOn, todayBeijing())
  for (const s of q.members) {
    const m = member.get(s.memberId) as { name: string; unitId: number | null } | undefined
    if (!m) throw new AppError('not_found', '所选党员中有人已被删除,请刷新后重新选择。')
    if (m.unitId !== k.unitId) throw new AppError('invalid', `"${m.name}"不是"${k.unitName}"的党员,共建项目只登记本单位党员的服务。`, { members: `"${m.name}"不是本单位党员` })
    if (seen.has(s.memberId)) throw new AppError('invalid', `"${m.name}"登记了两次,请合并为一行。`)
    if (s.hours > max) throw new AppError('invalid', `"${m.name}"的服务时长 ${s.hours} 小时超过每天24小时(认领至今共 ${max / 24} 天,最多 ${max} 小时)。`, { members: '服务时长过大' })
    seen.add(s.memberId)
  }
  db.prepare('DELETE FROM unit_claim_member WHERE unit_claim_id = ?').run(q.id)
  const insert = db.prepare('INSERT INTO unit_claim_member (unit_claim_id, member_id, hours, created_at) VALUES (?, ?, ?, ?)')
  const now = nowIso()
  for (const s of q.members) insert.run(q.id, s.memberId, s.hours, now)
  db.prepare('UPDATE unit_claim SET updated_at = ? WHERE id = ?').run(now, q.id)
  return getUnitClaim(db, q.id)
}

export const handlers: HandlersOf<'unitClaim'> = {
  'unitClaim.list': listUnitClaims,
  'unitClaim.add': addUnitClaim,
  'unitClaim.update': updateUnitClaim,
  'unitClaim.serve': serveUnitClaim
}
