/**
 * 反馈单位: each unit's 表现反馈表 for an assessment period, and whether it was sent and receipted.
 *
 * Nothing here defines a figure. The members and their points, grades and shortfalls are the period's assessment
 * results (confirmed, or live); the unit's 应报到/已报到/报到率/服务完成率/考核资格 are the assessment's unit line
 * (assessment.ts unitLine, the same as the 考核结果汇总表); each member's activities, hours and claims are
 * figures.ts's MEMBER_SIGN_INS and CLAIMS_DONE over the period, their evaluations the ones the assessment counts
 * (EVALUATIONS_COUNTED); a unit without an 应报到名单 shows as 已报到 its members registered on the day the
 * 报到率 is counted (figures.ts REGISTERED_ON_TO).
 */
import JSZip from 'jszip'
import {
  PERIOD_LABELS, periodRange,
  type AssessPeriod, type FeedbackStatus, type FileOut, type Parsed, type ReportColumn, type UnitFeedbackList, type UnitFeedbackRow
} from '../../shared/api'
import { safeFileName, todayBeijing } from '../../shared/text'
import type { DB } from '../db/open'
import type { CallContext } from '../errors'
import { AppError } from '../errors'
import type { HandlersOf } from '../handler'
import { reportWorkbook, type ReportSheet } from '../excel/report'
import { EVALUATIONS_COUNTED, periodRows, unitAsOf, unitLine, unitLists, unitRuleText, type Row, type State } from './assessment'
import { notAfterToday, nowIso } from './common'
import { CLAIMS_DONE, MEMBER_SIGN_INS, REGISTERED_ON_TO, RULES } from './figures'
import { getSetting } from './settings'

interface Unit extends UnitFeedbackRow {
  pinyin: string
  /** name, initials and full pinyin, as the unit register's search box matches */
  search: string
  /** communities of its assessed members, and the one it is paired with */
  communities: Set<number>
  rows: Row[]
  short: number
}

interface PeriodUnits {
  state: State
  label: string
  asOf: string
  rule: string
  units: Unit[]
}

const statusOf = (sentOn: string | null, receiptedOn: string | null): FeedbackStatus => (receiptedOn ? 'receipted' : sentOn ? 'sent' : 'unsent')

/** Every unit with members assessed in the period or an 应报到名单, with its line and its 已发送/已回执. */
function periodUnits(db: DB, year: number, period: AssessPeriod): PeriodUnits {
  const { state, rows } = periodRows(db, year, period)
  const asOf = unitAsOf(state.status)
  const lists = unitLists(db, asOf)
  const registered = new Map(
    db
      .prepare(`SELECT m.unit_id, COUNT(*) FROM (${REGISTERED_ON_TO}) g JOIN member m ON m.id = g.member_id WHERE m.unit_id IS NOT NULL GROUP BY m.unit_id`)
      .raw()
      .all({ to: asOf, community: null, unit: null }) as Array<[number, number]>
  )
  const marks = new Map(
    (db.prepare('SELECT unit_id, sent_on, receipted_on FROM unit_feedback WHERE year = ? AND period = ?').raw().all(year, period) as Array<[number, string | null, string | null]>).map(
      ([id, s, r]) => [id, { s, r }]
    )
  )
  const byUnit = new Map<number, Row[]>()
  for (const r of rows) {
    if (r.unitId === null) continue
    const list = byUnit.get(r.unitId)
    if (list) list.push(r)
    else byUnit.set(r.unitId, [r])
  }
  const ids = new Set([...byUnit.keys(), ...lists.keys()])
  const info = new Map(
    (db.prepare('SELECT id, name, pinyin, search, community_id FROM unit').raw().all() as Array<[number, string, string, string, number | null]>).map(([id, name, pinyin, search, c]) => [id, { name, pinyin, search, c }])
  )
  const rule = state.scheme.unitRule
  const units: Unit[] = []
  for (const id of ids) {
    const u = info.get(id)
    if (!u) continue
    const members = byUnit.get(id) ?? []
    const rated = members.filter((r) => r.rated)
    const short = rated.filter((r) => !r.met).length
    const line = unitLine(rule, lists.get(id), rated.length, short)
    const mark = marks.get(id)
    const communities = new Set(members.map((r) => r.communityId))
    if (u.c !== null) communities.add(u.c)
    units.push({
      unitId: id,
      unitName: u.name,
      pinyin: u.pinyin,
      search: u.search,
      members: members.length,
      rated: rated.length,
      short,
      expected: line.expected,
      registered: line.listedRegistered ?? registered.get(id) ?? 0,
      registrationRate: line.registrationRate,
      completionRate: line.completionRate,
      qualified: line.qualified,
      status: statusOf(mark?.s ?? null, mark?.r ?? null),
      sentOn: mark?.s ?? null,
      receiptedOn: mark?.r ?? null,
      communities,
      rows: members
    })
  }
  units.sort((a, b) => (a.pinyin < b.pinyin ? -1 : a.pinyin > b.pinyin ? 1 : a.unitId - b.unitId))
  return { state, label: state.status.label, asOf, rule: unitRuleText(rule), units }
}

