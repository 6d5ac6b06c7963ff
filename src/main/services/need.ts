/** The service list (服务清单): communities' needs and members' claims (认领). A need's status follows its claims. */
import type { Claim, Need, NeedDetail, Page, Parsed, SuggestedMember } from '../../shared/api'
import { beijingIso, maskPhone } from '../../shared/text'
import type { DB } from '../db/open'
import { AppError, assertAttachable, COMMUNITY, direction, likePattern, loadInOrder, notFound, nowIso, pageIds, searchKey, toPage } from './common'

type NeedRow = Omit<Need, 'skills'> & { skills: string }

const SELECT = `
  SELECT n.id, n.community_id AS communityId, c.name AS communityName, n.title, n.category, n.description, n.places, n.skills,
         n.period_start AS periodStart, n.period_end AS periodEnd, n.source, s.status, s.open, s.done,
         n.closed_at AS closedAt, n.close_reason AS closeReason, n.created_at AS createdAt, n.updated_at AS updatedAt
  FROM need n JOIN need_state s ON s.id = n.id JOIN community c ON c.id = n.community_id`

const present = (r: NeedRow): Need => ({ ...r, skills: JSON.parse(r.skills) as string[] })

const SORTS = { createdAt: 'x.id', title: 'x.search', category: 'x.category', community: 'c.pinyin' } as const

export function listNeeds(db: DB, q: Parsed<'need.list'>): Page<Need> {
  const where: string[] = []
  const params: unknown[] = []
  const add = (cond: string, value: unknown): void => {
    if (value === undefined || value === '') return
    where.push(cond)
    params.push(value)
  }
  if (q.keyword) add("x.search LIKE ? ESCAPE '\\'", likePattern(q.keyword))
  add('x.community_id = ?', q.communityId)
  add('x.category = ?', q.category)
  add('x.source = ?', q.source)
  add('x.id IN (SELECT id FROM need_state WHERE status = ?)', q.status)
  const sort = q.sort ?? 'createdAt'
  const from = `need x${sort === 'community' ? ' JOIN community c ON c.id = x.community_id' : ''}`
  const order = q.sort ? q.order : 'desc'
  const { ids, total } = pageIds(db, { from, where, params, orderBy: `${SORTS[sort]} ${direction(order)}, x.id DESC`, page: q.page, pageSize: q.pageSize })
  return toPage(loadInOrder<NeedRow>(db, `${SELECT} WHERE n.id IN ($IDS)`, ids).map(present), total, q.page, q.pageSize)
}

function needRow(db: DB, id: number): Need {
  const row = db.prepare(`${SELECT} WHERE n.id = ?`).get(id) as NeedRow | undefined
  if (!row) throw notFound('该服务清单项目')
  return present(row)
}

export function getNeed(db: DB, id: number): NeedDetail {
  const need = needRow(db, id)
  const events = db
    .prepare('SELECT e.id, e.title, e.date, (SELECT COUNT(*) FROM attendance a WHERE a.event_id = e.id) AS attendanceCount FROM event e WHERE e.need_id = ? ORDER BY e.date DESC')
    .all(id) as NeedDetail['events']
  const served = db
    .prepare(
      `SELECT m.id AS memberId, m.name, GROUP_CONCAT(via, '、') AS via FROM (
         SELECT member_id, '认领' AS via FROM claim WHERE need_id = ? AND status != '已放弃'
         UNION SELECT a.member_id, '参加活动' FROM attendance a JOIN event e ON e.id = a.event_id WHERE e.need_id = ?
       ) s JOIN member m ON m.id = s.member_id GROUP BY m.id ORDER BY m.pinyin`
    )
    .all(id, id) as NeedDetail['served']
  return { ...need, events, served }
}

function values(input: Parsed<'need.create'>): unknown[] {
  return [
    input.communityId, input.title, input.category, input.description, input.places, JSON.stringify(input.skills),
    input.periodStart, input.periodEnd, input.source, searchKey([input.title, input.category, input.description.slice(0, 50)])
  ]
}
const COLUMNS = 'community_id, title, category, description, places, skills, period_start, period_end, source, search'

export function insertNeed(db: DB, input: Parsed<'need.create'>): number {
  assertAttachable(db, COMMUNITY, input.communityId, 'communityId')
  const now = nowIso()
  return db.prepare(`INSERT INTO need (${COLUMNS}, created_at, updated_at) VALUES (${'?, '.repeat(10)}?, ?)`).run(...values(input), now, now).lastInsertRowid as number
}

export function createNeed(db: DB, input: Parsed<'need.create'>): NeedDetail {
  return getNeed(db, db.transaction(() => insertNeed(db, input)).immediate())
}

export function updateNeed(db: DB, input: Parsed<'need.update'>): NeedDetail {
  db.transaction(() => {
    const before = needRow(db, input.id)
    if (before.communityId !== input.communityId) assertAttachable(db, COMMUNITY, input.communityId, 'communityId')
    const claimed = before.open + before.done
    if (input.places < claimed) {
      throw new AppError('invalid', `已有 ${claimed} 人认领,需认领人数不能少于 ${claimed}。如要减少,请先让部分认领放弃。`, { places: `不能少于已认领的 ${claimed} 人` })
    }
    const sets = COLUMNS.split(', ').map((c) => `${c} = ?`).join(', ')
    db.prepare(`UPDATE need SET ${sets}, updated_at = ? WHERE id = ?`).run(...values(input), nowIso(), input.id)
  }).immediate()
  return getNeed(db, input.id)
}

