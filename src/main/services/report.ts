/**
 * The reports superiors ask for, each a SQL query over a date range (its end is the 截至 date) and optionally
 * one community or unit. The same query feeds the in-app table (a page at a time) and the export (streamed).
 */
import { REPORT_FILTERS, REPORT_TITLES, type FileOut, type Parsed, type ReportCell, type ReportColumn, type ReportKind, type ReportTable } from '../../shared/api'
import { maskPhone, safeFileName, zhDate } from '../../shared/text'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { AppError, type CallContext } from '../errors'
import { reportCsv, reportWorkbook, type ExportJob, type ReportSheet } from '../excel/report'
import {
  ALL_CLAIMS, CLAIMS_DONE, EVENTS_HELD, EXPECTED_MATCH, EXPECTED_REGISTERED, HOST_SIGN_INS, HOST_TALLY, inForce, MEMBER_SIGN_INS, MEMBER_TALLY,
  NEEDS_AS_OF, NEW_REGISTRATIONS, PAIRINGS_ON_TO, PARTICIPANTS_TO, rate, REGISTERED_ON_TO, round2, RULES, UNIT_CLAIMS_ACTIVE, UNIT_CLAIMS_DONE,
  UNIT_EVENT_SIGN_INS, UNIT_EVENTS
} from './figures'
import { getSetting } from './settings'

export interface Scope {
  from: string
  to: string
  community: number | null
  unit: number | null
}

type Row = Record<string, ReportCell>

interface ReportDef {
  /** at most one row per community, unit or need: computed whole, then paged, in one pass */
  small?: boolean
  columns: ReportColumn[]
  sql: string
  /** the same query on the sign-in tallies (migration sign_in_tally), for a range starting on or before the first activity */
  talliedSql?: string
  /** columns added up in the 合计 row; the rest of that row is left blank */
  sums?: string[]
  /** 合计 cells that are not sums (people counted once across rows), from one query */
  sumSql?: string
  /** 合计 cells that every row of a small report carries (computed once in its query): 合计 key → row key */
  totalsFromRow?: Record<string, string>
  /** fills the 合计 row's derived cells (a rate) from the others; the label goes in the first column */
  derive?: (sum: Row) => void
  /** exported as one sheet per unit */
  perUnit?: boolean
  /** the line under the list, with {n} for the number of rows */
  countLabel: string
  note: string
}

const col = (key: string, title: string, width: number, numeric = false, wrap = false): ReportColumn => ({
  key,
  title,
  width,
  ...(numeric ? { numeric } : {}),
  ...(wrap ? { wrap } : {}),
  ...(/率/.test(title) ? { rate: true } : {}),
  ...(/时长/.test(title) ? { hours: true } : {})
})

const rateOf = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 1000) / 10 : null)

/** Members registered on @to (a span in force), with their member row and that registration's community. */
const REGISTERED = `
  SELECT m.*, g.community_id AS home_id, g.start_date AS span_start FROM (${REGISTERED_ON_TO}) g JOIN member m ON m.id = g.member_id`

/** Members registered at any time in the range, with the community of their last registration in it. */
const REGISTERED_IN_RANGE = `
  SELECT m.*, r.community_id AS home_id, r.start_date AS span_start FROM registration r JOIN member m ON m.id = r.member_id
  WHERE r.id = (SELECT r2.id FROM registration r2 WHERE r2.member_id = r.member_id AND r2.start_date <= @to AND (r2.ended_on IS NULL OR r2.ended_on > @from)
                ORDER BY r2.start_date DESC, r2.id DESC LIMIT 1)
    AND (@community IS NULL OR r.community_id = @community) AND (@unit IS NULL OR m.unit_id = @unit)`

const shownCommunities = `SELECT id FROM community WHERE archived_at IS NULL AND (@community IS NULL OR id = @community)`

/**
 * Report 1's query. Its sign-in figures read MEMBER_SIGN_INS and HOST_SIGN_INS row by row, or, `tallied`, the same
 * sign-ins summed (HOST_TALLY, MEMBER_TALLY, PARTICIPANTS_TO): equal for a range that starts on or before the first
 * activity — what the dashboard shows —, which then reads about 120,000 rows instead of a million.
 */
