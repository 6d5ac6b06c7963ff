/**
 * 反馈单位: each unit's 表现反馈表 (read back from the workbook, every number written out by hand), the zip of all
 * units, and 已发送/已回执 tracking (logged, refused with a Chinese message and nothing changed on bad input).
 */
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import type { DB } from '../src/main/db/open'
import { defaultScheme, type Progress } from '../src/shared/api'
import { call } from '../src/main/api'
import { api, apiAsync, dump, expectError, tempDb } from './helpers'

/**
 * 2025 under the default scheme (2 points an activity + 1 a counted hour, a completed claim 3 + its hours, 满意 +1,
 * 不满意 −2; at least 4 activities and 12 hours; 优秀 60, 合格 30, 基本合格 15) with the unit line 报到率 ≥ 80%,
 * 服务完成率 ≥ 60%. Activities in 丽豪社区: e1 03-01, e2 04-12, e3 06-20, e4 09-09, e5 11-15.
 * - 佛山供电局: 张三 (丽豪) e1–e5 3 h each = 5 activities, 15 h; a claim completed 06-20, 4 h; two 满意
 *   → 10 + 15 + 3 + 4 + 2 = 34 → 合格. 李四 (湖景) e1, e2 2 h each; one 不满意 → 4 + 4 − 2 = 6 → 不合格, 差 2 次活动、
 *   差 8 小时. 王五 (丽豪, reported 2025-07-01) e1 3 h before he reported (not counted), e4 3 h → 2 + 3 = 5 → 不合格,
 *   差 3 次活动、差 9 小时. 应报到名单: 张三, 李四, 王五, 陈九 (never reported) → 应报到 4, 已报到 3, 75.0% (< 80: 无资格);
 *   参评 3, 达到最低要求 1 → 33.3%.
 * - 禅城区教育局: 赵六 (丽豪) e1–e4 4 h each → 8 + 16 = 24 → 基本合格, met. No 应报到名单: 已报到 = its members
 *   registered on 2025-12-31 = 1; 服务完成率 100.0% (≥ 60) → 有资格.
 * - 区税务局: no members, a list of 2 who never reported → 应报到 2, 已报到 0, 0.0% → 无资格.
 */
function register(db: DB) {
  const a = api(db)
  a('settings.update', { orgName: '石湾镇街道', operator: '李会计' })
  const lihao = a('community.create', { name: '丽豪社区', kind: '社区' })
  const hujing = a('community.create', { name: '湖景社区', kind: '社区' })
  const gd = a('unit.create', { name: '佛山供电局', kind: '国有企业' })
  const jy = a('unit.create', { name: '禅城区教育局', kind: '机关' })
  const sw = a('unit.create', { name: '区税务局', kind: '机关' })
  const m = (name: string, phone: string, communityId: number, unitId: number, registeredAt: string) => a('member.create', { name, phone, communityId, unitId, registeredAt })
  const zhang = m('张三', '13800138001', lihao.id, gd.id, '2024-12-01')
  const li = m('李四', '13800138002', hujing.id, gd.id, '2024-12-01')
  const wang = m('王五', '13800138003', lihao.id, gd.id, '2025-07-01')
  const zhao = m('赵六', '13800138004', lihao.id, jy.id, '2024-12-01')
  const e = ['2025-03-01', '2025-04-12', '2025-06-20', '2025-09-09', '2025-11-15'].map((date, i) => a('event.create', { communityId: lihao.id, title: `活动${i + 1}`, category: '环境卫生', date }))
  const sign = (i: number, memberId: number, hours: number) => a('attendance.add', { eventId: e[i].id, memberIds: [memberId], hours })
  for (let i = 0; i < 5; i++) sign(i, zhang.id, 3)
  sign(0, li.id, 2)
  sign(1, li.id, 2)
  sign(0, wang.id, 3)
  sign(3, wang.id, 3)
  for (let i = 0; i < 4; i++) sign(i, zhao.id, 4)
  const need = a('need.create', { communityId: lihao.id, title: '独居老人探访', category: '帮扶慰问' })
  a('claim.add', { needId: need.id, memberIds: [zhang.id] })
  db.prepare("UPDATE claim SET claimed_on = '2025-06-01'").run()
  a('claim.update', { id: a('claim.list', { needId: need.id }).rows[0].id, status: '已完成', hours: 4, finishedOn: '2025-06-20' })
  a('feedback.create', { memberId: zhang.id, eventId: e[0].id, rating: '满意', date: '2025-03-01' })
  a('feedback.create', { memberId: zhang.id, eventId: e[1].id, rating: '满意', date: '2025-04-12' })
  a('feedback.create', { memberId: li.id, eventId: e[0].id, rating: '不满意', date: '2025-03-01' })
  a('expected.add', { unitId: gd.id, people: [{ name: '张三', phone: '13800138001', idCard: '' }, { name: '李四', phone: '13800138002', idCard: '' }, { name: '王五', phone: '13800138003', idCard: '' }, { name: '陈九', phone: '13700000009', idCard: '' }] })
  a('expected.add', { unitId: sw.id, people: [{ name: '周一', phone: '13700000001', idCard: '' }, { name: '吴二', phone: '13700000002', idCard: '' }] })
  a('assessment.saveScheme', { year: 2025, scheme: { ...defaultScheme(2025), unitRule: { minRegistrationRate: 80, minCompletionRate: 60 } } })
  return { a, lihao, hujing, gd, jy, sw, zhang, li, wang, zhao }
}