function filtered(units: Unit[], q: { communityId?: number; status?: FeedbackStatus; keyword?: string }): Unit[] {
  const k = (q.keyword ?? '').toLowerCase().replace(/\s+/g, '')
  return units.filter(
    (u) =>
      (q.communityId === undefined || u.communities.has(q.communityId)) &&
      (q.status === undefined || u.status === q.status) &&
      (!k || u.search.includes(k))
  )
}

const strip = ({ pinyin: _p, search: _k, communities: _c, rows: _r, short: _s, ...row }: Unit): UnitFeedbackRow => row

export function listUnitFeedback(db: DB, q: Parsed<'unitFeedback.list'>): UnitFeedbackList {
  const p = periodUnits(db, q.year, q.period)
  const scoped = filtered(p.units, { communityId: q.communityId, keyword: q.keyword })
  const shown = filtered(scoped, { status: q.status })
  const start = (q.page - 1) * q.pageSize
  const counts: Record<FeedbackStatus, number> = { unsent: 0, sent: 0, receipted: 0 }
  for (const u of scoped) counts[u.status]++
  return {
    rows: shown.slice(start, start + q.pageSize).map(strip),
    total: shown.length,
    page: q.page,
    pageSize: q.pageSize,
    label: p.label,
    from: p.state.status.from,
    to: p.state.status.to,
    confirmed: !!p.state.run,
    rule: p.rule,
    counts
  }
}

// ---------- the 表现反馈表 ----------

interface Served {
  acts: number
  actX100: number
  claims: number
  claimX100: number
  evals: [number, number, number]
}

const NONE: Served = { acts: 0, actX100: 0, claims: 0, claimX100: 0, evals: [0, 0, 0] }
const RATINGS: Record<string, 0 | 1 | 2> = { 满意: 0, 基本满意: 1, 不满意: 2 }

/** Each member's service in the range (the members given, or everyone), from the figures' own fragments. */
function servedIn(db: DB, from: string, to: string, ids?: number[]): Map<number, Served> {
  const params = { from, to, community: null, unit: null, ids: JSON.stringify(ids ?? []) }
  const only = ids ? 'WHERE member_id IN (SELECT value FROM json_each(@ids))' : ''
  const out = new Map<number, Served>()
  const get = (id: number): Served => {
    let s = out.get(id)
    if (!s) out.set(id, (s = { acts: 0, actX100: 0, claims: 0, claimX100: 0, evals: [0, 0, 0] }))
    return s
  }
  const hundredths = 'SUM(CAST(ROUND(COALESCE(hours, 0) * 100) AS INTEGER))'
  for (const [id, n, h] of db.prepare(`SELECT member_id, COUNT(*), ${hundredths} FROM (${MEMBER_SIGN_INS}) ${only} GROUP BY member_id`).raw().iterate(params) as IterableIterator<[number, number, number]>) {
    const s = get(id)
    s.acts = n
    s.actX100 = h
  }
  for (const [id, n, h] of db.prepare(`SELECT member_id, COUNT(*), ${hundredths} FROM (${CLAIMS_DONE}) ${only} GROUP BY member_id`).raw().iterate(params) as IterableIterator<[number, number, number]>) {
    const s = get(id)
    s.claims = n
    s.claimX100 = h
  }
  for (const [id, rating, n] of db.prepare(`SELECT member_id, rating, COUNT(*) FROM (${EVALUATIONS_COUNTED}) ${only} GROUP BY member_id, rating`).raw().iterate(params) as IterableIterator<[number, string, number]>) {
    const i = RATINGS[rating]
    if (i !== undefined) get(id).evals[i] += n
  }
  return out
}

