/**
 * 考核: a year's assessment of every registered member under that year's 考核方案 (a versioned JSON document).
 *
 * Points come from the statistics layer (figures.ts): sign-ins by members registered on the activity's date
 * (MEMBER_SIGN_INS), claims completed while registered (CLAIMS_DONE), suggestions turned into needs and
 * residents' evaluations dated while registered, plus manual entries. Every point is a line naming the record it
 * came from; a member's score is the sum of their lines (kept in hundredths, so the sum is exact).
 *
 * Who is assessed in a period: every member registered (a span in force) on at least one day of it, in the
 * community of the span in force on the period's last day (else the last span in the period) and the unit on
 * their member record. A confirmed period is stored (assess_run, assess_result, assess_line) and read from
 * there until it is reopened; the live figures follow the data.
 */
import {
  PERIOD_LABELS, REREPORT_DEFINITION, TIE_RULES, defaultScheme, periodRange, schemeSchema,
  type AdjustmentInfo, type AssessPeriod, type AssessResult, type AssessResults, type AssessRun, type AssessSummary, type AssessSummaryRow,
  type AtRiskList, type AtRiskRow, type FileOut, type MemberAssessment, type MinimumCheck, type Parsed, type PeriodStatus, type PointLine,
  type PointSource, type ReportColumn, type RereportCheck, type Scheme, type SchemeInfo
} from '../../shared/api'
import { maskPhone, safeFileName, todayBeijing } from '../../shared/text'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { AppError, notFound } from '../errors'
import { reportWorkbook, type ReportSheet } from '../excel/report'
import { notAfterToday, nowIso } from './common'
import { CLAIMS_DONE, EVENTS_HELD, EXPECTED_REGISTERED, inForce, MEMBER_SIGN_INS } from './figures'
import { getSetting } from './settings'

// ---------- numbers ----------

/** Points and hours are counted in hundredths, so a sum of lines is exact. */
export const x100 = (n: number): number => Math.round(n * 100)
const un100 = (n: number): number => n / 100
/** 6 → "6", 6.5 → "6.5", 6.25 → "6.25" */
export const fmt = (nX100: number): string => String(un100(nX100))
const signed = (nX100: number): string => (nX100 > 0 ? `+${fmt(nX100)}` : fmt(nX100))

// ---------- periods and windows ----------

const HALVES: Array<[string, AssessPeriod, string, string]> = [
  ['上半年', 'H1', '01-01', '06-30'],
  ['下半年', 'H2', '07-01', '12-31']
]
const QUARTERS: Array<[string, string, string]> = [
  ['第一季度', '01-01', '03-31'],
  ['第二季度', '04-01', '06-30'],
  ['第三季度', '07-01', '09-30'],
  ['第四季度', '10-01', '12-31']
]

export const periodsOf = (s: Scheme): AssessPeriod[] => (s.period === 'year' ? ['Y'] : ['H1', 'H2'])
export const periodLabel = (year: number, period: AssessPeriod): string => `${year}年${PERIOD_LABELS[period]}`

/** The period of a scheme that contains a date. */
export function periodOn(s: Scheme, day: string): AssessPeriod {
  if (s.period === 'year') return 'Y'
  return day.slice(5) <= '06-30' ? 'H1' : 'H2'
}

interface Window {
  label: string
  from: string
  to: string
  activities: number
  hoursX100: number
}

/** The minimum requirements of a period, one per window (the period, each half, each quarter in it). */
function windowsOf(s: Scheme, year: number, period: AssessPeriod): Window[] {
  const { from, to } = periodRange(year, period)
  const out: Window[] = []
  for (const m of s.minimums) {
    const spans: Array<[string, string, string]> =
      m.per === 'period'
        ? [[PERIOD_LABELS[period], from, to]]
        : (m.per === 'half' ? HALVES.map(([l, , a, b]) => [l, a, b] as [string, string, string]) : QUARTERS)
            .map(([l, a, b]): [string, string, string] => [l, `${year}-${a}`, `${year}-${b}`])
            .filter(([, a, b]) => a >= from && b <= to)
    for (const [label, a, b] of spans) out.push({ label, from: a, to: b, activities: m.activities, hoursX100: x100(m.hours) })
  }
  return out
}

/** The half-years of a period, for the re-registration rule. */
function halvesOf(year: number, period: AssessPeriod): Array<{ label: string; from: string; to: string }> {
  const { from, to } = periodRange(year, period)
  return HALVES.map(([label, , a, b]) => ({ label, from: `${year}-${a}`, to: `${year}-${b}` })).filter((h) => h.from >= from && h.to <= to)
}

const DAY = 86_400_000
const dayNum = (d: string): number => Date.parse(`${d}T00:00:00Z`) / DAY

/**
 * 群众评价 as the assessment counts them: evaluations dated in the range while the member was registered (an
 * archived activity's do not count, as its sign-ins do not). The points and the 表现反馈表 both read this.
 */
export const EVALUATIONS_COUNTED = `
  SELECT f.id, f.member_id, f.date, f.rating, f.event_id, f.claim_id FROM feedback f
  JOIN registration r ON r.member_id = f.member_id AND ${inForce('r', 'f.date')}
  LEFT JOIN event e ON e.id = f.event_id
  WHERE f.date BETWEEN @from AND @to AND (f.event_id IS NULL OR e.archived_at IS NULL)`

// ---------- the scheme, by year and version ----------

interface SchemeRow {
  scheme: Scheme
  version: number
  versionId: number | null
}

const parseScheme = (body: string): Scheme => schemeSchema.parse(JSON.parse(body))

/** The scheme in force for a year: its newest saved version, or the default (version 0) when none is saved. */
export function schemeFor(db: DB, year: number): SchemeRow {
  const row = db.prepare('SELECT id, version, body FROM assess_scheme WHERE year = ? ORDER BY version DESC LIMIT 1').get(year) as
    | { id: number; version: number; body: string }
    | undefined
  if (!row) return { scheme: defaultScheme(year), version: 0, versionId: null }
  return { scheme: parseScheme(row.body), version: row.version, versionId: row.id }
}

function schemeById(db: DB, id: number): SchemeRow {
  const row = db.prepare('SELECT id, version, body FROM assess_scheme WHERE id = ?').get(id) as { id: number; version: number; body: string }
  return { scheme: parseScheme(row.body), version: row.version, versionId: row.id }
}

export function schemeInfo(db: DB, year: number): SchemeInfo {
  const s = schemeFor(db, year)
  const versions = db
    .prepare(
      `SELECT s.id, s.version, s.created_at AS createdAt, s.operator, s.note, (SELECT COUNT(*) FROM assess_run r WHERE r.scheme_id = s.id) AS usedBy
       FROM assess_scheme s WHERE s.year = ? ORDER BY s.version DESC`
    )
    .all(year) as SchemeInfo['versions']
  return { year, scheme: s.scheme, version: s.version, versionId: s.versionId, versions, rereportDefinition: REREPORT_DEFINITION }
}