function registrationSql(tallied: boolean): string {
  const signIns = tallied
    ? `
      host AS (SELECT host_id, SUM(n) AS n FROM (${HOST_TALLY}) GROUP BY host_id),
      part AS (SELECT s.home_id, s.n, COALESCE(p.n, 0) AS people, s.hours
               FROM (SELECT home_id, SUM(n) AS n, SUM(hours) AS hours FROM (${MEMBER_TALLY}) GROUP BY home_id) s
               LEFT JOIN (SELECT home_id, COUNT(*) AS n FROM (${PARTICIPANTS_TO}) GROUP BY home_id) p ON p.home_id = s.home_id),
      act AS (SELECT g.community_id, COUNT(*) AS n FROM (${REGISTERED_ON_TO}) g
              WHERE EXISTS (SELECT 1 FROM (${PARTICIPANTS_TO}) p WHERE p.member_id = g.member_id) GROUP BY g.community_id),
      total AS (SELECT COUNT(*) AS n FROM (SELECT member_id FROM (${PARTICIPANTS_TO}) WHERE home_id IN (${shownCommunities}) GROUP BY member_id)),`
    : `
      host AS (SELECT host_id, COUNT(*) AS n FROM (${HOST_SIGN_INS}) GROUP BY host_id),
      -- each member's sign-ins per community of registration, computed once for the columns and the 合计
      ms AS MATERIALIZED (SELECT home_id, member_id, COUNT(*) AS n, SUM(hours) AS hours FROM (${MEMBER_SIGN_INS}) GROUP BY home_id, member_id),
      part AS (SELECT home_id, SUM(n) AS n, COUNT(*) AS people, SUM(hours) AS hours FROM ms GROUP BY home_id),
      act AS (SELECT g.community_id, COUNT(*) AS n FROM (${REGISTERED_ON_TO}) g WHERE g.member_id IN (SELECT member_id FROM ms) GROUP BY g.community_id),
      total AS (SELECT COUNT(DISTINCT member_id) AS n FROM ms WHERE home_id IN (${shownCommunities})),`
  return `
      WITH reg AS (SELECT community_id, COUNT(*) AS n FROM (${REGISTERED_ON_TO}) GROUP BY community_id),
      newr AS (SELECT community_id, COUNT(*) AS n FROM (${NEW_REGISTRATIONS}) GROUP BY community_id),
      ev AS (SELECT community_id, COUNT(*) AS n FROM (${EVENTS_HELD}) GROUP BY community_id),${signIns}
      cl AS (SELECT home_id, SUM(hours) AS hours FROM (${CLAIMS_DONE}) GROUP BY home_id),
      nd AS (SELECT community_id, COUNT(*) AS listed, SUM(claimed) AS claimed, SUM(completed) AS completed FROM (${NEEDS_AS_OF}) GROUP BY community_id),
      unitc AS (SELECT community_id, COUNT(DISTINCT unit_id) AS n FROM (${PAIRINGS_ON_TO}) WHERE unit_id IN (SELECT id FROM unit WHERE archived_at IS NULL) GROUP BY community_id)
      SELECT c.id AS communityId, c.name AS community, COALESCE(reg.n, 0) AS registered, COALESCE(newr.n, 0) AS newRegistered, COALESCE(unitc.n, 0) AS units,
             COALESCE(ev.n, 0) AS events, COALESCE(host.n, 0) AS hostAttendance, COALESCE(part.n, 0) AS attendance, COALESCE(part.people, 0) AS participants,
             COALESCE(act.n, 0) AS active, ${rate('act.n', 'reg.n')} AS rate, ${round2('part.hours')} AS eventHours, ${round2('cl.hours')} AS claimHours,
             ${round2('COALESCE(part.hours, 0) + COALESCE(cl.hours, 0)')} AS hours,
             COALESCE(nd.listed, 0) AS needsListed, COALESCE(nd.claimed, 0) AS needsClaimed, COALESCE(nd.completed, 0) AS needsCompleted,
             (SELECT n FROM total) AS totalParticipants
      FROM community c
      LEFT JOIN reg ON reg.community_id = c.id LEFT JOIN newr ON newr.community_id = c.id LEFT JOIN ev ON ev.community_id = c.id
      LEFT JOIN host ON host.host_id = c.id LEFT JOIN part ON part.home_id = c.id LEFT JOIN cl ON cl.home_id = c.id
      LEFT JOIN nd ON nd.community_id = c.id LEFT JOIN unitc ON unitc.community_id = c.id LEFT JOIN act ON act.community_id = c.id
      WHERE c.id IN (${shownCommunities})
      ORDER BY c.pinyin`
}