const col = (key: string, title: string, width: number, more: Partial<ReportColumn> = {}): ReportColumn => ({ key, title, width, ...more })
const COLUMNS: ReportColumn[] = [
  col('name', '姓名', 8),
  col('community', '报到村居', 10),
  col('acts', '参加活动(次)', 7, { numeric: true }),
  col('actHours', '活动时长(小时)', 8, { numeric: true, hours: true }),
  col('claims', '完成认领(项)', 7, { numeric: true }),
  col('claimHours', '认领时长(小时)', 8, { numeric: true, hours: true }),
  col('hours', '服务时长(小时)', 8, { numeric: true, hours: true }),
  col('ok', '评价满意(条)', 7, { numeric: true }),
  col('basic', '基本满意(条)', 7, { numeric: true }),
  col('bad', '不满意(条)', 7, { numeric: true }),
  col('points', '得分', 6, { numeric: true }),
  col('grade', '等次', 8),
  col('remark', '未达要求及说明', 26, { wrap: true }),
  col('opinion', '社区意见', 18, { wrap: true })
]

const h = (x100: number): number => x100 / 100

function unitSheet(db: DB, p: PeriodUnits, u: Unit, served: Map<number, Served>, communities: Map<number, { name: string; pinyin: string }>): ReportSheet {
  const org = getSetting(db, 'orgName') ?? ''
  const s = p.state.status
  const members = u.rows.slice().sort((a, b) => {
    const ca = communities.get(a.communityId)?.pinyin ?? ''
    const cb = communities.get(b.communityId)?.pinyin ?? ''
    return ca < cb ? -1 : ca > cb ? 1 : a.pinyin < b.pinyin ? -1 : a.pinyin > b.pinyin ? 1 : a.memberId - b.memberId
  })
  const sum = { acts: 0, actX100: 0, claims: 0, claimX100: 0, ok: 0, basic: 0, bad: 0 }
  for (const r of members) {
    const x = served.get(r.memberId) ?? NONE
    sum.acts += x.acts
    sum.actX100 += x.actX100
    sum.claims += x.claims
    sum.claimX100 += x.claimX100
    sum.ok += x.evals[0]
    sum.basic += x.evals[1]
    sum.bad += x.evals[2]
  }
  const confirmed = p.state.run ? `考核结果已于${p.state.run.confirmedAt.slice(0, 10)}确认` : '考核结果尚未确认,按当前数据计算'
  return {
    name: '表现反馈表',
    title: `${org}${p.label}在职党员进社区表现反馈表`,
    period: `工作单位:${u.unitName}    考核期:${s.from}至${s.to}    ${confirmed}(${p.state.scheme.name})`,
    summary: [
      { label: '应报到(人)', value: u.expected ?? '未录入名单' },
      { label: '已报到(人)', value: u.registered },
      { label: '报到率(%)', value: u.registrationRate ?? '—', rate: true },
      { label: '参评党员(人)', value: u.rated },
      { label: '达到最低要求(人)', value: u.rated - u.short },
      { label: '服务完成率(%)', value: u.completionRate ?? '—', rate: true },
      { label: '考核资格', value: u.qualified === null ? '不作要求' : u.qualified ? '有' : '无' }
    ],
    columns: COLUMNS,
    rows: function* () {
      for (const r of members) {
        const x = served.get(r.memberId) ?? NONE
        const remark = !r.rated ? r.note : [r.met ? '' : r.shortfall, r.note].filter(Boolean).join(';')
        yield {
          name: r.name,
          community: communities.get(r.communityId)?.name ?? '',
          acts: x.acts,
          actHours: h(x.actX100),
          claims: x.claims,
          claimHours: h(x.claimX100),
          hours: h(x.actX100 + x.claimX100),
          ok: x.evals[0],
          basic: x.evals[1],
          bad: x.evals[2],
          points: r.rated ? h(r.pointsX100) : null,
          grade: r.rated ? r.grade : '不参评',
          remark,
          opinion: null
        }
      }
    },
    count: members.length,
    sum: {
      name: '合计', community: null, acts: sum.acts, actHours: h(sum.actX100), claims: sum.claims, claimHours: h(sum.claimX100), hours: h(sum.actX100 + sum.claimX100),
      ok: sum.ok, basic: sum.basic, bad: sum.bad, points: null, grade: null, remark: null, opinion: null
    },
    countLabel: '共 {n} 人',
    note:
      `参加活动和活动时长只计报到在册期间的签到,完成认领和认领时长只计报到在册期间完成的认领;${RULES.hours}群众评价为报到在册期间收到的评价。` +
      `得分、等次为${p.state.run ? '已确认的' : '按当前数据计算的'}考核结果,每一分可在党员的考核页查到来源。` +
      `单位报到率=应报到名单中截至${p.asOf}已报到的人数÷应报到人数(未录入应报到名单的,已报到为截至当日报到在册的本单位党员);服务完成率=达到最低要求的参评党员÷参评党员。` +
      `${p.rule || '本年度考核方案未设单位报到率、服务完成率要求。'}"社区意见"由党员报到的村居填写;单位收到后请签章回执。`
  }
}