function insertScheme(db: DB, year: number, scheme: Scheme, note: string): number {
  const next = ((db.prepare('SELECT MAX(version) FROM assess_scheme WHERE year = ?').pluck().get(year) as number | null) ?? 0) + 1
  return db
    .prepare('INSERT INTO assess_scheme (year, version, body, note, operator, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(year, next, JSON.stringify(scheme), note, getSetting(db, 'operator') ?? '', nowIso()).lastInsertRowid as number
}

export function saveScheme(db: DB, q: Parsed<'assessment.saveScheme'>): SchemeInfo & { name: string } {
  const current = schemeFor(db, q.year)
  if (current.versionId && JSON.stringify(current.scheme) === JSON.stringify(q.scheme)) {
    throw new AppError('invalid', `方案没有改动,仍为第 ${current.version} 版。`)
  }
  insertScheme(db, q.year, q.scheme, q.note)
  return { ...schemeInfo(db, q.year), name: q.scheme.name }
}

// ---------- the computation ----------

interface Line {
  source: PointSource
  sourceId: number | null
  refKind: 'event' | 'need' | null
  refId: number | null
  date: string
  label: string
  hoursX100: number | null
  countedX100: number | null
  pointsX100: number
  detail: string
}

const SOURCE_ORDER: Record<PointSource, number> = { 基础分: 0, 活动: 1, 认领: 2, 建议: 3, 评价: 4, 加减分: 5, 封顶: 6 }

interface Span {
  start: string
  ended: string | null
  communityId: number
}

/** One member's result, live or as confirmed. */
export interface Row {
  memberId: number
  name: string
  pinyin: string
  communityId: number
  unitId: number | null
  activities: number
  hoursX100: number
  pointsX100: number
  rated: boolean
  grade: string
  met: boolean
  shortfall: string
  rereported: boolean | null
  note: string
}

/** A member as the computation accumulates them. */
interface Acc extends Row {
  spans: Span[]
  lines: Line[] | null
  winActs: number[]
  winHours: number[]
  rereports: readonly string[]
  gradeIdx: number
  rank: { position: number; tied: number; pool: number; poolName: string } | null
  capped: readonly string[]
}

interface Computed {
  year: number
  period: AssessPeriod
  from: string
  to: string
  dataTo: string
  /** windows that start after this day (the data's end or today) have not started: no requirement yet */
  upTo: string
  scheme: Scheme
  windows: Window[]
  halves: Array<{ label: string; from: string; to: string }>
  members: Acc[]
  byId: Map<number, Acc>
  /** derived lists (the sorted at-risk list) kept with the computation they came from */
  memo: Map<string, unknown>
}

const inSpan = (s: Span, day: string): boolean => s.start <= day && (s.ended === null || s.ended > day)
/** A member registered on a day: a span in force then (figures.ts inForce). */
const registeredOn = (acc: Acc, day: string): boolean => {
  for (const s of acc.spans) if (s.start <= day && (s.ended === null || s.ended > day)) return true
  return false
}
const overlaps = (s: Span, a: string, b: string): boolean => s.start <= b && (s.ended === null || s.ended > a)

/** Hours in hundredths, rounded to the scheme's step. */
function roundHours(hX100: number, step: number, mode: 'nearest' | 'down' | 'up'): number {
  if (step === 0) return hX100
  const sx = Math.round(step * 100)
  if (mode === 'down') return Math.floor(hX100 / sx) * sx
  if (mode === 'up') return Math.ceil(hX100 / sx) * sx
  return Math.floor((hX100 + sx / 2) / sx) * sx
}

const MODE_WORDS = { nearest: '四舍五入', down: '向下取整', up: '向上取整' } as const

/** Shared by every member with no 复报到 record and no cap, until they have one (fewer objects for 100,000 members). */
const NONE: readonly string[] = Object.freeze([])

/** Members registered in the range, each with their spans, community and unit. */
function loadMembers(db: DB, from: string, to: string, only: number | null): Map<number, Acc> {
  const rows = db
    .prepare(
      `SELECT r.member_id AS id, r.community_id AS c, r.start_date AS s, r.ended_on AS e, m.unit_id AS u, m.name, m.pinyin
       FROM registration r JOIN member m ON m.id = r.member_id
       WHERE r.start_date <= @to AND (r.ended_on IS NULL OR r.ended_on > @from) ${only ? 'AND r.member_id = @member' : ''}
       ORDER BY r.member_id, r.start_date`
    )
    .raw()
    .all({ from, to, member: only }) as Array<[number, number, string, string | null, number | null, string, string]>
  const map = new Map<number, Acc>()
  for (const [id, c, s, e, u, name, pinyin] of rows) {
    let acc = map.get(id)
    if (!acc) {
      acc = {
        memberId: id, name, pinyin, communityId: c, unitId: u, activities: 0, hoursX100: 0, pointsX100: 0, rated: true, grade: '',
        met: true, shortfall: '', rereported: null, note: '', spans: [], lines: null, winActs: [], winHours: [], rereports: NONE, gradeIdx: 0, rank: null, capped: NONE
      }
      map.set(id, acc)
    }
    acc.spans.push({ start: s, ended: e, communityId: c })
  }
  return map
}

/**
 * Computes a period: every member registered in it (or one member), their points, minimum checks and grade.
 * `dataTo` stops the data early (the at-risk list counts up to today); `withLines` keeps the point lines.
 */
function compute(db: DB, scheme: Scheme, year: number, period: AssessPeriod, opts: { only?: number; dataTo?: string; withLines: boolean }): Computed {
  const { from, to } = periodRange(year, period)
  const dataTo = opts.dataTo && opts.dataTo < to ? opts.dataTo : to
  const only = opts.only ?? null
  const byId = loadMembers(db, from, dataTo, only)
  const windows = windowsOf(scheme, year, period)
  const halves = scheme.rereportEachHalf ? halvesOf(year, period) : []
  const keep = opts.withLines
  const today = todayBeijing()
  const upTo = dataTo < today ? dataTo : today
  for (const acc of byId.values()) {
    acc.winActs = windows.map(() => 0)
    acc.winHours = windows.map(() => 0)
    if (keep) acc.lines = []
    // the community on the period's last day, else the last one in it
    const last = acc.spans.find((s) => inSpan(s, dataTo)) ?? acc.spans[acc.spans.length - 1]
    acc.communityId = last.communityId
  }
  const params = { from, to: dataTo, community: null, unit: null, member: only }
  const forMember = (col: string): string => (only ? `WHERE ${col} = @member` : '')
  const h = scheme.hours
  const capHours = h.capPerActivity === null ? null : x100(h.capPerActivity)
  const capClaimHours = h.capPerClaim === null ? null : x100(h.capPerClaim)
  const perHourX100 = x100(h.perHour)
  const hourPoints = (countedX100: number): number => Math.round((countedX100 * perHourX100) / 100)
  const counted = (hX100: number, cap: number | null): number => {
    const c = roundHours(hX100, h.step, h.mode)
    return cap !== null && c > cap ? cap : c
  }
  const hoursWords = (hX100: number, c: number, cap: number | null): string => {
    if (hX100 === c) return `${fmt(c)}小时`
    const r = roundHours(hX100, h.step, h.mode)
    const parts = [`时长${fmt(hX100)}小时`]
    if (r !== hX100) parts.push(`按${h.step}小时${MODE_WORDS[h.mode]}为${fmt(r)}小时`)
    if (cap !== null && r > cap) parts.push(`单次最多计${fmt(cap)}小时`)
    return `${parts.join(',')},计${fmt(c)}小时`
  }
  const tally = (acc: Acc, day: string, activity: boolean, cX100: number): void => {
    if (activity) acc.activities++
    acc.hoursX100 += cX100
    for (let w = 0; w < windows.length; w++) {
      if (day >= windows[w].from && day <= windows[w].to) {
        if (activity) acc.winActs[w]++
        acc.winHours[w] += cX100
      }
    }
  }

  // activities
  const catPoints = new Map(scheme.activity.byCategory.map((c) => [c.category, x100(c.points)]))
  const actPoints = x100(scheme.activity.points)
  const capAct = scheme.activity.cap === null ? null : x100(scheme.activity.cap)
  // MEMBER_SIGN_INS: sign-ins at activities held in the range by members registered on the activity's date.
  // For everyone at once the registration test runs on the spans already loaded (the same test as inForce; a
  // test holds the two equal), which reads the activities once instead of looking up a span per sign-in.
  const events = new Map<number, { title: string; category: string; points: number }>()
  for (const [id, title, category] of db.prepare(`SELECT h.id, e.title, e.category FROM (${EVENTS_HELD}) h JOIN event e ON e.id = h.id`).raw().all(params) as Array<[number, string, string]>) {
    events.set(id, { title, category, points: catPoints.get(category) ?? actPoints })
  }
  const signIns = (
    only
      ? db.prepare(`SELECT s.id, s.member_id, s.hours, s.date, s.event_id FROM (${MEMBER_SIGN_INS}) s WHERE s.member_id = @member`)
      : db.prepare(`SELECT a.id, a.member_id, a.hours, h.date, h.id FROM (${EVENTS_HELD}) h JOIN attendance a ON a.event_id = h.id`)
  )
    .raw()
    .all(params) as Array<[number, number, number, string, number]>
  // counted hours and their points by recorded hours: a few distinct values among many sign-ins
  const byHours = new Map<number, [number, number]>()
  for (let r = 0; r < signIns.length; r++) {
    const [id, memberId, hours, day, eventId] = signIns[r]
    const acc = byId.get(memberId)
    if (acc === undefined || !registeredOn(acc, day)) continue
    const ev = events.get(eventId)!
    const hX100 = Math.round(hours * 100)
    let ch = byHours.get(hX100)
    if (ch === undefined) {
      const c = counted(hX100, capHours)
      byHours.set(hX100, (ch = [c, hourPoints(c)]))
    }
    const c = ch[0]
    const raw = ev.points + ch[1]
    const pts = capAct !== null && raw > capAct ? capAct : raw
    acc.pointsX100 += pts
    acc.activities++
    acc.hoursX100 += c
    for (let w = 0; w < windows.length; w++) {
      if (day >= windows[w].from && day <= windows[w].to) {
        acc.winActs[w]++
        acc.winHours[w] += c
      }
    }
    if (acc.lines) {
      const cat = ev.points
      const terms = [cat !== 0 || perHourX100 === 0 ? `${catPoints.has(ev.category) ? `"${ev.category}"类` : ''}活动${fmt(cat)}分` : '', perHourX100 !== 0 ? `${fmt(c)}小时×${fmt(perHourX100)}分` : ''].filter(Boolean)
      acc.lines.push({
        source: '活动', sourceId: id, refKind: 'event', refId: eventId, date: day, label: `${ev.title}(${ev.category})`, hoursX100: hX100, countedX100: c, pointsX100: pts,
        detail: `${hoursWords(hX100, c, capHours)};${terms.join(' + ')}${terms.length > 1 ? ` = ${fmt(raw)}分` : ''}${pts !== raw ? `,单次活动最高${fmt(capAct!)}分` : ''}`
      })
    }
  }

  // claims completed while registered
  const claimPts = x100(scheme.claim.points)
  const claims = db
    .prepare(`SELECT k.id, k.member_id, k.hours, k.finished_on, k.need_id, n.title FROM (${CLAIMS_DONE}) k JOIN need n ON n.id = k.need_id ${forMember('k.member_id')}`)
    .raw()
    .iterate(params) as IterableIterator<[number, number, number | null, string, number, string]>
  for (const [id, memberId, hours, day, needId, title] of claims) {
    const acc = byId.get(memberId)
    if (!acc) continue
    const hX100 = x100(hours ?? 0)
    const c = h.includeClaims ? counted(hX100, capClaimHours) : 0
    const pts = claimPts + (h.includeClaims ? hourPoints(c) : 0)
    acc.pointsX100 += pts
    tally(acc, day, scheme.claim.countsAsActivity, c)
    if (acc.lines) {
      const terms = [claimPts !== 0 || !h.includeClaims || perHourX100 === 0 ? `完成认领${fmt(claimPts)}分` : '', h.includeClaims && perHourX100 !== 0 ? `${fmt(c)}小时×${fmt(perHourX100)}分` : '']
      acc.lines.push({
        source: '认领', sourceId: id, refKind: 'need', refId: needId, date: day, label: `认领:${title}`, hoursX100: hX100, countedX100: h.includeClaims ? c : null, pointsX100: pts,
        detail: `${h.includeClaims ? hoursWords(hX100, c, capClaimHours) : `时长${fmt(hX100)}小时(认领时长不计入)`};${terms.filter(Boolean).join(' + ')}${terms.filter(Boolean).length > 1 ? ` = ${fmt(pts)}分` : ''}`
      })
    }
  }

  // suggestions turned into needs (采纳), on the day the need was made, while registered
  const sugPts = x100(scheme.suggestion)
  const adopted = `date(n.created_at, '+8 hours')`
  const suggestions = db
    .prepare(
      `SELECT s.id, s.member_id, ${adopted} AS day, n.id, n.title FROM suggestion s JOIN need n ON n.id = s.need_id
       JOIN registration r ON r.member_id = s.member_id AND ${inForce('r', adopted)}
       WHERE s.member_id IS NOT NULL AND ${adopted} BETWEEN @from AND @to ${only ? 'AND s.member_id = @member' : ''}`
    )
    .raw()
    .iterate(params) as IterableIterator<[number, number, string, number, string]>
  for (const [id, memberId, day, needId, title] of suggestions) {
    const acc = byId.get(memberId)
    if (!acc) continue
    acc.pointsX100 += sugPts
    acc.lines?.push({ source: '建议', sourceId: id, refKind: 'need', refId: needId, date: day, label: `建议被采纳:${title}`, hoursX100: null, countedX100: null, pointsX100: sugPts, detail: `座谈会建议转为服务清单项目,${fmt(sugPts)}分` })
  }

  // residents' evaluations dated while registered (an archived activity's do not count, as its sign-ins do not)
  const evalPts: Record<string, number> = { 满意: x100(scheme.evaluation.满意), 基本满意: x100(scheme.evaluation.基本满意), 不满意: x100(scheme.evaluation.不满意) }
  const evaluations = db
    .prepare(
      `SELECT v.id, v.member_id, v.date, v.rating, v.event_id, k.need_id, COALESCE(e.title, n.title, '') FROM (${EVALUATIONS_COUNTED}) v
       LEFT JOIN event e ON e.id = v.event_id LEFT JOIN claim k ON k.id = v.claim_id LEFT JOIN need n ON n.id = k.need_id
       ${only ? 'WHERE v.member_id = @member' : ''}`
    )
    .raw()
    .iterate(params) as IterableIterator<[number, number, string, string, number | null, number | null, string]>
  for (const [id, memberId, day, rating, eventId, needId, title] of evaluations) {
    const acc = byId.get(memberId)
    if (!acc) continue
    const pts = evalPts[rating] ?? 0
    acc.pointsX100 += pts
    acc.lines?.push({
      source: '评价', sourceId: id, refKind: eventId ? 'event' : needId ? 'need' : null, refId: eventId ?? needId, date: day, label: `群众评价"${rating}":${title}`,
      hoursX100: null, countedX100: null, pointsX100: pts, detail: `评价"${rating}",${signed(pts)}分`
    })
  }

  // manual entries
  const adjustments = db
    .prepare(`SELECT id, member_id, date, points_x100, reason FROM assess_adjustment WHERE voided_at IS NULL AND date BETWEEN @from AND @to ${only ? 'AND member_id = @member' : ''}`)
    .raw()
    .iterate(params) as IterableIterator<[number, number, string, number, string]>
  for (const [id, memberId, day, pts, reason] of adjustments) {
    const acc = byId.get(memberId)
    if (!acc) continue
    acc.pointsX100 += pts
    acc.lines?.push({ source: '加减分', sourceId: id, refKind: null, refId: null, date: day, label: `${pts > 0 ? '加分' : '扣分'}:${reason}`, hoursX100: null, countedX100: null, pointsX100: pts, detail: `工作人员登记,${signed(pts)}分` })
  }

  // 复报到确认 records
  if (halves.length) {
    const rr = db
      .prepare(`SELECT member_id, date FROM assess_rereport WHERE date BETWEEN @from AND @to ${only ? 'AND member_id = @member' : ''} ORDER BY date`)
      .raw()
      .iterate(params) as IterableIterator<[number, string]>
    for (const [memberId, day] of rr) {
      const acc = byId.get(memberId)
      if (acc) acc.rereports = [...acc.rereports, day]
    }
  }

  const members = [...byId.values()]
  const base = x100(scheme.base)
  const cap = scheme.totalCap === null ? null : x100(scheme.totalCap)
  for (const acc of members) {
    if (base !== 0) {
      acc.pointsX100 += base
      acc.lines?.push({ source: '基础分', sourceId: null, refKind: null, refId: null, date: from, label: '基础分', hoursX100: null, countedX100: null, pointsX100: base, detail: `方案规定的基础分${fmt(base)}分` })
    }
    if (cap !== null && acc.pointsX100 > cap) {
      acc.lines?.push({ source: '封顶', sourceId: null, refKind: null, refId: null, date: to, label: `总分上限${fmt(cap)}分`, hoursX100: null, countedX100: null, pointsX100: cap - acc.pointsX100, detail: `各项合计${fmt(acc.pointsX100)}分,超出上限的${fmt(acc.pointsX100 - cap)}分不计` })
      acc.pointsX100 = cap
    }
    acc.lines?.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] || (a.sourceId ?? 0) - (b.sourceId ?? 0)))
    // 参评: registered at least minDays days in the period
    if (scheme.minDays > 0) {
      const [a, b] = [dayNum(from), dayNum(dataTo)]
      let days = 0
      for (const s of acc.spans) {
        const s0 = Math.max(dayNum(s.start), a)
        const s1 = Math.min(s.ended ? dayNum(s.ended) - 1 : b, b)
        if (s1 >= s0) days += s1 - s0 + 1
      }
      if (days < scheme.minDays) {
        acc.rated = false
        acc.note = `本期报到在册${days}天,不足${scheme.minDays}天,不参评`
      }
    }
    // minimums
    let short = ''
    for (let i = 0; i < windows.length; i++) {
      const w = windows[i]
      const acts = acc.winActs[i] < w.activities
      const hrs = acc.winHours[i] < w.hoursX100
      if (!acts && !hrs) continue
      if (w.from > upTo || !acc.spans.some((s) => overlaps(s, w.from, w.to > upTo ? upTo : w.to))) continue
      const parts = [acts ? `差 ${w.activities - acc.winActs[i]} 次活动` : '', hrs ? `差 ${fmt(w.hoursX100 - acc.winHours[i])} 小时` : ''].filter(Boolean).join('、')
      short += `${short ? ';' : ''}${w.label}${parts}`
    }
    acc.met = short === ''
    acc.shortfall = short
    // re-registration each half-year
    if (halves.length) {
      acc.rereported = halves.every((half) => half.from > upTo || rereportIn(acc, half.from, half.to > upTo ? upTo : half.to) !== false)
    }
  }
  grade(scheme, members)
  return { year, period, from, to, dataTo, upTo, scheme, windows, halves, members, byId, memo: new Map() }
}

