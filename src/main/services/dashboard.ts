/**
 * 工作台: the figures as of a date. Every card is a 合计 of the 在职党员报到情况统计表 (report.ts, on the
 * definitions of figures.ts) from the first record to that date, so the dashboard and the report never disagree.
 */
import type { Dashboard, Parsed } from '../../shared/api'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { EVENTS_HELD, HOST_SIGN_INS, HOST_TALLY, MEMBER_SIGN_INS, MEMBER_TALLY, NEW_REGISTRATIONS } from './figures'
import { listImports } from './import'
import { EVER, registrationReport } from './report'

/** The 12 months ending with the month of `asOf`, as YYYY-MM. */
function lastTwelveMonths(asOf: string): string[] {
  const y = +asOf.slice(0, 4)
  const m = +asOf.slice(5, 7)
  return Array.from({ length: 12 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 12 + i, 1))
    return d.toISOString().slice(0, 7)
  })
}

export function getDashboard(db: DB, q: Parsed<'dashboard.get'>): Dashboard {
  const asOf = q.asOf
  const all = { from: EVER, to: asOf }
  const month = { from: `${asOf.slice(0, 7)}-01`, to: asOf }
  const { rows, sum } = registrationReport(db, all)
  const num = (k: string): number => (sum[k] as number | null) ?? 0
  const months = lastTwelveMonths(asOf)
  const span = { from: `${months[0]}-01`, to: asOf, community: null, unit: null }
  // sign-ins: rows counted, or the same rows summed in the tallies (migration sign_in_tally) while they are kept
  const perMonth = (sql: string, n = 'COUNT(*)'): Map<string, number> =>
    new Map((db.prepare(`SELECT substr(date, 1, 7) AS month, ${n} AS n FROM (${sql}) GROUP BY month`).all(span) as Array<{ month: string; n: number }>).map((r) => [r.month, r.n]))
  const tallied = db.prepare('SELECT EXISTS (SELECT 1 FROM tally_ready)').pluck().get() === 1
  const events = perMonth(EVENTS_HELD)
  const hosted = tallied ? perMonth(HOST_TALLY, 'SUM(n)') : perMonth(HOST_SIGN_INS)
  const members = tallied ? perMonth(MEMBER_TALLY, 'SUM(n)') : perMonth(MEMBER_SIGN_INS)
  return {
    asOf,
    members: num('registered'),
    // the report's 期间新报到 合计 for this month: over the communities it lists (not archived ones)
    newThisMonth: db
      .prepare(`SELECT COUNT(*) FROM (${NEW_REGISTRATIONS}) WHERE community_id IN (SELECT id FROM community WHERE archived_at IS NULL)`)
      .pluck()
      .get({ ...month, community: null, unit: null }) as number,
    communities: rows.length,
    units: db.prepare('SELECT COUNT(*) FROM unit WHERE archived_at IS NULL').pluck().get() as number,
    events: num('events'),
    attendance: num('hostAttendance'),
    memberAttendance: num('attendance'),
    participants: num('participants'),
    rate: sum.rate as number | null,
    hours: num('hours'),
    eventHours: num('eventHours'),
    claimHours: num('claimHours'),
    needs: { listed: num('needsListed'), claimed: num('needsClaimed'), completed: num('needsCompleted') },
    byCommunity: rows
      .map((r) => ({ id: r.communityId as number, name: r.community as string, members: r.registered as number, attendance: r.hostAttendance as number }))
      .sort((a, b) => b.members - a.members || a.name.localeCompare(b.name, 'zh-CN'))
      .slice(0, 40),
    monthly: months.map((m) => ({ month: m, events: events.get(m) ?? 0, attendance: hosted.get(m) ?? 0, memberAttendance: members.get(m) ?? 0 })),
    ranges: { all, month },
    recentImports: listImports(db, { page: 1, pageSize: 5 }).rows
  }
}

export const handlers: HandlersOf<'dashboard'> = {
  'dashboard.get': getDashboard
}