const communityNames = (db: DB): Map<number, { name: string; pinyin: string }> =>
  new Map((db.prepare('SELECT id, name, pinyin FROM community').raw().all() as Array<[number, string, string]>).map(([id, name, pinyin]) => [id, { name, pinyin }]))

const fileNameOf = (db: DB, what: string, year: number, period: AssessPeriod, ext: string): string =>
  safeFileName(`${[getSetting(db, 'orgName') ?? '', what, `${year}年${PERIOD_LABELS[period]}`].filter(Boolean).join('_')}.${ext}`)

const noJob = { cancelled: false, progress: () => {} }

export async function exportUnitFeedback(db: DB, q: Parsed<'unitFeedback.export'>): Promise<FileOut & { unitName: string }> {
  const p = periodUnits(db, q.year, q.period)
  const u = p.units.find((x) => x.unitId === q.unitId)
  if (!u) throw new AppError('invalid', `该单位在${p.label}没有参加考核的党员,也没有应报到名单,没有可反馈的内容。`, { unitId: '该单位本期无反馈内容' })
  const { from, to } = periodRange(q.year, q.period)
  const served = servedIn(db, from, to, u.rows.map((r) => r.memberId))
  const { bytes, rows } = await reportWorkbook([unitSheet(db, p, u, served, communityNames(db))], noJob)
  return { fileName: fileNameOf(db, `表现反馈表_${u.unitName}`, q.year, q.period, 'xlsx'), base64: bytes.toString('base64'), rows, unitName: u.unitName }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r))

/** Every unit the filters keep, one workbook each (named by the unit), in one .zip; progress after each unit. */
export async function exportAllUnitFeedback(db: DB, q: Parsed<'unitFeedback.exportAll'>, ctx: CallContext): Promise<FileOut & { units: number }> {
  const p = periodUnits(db, q.year, q.period)
  const units = filtered(p.units, q)
  if (!units.length) throw new AppError('invalid', `${p.label}没有符合条件的单位,没有生成文件。请更改筛选条件。`)
  const { from, to } = periodRange(q.year, q.period)
  const served = servedIn(db, from, to)
  const communities = communityNames(db)
  const zip = new JSZip()
  const used = new Set<string>()
  let rows = 0
  for (let i = 0; i < units.length; i++) {
    const u = units[i]
    ctx.progress({ task: '正在导出表现反馈表', done: i, total: units.length })
    const out = await reportWorkbook([unitSheet(db, p, u, served, communities)], noJob)
    rows += out.rows
    let name = safeFileName(`表现反馈表_${u.unitName}`)
    for (let k = 2; used.has(name); k++) name = safeFileName(`表现反馈表_${u.unitName}_${k}`)
    used.add(name)
    // a workbook is a zip already: stored, not deflated again
    zip.file(`${name}.xlsx`, out.bytes, { compression: 'STORE', date: new Date() })
    if (i % 20 === 19) await tick()
  }
  ctx.progress({ task: '正在导出表现反馈表', done: units.length, total: units.length })
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' })
  return { fileName: fileNameOf(db, '表现反馈表', q.year, q.period, 'zip'), base64: bytes.toString('base64'), rows, units: units.length }
}