/**
 * Whether a member re-registered in a half-year (REREPORT_DEFINITION): a span that started in it, or a
 * 复报到确认 dated in it while registered. Null when not registered on any day of it (no requirement).
 */
function rereportIn(acc: Acc, from: string, to: string): { how: string } | false | null {
  if (!acc.spans.some((s) => overlaps(s, from, to))) return null
  const started = acc.spans.find((s) => s.start >= from && s.start <= to)
  if (started) return { how: `${started.start} 报到` }
  const confirmed = acc.rereports.find((d) => d >= from && d <= to && acc.spans.some((s) => inSpan(s, d)))
  if (confirmed) return { how: `${confirmed} 复报到确认` }
  return false
}

/** Grades by thresholds or by the fixed distribution, then the overriding rules. */
function grade(scheme: Scheme, members: Acc[]): void {
  const levels = scheme.grading.levels
  const last = levels.length - 1
  const rated = members.filter((m) => m.rated)
  if (scheme.grading.method === 'thresholds') {
    for (const m of rated) {
      const i = levels.findIndex((l, k) => k < last && l.min !== null && m.pointsX100 >= x100(l.min))
      m.gradeIdx = i < 0 ? last : i
    }
  } else {
    const pools = new Map<number, Acc[]>()
    const keyOf = (m: Acc): number => (scheme.grading.pool === 'community' ? m.communityId : scheme.grading.pool === 'unit' ? (m.unitId ?? 0) : 0)
    for (const m of rated) {
      const k = keyOf(m)
      const pool = pools.get(k)
      if (pool) pool.push(m)
      else pools.set(k, [m])
    }
    for (const pool of pools.values()) distribute(pool, levels.map((l) => l.share ?? 0), scheme.grading.tie)
  }
  for (const m of rated) {
    for (const c of scheme.caps) {
      const hit = c.when === 'minimum' ? !m.met : m.rereported === false
      if (!hit) continue
      const capIdx = levels.findIndex((l) => l.name === c.atMost)
      const why = c.when === 'minimum' ? `未达最低要求(${m.shortfall})` : '未按期复报到'
      if (capIdx >= 0 && m.gradeIdx < capIdx) {
        m.capped = [...m.capped, `${why},最高评为${c.atMost}(按分数为${levels[m.gradeIdx].name})`]
        m.gradeIdx = capIdx
      }
    }
    m.grade = levels[m.gradeIdx].name
    if (m.capped.length) m.note = m.capped.join(';')
  }
}