export const REPORTS: Record<ReportKind, ReportDef> = {
  registration: {
    small: true,
    // 活动时长 and 认领时长 are computed (the dashboard shows them) but the printed sheet keeps to one A4 page
    columns: [
      col('community', '村居', 13), col('registered', '报到党员(人)', 9, true), col('newRegistered', '期间新报到(人)', 9, true),
      col('units', '结对单位(个)', 8, true), col('events', '本村居开展活动(场)', 10, true), col('hostAttendance', '本村居活动签到人次', 10, true),
      col('attendance', '本村居党员参与人次', 10, true), col('participants', '本村居党员参与人数', 10, true), col('rate', '参与率(%)', 8, true),
      col('hours', '服务时长(小时)', 10, true), col('needsListed', '服务清单(项)', 9, true), col('needsClaimed', '已认领(项)', 8, true),
      col('needsCompleted', '已完成(项)', 8, true)
    ],
    sql: registrationSql(false),
    talliedSql: registrationSql(true),
    sums: ['registered', 'newRegistered', 'units', 'events', 'hostAttendance', 'attendance', 'active', 'eventHours', 'claimHours', 'hours', 'needsListed', 'needsClaimed', 'needsCompleted'],
    // a member who moved home within the range took part in two communities: the total counts them once
    totalsFromRow: { participants: 'totalParticipants' },
    derive: (sum) => (sum.rate = rateOf(sum.active as number, sum.registered as number)),
    countLabel: '共 {n} 个村居',
    note: RULES.registrationReport
  },
  events: {
    columns: [
      col('date', '日期', 11), col('community', '举办村居', 13), col('title', '活动名称', 30, false, true), col('category', '类别', 9),
      col('place', '地点', 18, false, true), col('attendance', '签到人次', 9, true), col('memberAttendance', '其中报到党员', 9, true),
      col('eventHours', '活动时长(小时)', 10, true)
    ],
    sql: `
      WITH s AS (SELECT event_id, COUNT(*) AS n, SUM(hours) AS hours FROM attendance GROUP BY event_id)
      SELECT e.date, c.name AS community, e.title, e.category, e.place, COALESCE(s.n, 0) AS attendance,
             (SELECT COUNT(*) FROM attendance a JOIN registration r ON r.member_id = a.member_id AND ${inForce('r', 'e.date')} WHERE a.event_id = e.id) AS memberAttendance,
             ${round2('s.hours')} AS eventHours
      FROM (${EVENTS_HELD}) h JOIN event e ON e.id = h.id JOIN community c ON c.id = e.community_id LEFT JOIN s ON s.event_id = e.id
      ORDER BY e.date, e.id`,
    sums: ['attendance', 'memberAttendance', 'eventHours'],
    countLabel: '共 {n} 场',
    note: '统计期间举办的全部活动(已归档的除外);签到人次含未报到人员,其中报到党员为活动当天报到在册的党员;活动时长为签到人员服务时长之和。'
  },
  members: {
    columns: [
      col('community', '报到村居', 13), col('name', '姓名', 9), col('phone', '手机号', 13), col('unit', '工作单位', 24, false, true),
      col('registeredAt', '报到日期', 11), col('attendance', '参加活动(次)', 9, true), col('eventHours', '活动时长(小时)', 10, true),
      col('claims', '认领项目(项)', 9, true), col('claimHours', '认领时长(小时)', 10, true), col('hours', '服务时长(小时)', 10, true),
      col('lastActivity', '最近一次活动', 11)
    ],
    sql: `
      WITH s AS (SELECT member_id, COUNT(*) AS n, SUM(hours) AS hours, MAX(date) AS last FROM (${MEMBER_SIGN_INS}) GROUP BY member_id),
      k AS (SELECT member_id, SUM(hours) AS hours FROM (${CLAIMS_DONE}) GROUP BY member_id),
      kc AS (SELECT member_id, COUNT(*) AS n FROM claim WHERE claimed_on <= @to AND NOT (status = '已放弃' AND finished_on < @from) AND COALESCE(finished_on, @to) >= @from GROUP BY member_id)
      SELECT c.name AS community, m.name, m.phone, u.name AS unit, m.span_start AS registeredAt, COALESCE(s.n, 0) AS attendance,
             ${round2('s.hours')} AS eventHours, COALESCE(kc.n, 0) AS claims, ${round2('k.hours')} AS claimHours,
             ${round2('COALESCE(s.hours, 0) + COALESCE(k.hours, 0)')} AS hours, s.last AS lastActivity
      FROM (${REGISTERED_IN_RANGE}) m JOIN community c ON c.id = m.home_id LEFT JOIN unit u ON u.id = m.unit_id
      LEFT JOIN s ON s.member_id = m.id LEFT JOIN k ON k.member_id = m.id LEFT JOIN kc ON kc.member_id = m.id
      ORDER BY c.pinyin, m.pinyin, m.id`,
    sums: ['attendance', 'eventHours', 'claims', 'claimHours', 'hours'],
    countLabel: '共 {n} 人',
    note: '统计期间内曾报到在册的党员(按期间内最后一次报到的村居计);参加活动、活动时长只计报到在册期间的签到;认领项目为期间内有效(未放弃)的认领;' + RULES.hours
  },
  inactive: {
    columns: [
      col('community', '报到村居', 13), col('name', '姓名', 9), col('phone', '手机号', 13), col('unit', '工作单位', 28, false, true),
      col('registeredAt', '报到日期', 11), col('lastActivity', '最近一次活动', 11)
    ],
    sql: `
      SELECT c.name AS community, m.name, m.phone, u.name AS unit, m.span_start AS registeredAt,
             (SELECT MAX(e.date) FROM attendance a JOIN event e ON e.id = a.event_id WHERE a.member_id = m.id AND e.archived_at IS NULL AND e.date <= @to) AS lastActivity
      FROM (${REGISTERED}) m JOIN community c ON c.id = m.home_id LEFT JOIN unit u ON u.id = m.unit_id
      WHERE NOT EXISTS (SELECT 1 FROM (${MEMBER_SIGN_INS}) s WHERE s.member_id = m.id)
      ORDER BY c.pinyin, m.pinyin, m.id`,
    countLabel: '共 {n} 人',
    note: '截至日期报到在册、但在统计期间报到在册时没有任何活动签到的党员,供各村居跟进。'
  },
  needs: {
    small: true,
    columns: [
      col('community', '村居', 12), col('title', '项目名称', 24, false, true), col('category', '类别', 14, false, true), col('source', '来源', 9),
      col('places', '需认领(人)', 8, true), col('claimed', '已认领(人)', 8, true), col('completed', '已完成(人)', 8, true), col('status', '状态', 8),
      col('members', '认领党员', 30, false, true)
    ],
    sql: `
      SELECT c.name AS community, n.title, n.category, n.source, n.places,
             (SELECT COUNT(*) FROM (${ALL_CLAIMS}) k WHERE k.need_id = n.id AND k.claimed_on <= @to AND NOT (k.status = '已放弃' AND k.finished_on <= @to)) AS claimed,
             (SELECT COUNT(*) FROM (${ALL_CLAIMS}) k WHERE k.need_id = n.id AND k.status = '已完成' AND k.finished_on <= @to) AS completed,
             CASE WHEN n.closed_at IS NOT NULL AND date(n.closed_at, '+8 hours') <= @to THEN '已关闭'
                  WHEN x.completed THEN '已完成'
                  WHEN (SELECT COUNT(*) FROM (${ALL_CLAIMS}) k WHERE k.need_id = n.id AND k.claimed_on <= @to AND NOT (k.status = '已放弃' AND k.finished_on <= @to)) >= n.places THEN '已满'
                  WHEN x.claimed THEN '认领中' ELSE '待认领' END AS status,
             (SELECT GROUP_CONCAT(k.who || '(' || CASE WHEN k.status = '已完成' AND k.finished_on <= @to THEN '已完成' ELSE '已认领' END || ')', '、' ORDER BY k.unit_claim, k.id)
              FROM (${ALL_CLAIMS}) k
              WHERE k.need_id = n.id AND k.claimed_on <= @to AND NOT (k.status = '已放弃' AND k.finished_on <= @to)) AS members
      FROM (${NEEDS_AS_OF}) x JOIN need n ON n.id = x.id JOIN community c ON c.id = n.community_id
      ORDER BY c.pinyin, n.id`,
    sums: ['places', 'claimed', 'completed'],
    countLabel: '共 {n} 项',
    note: '截至日期已列出的服务清单项目;认领与完成按截至日期的情况计(当时已放弃的认领不计);单位认领(共建项目)占 1 个名额,列为"单位名称(单位)"。'
  },
  units: {
    columns: [
      col('unit', '单位', 22, false, true), col('name', '姓名', 9), col('community', '报到村居', 12), col('registeredAt', '报到日期', 11),
      col('attendance', '参加活动(次)', 9, true), col('eventHours', '活动时长(小时)', 10, true), col('claims', '认领项目(项)', 9, true),
      col('claimsDone', '完成认领(项)', 9, true), col('claimHours', '认领时长(小时)', 10, true), col('feedback', '群众评价(条)', 9, true),
      col('satisfied', '满意(条)', 8, true)
    ],
    sql: `
      WITH s AS (SELECT member_id, COUNT(*) AS n, SUM(hours) AS hours FROM (${MEMBER_SIGN_INS}) GROUP BY member_id),
      k AS (SELECT member_id, COUNT(*) AS n, SUM(hours) AS hours FROM (${CLAIMS_DONE}) GROUP BY member_id)
      SELECT m.id AS memberId, u.name AS unit, m.name, c.name AS community, m.span_start AS registeredAt, COALESCE(s.n, 0) AS attendance, ${round2('s.hours')} AS eventHours,
             (SELECT COUNT(*) FROM claim kk WHERE kk.member_id = m.id AND kk.claimed_on <= @to AND NOT (kk.status = '已放弃' AND kk.finished_on < @from) AND COALESCE(kk.finished_on, @to) >= @from) AS claims,
             COALESCE(k.n, 0) AS claimsDone, ${round2('k.hours')} AS claimHours,
             (SELECT COUNT(*) FROM feedback f WHERE f.member_id = m.id AND f.date BETWEEN @from AND @to) AS feedback,
             (SELECT COUNT(*) FROM feedback f WHERE f.member_id = m.id AND f.rating != '不满意' AND f.date BETWEEN @from AND @to) AS satisfied
      FROM (${REGISTERED_IN_RANGE}) m JOIN unit u ON u.id = m.unit_id JOIN community c ON c.id = m.home_id
      LEFT JOIN s ON s.member_id = m.id LEFT JOIN k ON k.member_id = m.id
      ORDER BY u.pinyin, c.pinyin, m.pinyin, m.id`,
    sums: ['attendance', 'eventHours', 'claims', 'claimsDone', 'claimHours', 'feedback', 'satisfied'],
    perUnit: true,
    countLabel: '共 {n} 人',
    note: '各单位在统计期间内曾报到在册的党员的服务:活动签到与时长只计报到在册期间;认领;群众评价(满意含"满意"和"基本满意")。'
  },
  unitSummary: {
    small: true,
    columns: [
      col('unit', '单位', 20, false, true), col('reportedOn', '报到日期', 12), col('communities', '结对村居', 14, false, true),
      col('expected', '应报到(人)', 8, true), col('registered', '已报到(人)', 8, true), col('registrationRate', '报到率(%)', 8, true),
      col('attendance', '参与人次', 8, true), col('participants', '参与人数', 8, true), col('eventHours', '活动时长(小时)', 9, true),
      col('claims', '认领(项)', 7, true), col('claimsDone', '完成(项)', 7, true), col('completionRate', '完成率(%)', 8, true),
      col('unitClaims', '共建项目认领(项)', 9, true), col('unitClaimsDone', '共建项目完成(项)', 9, true),
      col('unitEvents', '组织活动(场)', 8, true), col('unitAttendance', '组织活动(人次)', 8, true)
    ],
    sql: `
      WITH reg AS (SELECT m.unit_id, COUNT(*) AS n FROM (${REGISTERED_ON_TO}) g JOIN member m ON m.id = g.member_id GROUP BY m.unit_id),
      ex AS (SELECT unit_id, COUNT(*) AS n, SUM(${EXPECTED_REGISTERED('x')}) AS done FROM expected_member x GROUP BY unit_id),
      part AS (SELECT m.unit_id, COUNT(*) AS n, COUNT(DISTINCT s.member_id) AS people, SUM(s.hours) AS hours FROM (${MEMBER_SIGN_INS}) s JOIN member m ON m.id = s.member_id GROUP BY m.unit_id),
      kc AS (SELECT m.unit_id, COUNT(*) AS n FROM claim k JOIN member m ON m.id = k.member_id
             WHERE k.claimed_on <= @to AND NOT (k.status = '已放弃' AND k.finished_on < @from) AND COALESCE(k.finished_on, @to) >= @from GROUP BY m.unit_id),
      -- members' own claims; their service under the unit's 共建项目 is counted in the unit's columns
      kd AS (SELECT m.unit_id, COUNT(*) AS n FROM (${CLAIMS_DONE}) k JOIN member m ON m.id = k.member_id WHERE k.unit_claim_id IS NULL GROUP BY m.unit_id),
      pr AS (SELECT p.unit_id, MIN(p.start_date) AS since, GROUP_CONCAT(c.name, '、') AS names FROM (${PAIRINGS_ON_TO}) p JOIN community c ON c.id = p.community_id GROUP BY p.unit_id),
      uc AS (SELECT unit_id, COUNT(*) AS n FROM (${UNIT_CLAIMS_ACTIVE}) GROUP BY unit_id),
      ud AS (SELECT unit_id, COUNT(*) AS n FROM (${UNIT_CLAIMS_DONE}) GROUP BY unit_id),
      ue AS (SELECT unit_id, COUNT(*) AS n FROM (${UNIT_EVENTS}) GROUP BY unit_id),
      ua AS (SELECT unit_id, COUNT(*) AS n FROM (${UNIT_EVENT_SIGN_INS}) GROUP BY unit_id)
      SELECT u.name AS unit, pr.since AS reportedOn, pr.names AS communities,
             ex.n AS expected, CASE WHEN ex.n IS NULL THEN COALESCE(reg.n, 0) ELSE ex.done END AS registered, COALESCE(ex.done, 0) AS listed,
             ${rate('ex.done', 'ex.n')} AS registrationRate,
             COALESCE(part.n, 0) AS attendance, COALESCE(part.people, 0) AS participants, ${round2('part.hours')} AS eventHours,
             COALESCE(kc.n, 0) AS claims, COALESCE(kd.n, 0) AS claimsDone, ${rate('kd.n', 'kc.n')} AS completionRate,
             COALESCE(uc.n, 0) AS unitClaims, COALESCE(ud.n, 0) AS unitClaimsDone, COALESCE(ue.n, 0) AS unitEvents, COALESCE(ua.n, 0) AS unitAttendance
      FROM unit u LEFT JOIN reg ON reg.unit_id = u.id LEFT JOIN ex ON ex.unit_id = u.id LEFT JOIN part ON part.unit_id = u.id
      LEFT JOIN kc ON kc.unit_id = u.id LEFT JOIN kd ON kd.unit_id = u.id LEFT JOIN pr ON pr.unit_id = u.id
      LEFT JOIN uc ON uc.unit_id = u.id LEFT JOIN ud ON ud.unit_id = u.id LEFT JOIN ue ON ue.unit_id = u.id LEFT JOIN ua ON ua.unit_id = u.id
      WHERE u.archived_at IS NULL AND (@unit IS NULL OR u.id = @unit)
        AND (ex.n IS NOT NULL OR reg.n IS NOT NULL OR part.n IS NOT NULL OR kc.n IS NOT NULL OR pr.unit_id IS NOT NULL OR uc.n IS NOT NULL OR ue.n IS NOT NULL)
      ORDER BY u.pinyin`,
    // a member belongs to one unit, so the units' 参与人数 add up without counting anyone twice (a separate
    // COUNT(DISTINCT) over every sign-in took 4.8 s at city scale)
    sums: ['expected', 'registered', 'listed', 'attendance', 'participants', 'eventHours', 'claims', 'claimsDone', 'unitClaims', 'unitClaimsDone', 'unitEvents', 'unitAttendance'],
    derive: (sum) => {
      sum.completionRate = rateOf(sum.claimsDone as number, sum.claims as number)
      sum.registrationRate = rateOf(sum.listed as number, sum.expected as number)
    },
    countLabel: '共 {n} 个单位',
    note:
      '报到日期、结对村居:截至日期单位报到(结对)在册的村居及最早的报到日期;应报到:单位报送的应报到名单人数;已报到:名单中截至日期报到在册的人数(没有名单的单位为其报到在册的党员数);报到率=已报到÷应报到;参与人次、人数、活动时长只计报到在册期间的签到;认领、完成为本单位党员个人的认领,完成率=期间完成的认领÷期间有效的认领;共建项目为单位认领的服务清单项目(期间有效的、期间完成的);组织活动为单位组织的活动场次及其签到人次(含未报到人员)。'
  },
  unregistered: {
    columns: [
      col('unit', '单位', 24, false, true), col('name', '姓名', 9), col('phone', '手机号', 13), col('signIns', '期间签到(次)', 9, true),
      col('lastActivity', '最近一次签到', 11), col('source', '名单来源', 14)
    ],
    sql: `
      SELECT * FROM (
        SELECT u.name AS unit, x.name, x.phone, NULLIF(COUNT(a.id), 0) AS signIns, MAX(e.date) AS lastActivity, '单位应报到名单' AS source, u.pinyin AS k1, x.id AS k2
        FROM expected_member x JOIN unit u ON u.id = x.unit_id
        LEFT JOIN member m ON ${EXPECTED_MATCH('x', 'm')}
        LEFT JOIN attendance a ON a.member_id = m.id
        LEFT JOIN event e ON e.id = a.event_id AND e.archived_at IS NULL AND e.date BETWEEN @from AND @to
        WHERE NOT ${EXPECTED_REGISTERED('x')} AND (@unit IS NULL OR x.unit_id = @unit)
        GROUP BY x.id
        UNION ALL
        SELECT u.name, m.name, m.phone, COUNT(a.id), MAX(e.date), '签到但未报到', COALESCE(u.pinyin, ''), m.id
        FROM member m JOIN attendance a ON a.member_id = m.id JOIN event e ON e.id = a.event_id LEFT JOIN unit u ON u.id = m.unit_id
        WHERE m.archived_at IS NULL AND e.archived_at IS NULL AND e.date BETWEEN @from AND @to
          AND NOT EXISTS (SELECT 1 FROM registration r WHERE r.member_id = m.id AND r.start_date <= @to)
          AND NOT EXISTS (SELECT 1 FROM expected_member x WHERE ${EXPECTED_MATCH('x', 'm')})
          AND (@unit IS NULL OR m.unit_id = @unit)
        GROUP BY m.id
      ) ORDER BY source DESC, k1, k2`,
    countLabel: '共 {n} 人',
    note: '单位应报到名单中截至日期未报到在册的人员,以及统计期间参加了活动签到、但截至日期从未报到的人员(不计入报到党员),供跟进报到。'
  },
  feedback: {
    small: true,
    columns: [
      col('community', '村居', 14), col('count', '评价(条)', 9, true), col('satisfied', '满意', 8, true), col('basic', '基本满意', 8, true),
      col('unsatisfied', '不满意', 8, true), col('rate', '满意率(%)', 9, true)
    ],
    sql: `
      WITH f AS (
        SELECT COALESCE(e.community_id, n.community_id) AS community_id, fb.rating FROM feedback fb
        LEFT JOIN event e ON e.id = fb.event_id LEFT JOIN claim k ON k.id = fb.claim_id LEFT JOIN need n ON n.id = k.need_id
        WHERE fb.date BETWEEN @from AND @to)
      SELECT c.name AS community, COUNT(f.rating) AS count, COALESCE(SUM(f.rating = '满意'), 0) AS satisfied,
             COALESCE(SUM(f.rating = '基本满意'), 0) AS basic, COALESCE(SUM(f.rating = '不满意'), 0) AS unsatisfied,
             ${rate("SUM(f.rating != '不满意')", 'COUNT(f.rating)')} AS rate
      FROM community c LEFT JOIN f ON f.community_id = c.id WHERE c.id IN (${shownCommunities})
      GROUP BY c.id ORDER BY c.pinyin`,
    sums: ['count', 'satisfied', 'basic', 'unsatisfied'],
    derive: (sum) => (sum.rate = rateOf((sum.satisfied as number) + (sum.basic as number), sum.count as number)),
    countLabel: '共 {n} 个村居',
    note: '统计期间的群众评价,按服务所在村居(活动的举办村居或认领项目所属村居)计;' + RULES.satisfaction
  },
  forums: {
    small: true,
    columns: [
      col('community', '村居', 14), col('forums', '座谈会(场)', 9, true), col('attendance', '参会人次', 9, true), col('suggestions', '意见建议(条)', 10, true),
      col('toNeeds', '转为服务项目(项)', 11, true), col('done', '已办结(项)', 9, true)
    ],
    sql: `
      WITH fo AS (SELECT e.id, e.community_id FROM (${EVENTS_HELD}) h JOIN event e ON e.id = h.id WHERE e.category = '座谈会'),
      sg AS (SELECT fo.community_id, COUNT(*) AS n, COUNT(s.need_id) AS needs,
                    SUM(s.need_id IS NOT NULL AND (SELECT COUNT(*) FROM (${ALL_CLAIMS}) k WHERE k.need_id = s.need_id AND k.status = '已完成' AND k.finished_on <= @to)
                        >= (SELECT places FROM need WHERE id = s.need_id)) AS done
             FROM suggestion s JOIN fo ON fo.id = s.event_id GROUP BY fo.community_id),
      at AS (SELECT fo.community_id, COUNT(*) AS n FROM attendance a JOIN fo ON fo.id = a.event_id GROUP BY fo.community_id),
      fc AS (SELECT community_id, COUNT(*) AS n FROM fo GROUP BY community_id)
      SELECT c.name AS community, COALESCE(fc.n, 0) AS forums, COALESCE(at.n, 0) AS attendance, COALESCE(sg.n, 0) AS suggestions,
             COALESCE(sg.needs, 0) AS toNeeds, COALESCE(sg.done, 0) AS done
      FROM community c LEFT JOIN fc ON fc.community_id = c.id LEFT JOIN sg ON sg.community_id = c.id LEFT JOIN at ON at.community_id = c.id
      WHERE c.id IN (${shownCommunities}) ORDER BY c.pinyin`,
    sums: ['forums', 'attendance', 'suggestions', 'toNeeds', 'done'],
    countLabel: '共 {n} 个村居',
    note: '统计期间举办的座谈会(类别为"座谈会"的活动)、参会签到人次、会上提出的意见建议、转为服务清单项目的数量,以及截至日期已办结(完成人数达到需认领人数)的项目。'
  },
  needCategories: {
    small: true,
    columns: [
      col('category', '项目类别', 22, false, true), col('listed', '项目(项)', 9, true), col('claimed', '已认领(项)', 9, true),
      col('claimRate', '认领率(%)', 9, true), col('completed', '已完成(项)', 9, true), col('completionRate', '完成率(%)', 9, true)
    ],
    sql: `
      SELECT category, COUNT(*) AS listed, SUM(claimed) AS claimed, ${rate('SUM(claimed)', 'COUNT(*)')} AS claimRate,
             SUM(completed) AS completed, ${rate('SUM(completed)', 'COUNT(*)')} AS completionRate
      FROM (${NEEDS_AS_OF}) GROUP BY category ORDER BY listed DESC, category`,
    sums: ['listed', 'claimed', 'completed'],
    derive: (sum) => {
      sum.claimRate = rateOf(sum.claimed as number, sum.listed as number)
      sum.completionRate = rateOf(sum.completed as number, sum.listed as number)
    },
    countLabel: '共 {n} 类',
    note: RULES.needs + '认领率=已认领÷项目数,完成率=已完成÷项目数。'
  }
}

