/** Claims (认领): members take on a need from the service list; places are enforced, and a claim ends done or given up. */
import type { Claim, NeedDetail, Page, Parsed } from '../../shared/api'
import { maskPhone, todayBeijing } from '../../shared/text'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { AppError, notFound } from '../errors'
import { nowIso, toPage, type Raw } from './common'
import { getNeed, needRow } from './need'

const CLAIM_SELECT = `
  SELECT k.id, k.need_id AS needId, n.title AS needTitle, c.name AS communityName, k.member_id AS memberId, m.name AS memberName,
         u.name AS unitName, m.phone AS memberPhone, k.status, k.claimed_on AS claimedOn, k.finished_on AS finishedOn, k.hours,
         k.note, k.reason, k.over_places AS overPlaces
  FROM claim k JOIN need n ON n.id = k.need_id JOIN community c ON c.id = n.community_id
  JOIN member m ON m.id = k.member_id LEFT JOIN unit u ON u.id = m.unit_id`

type ClaimRow = Raw<Omit<Claim, 'overPlaces'>> & { overPlaces: number }
const presentClaim = (r: ClaimRow): Claim => ({ ...r, memberPhone: maskPhone(r.memberPhone), overPlaces: !!r.overPlaces })

export function listClaims(db: DB, q: Parsed<'claim.list'>): Page<Claim> {
  const where = q.needId ? 'k.need_id = ?' : 'k.member_id = ?'
  const key = q.needId ?? q.memberId
  const total = db.prepare(`SELECT COUNT(*) FROM claim k WHERE ${where}`).pluck().get(key) as number
  const rows = db.prepare(`${CLAIM_SELECT} WHERE ${where} ORDER BY k.id DESC LIMIT ? OFFSET ?`).all(key, q.pageSize, (q.page - 1) * q.pageSize) as ClaimRow[]
  return toPage(rows.map(presentClaim), total, q.page, q.pageSize)
}

function claimRow(db: DB, id: number): Claim {
  const row = db.prepare(`${CLAIM_SELECT} WHERE k.id = ?`).get(id) as ClaimRow | undefined
  if (!row) throw notFound('该认领记录')
  return presentClaim(row)
}


/** Members claim a need; places are enforced unless the clerk explicitly overrides. */
export function addClaims(db: DB, q: Parsed<'claim.add'>): { added: number; need: NeedDetail } {
  const added = db.transaction(() => {
    const need = needRow(db, q.needId)
    if (need.closedAt) throw new AppError('invalid', `项目"${need.title}"已关闭,不能再认领。如需继续,请先重新开放该项目。`)
    const ids = [...new Set(q.memberIds)]
    const left = need.places - need.open - need.done
    if (ids.length > left && !q.overPlaces) {
      throw new AppError('conflict', `项目"${need.title}"需 ${need.places} 人,已认领 ${need.open + need.done} 人,${left > 0 ? `只剩 ${left} 个名额` : '已满'}。如确需超额认领,请勾选"超额认领"后再提交。`)
    }
    const member = db.prepare('SELECT name, archived_at, status FROM member WHERE id = ?')
    const open = db.prepare("SELECT 1 FROM claim WHERE need_id = ? AND member_id = ? AND status IN ('已认领', '进行中')")
    const insert = db.prepare(
      "INSERT INTO claim (need_id, member_id, status, claimed_on, over_places, created_at, updated_at) VALUES (?, ?, '已认领', ?, ?, ?, ?)"
    )
    const now = nowIso()
    ids.forEach((memberId, i) => {
      const m = member.get(memberId) as { name: string; archived_at: string | null; status: string } | undefined
      if (!m) throw new AppError('not_found', '所选党员中有人已被删除,请刷新后重新选择。')
      if (m.archived_at || m.status !== '在册') throw new AppError('invalid', `党员"${m.name}"${m.archived_at ? '已归档' : '已转出'},不能认领。`)
      if (open.get(q.needId, memberId)) throw new AppError('conflict', `党员"${m.name}"已认领该项目且尚未完成,不能重复认领。`)
      insert.run(q.needId, memberId, todayBeijing(), i >= left ? 1 : 0, now, now)
    })
    return ids.length
  }).immediate()
  return { added, need: getNeed(db, q.needId) }
}

/** A claim's lifecycle, a member's or a unit's (共建项目): the states each may move to. */
export const CLAIM_NEXT: Record<Claim['status'], Array<Claim['status']>> = {
  已认领: ['进行中', '已完成', '已放弃'],
  进行中: ['已完成', '已放弃'],
  已完成: [],
  已放弃: []
}

/** Days a claim has run, both ends counted: its hours may not exceed 24 a day. */
export const claimDays = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1

export function updateClaim(db: DB, q: Parsed<'claim.update'>): Claim {
  db.transaction(() => {
    const claim = claimRow(db, q.id)
    if (!CLAIM_NEXT[claim.status].includes(q.status)) {
      throw new AppError('invalid', claim.status === '已完成' || claim.status === '已放弃' ? `该认领已${claim.status.slice(1)},不能再更改。` : `认领不能从"${claim.status}"改为"${q.status}"。`)
    }
    if (q.status === '已完成') {
      const finished = q.finishedOn || todayBeijing()
      if (finished < claim.claimedOn) throw new AppError('invalid', '完成日期不能早于认领日期。', { finishedOn: '不能早于认领日期' })
      if (q.hours === undefined) throw new AppError('invalid', '请填写服务时长。', { hours: '请填写服务时长' })
      const max = 24 * claimDays(claim.claimedOn, finished)
      if (q.hours > max) throw new AppError('invalid', `服务时长不能超过每天24小时(${claim.claimedOn} 至 ${finished} 共 ${max / 24} 天,最多 ${max} 小时)。`, { hours: `最多 ${max} 小时` })
      db.prepare("UPDATE claim SET status = '已完成', finished_on = ?, hours = ?, note = ?, updated_at = ? WHERE id = ?").run(finished, q.hours, q.note, nowIso(), q.id)
    } else if (q.status === '已放弃') {
      if (!q.reason) throw new AppError('invalid', '请填写放弃原因。', { reason: '请填写放弃原因' })
      db.prepare("UPDATE claim SET status = '已放弃', finished_on = ?, reason = ?, updated_at = ? WHERE id = ?").run(q.finishedOn || todayBeijing(), q.reason, nowIso(), q.id)
    } else {
      db.prepare('UPDATE claim SET status = ?, updated_at = ? WHERE id = ?').run(q.status, nowIso(), q.id)
    }
  }).immediate()
  return claimRow(db, q.id)
}

export const handlers: HandlersOf<'claim'> = {
  'claim.list': listClaims,
  'claim.add': addClaims,
  'claim.update': updateClaim
}