export function closeNeed(db: DB, q: Parsed<'need.close'>): NeedDetail {
  const need = needRow(db, q.id)
  if (need.closedAt) throw new AppError('conflict', '该项目已经关闭。')
  db.prepare('UPDATE need SET closed_at = ?, close_reason = ?, updated_at = ? WHERE id = ?').run(nowIso(), q.reason, nowIso(), q.id)
  return getNeed(db, q.id)
}

export function reopenNeed(db: DB, id: number): NeedDetail {
  needRow(db, id)
  db.prepare("UPDATE need SET closed_at = NULL, close_reason = '', updated_at = ? WHERE id = ?").run(nowIso(), id)
  return getNeed(db, id)
}

/** Members who live in the need's community, best first: most wanted skills, then fewest open claims. */
export function suggestMembers(db: DB, q: Parsed<'need.suggest'>): SuggestedMember[] {
  const need = needRow(db, q.needId)
  const rows = db
    .prepare(
      `SELECT m.id, m.name, u.name AS unitName, m.phone, m.skills, m.pinyin,
              (SELECT COUNT(*) FROM claim k WHERE k.member_id = m.id AND k.status IN ('已认领', '进行中')) AS openClaims
       FROM member m LEFT JOIN unit u ON u.id = m.unit_id
       WHERE m.community_id = ? AND m.archived_at IS NULL AND m.status = '在册'
         AND m.id NOT IN (SELECT member_id FROM claim WHERE need_id = ? AND status IN ('已认领', '进行中'))
         ${q.keyword ? "AND m.search LIKE ? ESCAPE '\\'" : ''}`
    )
    .all(need.communityId, need.id, ...(q.keyword ? [likePattern(q.keyword)] : [])) as Array<Omit<SuggestedMember, 'skills' | 'matched'> & { skills: string; pinyin: string }>
  return rows
    .map(({ pinyin, ...m }) => {
      const skills = JSON.parse(m.skills) as string[]
      return { ...m, pinyin, phone: maskPhone(m.phone), skills, matched: need.skills.filter((s) => skills.includes(s)) }
    })
    .sort((a, b) => b.matched.length - a.matched.length || a.openClaims - b.openClaims || a.pinyin.localeCompare(b.pinyin))
    .slice(0, 30)
    .map(({ pinyin: _, ...m }) => m)
}

// ---------- claims ----------

const CLAIM_SELECT = `
  SELECT k.id, k.need_id AS needId, n.title AS needTitle, c.name AS communityName, k.member_id AS memberId, m.name AS memberName,
         u.name AS unitName, m.phone AS memberPhone, k.status, k.claimed_on AS claimedOn, k.finished_on AS finishedOn, k.hours,
         k.note, k.reason, k.over_places AS overPlaces
  FROM claim k JOIN need n ON n.id = k.need_id JOIN community c ON c.id = n.community_id
  JOIN member m ON m.id = k.member_id LEFT JOIN unit u ON u.id = m.unit_id`

type ClaimRow = Omit<Claim, 'overPlaces'> & { overPlaces: number }
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

const today = (): string => beijingIso().slice(0, 10)

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
      insert.run(q.needId, memberId, today(), i >= left ? 1 : 0, now, now)
    })
    return ids.length
  }).immediate()
  return { added, need: getNeed(db, q.needId) }
}

const NEXT: Record<Claim['status'], Array<Claim['status']>> = {
  已认领: ['进行中', '已完成', '已放弃'],
  进行中: ['已完成', '已放弃'],
  已完成: [],
  已放弃: []
}

const days = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1

export function updateClaim(db: DB, q: Parsed<'claim.update'>): Claim {
  db.transaction(() => {
    const claim = claimRow(db, q.id)
    if (!NEXT[claim.status].includes(q.status)) {
      throw new AppError('invalid', claim.status === '已完成' || claim.status === '已放弃' ? `该认领已${claim.status.slice(1)},不能再更改。` : `认领不能从"${claim.status}"改为"${q.status}"。`)
    }
    if (q.status === '已完成') {
      const finished = q.finishedOn || today()
      if (finished < claim.claimedOn) throw new AppError('invalid', '完成日期不能早于认领日期。', { finishedOn: '不能早于认领日期' })
      if (q.hours === undefined) throw new AppError('invalid', '请填写服务时长。', { hours: '请填写服务时长' })
      const max = 24 * days(claim.claimedOn, finished)
      if (q.hours > max) throw new AppError('invalid', `服务时长不能超过每天24小时(${claim.claimedOn} 至 ${finished} 共 ${max / 24} 天,最多 ${max} 小时)。`, { hours: `最多 ${max} 小时` })
      db.prepare("UPDATE claim SET status = '已完成', finished_on = ?, hours = ?, note = ?, updated_at = ? WHERE id = ?").run(finished, q.hours, q.note, nowIso(), q.id)
    } else if (q.status === '已放弃') {
      if (!q.reason) throw new AppError('invalid', '请填写放弃原因。', { reason: '请填写放弃原因' })
      db.prepare("UPDATE claim SET status = '已放弃', finished_on = ?, reason = ?, updated_at = ? WHERE id = ?").run(q.finishedOn || today(), q.reason, nowIso(), q.id)
    } else {
      db.prepare('UPDATE claim SET status = ?, updated_at = ? WHERE id = ?').run(q.status, nowIso(), q.id)
    }
  }).immediate()
  return claimRow(db, q.id)
}
