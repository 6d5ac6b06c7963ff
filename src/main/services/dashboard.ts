/** 工作台: the figures as of a date, per community and per month, and the latest imports. */
import type { Dashboard, Parsed } from '../../shared/api'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { listImports } from './import'

export function getDashboard(db: DB, q: Parsed<'dashboard.get'>): Dashboard {
  const asOf = q.asOf
  const p = { to: asOf, since: `${asOf.slice(0, 7)}-01`, from: `${+asOf.slice(0, 4) - 1}${asOf.slice(4, 7)}-01` }
  const get = <T>(sql: string): T => db.prepare(sql).get(p) as T
  // registered members per community; the totals are their sums
  const registered = db
    .prepare(
      `SELECT community_id AS id, COUNT(*) AS members, SUM(registered_at >= @since) AS recent FROM member
       WHERE archived_at IS NULL AND status = '在册' AND registered_at <= @to GROUP BY community_id`
    )
    .all(p) as Array<{ id: number; members: number; recent: number }>
  // sign-ins at activities held by each community
  const signIns = new Map(
    (db.prepare(`SELECT e.community_id AS id, COUNT(*) AS n FROM event e JOIN attendance a ON a.event_id = e.id WHERE e.archived_at IS NULL AND e.date <= @to GROUP BY e.community_id`).all(p) as Array<{ id: number; n: number }>).map(
      (r) => [r.id, r.n]
    )
  )
  const att = get<{ n: number; hours: number }>(
    'SELECT COUNT(*) AS n, ROUND(COALESCE(SUM(a.hours), 0), 2) AS hours FROM event e JOIN attendance a ON a.event_id = e.id WHERE e.archived_at IS NULL AND e.date <= @to'
  )
  const participants = db
    .prepare('SELECT COUNT(*) FROM member m WHERE EXISTS (SELECT 1 FROM attendance a JOIN event e ON e.id = a.event_id WHERE a.member_id = m.id AND e.archived_at IS NULL AND e.date <= @to)')
    .pluck()
    .get(p) as number
  const needs = get<{ listed: number; claimed: number; completed: number }>(`
    SELECT COUNT(*) AS listed, COALESCE(SUM(s.open + s.done > 0), 0) AS claimed, COALESCE(SUM(s.status = '已完成'), 0) AS completed
    FROM need n JOIN need_state s ON s.id = n.id WHERE date(n.created_at, '+8 hours') <= @to`)
  const names = new Map((db.prepare('SELECT id, name FROM community WHERE archived_at IS NULL').all() as Array<{ id: number; name: string }>).map((c) => [c.id, c.name]))
  const byCommunity = registered
    .filter((r) => names.has(r.id))
    .map((r) => ({ id: r.id, name: names.get(r.id)!, members: r.members, attendance: signIns.get(r.id) ?? 0 }))
    .sort((a, b) => b.members - a.members || a.name.localeCompare(b.name, 'zh-CN'))
    .slice(0, 40)
  const monthly = db
    .prepare(
      `SELECT substr(e.date, 1, 7) AS month, COUNT(DISTINCT e.id) AS events, COUNT(a.event_id) AS attendance
       FROM event e LEFT JOIN attendance a ON a.event_id = e.id
       WHERE e.archived_at IS NULL AND e.date >= @from AND e.date <= @to GROUP BY month ORDER BY month`
    )
    .all(p) as Dashboard['monthly']
  return {
    asOf,
    members: registered.reduce((t, r) => t + r.members, 0),
    newThisMonth: registered.reduce((t, r) => t + r.recent, 0),
    communities: names.size,
    units: db.prepare('SELECT COUNT(*) FROM unit WHERE archived_at IS NULL').pluck().get() as number,
    events: db.prepare('SELECT COUNT(*) FROM event WHERE archived_at IS NULL AND date <= ?').pluck().get(asOf) as number,
    attendance: att.n,
    participants,
    hours: att.hours,
    needs,
    byCommunity,
    monthly,
    recentImports: listImports(db, { page: 1, pageSize: 5 }).rows
  }
}

export const handlers: HandlersOf<'dashboard'> = {
  'dashboard.get': getDashboard
}