/**
 * The fixed distribution within one pool. Members are ranked by score; grade k takes the ranks up to
 * B_k = round(N × (share_1 + … + share_k) / 100), rounded half up, so the shares add up to everyone.
 * Equal scores share one grade: with 就高 the grade of the group's best rank (a group straddling a boundary
 * goes up, and the grades below take fewer), with 就低 the grade of its worst rank.
 */
function distribute(pool: Acc[], shares: number[], tie: 'higher' | 'lower'): void {
  const n = pool.length
  pool.sort((a, b) => b.pointsX100 - a.pointsX100 || a.memberId - b.memberId)
  let cum = 0
  const bounds = shares.map((s, k) => {
    cum += s
    return k === shares.length - 1 ? n : Math.floor((2 * n * cum + 100) / 200)
  })
  for (let i = 0; i < n; ) {
    let j = i
    while (j + 1 < n && pool[j + 1].pointsX100 === pool[i].pointsX100) j++
    const position = tie === 'higher' ? i + 1 : j + 1
    const k = bounds.findIndex((b) => position <= b)
    for (let t = i; t <= j; t++) {
      pool[t].gradeIdx = k
      pool[t].rank = { position: i + 1, tied: j - i + 1, pool: n, poolName: '' }
    }
    i = j + 1
  }
}

// ---------- what a member's page shows ----------

function minimumChecks(c: Computed, acc: Acc): MinimumCheck[] {
  return c.windows.map((w, i) => {
    const notStarted = w.from > c.upTo
    const waived = notStarted || !acc.spans.some((s) => overlaps(s, w.from, w.to > c.upTo ? c.upTo : w.to))
    const parts: string[] = []
    if (!waived && acc.winActs[i] < w.activities) parts.push(`差 ${w.activities - acc.winActs[i]} 次活动`)
    if (!waived && acc.winHours[i] < w.hoursX100) parts.push(`差 ${fmt(w.hoursX100 - acc.winHours[i])} 小时`)
    return {
      window: w.label, from: w.from, to: w.to, activities: { need: w.activities, done: acc.winActs[i] }, hours: { need: un100(w.hoursX100), done: un100(acc.winHours[i]) },
      waived, notStarted, met: parts.length === 0, shortfall: parts.join('、')
    }
  })
}

function rereportChecks(c: Computed, acc: Acc): RereportCheck[] {
  return c.halves.map((h) => {
    if (h.from > c.upTo) return { half: h.label, from: h.from, to: h.to, waived: true, done: false, how: '该半年尚未开始' }
    const r = rereportIn(acc, h.from, h.to > c.upTo ? c.upTo : h.to)
    return { half: h.label, from: h.from, to: h.to, waived: r === null, done: !!r, how: r ? r.how : r === null ? '该半年未报到在册,不作要求' : '未复报到' }
  })
}

function explain(c: Computed, acc: Acc, poolName: (acc: Acc) => string): string[] {
  const s = c.scheme
  const out = [`得分为各项之和:${fmt(acc.pointsX100)}分。`]
  if (!acc.rated) return [...out, `${acc.note}。`]
  const levels = s.grading.levels
  if (s.grading.method === 'thresholds') {
    const byScore = levels.findIndex((l, k) => k < levels.length - 1 && l.min !== null && acc.pointsX100 >= x100(l.min))
    const i = byScore < 0 ? levels.length - 1 : byScore
    const line = levels[i].min !== null ? `不低于${levels[i].name}的分数线${levels[i].min}分` : `低于${levels[i - 1]?.name ?? ''}的分数线${levels[i - 1]?.min ?? ''}分`
    out.push(`按分数线评定:${fmt(acc.pointsX100)}分${line},为${levels[i].name}。`)
  } else if (acc.rank) {
    const r = acc.rank
    out.push(
      `按比例评定(${levels.map((l) => `${l.name}${l.share}%`).join('、')};${TIE_RULES[s.grading.tie]}):在${poolName(acc)}${r.pool}名参评党员中排第${r.position}名` +
        `${r.tied > 1 ? `(与另外${r.tied - 1}人同分)` : ''}。`
    )
  }
  for (const cap of acc.capped) out.push(`${cap}。`)
  out.push(`评定结果:${acc.grade}。`)
  return out
}

// ---------- periods: status, confirmed runs, cached live results ----------

interface RunRow extends AssessRun {
  schemeId: number
}

function runsOf(db: DB, year: number, period: AssessPeriod): RunRow[] {
  return db
    .prepare(
      `SELECT r.id, r.confirmed_at AS confirmedAt, r.operator, s.version AS schemeVersion, r.members, r.reopened_at AS reopenedAt, r.reopen_reason AS reopenReason, r.scheme_id AS schemeId
       FROM assess_run r JOIN assess_scheme s ON s.id = r.scheme_id WHERE r.year = ? AND r.period = ? ORDER BY r.id DESC`
    )
    .all(year, period) as RunRow[]
}

export interface State {
  status: PeriodStatus
  scheme: Scheme
  run: RunRow | null
}

export function periodState(db: DB, year: number, period: AssessPeriod): State {
  const current = schemeFor(db, year)
  const runs = runsOf(db, year, period)
  const run = runs.find((r) => !r.reopenedAt) ?? null
  const used = run ? schemeById(db, run.schemeId) : current
  const { from, to } = periodRange(year, period)
  const strip = ({ schemeId: _, ...r }: RunRow): AssessRun => r
  return {
    scheme: used.scheme,
    run,
    status: {
      year, period, label: periodLabel(year, period), from, to,
      applies: periodsOf(current.scheme).includes(period),
      ended: to < todayBeijing(),
      confirmed: run ? strip(run) : null,
      runs: runs.map(strip),
      schemeName: used.scheme.name,
      schemeVersion: used.version,
      grades: used.scheme.grading.levels.map((l) => l.name)
    }
  }
}

function requireApplies(state: State): void {
  if (state.run || state.status.applies) return
  const s = state.status
  throw new AppError('invalid', `${s.year}年的考核方案${s.period === 'Y' ? '按半年考核,请选择上半年或下半年' : '按全年考核,请选择全年'}。`, { period: '该考核期不在方案中' })
}

/** The last few live computations, keyed by what they depend on: any change to the database makes a new key. */
const CACHE = new WeakMap<DB, Array<{ key: string; value: Computed }>>()

const CONFIRMED = new WeakMap<DB, { key: string; rows: Row[] }>()

function dataKey(db: DB): string {
  return `${db.pragma('data_version', { simple: true })}:${db.prepare('SELECT total_changes()').pluck().get()}`
}

function computeCached(db: DB, scheme: Scheme, year: number, period: AssessPeriod, dataTo?: string): Computed {
  const key = `${year}|${period}|${dataTo ?? ''}|${JSON.stringify(scheme)}|${dataKey(db)}`
  const list = CACHE.get(db) ?? []
  const hit = list.find((e) => e.key === key)
  if (hit) return hit.value
  const value = compute(db, scheme, year, period, { dataTo, withLines: false })
  CACHE.set(db, [{ key, value }, ...list.filter((e) => e.key.split('|').slice(0, 3).join('|') !== key.split('|').slice(0, 3).join('|'))].slice(0, 3))
  return value
}

/** A period's results: as confirmed, or live. */
export function periodRows(db: DB, year: number, period: AssessPeriod): { state: State; rows: Row[] } {
  const state = periodState(db, year, period)
  requireApplies(state)
  if (state.run) {
    // confirmed results change only with the members' own fields (an erasure): cached on the database's change count
    const key = `${state.run.id}|${dataKey(db)}`
    const hit = CONFIRMED.get(db)
    if (hit?.key === key) return { state, rows: hit.rows }
    const rows = confirmedRows(db, state.run.id)
    CONFIRMED.set(db, { key, rows })
    return { state, rows }
  }
  return { state, rows: computeCached(db, state.scheme, year, period).members }
}