const scopeOf = (q: { from: string; to: string; communityId?: number; unitId?: number }): Scope => ({
  from: q.from,
  to: q.to,
  community: q.communityId ?? null,
  unit: q.unitId ?? null
})

const round2js = (n: number): number => Math.round(n * 100) / 100

/** A row as shown: phones masked unless a full export was chosen. */
function presentRow(row: Row, full: boolean): Row {
  return 'phone' in row && !full ? { ...row, phone: maskPhone(row.phone as string) } : row
}

/**
 * The query for a range: on the tallies where a report has that form and they give the same numbers — kept (their
 * row in tally_ready) and the range starts on or before the first activity, so "from the first record" holds.
 */
function sqlFor(db: DB, def: ReportDef, scope: Scope): string {
  if (!def.talliedSql) return def.sql
  const covers = db
    .prepare('SELECT EXISTS (SELECT 1 FROM tally_ready) AND (SELECT @from <= COALESCE(MIN(date), @from) FROM event)')
    .pluck()
    .get({ from: scope.from }) as number
  return covers ? def.talliedSql : def.sql
}

/** The row count and the 合计 row, in one pass over the report's query. */
function reportTotals(db: DB, kind: ReportKind, scope: Scope): { count: number; sum: Row | null } {
  const def = REPORTS[kind]
  if (def.small) {
    const all = db.prepare(sqlFor(db, def, scope)).all(scope) as Row[]
    return { count: all.length, sum: sumOf(db, def, scope, all) }
  }
  const totals = db.prepare(`SELECT COUNT(*) AS _count${(def.sums ?? []).map((k) => `, SUM(${k}) AS ${k}`).join('')} FROM (${sqlFor(db, def, scope)})`).get(scope) as Row
  return { count: totals._count as number, sum: sumOf(db, def, scope, [totals]) }
}

