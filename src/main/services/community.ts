import type { Community, Option, Page, Parsed, RemoveResult } from '../../shared/api'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { notFound } from '../errors'
import { inForce } from './figures'
import { archivedFilter, assertNameFree, COMMUNITY, optionsOf, direction, likePattern, loadInOrder, nowIso, pageIds, searchKey, sortKey, toPage } from './common'

/** Evaluations of service in community c: on its activities or on claims of its needs. */
export const FEEDBACK_IN_COMMUNITY = `
  SELECT f2.id FROM feedback f2 JOIN event e2 ON e2.id = f2.event_id WHERE e2.community_id = c.id
  UNION SELECT f3.id FROM feedback f3 JOIN claim k ON k.id = f3.claim_id JOIN need n ON n.id = k.need_id WHERE n.community_id = c.id`

// `+m.status`: without the unary plus SQLite picks the member_status index (nearly every member is 在册) and reads
// the whole register for each community — 20 s for 780 communities at city scale; the community index reads its own.
const SELECT = `
  SELECT c.id, c.name, c.kind, c.secretary, c.phone, c.address, c.note,
         c.archived_at AS archivedAt, c.created_at AS createdAt, c.updated_at AS updatedAt,
         (SELECT COUNT(*) FROM member m WHERE m.community_id = c.id AND m.archived_at IS NULL AND +m.status = '在册') AS memberCount,
         (SELECT COUNT(DISTINCT p.unit_id) FROM unit_pairing p JOIN unit u ON u.id = p.unit_id
          WHERE p.community_id = c.id AND u.archived_at IS NULL AND ${inForce('p', "date('now', '+8 hours')")}) AS unitCount,
         (SELECT COUNT(*) FROM event e WHERE e.community_id = c.id AND e.archived_at IS NULL) AS eventCount,
         (SELECT COUNT(*) FROM feedback f WHERE f.id IN (${FEEDBACK_IN_COMMUNITY})) AS feedbackCount,
         (SELECT COUNT(*) FROM feedback f WHERE f.rating != '不满意' AND f.id IN (${FEEDBACK_IN_COMMUNITY})) AS satisfiedCount
  FROM community c`

const SORTS = {
  name: 'x.pinyin',
  kind: 'x.kind',
  createdAt: 'x.created_at',
  memberCount: "(SELECT COUNT(*) FROM member m WHERE m.community_id = x.id AND m.archived_at IS NULL AND +m.status = '在册')",
  eventCount: '(SELECT COUNT(*) FROM event e WHERE e.community_id = x.id AND e.archived_at IS NULL)'
} as const

export function listCommunities(db: DB, q: Parsed<'community.list'>): Page<Community> {
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
  const orderBy = `${SORTS[q.sort ?? 'name']} ${direction(q.order)}, x.id`
  const { ids, total } = pageIds(db, { from: 'community x', where, params, orderBy, page: q.page, pageSize: q.pageSize })
  return toPage(loadInOrder<Community>(db, `${SELECT} WHERE c.id IN ($IDS)`, ids), total, q.page, q.pageSize)
}

export function communityOptions(db: DB): Option[] {
  return optionsOf(db, COMMUNITY)
}

export function getCommunity(db: DB, id: number): Community {
  const row = db.prepare(`${SELECT} WHERE c.id = ?`).get(id) as Community | undefined
  if (!row) throw notFound('该村居')
  return row
}


export function createCommunity(db: DB, input: Parsed<'community.create'>): Community {
  const id = db.transaction(() => {
    assertNameFree(db, COMMUNITY, input.name)
    const now = nowIso()
    return db
      .prepare(
        `INSERT INTO community (name, kind, secretary, phone, address, note, pinyin, search, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(input.name, input.kind, input.secretary, input.phone, input.address, input.note, sortKey(input.name), searchKey([input.name, input.secretary]), now, now)
      .lastInsertRowid as number
  }).immediate()
  return getCommunity(db, id)
}

export function updateCommunity(db: DB, input: Parsed<'community.update'>): Community {
  db.transaction(() => {
    getCommunity(db, input.id)
    assertNameFree(db, COMMUNITY, input.name, input.id)
    db.prepare(
      `UPDATE community SET name = ?, kind = ?, secretary = ?, phone = ?, address = ?, note = ?, pinyin = ?, search = ?, updated_at = ? WHERE id = ?`
    ).run(input.name, input.kind, input.secretary, input.phone, input.address, input.note, sortKey(input.name), searchKey([input.name, input.secretary]), nowIso(), input.id)
  }).immediate()
  return getCommunity(db, input.id)
}

/** Deletes a community nothing refers to; archives one that has members, units or activities. */
export function removeCommunity(db: DB, id: number): RemoveResult {
  return db.transaction((): RemoveResult => {
    getCommunity(db, id)
    const n = (sql: string): number => db.prepare(sql).pluck().get(id) as number
    const members = n('SELECT COUNT(*) FROM member WHERE community_id = ?')
    const units = n('SELECT COUNT(DISTINCT unit_id) FROM unit_pairing WHERE community_id = ?')
    const events = n('SELECT COUNT(*) FROM event WHERE community_id = ?')
    const needs = n('SELECT COUNT(*) FROM need WHERE community_id = ?')
    if (members + units + events + needs === 0) {
      db.prepare('DELETE FROM community WHERE id = ?').run(id)
      return { outcome: 'deleted' }
    }
    db.prepare('UPDATE community SET archived_at = ?, updated_at = ? WHERE id = ?').run(nowIso(), nowIso(), id)
    const held = [members && `${members} 名党员`, units && `${units} 个结对单位`, events && `${events} 场活动`, needs && `${needs} 个服务清单项目`].filter(Boolean).join('、')
    return { outcome: 'archived', reason: `该村居关联 ${held},已归档而非删除,历史记录全部保留。` }
  }).immediate()
}

export function restoreCommunity(db: DB, id: number): Community {
  getCommunity(db, id)
  db.prepare('UPDATE community SET archived_at = NULL, updated_at = ? WHERE id = ?').run(nowIso(), id)
  return getCommunity(db, id)
}

export const handlers: HandlersOf<'community'> = {
  'community.list': listCommunities,
  'community.options': (db) => communityOptions(db),
  'community.get': (db, { id }) => getCommunity(db, id),
  'community.create': createCommunity,
  'community.update': updateCommunity,
  'community.remove': (db, { id }) => removeCommunity(db, id),
  'community.restore': (db, { id }) => restoreCommunity(db, id)
}