function confirmedRows(db: DB, runId: number, memberId?: number): Row[] {
  const rows = db
    .prepare(
      `SELECT r.member_id AS memberId, m.name, m.pinyin, r.community_id AS communityId, r.unit_id AS unitId, r.activities, r.hours_x100 AS hoursX100,
              r.points_x100 AS pointsX100, r.rated, r.grade, r.met, r.shortfall, r.rereported, r.note
       FROM assess_result r JOIN member m ON m.id = r.member_id WHERE r.run_id = ? ${memberId ? 'AND r.member_id = ?' : ''}`
    )
    .all(runId, ...(memberId ? [memberId] : [])) as Array<Omit<Row, 'rated' | 'met' | 'rereported'> & { rated: number; met: number; rereported: number | null }>
  return rows.map((r) => ({ ...r, rated: r.rated === 1, met: r.met === 1, rereported: r.rereported === null ? null : r.rereported === 1 }))
}

interface Names {
  community: Map<number, { name: string; pinyin: string }>
  unit: Map<number, { name: string; pinyin: string }>
}

function names(db: DB): Names {
  const load = (t: string): Map<number, { name: string; pinyin: string }> =>
    new Map((db.prepare(`SELECT id, name, pinyin FROM ${t}`).all() as Array<{ id: number; name: string; pinyin: string }>).map((r) => [r.id, r]))
  return { community: load('community'), unit: load('unit') }
}

/**
 * Phones of the members given (or of everyone, for an export), read only for the rows that leave main, and
 * masked there: the computation itself never holds a phone number.
 */
function phonesOf(db: DB, ids?: number[]): Map<number, string> {
  const out = new Map<number, string>()
  if (!ids) {
    for (const [id, phone] of db.prepare('SELECT id, phone FROM member').raw().all() as Array<[number, string]>) out.set(id, phone)
    return out
  }
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    for (const [id, phone] of db.prepare(`SELECT id, phone FROM member WHERE id IN (${chunk.map(() => '?').join(',')})`).raw().all(...chunk) as Array<[number, string]>) out.set(id, phone)
  }
  return out
}

function present(r: Row, n: Names, phone: string | undefined): AssessResult {
  return {
    memberId: r.memberId, name: r.name, phone: maskPhone(phone), communityId: r.communityId, communityName: n.community.get(r.communityId)?.name ?? '',
    unitId: r.unitId, unitName: r.unitId ? (n.unit.get(r.unitId)?.name ?? null) : null, activities: r.activities, hours: un100(r.hoursX100),
    points: un100(r.pointsX100), grade: r.grade, rated: r.rated, met: r.met, shortfall: r.shortfall, rereported: r.rereported, note: r.note
  }
}

const NOT_RATED = '不参评'

function sortRows(rows: Row[], n: Names, sort: Parsed<'assessment.results'>['sort'], order: 'asc' | 'desc'): Row[] {
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
  const cr = ranks(n.community)
  const ur = ranks(n.unit)
  const cp = (r: Row): number => cr.get(r.communityId) ?? 0
  const up = (r: Row): number => (r.unitId ? (ur.get(r.unitId) ?? 0) : Number.MAX_SAFE_INTEGER)
  const by: Record<typeof sort, (a: Row, b: Row) => number> = {
    community: (a, b) => cp(a) - cp(b) || up(a) - up(b) || cmp(a.pinyin, b.pinyin),
    unit: (a, b) => up(a) - up(b) || cp(a) - cp(b) || cmp(a.pinyin, b.pinyin),
    name: (a, b) => cmp(a.pinyin, b.pinyin),
    points: (a, b) => a.pointsX100 - b.pointsX100 || cmp(a.pinyin, b.pinyin)
  }
  const dir = order === 'desc' ? -1 : 1
  return rows.slice().sort((a, b) => dir * by[sort](a, b) || a.memberId - b.memberId)
}

/** A period's rows in an order, kept with the rows (they are replaced whenever the data changes). */
const SORTED = new WeakMap<Row[], Map<string, Row[]>>()
function sortedRows(rows: Row[], n: Names, sort: Parsed<'assessment.results'>['sort'], order: 'asc' | 'desc'): Row[] {
  let orders = SORTED.get(rows)
  if (!orders) SORTED.set(rows, (orders = new Map()))
  let out = orders.get(`${sort}|${order}`)
  if (!out) orders.set(`${sort}|${order}`, (out = sortRows(rows, n, sort, order)))
  return out
}

function filterRows(rows: Row[], q: { communityId?: number; unitId?: number; grade?: string; keyword?: string; onlyShort?: boolean }): Row[] {
  const k = (q.keyword ?? '').toLowerCase().replace(/\s+/g, '')
  return rows.filter(
    (r) =>
      (q.communityId === undefined || r.communityId === q.communityId) &&
      (q.unitId === undefined || r.unitId === q.unitId) &&
      (!q.grade || (q.grade === NOT_RATED ? !r.rated : r.rated && r.grade === q.grade)) &&
      (!q.onlyShort || !r.met) &&
      (!k || r.name.includes(k) || r.pinyin.startsWith(k))
  )
}

const average = (rows: Row[]): number => (rows.length ? Math.round(rows.reduce((a, r) => a + r.pointsX100, 0) / rows.length) / 100 : 0)

export function listResults(db: DB, q: Parsed<'assessment.results'>): AssessResults {
  const { state, rows } = periodRows(db, q.year, q.period)
  const n = names(db)
  const scoped = filterRows(rows, { communityId: q.communityId, unitId: q.unitId })
  const rated = scoped.filter((r) => r.rated)
  const shown = filterRows(sortedRows(rows, n, q.sort, q.order), q)
  const start = (q.page - 1) * q.pageSize
  return {
    rows: (() => {
      const page = shown.slice(start, start + q.pageSize)
      const phones = phonesOf(db, page.map((r) => r.memberId))
      return page.map((r) => present(r, n, phones.get(r.memberId)))
    })(),
    total: shown.length,
    page: q.page,
    pageSize: q.pageSize,
    status: state.status,
    counts: state.status.grades.map((g) => ({ grade: g, count: rated.filter((r) => r.grade === g).length })),
    rated: rated.length,
    notRated: scoped.length - rated.length,
    average: average(rated)
  }
}

// ---------- a member's page ----------

const lineOut = (l: Line): PointLine => ({
  source: l.source, sourceId: l.sourceId, ref: l.refKind && l.refId ? { kind: l.refKind, id: l.refId } : null, date: l.date, label: l.label,
  hours: l.hoursX100 === null ? null : un100(l.hoursX100), countedHours: l.countedX100 === null ? null : un100(l.countedX100), points: un100(l.pointsX100), detail: l.detail
})

export function memberAssessment(db: DB, q: Parsed<'assessment.member'>): MemberAssessment {
  const m = db
    .prepare('SELECT m.id, m.name, c.name AS communityName, u.name AS unitName FROM member m LEFT JOIN community c ON c.id = m.community_id LEFT JOIN unit u ON u.id = m.unit_id WHERE m.id = ?')
    .get(q.memberId) as MemberAssessment['member'] | undefined
  if (!m) throw notFound('该党员')
  const state = periodState(db, q.year, q.period)
  requireApplies(state)
  const { from, to } = state.status
  const adjustments = db
    .prepare(
      `SELECT id, date, points_x100 / 100.0 AS points, reason, created_at AS createdAt, voided_at AS voidedAt, void_reason AS voidReason
       FROM assess_adjustment WHERE member_id = ? AND date BETWEEN ? AND ? ORDER BY date, id`
    )
    .all(q.memberId, from, to) as AdjustmentInfo[]
  const rereports = db.prepare('SELECT id, date, note, created_at AS createdAt FROM assess_rereport WHERE member_id = ? AND date BETWEEN ? AND ? ORDER BY date').all(q.memberId, from, to) as MemberAssessment['rereports']
  const n = names(db)
  const base = { status: state.status, member: m, adjustments, rereports }

  if (state.run) {
    const row = confirmedRows(db, state.run.id, q.memberId)[0]
    if (!row) return { ...base, result: null, lines: [], minimums: [], rereport: [], explain: ['该党员在本考核期内没有报到在册,不参加本期考核。'] }
    const checks = JSON.parse(db.prepare('SELECT checks FROM assess_result WHERE run_id = ? AND member_id = ?').pluck().get(state.run.id, q.memberId) as string) as {
      minimums: MinimumCheck[]
      rereport: RereportCheck[]
      explain: string[]
    }
    const lines = db
      .prepare(
        `SELECT source, source_id AS sourceId, ref_kind AS refKind, ref_id AS refId, date, label, hours_x100 AS hoursX100, counted_x100 AS countedX100, points_x100 AS pointsX100, detail
         FROM assess_line WHERE run_id = ? AND member_id = ? ORDER BY seq`
      )
      .all(state.run.id, q.memberId) as Line[]
    return { ...base, result: present(row, n, phonesOf(db, [q.memberId]).get(q.memberId)), lines: lines.map(lineOut), ...checks }
  }

  const mine = compute(db, state.scheme, q.year, q.period, { only: q.memberId, withLines: true })
  const acc = mine.byId.get(q.memberId)
  if (!acc) return { ...base, result: null, lines: [], minimums: [], rereport: [], explain: ['该党员在本考核期内没有报到在册,不参加本期考核。'] }
  if (state.scheme.grading.method === 'distribution') {
    // the grade depends on everyone in the pool
    const all = computeCached(db, state.scheme, q.year, q.period).byId.get(q.memberId)
    if (all) Object.assign(acc, { gradeIdx: all.gradeIdx, grade: all.grade, rank: all.rank, capped: all.capped, note: all.note })
  }
  return {
    ...base,
    result: present(acc, n, phonesOf(db, [q.memberId]).get(q.memberId)),
    lines: (acc.lines ?? []).map(lineOut),
    minimums: minimumChecks(mine, acc),
    rereport: rereportChecks(mine, acc),
    explain: explain(mine, acc, poolNamer(state.scheme, n))
  }
}

