/** The service list (服务清单): communities' needs. A need's status follows its claims (see claim.ts). */
import type { Need, NeedDetail, Page, Parsed, SuggestedMember } from '../../shared/api'
import { maskPhone } from '../../shared/text'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { AppError, notFound } from '../errors'
import { assertAttachable, COMMUNITY, direction, likePattern, loadInOrder, nowIso, pageIds, searchKey, toPage, type Raw } from './common'

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

export function needRow(db: DB, id: number): Need {
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
         UNION SELECT s.member_id, '共建项目' FROM unit_claim_member s JOIN unit_claim k ON k.id = s.unit_claim_id WHERE k.need_id = ? AND k.status != '已放弃'
       ) s JOIN member m ON m.id = s.member_id GROUP BY m.id ORDER BY m.pinyin`
    )
    .all(id, id, id) as NeedDetail['served']
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
       WHERE m.community_id = ? AND m.archived_at IS NULL AND +m.status = '在册'
         AND m.id NOT IN (SELECT member_id FROM claim WHERE need_id = ? AND status IN ('已认领', '进行中'))
         ${q.keyword ? "AND m.search LIKE ? ESCAPE '\\'" : ''}`
    )
    .all(need.communityId, need.id, ...(q.keyword ? [likePattern(q.keyword)] : [])) as Array<Raw<Omit<SuggestedMember, 'skills' | 'matched'>> & { skills: string; pinyin: string }>
  return rows
    .map(({ pinyin, ...m }) => {
      const skills = JSON.parse(m.skills) as string[]
      return { ...m, pinyin, phone: maskPhone(m.phone), skills, matched: need.skills.filter((s) => skills.includes(s)) }
    })
    .sort((a, b) => b.matched.length - a.matched.length || a.openClaims - b.openClaims || a.pinyin.localeCompare(b.pinyin))
    .slice(0, 30)
    .map(({ pinyin: _, ...m }) => m)
}

export const handlers: HandlersOf<'need'> = {
  'need.list': listNeeds,
  'need.get': (db, { id }) => getNeed(db, id),
  'need.create': createNeed,
  'need.update': updateNeed,
  'need.close': closeNeed,
  'need.reopen': (db, { id }) => reopenNeed(db, id),
  'need.suggest': suggestMembers
}
