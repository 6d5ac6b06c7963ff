/** Residents' evaluations (群众评价) of a member's service, on an activity or a claim. */
import type { Feedback, Page, Parsed } from '../../shared/api'
import { maskPhone } from '../../shared/text'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { FEEDBACK_IN_COMMUNITY } from './community'
import { AppError, notFound } from '../errors'
import { nowIso, toPage, type Raw } from './common'

const SELECT = `
  SELECT f.id, f.member_id AS memberId, m.name AS memberName, f.event_id AS eventId, e.title AS eventTitle, f.claim_id AS claimId,
         n.title AS needTitle, f.rating, f.comment, f.date, f.resident_name AS residentName, f.resident_phone AS residentPhone, f.created_at AS createdAt
  FROM feedback f JOIN member m ON m.id = f.member_id LEFT JOIN event e ON e.id = f.event_id
  LEFT JOIN claim k ON k.id = f.claim_id LEFT JOIN need n ON n.id = k.need_id`

type Row = Raw<Feedback>
const present = (f: Row): Feedback => ({ ...f, residentPhone: maskPhone(f.residentPhone) })

export function listFeedback(db: DB, q: Parsed<'feedback.list'>): Page<Feedback> & { satisfied: number } {
  const where = q.memberId ? 'f.member_id = ?' : q.communityId ? `f.id IN (${FEEDBACK_IN_COMMUNITY.replace(/c\.id/g, '?')})` : '1 = 1'
  const params = q.memberId ? [q.memberId] : q.communityId ? [q.communityId, q.communityId] : []
  const t = db.prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(f.rating != '不满意'), 0) AS ok FROM feedback f WHERE ${where}`).get(...params) as { n: number; ok: number }
  const rows = db.prepare(`${SELECT} WHERE ${where} ORDER BY f.date DESC, f.id DESC LIMIT ? OFFSET ?`).all(...params, q.pageSize, (q.page - 1) * q.pageSize) as Row[]
  return { ...toPage(rows.map(present), t.n, q.page, q.pageSize), satisfied: t.ok }
}

export function createFeedback(db: DB, q: Parsed<'feedback.create'>): Feedback {
  if (!db.prepare('SELECT 1 FROM member WHERE id = ?').get(q.memberId)) throw new AppError('invalid', '所选党员不存在。', { memberId: '所选党员不存在' })
  if (q.eventId && !db.prepare('SELECT 1 FROM attendance WHERE event_id = ? AND member_id = ?').get(q.eventId, q.memberId)) {
    throw new AppError('invalid', '该党员没有参加这次活动,不能对其评价。', { eventId: '该党员未参加此活动' })
  }
  if (q.claimId && !db.prepare('SELECT 1 FROM claim WHERE id = ? AND member_id = ?').get(q.claimId, q.memberId)) {
    throw new AppError('invalid', '这项认领不是该党员的,请重新选择。', { claimId: '不是该党员的认领' })
  }
  const id = db
    .prepare('INSERT INTO feedback (member_id, event_id, claim_id, rating, comment, date, resident_name, resident_phone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(q.memberId, q.eventId, q.claimId, q.rating, q.comment, q.date, q.residentName, q.residentPhone, nowIso()).lastInsertRowid as number
  const row = db.prepare(`${SELECT} WHERE f.id = ?`).get(id) as Row | undefined
  if (!row) throw notFound('该评价')
  return present(row)
}

export const handlers: HandlersOf<'feedback'> = {
  'feedback.list': listFeedback,
  'feedback.create': createFeedback
}