const poolNamer =
  (s: Scheme, n: Names) =>
  (acc: Acc): string =>
    s.grading.pool === 'community' ? (n.community.get(acc.communityId)?.name ?? '') : s.grading.pool === 'unit' ? (acc.unitId ? (n.unit.get(acc.unitId)?.name ?? '') : '无单位') : '全部'

// ---------- at risk ----------

type AtRiskHead = Omit<AtRiskList, 'rows' | 'total' | 'page' | 'pageSize'>

/** Rank of each record by pinyin, so a long list sorts on numbers. */
function ranks(m: Map<number, { pinyin: string }>): Map<number, number> {
  return new Map([...m].sort((a, b) => (a[1].pinyin < b[1].pinyin ? -1 : a[1].pinyin > b[1].pinyin ? 1 : a[0] - b[0])).map(([id], i) => [id, i]))
}

/**
 * Members registered on `asOf` who, counting up to that day, are short of a minimum of the period that holds it
 * (windows not yet started are not asked for) or have not re-registered in a half-year that has started. The list
 * is sorted by community, unit and name; only the rows asked for are dressed for display.
 */
function atRiskRows(
  db: DB,
  q: { asOf: string; communityId?: number; unitId?: number; keyword?: string }
): { head: AtRiskHead; members: Acc[]; row: (acc: Acc, phones: Map<number, string>) => AtRiskRow } {
  const asOf = q.asOf || todayBeijing()
  const year = +asOf.slice(0, 4)
  const { scheme } = schemeFor(db, year)
  const period = periodOn(scheme, asOf)
  const c = computeCached(db, scheme, year, period, asOf)
  const k = (q.keyword ?? '').toLowerCase().replace(/\s+/g, '')
  const windows = c.windows.filter((w) => w.from <= asOf)
  const wi = windows.map((w) => c.windows.indexOf(w))
  const halves = c.halves.filter((h) => h.from <= asOf)
  const short = (acc: Acc): boolean => {
    for (let j = 0; j < windows.length; j++) {
      const i = wi[j]
      if (acc.winActs[i] < windows[j].activities || acc.winHours[i] < windows[j].hoursX100) return true
    }
    return halves.some((h) => rereportIn(acc, h.from, h.to < asOf ? h.to : asOf) === false)
  }
  const n = names(db)
  // the whole list, sorted, is kept with the computation: paging and the other filters reuse it
  const memoKey = `atRisk|${asOf}`
  let all = c.memo.get(memoKey) as Acc[] | undefined
  if (!all) {
    const cr = ranks(n.community)
    const ur = ranks(n.unit)
    const keyed = c.members
      .filter((acc) => registeredOn(acc, asOf) && short(acc))
      .map((acc) => ({ acc, k: (cr.get(acc.communityId) ?? 0) * 1_000_000 + (acc.unitId ? (ur.get(acc.unitId) ?? 0) : 999_999) }))
    keyed.sort((a, b) => a.k - b.k || (a.acc.pinyin < b.acc.pinyin ? -1 : a.acc.pinyin > b.acc.pinyin ? 1 : a.acc.memberId - b.acc.memberId))
    all = keyed.map((x) => x.acc)
    c.memo.set(memoKey, all)
  }
  const members = all.filter(
    (acc) =>
      (q.communityId === undefined || acc.communityId === q.communityId) &&
      (q.unitId === undefined || acc.unitId === q.unitId) &&
      (!k || acc.name.includes(k) || acc.pinyin.startsWith(k))
  )
  const row = (acc: Acc, phones: Map<number, string>): AtRiskRow => {
    const missing: string[] = []
    let lost = false
    windows.forEach((w, j) => {
      const i = wi[j]
      const parts: string[] = []
      if (acc.winActs[i] < w.activities) parts.push(`差 ${w.activities - acc.winActs[i]} 次活动`)
      if (acc.winHours[i] < w.hoursX100) parts.push(`差 ${fmt(w.hoursX100 - acc.winHours[i])} 小时`)
      if (!parts.length) return
      const over = w.to < asOf
      if (over) lost = true
      missing.push(`${w.label}${parts.join('、')}${over ? '(已过)' : ''}`)
    })
    for (const h of halves) {
      if (rereportIn(acc, h.from, h.to < asOf ? h.to : asOf) !== false) continue
      const over = h.to < asOf
      if (over) lost = true
      missing.push(`${h.label}${over ? '未复报到(已过)' : '尚未复报到'}`)
    }
    return {
      memberId: acc.memberId, name: acc.name, phone: maskPhone(phones.get(acc.memberId)), communityName: n.community.get(acc.communityId)?.name ?? '',
      unitName: acc.unitId ? (n.unit.get(acc.unitId)?.name ?? null) : null, activities: acc.activities, hours: un100(acc.hoursX100), missing, lost
    }
  }
  const { from, to } = periodRange(year, period)
  return { head: { asOf, year, period, periodLabel: periodLabel(year, period), from, to }, members, row }
}

export function atRisk(db: DB, q: Parsed<'assessment.atRisk'>): AtRiskList {
  const { head, members, row } = atRiskRows(db, q)
  const start = (q.page - 1) * q.pageSize
  const page = members.slice(start, start + q.pageSize)
  const phones = phonesOf(db, page.map((m) => m.memberId))
  return { ...head, rows: page.map((m) => row(m, phones)), total: members.length, page: q.page, pageSize: q.pageSize }
}

// ---------- summary ----------

const rate1 = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 1000) / 10 : null)

export function summary(db: DB, q: Parsed<'assessment.summary'>): AssessSummary {
  const { state, rows } = periodRows(db, q.year, q.period)
  const n = names(db)
  const grades = state.status.grades
  const group = (key: (r: Row) => number | null): Map<number | null, Row[]> => {
    const map = new Map<number | null, Row[]>()
    for (const r of rows) {
      const k = key(r)
      const list = map.get(k)
      if (list) list.push(r)
      else map.set(k, [r])
    }
    return map
  }
  const rowOf = (id: number | null, name: string, list: Row[]): AssessSummaryRow => {
    const rated = list.filter((r) => r.rated)
    const counts: Record<string, number> = Object.fromEntries(grades.map((g) => [g, 0]))
    for (const r of rated) counts[r.grade] = (counts[r.grade] ?? 0) + 1
    return { id, name, rated: rated.length, notRated: list.length - rated.length, counts, short: rated.filter((r) => !r.met).length, average: average(rated) }
  }
  const byPinyin = (m: Map<number, { pinyin: string }>) => (a: AssessSummaryRow, b: AssessSummaryRow) =>
    a.id === null ? 1 : b.id === null ? -1 : (m.get(a.id)?.pinyin ?? '') < (m.get(b.id)?.pinyin ?? '') ? -1 : 1
  const byCommunity = [...group((r) => r.communityId)].map(([id, list]) => rowOf(id, n.community.get(id!)?.name ?? '', list)).sort(byPinyin(n.community))
  const asOf = unitAsOf(state.status)
  const expected = unitLists(db, asOf)
  const rule = state.scheme.unitRule
  const byUnit = [...group((r) => r.unitId)].map(([id, list]) => {
    const row = rowOf(id, id ? (n.unit.get(id)?.name ?? '') : '(未填单位)', list)
    if (id === null) return { ...row, expected: null, listedRegistered: null, registrationRate: null, completionRate: null, qualified: null }
    return { ...row, ...unitLine(rule, expected.get(id), row.rated, row.short) }
  }).sort(byPinyin(n.unit))
  const total = rowOf(null, '合计', rows)
  const ruleText = unitRuleText(rule)
  return {
    status: state.status,
    grades,
    byCommunity,
    byUnit,
    total,
    note:
      `参评人数为本期报到在册且参评的党员,按期末报到所在村居、党员登记的工作单位计;平均分为参评党员的平均得分;未达最低要求为参评党员中未达到方案最低要求的人数(考核期未结束时为截至今天尚未达到的;其中今天仍报到在册的,即"预警名单"中的人;期间已转出的党员参评但不列入预警名单)。` +
      `单位报到率=应报到名单中截至${asOf}已报到的人数÷应报到人数(未录入应报到名单的单位不计);服务完成率=达到最低要求的参评党员÷参评党员。${ruleText}`
  }
}

