/**
 * The reports superiors ask for, each a SQL query over a date range (its end is the 截至 date) and optionally
 * one community or unit. The same query feeds the in-app table (a page at a time) and the export (streamed).
 */
import { REPORT_TITLES, type FileOut, type Parsed, type ReportCell, type ReportColumn, type ReportKind, type ReportTable } from '../../shared/api'
import { maskPhone, safeFileName } from '../../shared/text'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import type { CallContext } from '../errors'
import { reportCsv, reportWorkbook, type ExportJob, type ReportSheet } from '../excel/report'
import { getSetting } from './settings'

export interface Scope {
  from: string
  to: string
  community: number | null
  unit: number | null
}

type Row = Record<string, ReportCell>

interface ReportDef {
  /** at most one row per community or need: computed whole, then paged, in one pass */
  small?: boolean
  columns: ReportColumn[]
  sql: string
  /** columns added up in the 合计 row; the rest of that row is left blank */
  sums?: string[]
  /** fills the 合计 row's derived cells (a rate) from the sums; the label goes in the first column */
  derive?: (sum: Row) => void
  note: string
}

const col = (key: string, title: string, width: number, numeric = false): ReportColumn => ({ key, title, width, ...(numeric ? { numeric } : {}) })

/** Active members registered by the end of the range, optionally of one community or unit. */
const REGISTERED = `
  SELECT m.* FROM member m
  WHERE m.archived_at IS NULL AND m.status = '在册' AND m.registered_at <= @to
    AND (@community IS NULL OR m.community_id = @community) AND (@unit IS NULL OR m.unit_id = @unit)`

/** Sign-ins at (non-archived) activities held in the range. */
const SIGN_INS = `
  SELECT a.member_id, a.hours, e.date FROM attendance a JOIN event e ON e.id = a.event_id
  WHERE e.archived_at IS NULL AND e.date BETWEEN @from AND @to`

const rate = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 1000) / 10 : null)