const Y = { year: 2025, period: 'Y' as const }

/** The first sheet's cells, rows of values as SheetJS reads them (merged cells: the value in the first). */
const cells = (bytes: Buffer): unknown[][] => {
  const wb = XLSX.read(bytes)
  return XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, defval: '' })
}

describe('反馈单位', () => {
  it('lists every unit with members assessed or an 应报到名单, with its line from the assessment', () => {
    const db = tempDb()
    const { a, gd, jy, sw, hujing } = register(db)
    const list = a('unitFeedback.list', Y)
    expect(list.rows.map((r) => [r.unitName, r.members, r.rated, r.expected, r.registered, r.registrationRate, r.completionRate, r.qualified, r.status])).toEqual([
      ['禅城区教育局', 1, 1, null, 1, null, 100, true, 'unsent'],
      ['佛山供电局', 3, 3, 4, 3, 75, 33.3, false, 'unsent'],
      ['区税务局', 0, 0, 2, 0, 0, null, false, 'unsent']
    ])
    expect([list.label, list.confirmed, list.counts]).toEqual(['2025年全年', false, { unsent: 3, sent: 0, receipted: 0 }])
    expect(list.rule).toBe('单位报到率低于80%或服务完成率低于60%的,取消考核资格。')
    // the same line as the 考核结果汇总表
    const summary = a('assessment.summary', Y).byUnit.find((u) => u.id === gd.id)!
    expect([summary.expected, summary.listedRegistered, summary.registrationRate, summary.completionRate, summary.qualified]).toEqual([4, 3, 75, 33.3, false])
    // filters: a community (units with members assessed there, or paired with it), a name
    expect(a('unitFeedback.list', { ...Y, communityId: hujing.id }).rows.map((r) => r.unitId)).toEqual([gd.id])
    expect(a('unitFeedback.list', { ...Y, keyword: 'qsw' }).rows.map((r) => r.unitId)).toEqual([sw.id])
    expect(a('unitFeedback.list', { ...Y, keyword: '教育' }).rows.map((r) => r.unitId)).toEqual([jy.id])
  })

  it("exports one unit's 表现反馈表: the unit summary at the top, each member's service, points and grade, 社区意见, sign-off", async () => {
    const db = tempDb()
    const { gd } = register(db)
    const f = await apiAsync(db, 'unitFeedback.export', { ...Y, unitId: gd.id })
    expect(f.fileName).toBe('石湾镇街道_表现反馈表_佛山供电局_2025年全年.xlsx')
    expect([f.rows, f.unitName]).toEqual([3, '佛山供电局'])
    const rows = cells(Buffer.from(f.base64, 'base64'))
    expect(rows[0][0]).toBe('石湾镇街道2025年全年在职党员进社区表现反馈表')
    expect(String(rows[1][0])).toMatch(/^工作单位:佛山供电局 {4}考核期:2025-01-01至2025-12-31 {4}考核结果尚未确认/)
    // the summary block: labels over values, spread over the 15 columns (spans 2,2,2,2,2,2,3)
    const pick = (r: unknown[]) => r.filter((v) => v !== '')
    expect(pick(rows[2])).toEqual(['应报到(人)', '已报到(人)', '报到率(%)', '参评党员(人)', '达到最低要求(人)', '服务完成率(%)', '考核资格'])
    expect(pick(rows[3])).toEqual([4, 3, 75, 3, 1, 33.3, '无'])
    expect(rows[4].map((t) => String(t).replace('\n', ''))).toEqual(['序号', '姓名', '报到村居', '参加活动(次)', '活动时长(小时)', '完成认领(项)', '认领时长(小时)', '服务时长(小时)', '评价满意(条)', '基本满意(条)', '不满意(条)', '得分', '等次', '未达要求及说明', '社区意见'])
    expect(rows.slice(5, 9)).toEqual([
      [1, '李四', '湖景社区', 2, 4, 0, 0, 4, 0, 0, 1, 6, '不合格', '全年差 2 次活动、差 8 小时', ''],
      [2, '王五', '丽豪社区', 1, 3, 0, 0, 3, 0, 0, 0, 5, '不合格', '全年差 3 次活动、差 9 小时', ''],
      [3, '张三', '丽豪社区', 5, 15, 1, 4, 19, 2, 0, 0, 34, '合格', '', ''],
      ['', '合计', '', 8, 22, 1, 4, 26, 2, 0, 1, '', '', '', '']
    ])
    expect(rows[9][0]).toBe('共 3 人')
    expect(String(rows[10][0])).toMatch(/^说明:参加活动和活动时长只计报到在册期间的签到.*单位报到率低于80%或服务完成率低于60%的,取消考核资格。"社区意见"由党员报到的村居填写/)
    expect(String(rows[11][0])).toMatch(/^填报单位\(盖章\):_+/)
    // print-ready: A4 landscape fitted to the width, the header row repeated, 宋体/黑体, a page number per sheet
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(f.base64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]
    expect([ws.pageSetup.paperSize, ws.pageSetup.orientation, ws.pageSetup.fitToWidth, ws.pageSetup.printTitlesRow, ws.pageSetup.firstPageNumber]).toEqual([9, 'landscape', 1, '5:5', 1])
    expect(ws.headerFooter.oddFooter).toContain('第 &P 页')
    expect([ws.getCell('A1').font.name, ws.getCell('A3').font.name, ws.getCell('B6').font.name]).toEqual(['黑体', '宋体', '宋体'])
    expect(ws.getCell('A3').isMerged && ws.getCell('B3').isMerged).toBe(true)
    // a unit with nothing to report on is refused in Chinese
    const none = api(db)('unit.create', { name: '无人单位', kind: '其他' })
    const r = (await call(db, 'unitFeedback.export', { ...Y, unitId: none.id })) as { ok: false; error: { message: string } }
    expect(r.error.message).toBe('该单位在2025年全年没有参加考核的党员,也没有应报到名单,没有可反馈的内容。')
  })

  it('a confirmed period gives its confirmed points and grades, whatever changed since', async () => {
    const db = tempDb()
    const { a, gd, li } = register(db)
    a('assessment.confirm', Y)
    a('attendance.add', { eventId: (db.prepare("SELECT id FROM event WHERE title = '活动5'").pluck().get() as number), memberIds: [li.id], hours: 2 })
    const rows = cells(Buffer.from((await apiAsync(db, 'unitFeedback.export', { ...Y, unitId: gd.id })).base64, 'base64'))
    expect(String(rows[1][0])).toContain('考核结果已于')
    // 李四's new sign-in shows in his service (the figures follow the data) but not in his confirmed points or grade
    expect(rows[5].slice(1, 14)).toEqual(['李四', '湖景社区', 3, 6, 0, 0, 6, 0, 0, 1, 6, '不合格', '全年差 2 次活动、差 8 小时'])
  })

  it('exports every unit as one .zip, one workbook per unit, reporting progress', async () => {
    const db = tempDb()
    register(db)
    const seen: Progress[] = []
    const r = (await call(db, 'unitFeedback.exportAll', Y, { progress: (p) => seen.push(p) })) as { ok: true; data: { fileName: string; base64: string; units: number; rows: number } }
    expect(r.ok).toBe(true)
    expect([r.data.fileName, r.data.units, r.data.rows]).toEqual(['石湾镇街道_表现反馈表_2025年全年.zip', 3, 4])
    const zip = await JSZip.loadAsync(Buffer.from(r.data.base64, 'base64'))
    const names = Object.keys(zip.files).sort()
    expect(names).toEqual(['表现反馈表_佛山供电局.xlsx', '表现反馈表_禅城区教育局.xlsx', '表现反馈表_区税务局.xlsx'].sort())
    const jy = cells(await zip.file('表现反馈表_禅城区教育局.xlsx')!.async('nodebuffer'))
    expect(jy[3].filter((v) => v !== '')).toEqual(['未录入名单', 1, '—', 1, 1, 100, '有'])
    expect(jy[5].slice(0, 14)).toEqual([1, '赵六', '丽豪社区', 4, 16, 0, 0, 16, 0, 0, 0, 24, '基本合格', ''])
    const sw = cells(await zip.file('表现反馈表_区税务局.xlsx')!.async('nodebuffer'))
    expect(sw[3].filter((v) => v !== '')).toEqual([2, 0, 0, 0, 0, '—', '无'])
    expect(sw[6][0]).toBe('共 0 人')
    expect(seen.at(-1)).toEqual({ task: '正在导出表现反馈表', done: 3, total: 3 })
    expect(seen.map((p) => p.done)).toEqual([0, 1, 2, 3])
    // only the units the filters keep
    const sent = await apiAsync(db, 'unitFeedback.exportAll', { ...Y, keyword: '税务' })
    expect(Object.keys((await JSZip.loadAsync(Buffer.from(sent.base64, 'base64'))).files)).toEqual(['表现反馈表_区税务局.xlsx'])
    expect(db.prepare("SELECT summary FROM audit WHERE method = 'unitFeedback.exportAll' ORDER BY id").pluck().all()).toEqual([
      '导出2025年全年表现反馈表"石湾镇街道_表现反馈表_2025年全年.zip":3 个单位,共 4 人',
      '导出2025年全年表现反馈表"石湾镇街道_表现反馈表_2025年全年.zip":1 个单位,共 0 人'
    ])
  })

  it('tracks 已发送 and 已回执 per unit and period, logged; bad dates are refused and change nothing', () => {
    const db = tempDb()
    const { a, gd, jy, sw } = register(db)
    expect(a('unitFeedback.mark', { ...Y, unitIds: [gd.id, jy.id], what: 'sent', date: '2026-01-10' })).toMatchObject({ changed: 2 })
    expect(a('unitFeedback.mark', { ...Y, unitIds: [gd.id], what: 'receipted', date: '2026-01-20' })).toMatchObject({ changed: 1 })
    const list = a('unitFeedback.list', Y)
    expect(list.rows.map((r) => [r.unitName, r.status, r.sentOn, r.receiptedOn])).toEqual([
      ['禅城区教育局', 'sent', '2026-01-10', null],
      ['佛山供电局', 'receipted', '2026-01-10', '2026-01-20'],
      ['区税务局', 'unsent', null, null]
    ])
    expect(list.counts).toEqual({ unsent: 1, sent: 1, receipted: 1 })
    expect(a('unitFeedback.list', { ...Y, status: 'sent' }).rows.map((r) => r.unitId)).toEqual([jy.id])
    // another period keeps its own (2024: the three units again, none sent)
    expect(a('unitFeedback.list', { year: 2024, period: 'Y' }).counts).toEqual({ unsent: 3, sent: 0, receipted: 0 })

    const before = dump(db)
    expect(expectError(() => a('unitFeedback.mark', { ...Y, unitIds: [sw.id], what: 'receipted', date: '2026-01-20' })).message).toBe('区税务局尚未登记发送,请先登记"已发送"再登记回执。')
    expect(expectError(() => a('unitFeedback.mark', { ...Y, unitIds: [jy.id], what: 'receipted', date: '2026-01-05' })).message).toBe('回执日期不能早于发送日期(禅城区教育局发送于2026-01-10)。')
    expect(expectError(() => a('unitFeedback.mark', { ...Y, unitIds: [gd.id], what: 'sent', date: '2026-01-25' })).message).toBe('佛山供电局已于更早的日期回执,发送日期不能晚于回执日期。')
    expect(expectError(() => a('unitFeedback.mark', { ...Y, unitIds: [gd.id], what: 'sent', date: '2999-01-01' })).message).toBe('日期不能晚于今天。')
    expect(expectError(() => a('unitFeedback.mark', { ...Y, unitIds: [gd.id], what: 'sent' })).fields).toEqual({ date: '请选择日期' })
    expect(expectError(() => a('unitFeedback.mark', { ...Y, unitIds: [9999], what: 'sent', date: '2026-01-10' })).message).toBe('所选单位中有的已不存在,请刷新后重新选择。')
    expect(dump(db)).toBe(before)

    a('unitFeedback.mark', { ...Y, unitIds: [gd.id], what: 'unreceipted' })
    a('unitFeedback.mark', { ...Y, unitIds: [jy.id], what: 'unsent' })
    expect(a('unitFeedback.list', Y).rows.map((r) => r.status)).toEqual(['unsent', 'sent', 'unsent'])
    expect(db.prepare("SELECT summary FROM audit WHERE method = 'unitFeedback.mark' ORDER BY id").pluck().all()).toEqual([
      '2025年全年表现反馈表:佛山供电局、禅城区教育局登记已发送(2026-01-10),改动 2 个',
      '2025年全年表现反馈表:佛山供电局登记已回执(2026-01-20),改动 1 个',
      '2025年全年表现反馈表:佛山供电局撤销回执登记,改动 1 个',
      '2025年全年表现反馈表:禅城区教育局撤销发送登记,改动 1 个'
    ])
  })
})