// ---------- a unit's line (Xingtai: 报到率 and 服务完成率 under 95% lose the unit its 考核资格) ----------

/** The day a period's 报到率 is counted on: its last day, or today while it runs. */
export const unitAsOf = (status: PeriodStatus): string => (status.to < todayBeijing() ? status.to : todayBeijing())

/** Each unit's 应报到名单: how many it lists, and how many of them are registered on `asOf` (EXPECTED_REGISTERED). */
export function unitLists(db: DB, asOf: string): Map<number, { n: number; done: number }> {
  return new Map(
    (db.prepare(`SELECT unit_id, COUNT(*) AS n, SUM(${EXPECTED_REGISTERED('x')}) AS done FROM expected_member x GROUP BY unit_id`).all({ to: asOf }) as Array<{ unit_id: number; n: number; done: number }>).map(
      (r) => [r.unit_id, { n: r.n, done: r.done }]
    )
  )
}

/**
 * A unit's 报到率 (its 应报到名单 against members registered on the period's last day, or today), 服务完成率 (members
 * rated who met every minimum, of those rated) and its 考核资格 under the scheme's line (null: nothing to judge).
 */
export function unitLine(
  rule: Scheme['unitRule'],
  list: { n: number; done: number } | undefined,
  rated: number,
  short: number
): { expected: number | null; listedRegistered: number | null; registrationRate: number | null; completionRate: number | null; qualified: boolean | null } {
  const registrationRate = list ? rate1(list.done, list.n) : null
  const completionRate = rate1(rated - short, rated)
  const checks = [
    rule.minRegistrationRate !== null && registrationRate !== null ? registrationRate >= rule.minRegistrationRate : null,
    rule.minCompletionRate !== null && completionRate !== null ? completionRate >= rule.minCompletionRate : null
  ].filter((x): x is boolean => x !== null)
  return { expected: list ? list.n : null, listedRegistered: list ? list.done : null, registrationRate, completionRate, qualified: checks.length ? checks.every(Boolean) : null }
}

/** The scheme's unit line in words, '' when it sets none. */
export function unitRuleText(rule: Scheme['unitRule']): string {
  if (rule.minRegistrationRate === null && rule.minCompletionRate === null) return ''
  return `单位报到率${rule.minRegistrationRate !== null ? `低于${rule.minRegistrationRate}%` : ''}${rule.minRegistrationRate !== null && rule.minCompletionRate !== null ? '或' : ''}${rule.minCompletionRate !== null ? `服务完成率低于${rule.minCompletionRate}%` : ''}的,取消考核资格。`
}

// ---------- confirm and reopen ----------

