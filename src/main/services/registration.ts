/**
 * Membership history (报到记录): a member's registration in a community is a span from its start date until
 * the day it ended (exclusive). Moving home ends one span and starts another; a transfer or an archive ends
 * it; 复报到 starts a new one. Every figure for a period uses the spans in force then (see figures.ts), so a
 * change made today never alters a closed period. The member row mirrors the current (or last) span.
 */
import type { Parsed, RegistrationSpan } from '../../shared/api'
import { zhDate } from '../../shared/text'
import type { DB } from '../db/open'
import { AppError, notFound } from '../errors'
import { nowIso, prepared } from './common'

/** What a member's saved fields say about their registration. */
export interface RegistrationState {
  status: '在册' | '已转出' | '未报到'
  communityId: number
  registeredAt: string
  archived: boolean
}

/** Lets an import record each row it inserts or changes (members and their spans), so its undo can take them back. */
export type ChangeRecorder = (tbl: 'member' | 'registration', rowId: number, op: 'insert' | 'update', before: string | null) => void
const NOT_RECORDED: ChangeRecorder = () => {}

interface SpanRow {
  id: number
  community_id: number
  start_date: string
  ended_on: string | null
  end_reason: string
}

const dayAfter = (d: string): string => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

const spans = (db: DB, memberId: number): SpanRow[] =>
  prepared(db, 'SELECT id, community_id, start_date, ended_on, end_reason FROM registration WHERE member_id = ? ORDER BY start_date, id').all(memberId) as SpanRow[]

function startSpan(db: DB, memberId: number, communityId: number, start: string, record: ChangeRecorder, first = false): void {
  const last = first ? undefined : spans(db, memberId).at(-1)
  if (last?.ended_on && start < last.ended_on) {
    throw new AppError('invalid', `报到日期 ${start} 早于上一次报到结束的日期 ${last.ended_on},请核对日期。`, { registeredAt: `不能早于 ${last.ended_on}` })
  }
  const id = prepared(db, 'INSERT INTO registration (member_id, community_id, start_date, created_at) VALUES (?, ?, ?, ?)').run(memberId, communityId, start, nowIso())
    .lastInsertRowid as number
  record('registration', id, 'insert', null)
}