function sumOf(db: DB, def: ReportDef, scope: Scope, rows: Row[]): Row | null {
  if (!def.sums) return null
  const sum: Row = Object.fromEntries(def.columns.map((c) => [c.key, null]))
  for (const k of def.sums) sum[k] = round2js(rows.reduce((t, r) => t + ((r[k] as number | null) ?? 0), 0))
  if (def.sumSql) Object.assign(sum, db.prepare(def.sumSql).get(scope) as Row)
  for (const [key, from] of Object.entries(def.totalsFromRow ?? {})) sum[key] = (rows[0]?.[from] as number | undefined) ?? 0
  sum[def.columns[0].key] = '合计'
  def.derive?.(sum)
  return sum
}

/** A filter the report does not apply is refused, so a printed 范围 never claims what the numbers ignore. */
function checkFilters(kind: ReportKind, scope: Scope): void {
  const allowed = REPORT_FILTERS[kind]
  if (scope.community && !allowed.includes('community')) throw new AppError('invalid', `${REPORT_TITLES[kind]}不按村居筛选,请清除村居筛选后再试。`)
  if (scope.unit && !allowed.includes('unit')) throw new AppError('invalid', `${REPORT_TITLES[kind]}不按单位筛选,请清除单位筛选后再试。`)
}

/** Every row and the 合计 of the 在职党员报到情况统计表 for a range, over every community: what the dashboard shows. */
export function registrationReport(db: DB, range: { from: string; to: string }): { rows: Row[]; sum: Row } {
  const scope = { ...range, community: null, unit: null }
  const rows = db.prepare(sqlFor(db, REPORTS.registration, scope)).all(scope) as Row[]
  return { rows, sum: sumOf(db, REPORTS.registration, scope, rows)! }
}