export const REPORTS: Record<ReportKind, ReportDef> = {
  registration: {
    small: true,
    columns: [
      col('community', '村居', 16), col('registered', '报到党员(人)', 12, true), col('newRegistered', '期间新报到(人)', 13, true),
      col('units', '结对单位(个)', 12, true), col('events', '开展活动(场)', 12, true), col('attendance', '参与人次', 10, true),
      col('participants', '参与人数', 10, true), col('rate', '参与率(%)', 10, true), col('hours', '服务时长(小时)', 13, true),
      col('needsListed', '服务清单(项)', 12, true), col('needsClaimed', '已认领(项)', 11, true), col('needsCompleted', '已完成(项)', 11, true)
    ],
    sql: `
      WITH reg AS MATERIALIZED (${REGISTERED}),
      regc AS (SELECT community_id, COUNT(*) AS registered, SUM(registered_at >= @from) AS newRegistered FROM reg GROUP BY community_id),
      attc AS (SELECT r.community_id, COUNT(*) AS attendance, COUNT(DISTINCT s.member_id) AS participants, SUM(s.hours) AS hours
               FROM (${SIGN_INS}) s JOIN reg r ON r.id = s.member_id GROUP BY r.community_id),
      evc AS (SELECT community_id, COUNT(*) AS events FROM event WHERE archived_at IS NULL AND date BETWEEN @from AND @to GROUP BY community_id),
      unitc AS (SELECT community_id, COUNT(*) AS units FROM unit WHERE archived_at IS NULL AND community_id IS NOT NULL GROUP BY community_id),
      needc AS (
        SELECT n.community_id, COUNT(*) AS listed,
               SUM(EXISTS (SELECT 1 FROM claim k WHERE k.need_id = n.id AND k.status != '已放弃' AND k.claimed_on <= @to)) AS claimed,
               SUM((SELECT COUNT(*) FROM claim k WHERE k.need_id = n.id AND k.status = '已完成' AND k.finished_on <= @to) >= n.places) AS completed
        FROM need n WHERE date(n.created_at, '+8 hours') <= @to GROUP BY n.community_id)
      SELECT c.name AS community, COALESCE(regc.registered, 0) AS registered, COALESCE(regc.newRegistered, 0) AS newRegistered,
             COALESCE(unitc.units, 0) AS units, COALESCE(evc.events, 0) AS events, COALESCE(attc.attendance, 0) AS attendance,
             COALESCE(attc.participants, 0) AS participants,
             CASE WHEN COALESCE(regc.registered, 0) = 0 THEN NULL ELSE ROUND(100.0 * COALESCE(attc.participants, 0) / regc.registered, 1) END AS rate,
             ROUND(COALESCE(attc.hours, 0), 2) AS hours, COALESCE(needc.listed, 0) AS needsListed, COALESCE(needc.claimed, 0) AS needsClaimed,
             COALESCE(needc.completed, 0) AS needsCompleted
      FROM community c
      LEFT JOIN regc ON regc.community_id = c.id LEFT JOIN attc ON attc.community_id = c.id LEFT JOIN evc ON evc.community_id = c.id
      LEFT JOIN unitc ON unitc.community_id = c.id LEFT JOIN needc ON needc.community_id = c.id
      WHERE c.archived_at IS NULL AND (@community IS NULL OR c.id = @community)
      ORDER BY c.pinyin`,
    sums: ['registered', 'newRegistered', 'units', 'events', 'attendance', 'participants', 'hours', 'needsListed', 'needsClaimed', 'needsCompleted'],
    derive: (s) => {
      s.rate = rate(s.participants as number, s.registered as number)
    },
    note: '报到党员:截至日期前报到、仍在册的党员,按居住村居统计;参与人次、参与人数、服务时长:这些党员在统计期间参加活动的签到;参与率 = 参与人数 ÷ 报到党员;开展活动:各村居在期间举办的活动;服务清单:截至日期已列出、已有人认领、认领完成人数达到需认领人数的项目。'
  },
  events: {
    columns: [
      col('date', '日期', 12), col('community', '村居', 14), col('title', '活动名称', 36), col('category', '类别', 10),
      col('place', '地点', 24), col('participants', '参与人数', 10, true), col('hours', '服务时长(小时)', 13, true)
    ],
    sql: `
      SELECT e.date, c.name AS community, e.title, e.category, e.place, COUNT(a.id) AS participants, ROUND(COALESCE(SUM(a.hours), 0), 2) AS hours
      FROM event e JOIN community c ON c.id = e.community_id LEFT JOIN attendance a ON a.event_id = e.id
      WHERE e.archived_at IS NULL AND e.date BETWEEN @from AND @to AND (@community IS NULL OR e.community_id = @community)
      GROUP BY e.id ORDER BY e.date, e.id`,
    sums: ['participants', 'hours'],
    note: '统计期间举办的全部活动(已归档的除外);参与人数为签到人数。'
  },
  members: {
    columns: [
      col('community', '居住村居', 14), col('name', '姓名', 10), col('phone', '手机号', 14), col('unit', '工作单位', 28),
      col('registeredAt', '报到日期', 12), col('events', '参加活动(次)', 12, true), col('hours', '服务时长(小时)', 13, true),
      col('claims', '认领项目(项)', 12, true), col('lastActivity', '最近一次活动', 13)
    ],
    sql: `
      WITH s AS (SELECT member_id, COUNT(*) AS events, SUM(hours) AS hours FROM (${SIGN_INS}) GROUP BY member_id),
      k AS (SELECT member_id, COUNT(*) AS claims FROM claim WHERE status != '已放弃' AND claimed_on <= @to AND COALESCE(finished_on, @to) >= @from GROUP BY member_id)
      SELECT c.name AS community, m.name, m.phone, u.name AS unit, m.registered_at AS registeredAt, COALESCE(s.events, 0) AS events,
             ROUND(COALESCE(s.hours, 0), 2) AS hours, COALESCE(k.claims, 0) AS claims,
             (SELECT MAX(e.date) FROM attendance a JOIN event e ON e.id = a.event_id WHERE a.member_id = m.id AND e.archived_at IS NULL AND e.date <= @to) AS lastActivity
      FROM (${REGISTERED}) m JOIN community c ON c.id = m.community_id LEFT JOIN unit u ON u.id = m.unit_id
      LEFT JOIN s ON s.member_id = m.id LEFT JOIN k ON k.member_id = m.id
      ORDER BY c.pinyin, m.pinyin, m.id`,
    sums: ['events', 'hours', 'claims'],
    note: '截至日期前报到、仍在册的党员;参加活动、服务时长为统计期间的签到;认领项目为期间内有效(未放弃)的认领。'
  },
  inactive: {
    columns: [col('community', '居住村居', 14), col('name', '姓名', 10), col('phone', '手机号', 14), col('unit', '工作单位', 28), col('registeredAt', '报到日期', 12), col('lastActivity', '最近一次活动', 13)],
    sql: `
      SELECT c.name AS community, m.name, m.phone, u.name AS unit, m.registered_at AS registeredAt,
             (SELECT MAX(e.date) FROM attendance a JOIN event e ON e.id = a.event_id WHERE a.member_id = m.id AND e.archived_at IS NULL AND e.date <= @to) AS lastActivity
      FROM (${REGISTERED}) m JOIN community c ON c.id = m.community_id LEFT JOIN unit u ON u.id = m.unit_id
      WHERE NOT EXISTS (SELECT 1 FROM attendance a JOIN event e ON e.id = a.event_id WHERE a.member_id = m.id AND e.archived_at IS NULL AND e.date BETWEEN @from AND @to)
      ORDER BY c.pinyin, m.pinyin, m.id`,
    note: '截至日期前报到、仍在册,但在统计期间没有任何活动签到的党员,供各村居跟进。'
  },
  needs: {
    small: true,
    columns: [
      col('community', '村居', 14), col('title', '项目名称', 30), col('category', '类别', 18), col('source', '来源', 11), col('places', '需认领(人)', 11, true),
      col('claimed', '已认领(人)', 11, true), col('completed', '已完成(人)', 11, true), col('status', '状态', 9), col('members', '认领党员', 30)
    ],
    sql: `
      SELECT c.name AS community, n.title, n.category, n.source, n.places, s.open + s.done AS claimed, s.done AS completed, s.status,
             (SELECT GROUP_CONCAT(m.name || '(' || k.status || ')', '、') FROM claim k JOIN member m ON m.id = k.member_id WHERE k.need_id = n.id AND k.status != '已放弃') AS members
      FROM need n JOIN need_state s ON s.id = n.id JOIN community c ON c.id = n.community_id
      WHERE date(n.created_at, '+8 hours') <= @to AND (@community IS NULL OR n.community_id = @community)
      ORDER BY c.pinyin, n.id`,
    sums: ['places', 'claimed', 'completed'],
    note: '截至日期已列出的服务清单项目,认领与状态为当前情况(放弃的认领不计)。'
  },
  units: {
    columns: [
      col('unit', '单位', 26), col('name', '姓名', 10), col('community', '报到村居', 14), col('registeredAt', '报到日期', 12),
      col('events', '参加活动(次)', 12, true), col('hours', '活动时长(小时)', 13, true), col('claims', '认领项目(项)', 12, true),
      col('claimsDone', '完成认领(项)', 12, true), col('claimHours', '认领时长(小时)', 13, true), col('feedback', '群众评价(条)', 12, true), col('satisfied', '满意(条)', 10, true)
    ],
    sql: `
      WITH s AS (SELECT member_id, COUNT(*) AS events, SUM(hours) AS hours FROM (${SIGN_INS}) GROUP BY member_id)
      SELECT u.name AS unit, m.name, c.name AS community, m.registered_at AS registeredAt, COALESCE(s.events, 0) AS events, ROUND(COALESCE(s.hours, 0), 2) AS hours,
             (SELECT COUNT(*) FROM claim k WHERE k.member_id = m.id AND k.status != '已放弃' AND k.claimed_on <= @to AND COALESCE(k.finished_on, @to) >= @from) AS claims,
             (SELECT COUNT(*) FROM claim k WHERE k.member_id = m.id AND k.status = '已完成' AND k.finished_on BETWEEN @from AND @to) AS claimsDone,
             (SELECT ROUND(COALESCE(SUM(k.hours), 0), 2) FROM claim k WHERE k.member_id = m.id AND k.status = '已完成' AND k.finished_on BETWEEN @from AND @to) AS claimHours,
             (SELECT COUNT(*) FROM feedback f WHERE f.member_id = m.id AND f.date BETWEEN @from AND @to) AS feedback,
             (SELECT COUNT(*) FROM feedback f WHERE f.member_id = m.id AND f.rating != '不满意' AND f.date BETWEEN @from AND @to) AS satisfied
      FROM (${REGISTERED}) m JOIN unit u ON u.id = m.unit_id JOIN community c ON c.id = m.community_id LEFT JOIN s ON s.member_id = m.id
      ORDER BY u.pinyin, c.pinyin, m.pinyin, m.id`,
    sums: ['events', 'hours', 'claims', 'claimsDone', 'claimHours', 'feedback', 'satisfied'],
    note: '各单位截至日期前报到、仍在册的党员在统计期间的服务:活动签到、认领、群众评价(满意含"满意"和"基本满意")。'
  }
}