// ---------- 已发送 / 已回执 ----------

export function markUnitFeedback(db: DB, q: Parsed<'unitFeedback.mark'>): { changed: number; what: typeof q.what; date: string | null; units: string[]; label: string } {
  const today = todayBeijing()
  const day = q.date ?? null
  if (day) notAfterToday(day, '日期', 'date', today)
  const label = `${q.year}年${PERIOD_LABELS[q.period]}`
  const ids = [...new Set(q.unitIds)]
  const units = ids.map((id) => {
    const name = db.prepare('SELECT name FROM unit WHERE id = ?').pluck().get(id) as string | undefined
    if (name === undefined) throw new AppError('invalid', '所选单位中有的已不存在,请刷新后重新选择。', { unitIds: '有单位不存在' })
    const mark = db.prepare('SELECT sent_on AS sentOn, receipted_on AS receiptedOn FROM unit_feedback WHERE unit_id = ? AND year = ? AND period = ?').get(id, q.year, q.period) as
      | { sentOn: string | null; receiptedOn: string | null }
      | undefined
    return { id, name, sentOn: mark?.sentOn ?? null, receiptedOn: mark?.receiptedOn ?? null }
  })
  const list = (xs: typeof units): string => `${xs.slice(0, 5).map((u) => u.name).join('、')}${xs.length > 5 ? ` 等 ${xs.length} 个单位` : ''}`
  if (q.what === 'sent') {
    const later = units.filter((u) => u.receiptedOn && u.receiptedOn < day!)
    if (later.length) throw new AppError('invalid', `${list(later)}已于更早的日期回执,发送日期不能晚于回执日期。`, { date: '晚于回执日期' })
  }
  if (q.what === 'receipted') {
    const unsent = units.filter((u) => !u.sentOn)
    if (unsent.length) throw new AppError('invalid', `${list(unsent)}尚未登记发送,请先登记"已发送"再登记回执。`, { unitIds: '尚未发送' })
    const early = units.filter((u) => u.sentOn! > day!)
    if (early.length) throw new AppError('invalid', `回执日期不能早于发送日期(${list(early)}发送于${early[0].sentOn})。`, { date: '早于发送日期' })
  }
  const now = nowIso()
  const upsert = db.prepare(
    `INSERT INTO unit_feedback (unit_id, year, period, sent_on, receipted_on, updated_at) VALUES (@id, @year, @period, @sent, @receipted, @now)
     ON CONFLICT (unit_id, year, period) DO UPDATE SET sent_on = excluded.sent_on, receipted_on = excluded.receipted_on, updated_at = excluded.updated_at`
  )
  let changed = 0
  for (const u of units) {
    const next =
      q.what === 'sent' ? { sent: day, receipted: u.receiptedOn }
      : q.what === 'receipted' ? { sent: u.sentOn, receipted: day }
      : q.what === 'unsent' ? { sent: null, receipted: null }
      : { sent: u.sentOn, receipted: null }
    if (next.sent === u.sentOn && next.receipted === u.receiptedOn) continue
    upsert.run({ id: u.id, year: q.year, period: q.period, ...next, now })
    changed++
  }
  return { changed, what: q.what, date: day, units: units.map((u) => u.name), label }
}

export const handlers: HandlersOf<'unitFeedback'> = {
  'unitFeedback.list': listUnitFeedback,
  'unitFeedback.export': exportUnitFeedback,
  'unitFeedback.exportAll': exportAllUnitFeedback,
  'unitFeedback.mark': markUnitFeedback
}