function update(db: DB, span: SpanRow, sets: Partial<Pick<SpanRow, 'community_id' | 'start_date' | 'ended_on' | 'end_reason'>>, record: ChangeRecorder): void {
  const before = prepared(db, 'SELECT * FROM registration WHERE id = ?').get(span.id)
  const cols = Object.keys(sets) as Array<keyof typeof sets>
  prepared(db, `UPDATE registration SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...cols.map((c) => sets[c] ?? null), span.id)
  record('registration', span.id, 'update', JSON.stringify(before))
}

/** Ends the span in force on `on` (the first day the member no longer counts there). */
function endSpan(db: DB, open: SpanRow, on: string, reason: '转出' | '迁居' | '归档', record: ChangeRecorder): void {
  if (on <= open.start_date) {
    if (reason === '归档') on = dayAfter(open.start_date)
    else throw new AppError('invalid', `变动日期 ${on} 应晚于这次报到的日期 ${open.start_date}。`, { changedOn: `应晚于 ${open.start_date}` })
  }
  update(db, open, { ended_on: on, end_reason: reason }, record)
}

/** The member row's community, 报到日期 and status follow the current span, or the last one. */
function mirror(db: DB, memberId: number): void {
  const all = spans(db, memberId)
  const current = all.find((s) => s.ended_on === null)
  const last = current ?? all.at(-1)
  if (!last) return
  // archived by mistake still reads 在册 (the archive flag says the rest); a transfer reads 已转出
  const status = current || last.end_reason === '归档' ? '在册' : '已转出'
  prepared(db, 'UPDATE member SET community_id = ?, registered_at = ?, status = ? WHERE id = ?').run(last.community_id, last.start_date, status, memberId)
}

/**
 * Brings a member's spans in line with what was just saved. `was` is null for a new member. `changedOn` is the
 * day a transfer, a move or a re-registration takes effect (today unless the clerk says otherwise).
 */
export function applyRegistration(db: DB, memberId: number, was: RegistrationState | null, now: RegistrationState, changedOn: string, record = NOT_RECORDED): void {
  if (was === null) {
    // a new member: the row already says where and since when; only its first span is added (imports make thousands)
    if (now.status === '在册' && !now.archived) startSpan(db, memberId, now.communityId, now.registeredAt || changedOn, record, true)
    return
  }
  const all = spans(db, memberId)
  const open = all.find((s) => s.ended_on === null)
  const registered = now.status === '在册' && !now.archived
  if (now.status === '未报到') {
    if (all.length) throw new AppError('invalid', '已报到过的党员不能改回"未报到";如已离开,请把状态改为"已转出"。', { status: '不能改回未报到' })
    return
  }
  if (registered && !open) {
    // a first registration, or 复报到: from the 报到日期 given, or from the day of the change if it was not changed
    const start = was.status !== '未报到' && now.registeredAt === was.registeredAt ? changedOn : now.registeredAt
    startSpan(db, memberId, now.communityId, start, record)
  } else if (registered && open) {
    if (open.community_id !== now.communityId) {
      if (changedOn <= open.start_date) update(db, open, { community_id: now.communityId }, record) // corrected on the day it began
      else {
        endSpan(db, open, changedOn, '迁居', record)
        startSpan(db, memberId, now.communityId, changedOn, record)
      }
    } else if (now.registeredAt !== was.registeredAt) {
      // the current registration's date corrected: it may not reach back into the one before it
      const before = all.at(-2)
      if (before?.ended_on && now.registeredAt < before.ended_on) {
        throw new AppError('invalid', `报到日期不能早于上一次报到结束的日期 ${before.ended_on}。`, { registeredAt: `不能早于 ${before.ended_on}` })
      }
      update(db, open, { start_date: now.registeredAt }, record)
    }
  } else if (!registered && open) {
    endSpan(db, open, changedOn, now.archived && now.status === '在册' ? '归档' : '转出', record)
  }
  mirror(db, memberId)
}

/** A member archived by mistake and restored: the span the archive ended is in force again. */
export function reopenArchivedSpan(db: DB, memberId: number): void {
  const last = spans(db, memberId).at(-1)
  if (last?.end_reason === '归档') update(db, last, { ended_on: null, end_reason: '' }, NOT_RECORDED)
  mirror(db, memberId)
}

/** A member deleted outright (no history) takes their spans with them. */
export function deleteSpans(db: DB, memberId: number): void {
  db.prepare('DELETE FROM registration WHERE member_id = ?').run(memberId)
}

export function memberHistory(db: DB, memberId: number): RegistrationSpan[] {
  return db
    .prepare(
      `SELECT r.id, r.community_id AS communityId, c.name AS communityName, r.start_date AS startDate, r.ended_on AS endedOn, r.end_reason AS endReason
       FROM registration r JOIN community c ON c.id = r.community_id WHERE r.member_id = ? ORDER BY r.start_date, r.id`
    )
    .all(memberId) as RegistrationSpan[]
}

/**
 * Corrects a past span's dates (a clerk's typing error found later). Logged by the handler layer; the answer
 * says which periods' figures the correction changes, since closed periods otherwise never change.
 */
export function editSpan(db: DB, q: Parsed<'member.editSpan'>): { history: RegistrationSpan[]; changes: string } {
  const span = db.prepare('SELECT id, member_id, community_id, start_date, ended_on, end_reason FROM registration WHERE id = ?').get(q.id) as
    | (SpanRow & { member_id: number })
    | undefined
  if (!span) throw notFound('该报到记录')
  const all = spans(db, span.member_id)
  const i = all.findIndex((s) => s.id === span.id)
  const prev = all[i - 1]
  const next = all[i + 1]
  const endedOn = q.endedOn || null
  if (prev?.ended_on && q.startDate < prev.ended_on) throw new AppError('invalid', `报到日期不能早于上一次报到结束的日期 ${prev.ended_on}。`, { startDate: `不能早于 ${prev.ended_on}` })
  if (endedOn && endedOn <= q.startDate) throw new AppError('invalid', '结束日期应晚于报到日期。', { endedOn: '应晚于报到日期' })
  if (!endedOn && span.ended_on) throw new AppError('invalid', '已结束的报到记录需要结束日期;如要恢复在册,请编辑党员并把状态改为"在册"。', { endedOn: '请填写结束日期' })
  if (endedOn && !span.ended_on) throw new AppError('invalid', '在册党员的当前报到没有结束日期;如已转出,请编辑党员并把状态改为"已转出"。', { endedOn: '当前报到不能填写结束日期' })
  if (next && endedOn && endedOn > next.start_date) throw new AppError('invalid', `结束日期不能晚于下一次报到的日期 ${next.start_date}。`, { endedOn: `不能晚于 ${next.start_date}` })
  const changed = [
    [span.start_date, q.startDate],
    [span.ended_on, endedOn]
  ].filter(([a, b]) => a !== b) as Array<[string, string]>
  if (changed.length) update(db, span, { start_date: q.startDate, ended_on: endedOn }, NOT_RECORDED)
  mirror(db, span.member_id)
  const days = changed.flat().sort()
  const changes = days.length
    ? `此次更正会改变 ${zhDate(days[0])} 至 ${zhDate(days[days.length - 1])} 之间各统计期的报到人数及相关数字,其他时期不受影响。`
    : '日期没有变化。'
  return { history: memberHistory(db, span.member_id), changes }
}