export const scopeOf = (q: { from: string; to: string; communityId?: number; unitId?: number }): Scope => ({
  from: q.from,
  to: q.to,
  community: q.communityId ?? null,
  unit: q.unitId ?? null
})

const round2 = (n: number): number => Math.round(n * 100) / 100

/** A row as shown: phones masked unless a full export was chosen. */
function presentRow(row: Row, full: boolean): Row {
  return 'phone' in row && !full ? { ...row, phone: maskPhone(row.phone as string) } : row
}

/** The row count and the 合计 row, in one pass over the report's query. */
function reportTotals(db: DB, kind: ReportKind, scope: Scope): { count: number; sum: Row | null } {
  const def = REPORTS[kind]
  const totals = db.prepare(`SELECT COUNT(*) AS _count${(def.sums ?? []).map((k) => `, SUM(${k}) AS ${k}`).join('')} FROM (${def.sql})`).get(scope) as Row
  return { count: totals._count as number, sum: sumOf(def, [totals]) }
}

function sumOf(def: ReportDef, rows: Row[]): Row | null {
  if (!def.sums) return null
  const sum: Row = Object.fromEntries(def.columns.map((c) => [c.key, null]))
  for (const k of def.sums) sum[k] = round2(rows.reduce((t, r) => t + ((r[k] as number | null) ?? 0), 0))
  sum[def.columns[0].key] = '合计'
  def.derive?.(sum)
  return sum
}

