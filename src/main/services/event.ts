import type { Event, Page, Parsed, RemoveResult } from '../../shared/api'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { AppError, notFound } from '../errors'
import { archivedFilter, assertAttachable, COMMUNITY, UNIT, direction, likePattern, loadInOrder, nowIso, pageIds, searchKey, toPage } from './common'

const SELECT = `
  SELECT e.id, e.community_id AS communityId, c.name AS communityName, e.title, e.category, e.date,
         e.start_time AS startTime, e.end_time AS endTime, e.place, e.organiser, e.planned_count AS plannedCount,
         e.description, e.need_id AS needId, (SELECT title FROM need WHERE id = e.need_id) AS needTitle,
         e.unit_id AS unitId, (SELECT name FROM unit WHERE id = e.unit_id) AS unitName, e.archived_at AS archivedAt, e.created_at AS createdAt, e.updated_at AS updatedAt,
         (SELECT COUNT(*) FROM attendance a WHERE a.event_id = e.id) AS attendanceCount,
         (SELECT COALESCE(ROUND(SUM(a.hours), 2), 0) FROM attendance a WHERE a.event_id = e.id) AS hours
  FROM event e JOIN community c ON c.id = e.community_id`

const SORTS = {
  date: 'x.date',
  title: 'x.search',
  category: 'x.category',
  createdAt: 'x.created_at',
  community: 'c.pinyin',
  attendanceCount: '(SELECT COUNT(*) FROM attendance a WHERE a.event_id = x.id)'
} as const

export function listEvents(db: DB, q: Parsed<'event.list'>): Page<Event> {
  const where = archivedFilter('x', q.archived)
  const params: unknown[] = []
  if (q.keyword) {
    where.push("x.search LIKE ? ESCAPE '\\'")
    params.push(likePattern(q.keyword))
  }
  const filters: Array<[string, unknown]> = [
    ['x.community_id = ?', q.communityId],
    ['x.unit_id = ?', q.unitId],
    ['x.category = ?', q.category || undefined],
    ['x.date >= ?', q.dateFrom || undefined],
    ['x.date <= ?', q.dateTo || undefined]
  ]
  for (const [cond, value] of filters) {
    if (value !== undefined) {
      where.push(cond)
      params.push(value)
    }
  }
  const sort = q.sort ?? 'date'
  const from = `event x${sort === 'community' ? ' JOIN community c ON c.id = x.community_id' : ''}`
  // Newest first is what a clerk expects of dates when no direction is chosen.
  const order = q.sort ? q.order : 'desc'
  const orderBy = `${SORTS[sort]} ${direction(order)}, x.id ${direction(order)}`
  const { ids, total } = pageIds(db, { from, where, params, orderBy, page: q.page, pageSize: q.pageSize })
  return toPage(loadInOrder<Event>(db, `${SELECT} WHERE e.id IN ($IDS)`, ids), total, q.page, q.pageSize)
}

export function getEvent(db: DB, id: number): Event {
  const row = db.prepare(`${SELECT} WHERE e.id = ?`).get(id) as Event | undefined
  if (!row) throw notFound('该活动')
  return row
}

function values(input: Parsed<'event.create'>): unknown[] {
  return [
    input.communityId, input.title, input.category, input.date, input.startTime, input.endTime, input.place, input.organiser,
    input.plannedCount, input.description, input.needId, input.unitId, searchKey([input.title, input.place, input.organiser, input.category])
  ]
}

const COLUMNS = 'community_id, title, category, date, start_time, end_time, place, organiser, planned_count, description, need_id, unit_id, search'

function checkNeed(db: DB, needId: number | null): void {
  if (needId && !db.prepare('SELECT 1 FROM need WHERE id = ?').get(needId)) throw new AppError('invalid', '所选服务清单项目不存在,请重新选择。', { needId: '所选项目不存在' })
}

export function createEvent(db: DB, input: Parsed<'event.create'>): Event {
  const id = db.transaction(() => {
    assertAttachable(db, COMMUNITY, input.communityId, 'communityId')
    checkNeed(db, input.needId)
    if (input.unitId) assertAttachable(db, UNIT, input.unitId, 'unitId')
    const now = nowIso()
    return db.prepare(`INSERT INTO event (${COLUMNS}, created_at, updated_at) VALUES (${'?, '.repeat(13)}?, ?)`).run(...values(input), now, now)
      .lastInsertRowid as number
  }).immediate()
  return getEvent(db, id)
}

export function updateEvent(db: DB, input: Parsed<'event.update'>): Event {
  db.transaction(() => {
    const before = getEvent(db, input.id)
    if (before.communityId !== input.communityId) assertAttachable(db, COMMUNITY, input.communityId, 'communityId')
    if (input.unitId && before.unitId !== input.unitId) assertAttachable(db, UNIT, input.unitId, 'unitId')
    checkNeed(db, input.needId)
    const sets = COLUMNS.split(', ').map((c) => `${c} = ?`).join(', ')
    db.prepare(`UPDATE event SET ${sets}, updated_at = ? WHERE id = ?`).run(...values(input), nowIso(), input.id)
  }).immediate()
  return getEvent(db, input.id)
}

export function removeEvent(db: DB, id: number): RemoveResult {
  return db.transaction((): RemoveResult => {
    getEvent(db, id)
    const signIns = db.prepare('SELECT COUNT(*) FROM attendance WHERE event_id = ?').pluck().get(id) as number
    const others = db.prepare('SELECT (SELECT COUNT(*) FROM suggestion WHERE event_id = @id) + (SELECT COUNT(*) FROM feedback WHERE event_id = @id)').pluck().get({ id }) as number
    if (signIns + others === 0) {
      db.prepare('DELETE FROM event WHERE id = ?').run(id)
      return { outcome: 'deleted' }
    }
    db.prepare('UPDATE event SET archived_at = ?, updated_at = ? WHERE id = ?').run(nowIso(), nowIso(), id)
    return { outcome: 'archived', reason: `该活动有 ${signIns} 条签到记录${others ? `和 ${others} 条意见建议或评价` : ''},已归档而非删除,记录全部保留。` }
  }).immediate()
}

export function restoreEvent(db: DB, id: number): Event {
  getEvent(db, id)
  db.prepare('UPDATE event SET archived_at = NULL, updated_at = ? WHERE id = ?').run(nowIso(), id)
  return getEvent(db, id)
}

export const handlers: HandlersOf<'event'> = {
  'event.list': listEvents,
  'event.get': (db, { id }) => getEvent(db, id),
  'event.create': createEvent,
  'event.update': updateEvent,
  'event.remove': (db, { id }) => removeEvent(db, id),
  'event.restore': (db, { id }) => restoreEvent(db, id)
}