export function getReport(db: DB, q: Parsed<'report.get'>): ReportTable {
  const def = REPORTS[q.kind]
  const scope = scopeOf(q)
  checkFilters(q.kind, scope)
  const offset = (q.page - 1) * q.pageSize
  let page: Row[]
  let totals: { count: number; sum: Row | null }
  if (def.small) {
    const all = db.prepare(sqlFor(db, def, scope)).all(scope) as Row[]
    page = all.slice(offset, offset + q.pageSize)
    totals = { count: all.length, sum: sumOf(db, def, scope, all) }
  } else {
    totals = reportTotals(db, q.kind, scope)
    page = db.prepare(`SELECT * FROM (${sqlFor(db, def, scope)}) LIMIT @limit OFFSET @offset`).all({ ...scope, limit: q.pageSize, offset }) as Row[]
  }
  // the in-app table always shows masked numbers; whole numbers leave only through the logged full export
  const rows = page.map((r) => presentRow(r, false))
  return { kind: q.kind, title: REPORT_TITLES[q.kind], columns: def.columns, rows, total: totals.count, page: q.page, pageSize: q.pageSize, sum: totals.sum, note: def.note }
}

/** A range starting this early has no real start: its line says only 截至. */
export const EVER = '2000-01-01'

/** "统计时间:2020年4月1日至2020年6月2日", or "截至2020年6月2日" when the range has no real start. */
export function periodLine(scope: Scope, scopeName: string): string {
  const period = scope.from <= EVER ? `截至${zhDate(scope.to)}` : `统计时间:${zhDate(scope.from)}至${zhDate(scope.to)}`
  return scopeName ? `${period}    范围:${scopeName}` : period
}