export function getReport(db: DB, q: Parsed<'report.get'>): ReportTable {
  const def = REPORTS[q.kind]
  const scope = scopeOf(q)
  const offset = (q.page - 1) * q.pageSize
  let page: Row[]
  let totals: { count: number; sum: Row | null }
  if (def.small) {
    const all = db.prepare(def.sql).all(scope) as Row[]
    page = all.slice(offset, offset + q.pageSize)
    totals = { count: all.length, sum: sumOf(def, all) }
  } else {
    totals = reportTotals(db, q.kind, scope)
    page = db.prepare(`SELECT * FROM (${def.sql}) LIMIT @limit OFFSET @offset`).all({ ...scope, limit: q.pageSize, offset }) as Row[]
  }
  // the in-app table always shows masked numbers; whole numbers leave only through the logged full export
  const rows = page.map((r) => presentRow(r, false))
  return { kind: q.kind, title: REPORT_TITLES[q.kind], columns: def.columns, rows, total: totals.count, page: q.page, pageSize: q.pageSize, sum: totals.sum, note: def.note }
}

const zhDate = (d: string): string => `${+d.slice(0, 4)}年${+d.slice(5, 7)}月${+d.slice(8, 10)}日`

/** A range starting this early has no real start: its line says only 截至. */
export const EVER = '2000-01-01'

/** "统计时间:2020年4月1日至2020年6月2日", or "截至2020年6月2日" when the range has no real start. */
export function periodLine(scope: Scope, scopeName: string): string {
  const period = scope.from <= EVER ? `截至${zhDate(scope.to)}` : `统计时间:${zhDate(scope.from)}至${zhDate(scope.to)}`
  return scopeName ? `${period}    范围:${scopeName}` : period
}

/** A report as the export writes it: its rows streamed from the query, numbers masked unless `full`. */
function reportSheet(db: DB, kind: ReportKind, scope: Scope, opts: { org: string; scopeName: string; full: boolean }): ReportSheet {
  const def = REPORTS[kind]
  const { count, sum } = reportTotals(db, kind, scope)
  return {
    name: REPORT_TITLES[kind],
    title: `${opts.org}${REPORT_TITLES[kind]}`,
    period: periodLine(scope, opts.scopeName),
    columns: def.columns,
    rows: function* () {
      for (const row of db.prepare(def.sql).iterate(scope) as IterableIterator<Row>) yield presentRow(row, opts.full)
    },
    count,
    sum,
    note: def.note
  }
}

// ---------- exporting ----------

const jobs = new Map<string, ExportJob>()

function scopeName(db: DB, scope: Scope): string {
  const name = (table: string, id: number | null): string => (id ? ((db.prepare(`SELECT name FROM ${table} WHERE id = ?`).pluck().get(id) as string | undefined) ?? '') : '')
  return [name('community', scope.community), name('unit', scope.unit)].filter(Boolean).join('、')
}

export async function exportReports(db: DB, q: Parsed<'report.export'>, ctx: CallContext): Promise<FileOut> {
  const scope = scopeOf(q)
  const org = getSetting(db, 'orgName') ?? ''
  const job: ExportJob = { cancelled: false, progress: (done, total, title) => ctx.progress({ task: `正在导出${title}`, done, total }) }
  jobs.set(q.jobId, job)
  try {
    const stamp = q.to.replace(/-/g, '')
    const base = q.kinds.length === 1 ? `${org}${REPORT_TITLES[q.kinds[0]]}` : `${org}在职党员进社区报表`
    const fileName = safeFileName(`${base}_${stamp}.${q.format}`)
    const opts = { org, scopeName: scopeName(db, scope), full: q.full }
    const { bytes, rows } =
      q.format === 'csv'
        ? await reportCsv(reportSheet(db, q.kinds[0], scope, opts), job)
        : await reportWorkbook(
            q.kinds.map((kind) => reportSheet(db, kind, scope, opts)),
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