export function confirmPeriod(db: DB, q: Parsed<'assessment.confirm'>): PeriodStatus & { members: number } {
  const state = periodState(db, q.year, q.period)
  const s = state.status
  if (state.run) throw new AppError('conflict', `${s.label}的考核结果已于${state.run.confirmedAt.slice(0, 10)}确认;如需更改,请先重新打开。`)
  requireApplies(state)
  if (!s.ended) throw new AppError('invalid', `${s.label}的考核期到${s.to}才结束,结束后才能确认结果。`)
  let { versionId } = schemeFor(db, q.year)
  // the default scheme is saved as version 1 so the results can say which version they used
  versionId ??= insertScheme(db, q.year, state.scheme, '确认考核结果时保存的默认方案')
  const c = compute(db, state.scheme, q.year, q.period, { withLines: true })
  const n = names(db)
  const now = nowIso()
  const runId = db
    .prepare('INSERT INTO assess_run (year, period, from_date, to_date, scheme_id, members, operator, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(q.year, q.period, s.from, s.to, versionId, c.members.length, getSetting(db, 'operator') ?? '', now).lastInsertRowid as number
  const results = bulkInsert(db, 'assess_result', [
    'run_id', 'member_id', 'community_id', 'unit_id', 'activities', 'hours_x100', 'points_x100', 'rated', 'grade', 'met', 'shortfall', 'rereported', 'note', 'checks'
  ])
  const lines = bulkInsert(db, 'assess_line', [
    'run_id', 'member_id', 'seq', 'source', 'source_id', 'ref_kind', 'ref_id', 'date', 'label', 'hours_x100', 'counted_x100', 'points_x100', 'detail'
  ])
  const namer = poolNamer(state.scheme, n)
  for (const acc of c.members) {
    const checks = JSON.stringify({ minimums: minimumChecks(c, acc), rereport: rereportChecks(c, acc), explain: explain(c, acc, namer) })
    results.add([
      runId, acc.memberId, acc.communityId, acc.unitId, acc.activities, acc.hoursX100, acc.pointsX100, acc.rated ? 1 : 0, acc.grade, acc.met ? 1 : 0, acc.shortfall,
      acc.rereported === null ? null : acc.rereported ? 1 : 0, acc.note, checks
    ])
    acc.lines!.forEach((l, i) => lines.add([runId, acc.memberId, i + 1, l.source, l.sourceId, l.refKind, l.refId, l.date, l.label, l.hoursX100, l.countedX100, l.pointsX100, l.detail]))
  }
  results.flush()
  lines.flush()
  return { ...periodState(db, q.year, q.period).status, members: c.members.length }
}

/** Inserts rows `per` at a time with one statement: far fewer calls into SQLite than a statement per row. */
function bulkInsert(db: DB, table: string, cols: string[], per = 64): { add(row: unknown[]): void; flush(): void } {
  const one = `(${cols.map(() => '?').join(', ')})`
  const sql = (n: number): string => `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${Array(n).fill(one).join(', ')}`
  const full = db.prepare(sql(per))
  let buf: unknown[] = []
  let n = 0
  return {
    add(row) {
      for (const v of row) buf.push(v)
      if (++n === per) {
        full.run(...buf)
        buf = []
        n = 0
      }
    },
    flush() {
      if (n) db.prepare(sql(n)).run(...buf)
      buf = []
      n = 0
    }
  }
}

export function reopenPeriod(db: DB, q: Parsed<'assessment.reopen'>): PeriodStatus {
  const state = periodState(db, q.year, q.period)
  if (!state.run) throw new AppError('invalid', `${state.status.label}的考核结果尚未确认,无需重新打开。`)
  db.prepare('UPDATE assess_run SET reopened_at = ?, reopen_reason = ? WHERE id = ?').run(nowIso(), q.reason, state.run.id)
  return periodState(db, q.year, q.period).status
}

/** Refuses a change dated in a confirmed period: confirmed results do not follow the data until reopened. */
function assertOpen(db: DB, day: string, what: string): void {
  const run = db
    .prepare('SELECT year, period FROM assess_run WHERE reopened_at IS NULL AND from_date <= ? AND to_date >= ?')
    .get(day, day) as { year: number; period: AssessPeriod } | undefined
  if (run) throw new AppError('conflict', `${periodLabel(run.year, run.period)}的考核结果已确认,不能再${what};如需更改,请先在考核页重新打开该考核期。`, { date: '该日期所在考核期已确认' })
}

// ---------- manual entries and 复报到 ----------

function registeredInDb(db: DB, memberId: number, day: string): boolean {
  return !!db.prepare(`SELECT 1 FROM registration r WHERE r.member_id = ? AND ${inForce('r', '?')}`).get(memberId, day, day)
}

function memberName(db: DB, id: number): string {
  const name = db.prepare('SELECT name FROM member WHERE id = ?').pluck().get(id) as string | undefined
  if (name === undefined) throw new AppError('invalid', '所选党员不存在,请重新选择。', { memberId: '所选党员不存在' })
  return name
}

type AdjustmentOut = AdjustmentInfo & { memberId: number; name: string }

function adjustmentRow(db: DB, id: number): AdjustmentOut {
  const row = db
    .prepare(
      `SELECT a.id, a.member_id AS memberId, m.name, a.date, a.points_x100 / 100.0 AS points, a.reason, a.created_at AS createdAt, a.voided_at AS voidedAt, a.void_reason AS voidReason
       FROM assess_adjustment a JOIN member m ON m.id = a.member_id WHERE a.id = ?`
    )
    .get(id) as AdjustmentOut | undefined
  if (!row) throw notFound('该加减分记录')
  return row
}

export function addAdjustment(db: DB, q: Parsed<'assessment.adjust'>): AdjustmentOut {
  memberName(db, q.memberId)
  notAfterToday(q.date, '加减分的日期', 'date')
  if (!registeredInDb(db, q.memberId, q.date)) throw new AppError('invalid', `该党员在 ${q.date} 没有报到在册,不能登记这一天的加减分。`, { date: '当天未报到在册' })
  assertOpen(db, q.date, '登记这一期间的加减分')
  const id = db.prepare('INSERT INTO assess_adjustment (member_id, date, points_x100, reason, created_at) VALUES (?, ?, ?, ?, ?)').run(q.memberId, q.date, x100(q.points), q.reason, nowIso())
    .lastInsertRowid as number
  return adjustmentRow(db, id)
}

export function voidAdjustment(db: DB, q: Parsed<'assessment.voidAdjustment'>): AdjustmentOut {
  const a = adjustmentRow(db, q.id)
  if (a.voidedAt) throw new AppError('conflict', '这条加减分已经作废。')
  assertOpen(db, a.date, '作废这一期间的加减分')
  db.prepare('UPDATE assess_adjustment SET voided_at = ?, void_reason = ? WHERE id = ?').run(nowIso(), q.reason, q.id)
  return adjustmentRow(db, q.id)
}

export function addRereports(db: DB, q: Parsed<'assessment.rereport'>): { added: number; already: number; date: string } {
  notAfterToday(q.date, '复报到日期', 'date')
  assertOpen(db, q.date, '登记这一期间的复报到')
  const ids = [...new Set(q.memberIds)]
  const notRegistered = ids.filter((id) => (memberName(db, id), !registeredInDb(db, id, q.date)))
  if (notRegistered.length) {
    const list = notRegistered.slice(0, 5).map((id) => memberName(db, id)).join('、')
    throw new AppError('invalid', `${list}${notRegistered.length > 5 ? ` 等 ${notRegistered.length} 人` : ''}在 ${q.date} 没有报到在册,不能登记复报到(新报到或迁居的,报到本身即算复报到)。`, { memberIds: '有党员当天未报到在册' })
  }
  const ins = db.prepare('INSERT OR IGNORE INTO assess_rereport (member_id, date, note, created_at) VALUES (?, ?, ?, ?)')
  const now = nowIso()
  let added = 0
  for (const id of ids) added += ins.run(id, q.date, q.note, now).changes
  return { added, already: ids.length - added, date: q.date }
}

export function removeRereport(db: DB, id: number): { memberId: number; date: string } {
  const row = db.prepare('SELECT member_id AS memberId, date FROM assess_rereport WHERE id = ?').get(id) as { memberId: number; date: string } | undefined
  if (!row) throw notFound('该复报到记录')
  assertOpen(db, row.date, '删除这一期间的复报到记录')
  db.prepare('DELETE FROM assess_rereport WHERE id = ?').run(id)
  return row
}

// ---------- exports ----------

const col = (key: string, title: string, width: number, numeric = false): ReportColumn => ({ key, title, width, ...(numeric ? { numeric } : {}) })
const noJob = { cancelled: false, progress: () => {} }

function scopeName(db: DB, q: { communityId?: number; unitId?: number }): string {
  const name = (t: string, id?: number): string => (id ? ((db.prepare(`SELECT name FROM ${t} WHERE id = ?`).pluck().get(id) as string | undefined) ?? '') : '')
  return [name('community', q.communityId), name('unit', q.unitId)].filter(Boolean).join('、')
}

export async function exportAssessment(db: DB, q: Parsed<'assessment.export'>): Promise<FileOut> {
  const org = getSetting(db, 'orgName') ?? ''
  const scope = scopeName(db, q)
  const sheets: ReportSheet[] = []
  let what: string
  let when: string
  if (q.kind === 'atRisk') {
    const { head: list, members, row } = atRiskRows(db, { asOf: q.asOf, communityId: q.communityId, unitId: q.unitId })
    what = '考核预警名单'
    when = `${list.periodLabel}截至${list.asOf.replace(/-/g, '')}`
    sheets.push({
      name: what,
      title: `${org}${list.periodLabel}在职党员考核预警名单`,
      period: `截至${list.asOf}(${list.periodLabel}:${list.from}至${list.to})${scope ? `    范围:${scope}` : ''}`,
      columns: [col('community', '报到村居', 14), col('unit', '工作单位', 24), col('name', '姓名', 9), col('phone', '手机号', 13), col('activities', '已参加活动(次)', 10, true), col('hours', '已计时长(小时)', 10, true), col('missing', '尚缺', 40), col('lost', '已无法补足', 9)],
      rows: function* () {
        const phones = phonesOf(db)
        for (const acc of members) {
          const r = row(acc, phones)
          yield { community: r.communityName, unit: r.unitName, name: r.name, phone: r.phone, activities: r.activities, hours: r.hours, missing: r.missing.join(';'), lost: r.lost ? '是' : '' }
        }
      },
      count: members.length,
      sum: null,
      countLabel: '共 {n} 人',
      note: '截至当天报到在册、尚未达到本考核期最低要求(或尚未复报到)的党员;"已过"表示该季度或半年已结束、无法再补足。手机号已隐藏中间四位。'
    })
  } else {
    const year = q.year!
    const period = q.period!
    const { state, rows } = periodRows(db, year, period)
    const n = names(db)
    const label = state.status.label
    const confirmed = state.run ? `已于${state.run.confirmedAt.slice(0, 10)}确认(方案第${state.run.schemeVersion}版)` : `未确认,按当前数据计算(方案第${state.status.schemeVersion}版)`
    when = `${year}${PERIOD_LABELS[period]}`
    if (q.kind === 'results') {
      what = '考核结果名单'
      const shown = sortRows(filterRows(rows, q), n, 'community', 'asc')
      const phones = phonesOf(db)
      sheets.push({
        name: what,
        title: `${org}${label}在职党员考核结果名单`,
        period: `${label}:${state.status.from}至${state.status.to},${confirmed}${scope ? `    范围:${scope}` : ''}`,
        columns: [
          col('community', '报到村居', 14), col('unit', '工作单位', 24), col('name', '姓名', 9), col('phone', '手机号', 13), col('activities', '活动(次)', 8, true),
          col('hours', '计入时长(小时)', 10, true), col('points', '得分', 8, true), col('grade', '等次', 9), col('shortfall', '未达最低要求', 26), col('note', '说明', 30)
        ],
        rows: function* () {
          for (const r of shown) {
            const p = present(r, n, phones.get(r.memberId))
            yield { community: p.communityName, unit: p.unitName, name: p.name, phone: p.phone, activities: p.activities, hours: p.hours, points: p.points, grade: p.rated ? p.grade : NOT_RATED, shortfall: p.shortfall, note: p.note }
          }
        },
        count: shown.length,
        sum: null,
        countLabel: '共 {n} 人',
        note: `${state.scheme.name}。得分为各项计分之和,每一分可在党员的考核页查到来源;手机号已隐藏中间四位。`
      })
    } else {
      what = '考核结果汇总表'
      const s = summary(db, { year, period })
      const gradeCols = s.grades.map((g, i) => col(`g${i}`, `${g}(人)`, 8, true))
      const cells = (r: AssessSummaryRow): Record<string, string | number | null> => ({
        name: r.name, rated: r.rated, ...Object.fromEntries(s.grades.map((g, i) => [`g${i}`, r.counts[g] ?? 0])), notRated: r.notRated, short: r.short, average: r.average
      })
      const common = [col('rated', '参评(人)', 8, true), ...gradeCols, col('notRated', '不参评(人)', 8, true), col('short', '未达最低要求(人)', 10, true), col('average', '平均分', 8, true)]
      sheets.push({
        name: '按村居',
        title: `${org}${label}在职党员考核结果汇总表(按村居)`,
        period: `${label}:${state.status.from}至${state.status.to},${confirmed}`,
        columns: [col('name', '村居', 16), ...common],
        rows: function* () {
          for (const r of s.byCommunity) yield cells(r)
        },
        count: s.byCommunity.length,
        sum: cells(s.total),
        countLabel: '共 {n} 个村居',
        note: s.note
      })
      sheets.push({
        name: '按单位',
        title: `${org}${label}在职党员考核结果汇总表(按单位)`,
        period: `${label}:${state.status.from}至${state.status.to},${confirmed}`,
        columns: [col('name', '单位', 26), ...common, col('registrationRate', '报到率(%)', 9, true), col('completionRate', '服务完成率(%)', 10, true), col('qualified', '考核资格', 9)],
        rows: function* () {
          for (const r of s.byUnit) yield { ...cells(r), registrationRate: r.registrationRate ?? null, completionRate: r.completionRate ?? null, qualified: r.qualified === null ? '—' : r.qualified ? '有' : '无' }
        },
        count: s.byUnit.length,
        sum: cells(s.total),
        countLabel: '共 {n} 个单位',
        note: s.note
      })
    }
  }
  const { bytes, rows } = await reportWorkbook(sheets, noJob)
  const fileName = safeFileName(`${[org, what, scope, when].filter(Boolean).join('_')}.xlsx`)
  return { fileName, base64: bytes.toString('base64'), rows }
}

export const handlers: HandlersOf<'assessment'> = {
  'assessment.scheme': (db, { year }) => schemeInfo(db, year),
  'assessment.saveScheme': saveScheme,
  'assessment.results': listResults,
  'assessment.member': memberAssessment,
  'assessment.atRisk': atRisk,
  'assessment.summary': summary,
  'assessment.confirm': confirmPeriod,
  'assessment.reopen': reopenPeriod,
  'assessment.adjust': addAdjustment,
  'assessment.voidAdjustment': voidAdjustment,
  'assessment.rereport': addRereports,
  'assessment.removeRereport': (db, { id }) => removeRereport(db, id),
  'assessment.export': exportAssessment
}

/** For the bench script and tests: a period computed from scratch, bypassing the cache. */
export function computeForBench(db: DB, year: number, period: AssessPeriod, dataTo?: string): number {
  const { scheme } = schemeFor(db, year)
  return compute(db, scheme, year, period, { dataTo, withLines: false }).members.length
}
