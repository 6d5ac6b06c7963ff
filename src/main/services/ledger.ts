/**
 * 单位双报到工作台账: what the sub-district hands a unit at the quarter's end — for one unit and a period, its
 * pairings and agreements, its 共建项目, the activities it organised and its members' service (the 单位反馈表's rows),
 * one print-ready sheet each after a 概况 sheet, every figure from figures.ts.
 */
import type { FileOut, Parsed, ReportColumn } from '../../shared/api'
import { safeFileName } from '../../shared/text'
import type { DB } from '../db/open'
import { notFound, type CallContext } from '../errors'
import { reportWorkbook, type ReportSheet } from '../excel/report'
import { EXPECTED_REGISTERED, MEMBER_SIGN_INS, PAIRINGS_ON_TO, rate, round2, UNIT_CLAIMS_ACTIVE, UNIT_CLAIMS_DONE, UNIT_EVENT_SIGN_INS, UNIT_EVENTS } from './figures'
import { periodLine, rangeLabel, reportSheet, type Scope } from './report'
import { getSetting } from './settings'

type Row = Record<string, string | number | null>

const col = (key: string, title: string, width: number, opts: Partial<ReportColumn> = {}): ReportColumn => ({ key, title, width, ...opts })

export async function exportLedger(db: DB, q: Parsed<'unit.ledger'>, ctx?: CallContext): Promise<FileOut> {
  const unit = db.prepare('SELECT id, name, kind, party_org AS partyOrg, contact, phone FROM unit WHERE id = ?').get(q.id) as
    | { id: number; name: string; kind: string; partyOrg: string; contact: string; phone: string }
    | undefined
  if (!unit) throw notFound('该单位')
  const org = getSetting(db, 'orgName') ?? ''
  const scope: Scope = { from: q.from, to: q.to, community: null, unit: unit.id }
  const period = periodLine(scope, unit.name)
  const title = `${org}单位双报到工作台账`
  const sheet = (name: string, columns: ReportColumn[], rows: Row[], note: string, extra: Partial<ReportSheet> = {}): ReportSheet => ({
    name, title, period: `${period}    ${name}`, columns, rows: () => rows, count: rows.length, sum: null, note, ...extra
  })

  // 单位报到与共建协议: every pairing that held at some time in the period, with its agreements
  const pairings = db
    .prepare(
      `SELECT p.id, c.name AS community, p.start_date AS startDate, COALESCE(p.ended_on, '') AS endedOn,
              g.id AS agreementId, g.valid_from || ' 至 ' || g.valid_to AS validity, g.signed_on AS signedOn, g.unit_duties AS unitDuties,
              g.community_duties AS communityDuties, TRIM(g.unit_signatory || '、' || g.community_signatory, '、') AS signatories,
              CASE WHEN g.id IS NULL THEN '' WHEN g.scan_size > 0 THEN '已上传' ELSE '未上传' END AS scan
       FROM unit_pairing p JOIN community c ON c.id = p.community_id LEFT JOIN agreement g ON g.pairing_id = p.id
       WHERE p.unit_id = @unit AND p.start_date <= @to AND (p.ended_on IS NULL OR p.ended_on > @from)
       ORDER BY p.start_date, p.id, g.valid_from`
    )
    .all(scope) as Row[]
  for (const r of pairings) if (!r.agreementId) r.validity = '未签订共建协议'

  // 共建项目: the unit's claims in effect in the period, with the members who served
  const projects = db
    .prepare(
      `SELECT n.title, c.name AS community, k.claimed_on AS claimedOn, k.status, COALESCE(k.finished_on, '') AS finishedOn,
              (SELECT GROUP_CONCAT(m.name || ' ' || printf('%g', s.hours), '、' ORDER BY m.pinyin, m.id) FROM unit_claim_member s JOIN member m ON m.id = s.member_id WHERE s.unit_claim_id = k.id) AS members,
              (SELECT ${round2('SUM(s.hours)')} FROM unit_claim_member s WHERE s.unit_claim_id = k.id) AS hours
       FROM (${UNIT_CLAIMS_ACTIVE}) x JOIN unit_claim k ON k.id = x.id JOIN need n ON n.id = k.need_id JOIN community c ON c.id = n.community_id
       ORDER BY k.claimed_on, k.id`
    )
    .all(scope) as Row[]

  // 组织活动: the activities it organised in the period, everyone who signed in, and how many were its members
  const events = db
    .prepare(
      `SELECT e.date, c.name AS community, e.title, e.category,
              (SELECT COUNT(*) FROM attendance a WHERE a.event_id = e.id) AS attendance,
              (SELECT COUNT(*) FROM attendance a JOIN member m ON m.id = a.member_id WHERE a.event_id = e.id AND m.unit_id = @unit) AS ownMembers,
              (SELECT ${round2('SUM(a.hours)')} FROM attendance a WHERE a.event_id = e.id) AS hours
       FROM (${UNIT_EVENTS}) x JOIN event e ON e.id = x.id JOIN community c ON c.id = e.community_id
       ORDER BY e.date, e.id`
    )
    .all(scope) as Row[]
  const eventSum: Row = { date: '合计', attendance: 0, ownMembers: 0, hours: 0 }
  for (const e of events) for (const k of ['attendance', 'ownMembers', 'hours']) eventSum[k] = Math.round(((eventSum[k] as number) + (e[k] as number)) * 100) / 100

  // 概况: the unit's figures for the period, as the 单位报到情况汇总表 counts them
  const n = (sql: string): number => (db.prepare(`SELECT COUNT(*) FROM (${sql})`).pluck().get(scope) as number) ?? 0
  const paired = db.prepare(`SELECT GROUP_CONCAT(c.name || '(' || p.start_date || '起)', '、') FROM (${PAIRINGS_ON_TO}) p JOIN community c ON c.id = p.community_id`).pluck().get(scope) as string | null
  const agreementsInForce = db
    .prepare(`SELECT COUNT(*) FROM agreement g WHERE g.pairing_id IN (SELECT id FROM (${PAIRINGS_ON_TO})) AND g.valid_from <= @to AND g.valid_to >= @to`)
    .pluck()
    .get(scope) as number
  const expected = db
    .prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(${EXPECTED_REGISTERED('x')}), 0) AS done, ${rate(`SUM(${EXPECTED_REGISTERED('x')})`, 'COUNT(*)')} AS rate FROM expected_member x WHERE x.unit_id = @unit`)
    .get(scope) as { n: number; done: number; rate: number | null }
  const part = db
    .prepare(`SELECT COUNT(*) AS n, COUNT(DISTINCT s.member_id) AS people, ${round2('SUM(s.hours)')} AS hours FROM (${MEMBER_SIGN_INS}) s`)
    .get(scope) as { n: number; people: number; hours: number }
  const served = db
    .prepare(`SELECT ${round2('SUM(s.hours)')} FROM unit_claim_member s JOIN (${UNIT_CLAIMS_DONE}) k ON k.id = s.unit_claim_id`)
    .pluck()
    .get(scope) as number
  const overview: Row[] = [
    { item: '单位', a: null, b: null, text: [unit.name, unit.kind, unit.partyOrg, [unit.contact, unit.phone].filter(Boolean).join(' ')].filter(Boolean).join(';') },
    { item: '结对村居(截至期末)', a: paired ? paired.split('、').length : 0, b: null, text: paired ?? '截至期末没有结对村居' },
    { item: '共建协议(期末有效)', a: agreementsInForce, b: null, text: `期间涉及的结对与协议见"单位报到与共建协议"` },
    { item: '共建项目', a: n(UNIT_CLAIMS_ACTIVE), b: n(UNIT_CLAIMS_DONE), text: `期间有效的认领 ${n(UNIT_CLAIMS_ACTIVE)} 项、完成 ${n(UNIT_CLAIMS_DONE)} 项;完成项目中本单位党员服务 ${served} 小时` },
    { item: '组织活动', a: n(UNIT_EVENTS), b: n(UNIT_EVENT_SIGN_INS), text: '场次、签到人次(含未报到人员)' },
    { item: '党员报到', a: expected.n || null, b: expected.n ? expected.done : null, text: expected.n ? `应报到 ${expected.n} 人、已报到 ${expected.done} 人,报到率 ${expected.rate ?? 0}%` : '单位未报送应报到名单' },
    { item: '党员参与活动', a: part.n, b: part.people, text: `人次、人数;活动时长 ${part.hours} 小时(只计报到在册期间的签到)` }
  ]
  const members = reportSheet(db, 'units', scope, { org, scopeName: unit.name, full: false, name: '党员服务' })

  const sheets: ReportSheet[] = [
    sheet('概况', [col('item', '项目', 18), col('a', '数量', 9, { numeric: true }), col('b', '其中', 9, { numeric: true }), col('text', '说明', 60, { wrap: true })], overview,
      '数量、其中:结对村居为个数;共建项目为认领、完成(项);组织活动为场次、签到人次;党员报到为应报到、已报到(人);党员参与活动为人次、人数。', { countLabel: null }),
    sheet(
      '单位报到与共建协议',
      [
        col('community', '结对村居', 12), col('startDate', '报到日期', 11), col('endedOn', '结束日期', 11), col('validity', '协议期限', 24, { wrap: true }),
        col('signedOn', '签订日期', 11), col('unitDuties', '单位承诺事项', 21, { wrap: true }), col('communityDuties', '村居承诺事项', 21, { wrap: true }),
        col('signatories', '签字人', 14, { wrap: true }), col('scan', '扫描件', 8)
      ],
      pairings,
      '统计期间内曾经结对的村居(结束日期当天起不再结对)及各结对下签订的共建协议。',
      { countLabel: '共 {n} 条' }
    ),
    sheet(
      '共建项目',
      [
        col('title', '项目名称', 24, { wrap: true }), col('community', '村居', 12), col('claimedOn', '认领日期', 11), col('status', '状态', 8),
        col('finishedOn', '完成日期', 11), col('members', '参与党员及时长(小时)', 36, { wrap: true }), col('hours', '服务时长(小时)', 10, { numeric: true, hours: true })
      ],
      projects,
      '本单位认领的服务清单项目中统计期间有效的(期间前已完成或已放弃的不列);参与党员的时长在项目完成当天计入其认领时长。',
      { countLabel: '共 {n} 项' }
    ),
    sheet(
      '组织活动',
      [
        col('date', '日期', 11), col('community', '举办村居', 12), col('title', '活动名称', 30, { wrap: true }), col('category', '类别', 10),
        col('attendance', '签到人次', 9, { numeric: true }), col('ownMembers', '其中本单位党员', 10, { numeric: true }), col('hours', '活动时长(小时)', 10, { numeric: true, hours: true })
      ],
      events,
      '本单位组织的活动(已归档的除外);签到人次含其他单位党员和未报到人员,均计入本单位组织活动人次。',
      { countLabel: '共 {n} 场', sum: events.length ? eventSum : null }
    ),
    {
      ...members,
      title,
      period: `${period}    党员服务`,
      columns: members.columns.filter((c) => c.key !== 'unit'),
      sum: members.sum && { ...members.sum, name: '合计' }
    }
  ]
  const job = { cancelled: false, progress: (done: number, total: number, what: string) => ctx?.progress({ task: `正在导出${what}`, done, total }) }
  const { bytes, rows } = await reportWorkbook(sheets, job)
  const fileName = safeFileName(`${[org, '单位双报到工作台账', unit.name, rangeLabel(q.from, q.to)].filter(Boolean).join('_')}.xlsx`)
  return { fileName, base64: bytes.toString('base64'), rows }
}