/** How a range reads in a file name: 2020Q3, 2020上半年, 2020年, 2020年06月, 截至20200602, or 20200401-20200602. */
export function rangeLabel(from: string, to: string): string {
  const y = from.slice(0, 4)
  const lastDay = (d: string): boolean => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).getUTCDate() === 1
  if (from <= EVER) return `截至${to.replace(/-/g, '')}`
  if (from.slice(0, 4) === to.slice(0, 4) && from.endsWith('-01') && lastDay(to)) {
    const [m1, m2] = [+from.slice(5, 7), +to.slice(5, 7)]
    if (m1 === 1 && m2 === 12) return `${y}年`
    if (m1 === 1 && m2 === 6) return `${y}上半年`
    if (m1 === 7 && m2 === 12) return `${y}下半年`
    if (m2 === m1 + 2 && (m1 - 1) % 3 === 0) return `${y}Q${(m1 + 2) / 3}`
    if (m1 === m2) return `${y}年${from.slice(5, 7)}月`
  }
  return `${from.replace(/-/g, '')}-${to.replace(/-/g, '')}`
}

/** A unit's members in a period as the 单位反馈表 counts them: the unit page's 双报到反馈 and its 工作台账 alike. */
export function unitMemberRows(db: DB, unitId: number, from: string, to: string): Row[] {
  return db.prepare(REPORTS.units.sql).all({ from, to, community: null, unit: unitId }) as Row[]
}

