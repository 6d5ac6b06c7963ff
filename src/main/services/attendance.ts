import type { Attendance, Page, Parsed } from '../../shared/api'
import { durationHours, maskPhone } from '../../shared/text'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { AppError, notFound } from '../errors'
import { direction, likePattern, nowIso, toPage, type Raw } from './common'
import { getEvent } from './event'

const SORTS = { name: 'm.pinyin', signedAt: 'a.signed_at', hours: 'a.hours' } as const

export function listAttendance(db: DB, q: Parsed<'attendance.list'>): Page<Attendance> {
  getEvent(db, q.eventId)
  const where = ['a.event_id = ?']
  const params: unknown[] = [q.eventId]
  if (q.keyword) {
    const like = likePattern(q.keyword)
    where.push("(m.search LIKE ? ESCAPE '\\' OR m.unit_id IN (SELECT id FROM unit WHERE search LIKE ? ESCAPE '\\'))")
    params.push(like, like)
  }
  const from = 'attendance a JOIN member m ON m.id = a.member_id'
  const total = db.prepare(`SELECT COUNT(*) FROM ${from} WHERE ${where.join(' AND ')}`).pluck().get(...params) as number
  const rows = db
    .prepare(
      `SELECT a.id, a.event_id AS eventId, a.member_id AS memberId, m.name AS memberName, m.phone AS memberPhone,
              u.name AS unitName, c.name AS communityName, m.archived_at IS NOT NULL AS memberArchived,
              a.signed_at AS signedAt, a.hours, a.source
       FROM ${from} JOIN community c ON c.id = m.community_id LEFT JOIN unit u ON u.id = m.unit_id
       WHERE ${where.join(' AND ')}
       ORDER BY ${SORTS[q.sort ?? 'signedAt']} ${direction(q.order)}, a.id LIMIT ? OFFSET ?`
    )
    .all(...params, q.pageSize, (q.page - 1) * q.pageSize) as Array<Raw<Omit<Attendance, 'memberArchived'>> & { memberArchived: number }>
  return toPage(
    rows.map((r) => ({ ...r, memberPhone: maskPhone(r.memberPhone), memberArchived: !!r.memberArchived })),
    total,
    q.page,
    q.pageSize
  )
}

/** Signs members in to an activity; anyone already signed in is left as they are. */
export function addAttendance(db: DB, input: Parsed<'attendance.add'>): { added: number; already: number } {
  return db.transaction(() => {
    const event = getEvent(db, input.eventId)
    if (event.archivedAt) throw new AppError('invalid', `活动"${event.title}"已归档,请先恢复该活动再签到。`)
    const hours = input.hours ?? durationHours(event.startTime, event.endTime)
    if (input.hours === undefined && hours === 0) {
      throw new AppError('invalid', '该活动没有填写起止时间,无法推算服务时长,请填写服务时长后再签到。', { hours: '请填写服务时长' })
    }
    const signedAt = `${event.date}T${event.startTime || '00:00'}:00+08:00`
    const member = db.prepare('SELECT name, archived_at FROM member WHERE id = ?')
    const insert = db.prepare(
      'INSERT INTO attendance (event_id, member_id, signed_at, hours, source, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, member_id) DO NOTHING'
    )
    let added = 0
    const now = nowIso()
    for (const memberId of new Set(input.memberIds)) {
      const m = member.get(memberId) as { name: string; archived_at: string | null } | undefined
      if (!m) throw new AppError('not_found', '所选党员中有人已被删除,请刷新后重新选择。')
      if (m.archived_at) throw new AppError('invalid', `党员"${m.name}"已归档,请先恢复该党员再签到。`)
      added += insert.run(input.eventId, memberId, signedAt, hours, input.source, now).changes
    }
    return { added, already: new Set(input.memberIds).size - added }
  }).immediate()
}

export function updateAttendance(db: DB, input: Parsed<'attendance.update'>): { id: number; hours: number } {
  const changes = db.prepare('UPDATE attendance SET hours = ? WHERE id = ?').run(input.hours, input.id).changes
  if (changes === 0) throw notFound('该签到记录')
  return { id: input.id, hours: input.hours }
}

export function removeAttendance(db: DB, input: Parsed<'attendance.remove'>): { removed: number } {
  return db.transaction(() => {
    const del = db.prepare('DELETE FROM attendance WHERE id = ?')
    let removed = 0
    for (const id of input.ids) removed += del.run(id).changes
    return { removed }
  }).immediate()
}

export const handlers: HandlersOf<'attendance'> = {
  'attendance.list': listAttendance,
  'attendance.add': addAttendance,
  'attendance.update': updateAttendance,
  'attendance.remove': removeAttendance
}
