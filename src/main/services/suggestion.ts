/** Forums (座谈会): the suggestions raised there, each of which can become a need claimed on the spot. */
import type { NeedDetail, Parsed, Suggestion } from '../../shared/api'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { AppError, notFound } from '../errors'
import { nowIso } from './common'
import { getEvent } from './event'
import { getNeed, insertNeed } from './need'

const SELECT = `
  SELECT s.id, s.event_id AS eventId, s.text, s.member_id AS memberId, m.name AS memberName, s.resident,
         s.need_id AS needId, n.title AS needTitle, ns.status AS needStatus, s.created_at AS createdAt
  FROM suggestion s LEFT JOIN member m ON m.id = s.member_id LEFT JOIN need n ON n.id = s.need_id LEFT JOIN need_state ns ON ns.id = s.need_id`

export function listSuggestions(db: DB, eventId: number): Suggestion[] {
  getEvent(db, eventId)
  return db.prepare(`${SELECT} WHERE s.event_id = ? ORDER BY s.id`).all(eventId) as Suggestion[]
}

function getSuggestion(db: DB, id: number): Suggestion {
  const row = db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as Suggestion | undefined
  if (!row) throw notFound('该意见建议')
  return row
}

export function createSuggestion(db: DB, q: Parsed<'suggestion.create'>): Suggestion {
  const event = getEvent(db, q.eventId)
  if (event.category !== '座谈会') throw new AppError('invalid', `"${event.title}"不是座谈会,意见建议只能记录在座谈会上。`)
  if (q.memberId && !db.prepare('SELECT 1 FROM member WHERE id = ?').get(q.memberId)) throw new AppError('invalid', '所选党员不存在,请重新选择。', { memberId: '所选党员不存在' })
  const id = db.prepare('INSERT INTO suggestion (event_id, text, member_id, resident, created_at) VALUES (?, ?, ?, ?, ?)').run(q.eventId, q.text, q.memberId, q.resident, nowIso()).lastInsertRowid as number
  return getSuggestion(db, id)
}

/** A suggestion becomes a need of the forum's community, with source 座谈会提出. */
export function suggestionToNeed(db: DB, q: Parsed<'suggestion.toNeed'>): { suggestion: Suggestion; need: NeedDetail } {
  const needId = db.transaction(() => {
    const s = getSuggestion(db, q.id)
    if (s.needId) throw new AppError('conflict', `这条意见建议已转为服务清单项目"${s.needTitle}"。`)
    const event = getEvent(db, s.eventId)
    const id = insertNeed(db, {
      communityId: event.communityId, title: q.title, category: q.category, description: q.description || s.text, places: q.places,
      skills: q.skills, periodStart: event.date, periodEnd: '', source: '座谈会提出'
    })
    db.prepare('UPDATE suggestion SET need_id = ? WHERE id = ?').run(id, q.id)
    return id
  }).immediate()
  return { suggestion: getSuggestion(db, q.id), need: getNeed(db, needId) }
}

export const handlers: HandlersOf<'suggestion'> = {
  'suggestion.list': (db, { eventId }) => listSuggestions(db, eventId),
  'suggestion.create': createSuggestion,
  'suggestion.toNeed': suggestionToNeed
}