/** A report as the export writes it: its rows streamed from the query, numbers masked unless `full`. */
export function reportSheet(db: DB, kind: ReportKind, scope: Scope, opts: { org: string; scopeName: string; full: boolean; name?: string }): ReportSheet {
  const def = REPORTS[kind]
  const { count, sum } = reportTotals(db, kind, scope)
  return {
    name: opts.name ?? REPORT_TITLES[kind],
    title: `${opts.org}${REPORT_TITLES[kind]}`,
    period: periodLine(scope, opts.scopeName),
    columns: def.columns,
    rows: function* () {
      for (const row of db.prepare(sqlFor(db, def, scope)).iterate(scope) as IterableIterator<Row>) yield presentRow(row, opts.full)
    },
    count,
    sum,
    countLabel: def.countLabel,
    note: def.note
  }
}

/** The sheets one report makes: one, or one per unit for the 单位反馈表 (each unit gets its own page to sign). */
function sheetsOf(db: DB, kind: ReportKind, scope: Scope, opts: { org: string; scopeName: string; full: boolean }): ReportSheet[] {
  if (!REPORTS[kind].perUnit || scope.unit) return [reportSheet(db, kind, scope, opts)]
  const units = db
    .prepare(`SELECT DISTINCT m.unit_id AS id, u.name FROM (${REGISTERED_IN_RANGE}) m JOIN unit u ON u.id = m.unit_id ORDER BY u.pinyin`)
    .all(scope) as Array<{ id: number; name: string }>
  const used = new Set<string>()
  return units.map((u) => {
    // sheet names: at most 31 characters, unique, without the characters Excel forbids
    let name = u.name.replace(/[\\/?*[\]:]/g, '_').slice(0, 28)
    for (let i = 2; used.has(name); i++) name = `${u.name.slice(0, 26)}_${i}`
    used.add(name)
    return reportSheet(db, kind, { ...scope, unit: u.id }, { ...opts, scopeName: [opts.scopeName, u.name].filter(Boolean).join('、'), name })
  })
}

// ---------- exporting ----------

const jobs = new Map<string, ExportJob>()

function scopeName(db: DB, scope: Scope): string {
  const name = (table: string, id: number | null): string => (id ? ((db.prepare(`SELECT name FROM ${table} WHERE id = ?`).pluck().get(id) as string | undefined) ?? '') : '')
  return [name('community', scope.community), name('unit', scope.unit)].filter(Boolean).join('、')
}

export async function exportReports(db: DB, q: Parsed<'report.export'>, ctx: CallContext): Promise<FileOut> {
  const scope = scopeOf(q)
  for (const kind of q.kinds) checkFilters(kind, scope)
  const org = getSetting(db, 'orgName') ?? ''
  const job: ExportJob = { cancelled: false, progress: (done, total, title) => ctx.progress({ task: `正在导出${title}`, done, total }) }
  jobs.set(q.jobId, job)
  try {
    const opts = { org, scopeName: scopeName(db, scope), full: q.full }
    const what = q.kinds.length === 1 ? REPORT_TITLES[q.kinds[0]] : '在职党员进社区报表'
    // 石湾镇街道_在职党员报到情况统计表_丽豪社区_2020Q3.xlsx
    const fileName = safeFileName(`${[org, what, opts.scopeName, rangeLabel(q.from, q.to)].filter(Boolean).join('_')}.${q.format}`)
    const { bytes, rows } =
      q.format === 'csv'
        ? await reportCsv(reportSheet(db, q.kinds[0], scope, opts), job)
        : await reportWorkbook(
            q.kinds.flatMap((kind) => sheetsOf(db, kind, scope, opts)),
            job
          )
    return { fileName, base64: bytes.toString('base64'), rows }
  } finally {
    jobs.delete(q.jobId)
  }
}

export function cancelExport(jobId: string): { cancelled: boolean } {
  const job = jobs.get(jobId)
  if (job) job.cancelled = true
  return { cancelled: !!job }
}

export const handlers: HandlersOf<'report'> = {
  'report.get': getReport,
  'report.export': exportReports,
  'report.cancel': (_db, { jobId }) => cancelExport(jobId)
}
