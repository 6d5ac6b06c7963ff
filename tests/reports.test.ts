import ExcelJS from 'exceljs'
import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import type { DB } from '../src/main/db/open'
import type { ReportKind } from '../src/shared/api'
import { api, apiAsync, raw, tempDb } from './helpers'

/**
 * A small register built by hand, with the edge cases: a member registered after the range (王六), an activity
 * on the range's last day, an archived member with a sign-in (赵七), a member who signed in at two activities
 * (张三), one activity after the range. Range: 2020-04-01 to 2020-06-02.
 */
function register(db: DB) {
  const a = api(db)
  a('settings.update', { orgName: '石湾镇街道', operator: '' })
  const jia = a('community.create', { name: '甲社区', kind: '社区' })
  const yi = a('community.create', { name: '乙村', kind: '村' })
  const gdj = a('unit.create', { name: '供电局', kind: '国有企业', communityId: jia.id })
  const swj = a('unit.create', { name: '税务局', kind: '机关' })
  const m = (name: string, phone: string, communityId: number, unitId: number | null, registeredAt: string) => a('member.create', { name, phone, communityId, unitId, registeredAt })
  const zhang = m('张三', '13800138001', jia.id, gdj.id, '2020-03-01')
  const li = m('李四', '13800138002', jia.id, swj.id, '2020-04-10')
  const liu = m('王六', '13800138003', yi.id, gdj.id, '2020-07-01')
  const zhao = m('赵七', '13800138004', jia.id, gdj.id, '2020-04-05')
  const wang = m('王五', '13800138005', yi.id, null, '2020-05-01')
  const e1 = a('event.create', { communityId: jia.id, title: '清积水', category: '环境卫生', date: '2020-04-15', startTime: '09:00', endTime: '12:00', place: '甲社区广场' })
  const e2 = a('event.create', { communityId: yi.id, title: '交通护畅', category: '交通护畅', date: '2020-06-02', startTime: '14:00', endTime: '16:00' })
  const e3 = a('event.create', { communityId: jia.id, title: '慰问', category: '帮扶慰问', date: '2020-06-03', startTime: '09:00', endTime: '10:00' })
  a('attendance.add', { eventId: e1.id, memberIds: [zhang.id, li.id, zhao.id] })
  a('attendance.add', { eventId: e2.id, memberIds: [zhang.id, liu.id] })
  a('attendance.add', { eventId: e3.id, memberIds: [zhang.id] })
  const liAtE1 = a('attendance.list', { eventId: e1.id }).rows.find((r) => r.memberId === li.id)!
  a('attendance.update', { id: liAtE1.id, hours: 2.5 })
  a('member.remove', { id: zhao.id }) // archived: it has a sign-in
  const n1 = a('need.create', { communityId: jia.id, title: '纠纷调解', category: '调解纠纷', places: 2 })
  const n3 = a('need.create', { communityId: jia.id, title: '楼道清理', category: '其他', places: 1 })
  const n2 = a('need.create', { communityId: yi.id, title: '探访老人', category: '帮扶慰问', places: 1 })
  a('claim.add', { needId: n1.id, memberIds: [zhang.id, li.id] })
  a('claim.add', { needId: n2.id, memberIds: [wang.id] })
  // dates as they would have been in 2020
  db.prepare("UPDATE need SET created_at = '2020-04-01T02:00:00.000Z'").run()
  db.prepare("UPDATE claim SET claimed_on = CASE member_id WHEN ? THEN '2020-05-10' ELSE '2020-04-20' END").run(wang.id)
  const claims = db.prepare('SELECT id, member_id FROM claim').all() as Array<{ id: number; member_id: number }>
  const claimOf = (memberId: number): number => claims.find((c) => c.member_id === memberId)!.id
  a('claim.update', { id: claimOf(zhang.id), status: '已完成', hours: 4, finishedOn: '2020-05-01' })
  a('claim.update', { id: claimOf(wang.id), status: '已完成', hours: 3, finishedOn: '2020-05-20' })
  a('feedback.create', { memberId: zhang.id, eventId: e1.id, rating: '满意', date: '2020-04-16' })
  a('feedback.create', { memberId: zhang.id, claimId: claimOf(zhang.id), rating: '不满意', date: '2020-05-02' })
  return { a, jia, yi, gdj, n3 }
}

const RANGE = { from: '2020-04-01', to: '2020-06-02' }
const values = (rows: Array<Record<string, unknown>>, keys: string[]) => rows.map((r) => keys.map((k) => r[k]))

/** What every report must say, worked out by hand from the register above. */
const EXPECTED: Record<ReportKind, { keys: string[]; rows: unknown[][]; sum: unknown[] | null }> = {
  registration: {
    keys: ['community', 'registered', 'newRegistered', 'units', 'events', 'attendance', 'participants', 'rate', 'hours', 'needsListed', 'needsClaimed', 'needsCompleted'],
    rows: [
      ['甲社区', 2, 1, 1, 1, 3, 2, 100, 7.5, 2, 1, 0],
      ['乙村', 1, 1, 0, 1, 0, 0, 0, 0, 1, 1, 1]
    ],
    sum: ['合计', 3, 2, 1, 2, 3, 2, 66.7, 7.5, 3, 2, 1]
  },
  events: {
    keys: ['date', 'community', 'title', 'category', 'place', 'participants', 'hours'],
    rows: [
      ['2020-04-15', '甲社区', '清积水', '环境卫生', '甲社区广场', 3, 8.5],
      ['2020-06-02', '乙村', '交通护畅', '交通护畅', '', 2, 4]
    ],
    sum: ['合计', null, null, null, null, 5, 12.5]
  },
  members: {
    keys: ['community', 'name', 'phone', 'unit', 'registeredAt', 'events', 'hours', 'claims', 'lastActivity'],
    rows: [
      ['甲社区', '李四', '138****8002', '税务局', '2020-04-10', 1, 2.5, 1, '2020-04-15'],
      ['甲社区', '张三', '138****8001', '供电局', '2020-03-01', 2, 5, 1, '2020-06-02'],
      ['乙村', '王五', '138****8005', null, '2020-05-01', 0, 0, 1, null]
    ],
    sum: ['合计', null, null, null, null, 3, 7.5, 3, null]
  },
  inactive: { keys: ['community', 'name', 'phone', 'unit', 'registeredAt', 'lastActivity'], rows: [['乙村', '王五', '138****8005', null, '2020-05-01', null]], sum: null },
  needs: {
    keys: ['community', 'title', 'places', 'claimed', 'completed', 'status'],
    rows: [
      ['甲社区', '纠纷调解', 2, 2, 1, '已满'],
      ['甲社区', '楼道清理', 1, 0, 0, '待认领'],
      ['乙村', '探访老人', 1, 1, 1, '已完成']
    ],
    sum: ['合计', null, 4, 3, 2, null]
  },
  units: {
    keys: ['unit', 'name', 'community', 'events', 'hours', 'claims', 'claimsDone', 'claimHours', 'feedback', 'satisfied'],
    rows: [
      ['供电局', '张三', '甲社区', 2, 5, 1, 1, 4, 2, 1],
      ['税务局', '李四', '甲社区', 1, 2.5, 1, 0, 0, 0, 0]
    ],
    sum: ['合计', null, null, 3, 7.5, 2, 1, 4, 2, 1]
  }
}

describe('reports, every number checked against values worked out by hand', () => {
  for (const [kind, want] of Object.entries(EXPECTED) as Array<[ReportKind, (typeof EXPECTED)[ReportKind]]>) {
    it(`${kind}: in the app`, () => {
      const db = tempDb()
      const { a } = register(db)
      const r = a('report.get', { kind, ...RANGE, pageSize: 100 })
      expect(values(r.rows, want.keys)).toEqual(want.rows)
      expect(r.total).toBe(want.rows.length)
      expect(r.sum && want.keys.map((k) => r.sum![k])).toEqual(want.sum)
    })
  }

  it('filters to one community or one unit', () => {
    const db = tempDb()
    const { a, yi, gdj } = register(db)
    expect(values(a('report.get', { kind: 'registration', ...RANGE, communityId: yi.id }).rows, ['community', 'registered'])).toEqual([['乙村', 1]])
    expect(values(a('report.get', { kind: 'members', ...RANGE, unitId: gdj.id }).rows, ['name'])).toEqual([['张三']])
  })

  it('the table always shows masked phones; only the logged full export carries whole numbers', async () => {
    const db = tempDb()
    register(db)
    const logged = db.prepare('SELECT COUNT(*) FROM audit').pluck().get()
    // `full` is not part of report.get: sent anyway, it is dropped and the numbers stay masked
    const shown = (await raw(db, 'report.get', { kind: 'inactive', ...RANGE, full: true })) as { ok: true; data: { rows: Array<{ phone: string }> } }
    expect(shown.data.rows[0].phone).toBe('138****8005')
    expect(db.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(logged)
    const file = await apiAsync(db, 'report.export', { kinds: ['inactive'], format: 'csv', ...RANGE, jobId: 'full-1', full: true })
    expect(Buffer.from(file.base64, 'base64').toString('utf8')).toContain('13800138005')
    expect(db.prepare('SELECT kind FROM audit ORDER BY id DESC LIMIT 1').pluck().get()).toBe('完整导出')
  })

  it('the exported workbook holds the same numbers, formatted for print', async () => {
    const db = tempDb()
    register(db)
    const kinds = Object.keys(EXPECTED) as ReportKind[]
    const file = await apiAsync(db, 'report.export', { kinds, ...RANGE, jobId: 'test-1' })
    expect(file.fileName).toBe('石湾镇街道在职党员进社区报表_20200602.xlsx')
    const bytes = Buffer.from(file.base64, 'base64')
    const wb = XLSX.read(bytes)
    expect(wb.SheetNames).toEqual(['在职党员报到情况统计表', '志愿服务活动台账', '在职党员服务台账', '未参与活动党员名单', '服务清单认领情况表', '单位反馈表'])
    kinds.forEach((kind, i) => {
      const rows = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[i]], { header: 1, defval: null }) as unknown[][]
      expect(rows[0][0]).toBe(`石湾镇街道${wb.SheetNames[i]}`)
      expect(rows[1][0]).toBe('统计时间:2020年4月1日至2020年6月2日')
      const keys = EXPECTED[kind].keys
      const cols = (rows[2] as string[]).length
      const data = rows.slice(3, 3 + EXPECTED[kind].rows.length)
      // compare the same columns the in-app check uses, read back by header position
      const table = api(db)('report.get', { kind, ...RANGE })
      const index = keys.map((k) => table.columns.findIndex((c) => c.key === k))
      expect(data.map((r) => index.map((j) => r[j] ?? null))).toEqual(EXPECTED[kind].rows.map((r) => r.map((v) => (v === '' ? null : v))))
      if (EXPECTED[kind].sum) expect(index.map((j) => rows[3 + EXPECTED[kind].rows.length][j] ?? null)).toEqual(EXPECTED[kind].sum)
      expect(cols).toBe(table.columns.length)
    })

    const x = new ExcelJS.Workbook()
    await x.xlsx.load(bytes as unknown as ArrayBuffer)
    const ws = x.getWorksheet('在职党员报到情况统计表')!
    expect((ws.model as unknown as { merges: string[] }).merges).toEqual(expect.arrayContaining(['A1:L1', 'A2:L2']))
    expect(ws.getColumn(1).width).toBe(16)
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 })
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1, fitToHeight: 0 })
    expect(ws.getRow(3).getCell(1).font?.bold).toBe(true)
    expect(ws.getRow(3).getCell(1).border?.top?.style).toBe('thin')
    const xml = await (await import('jszip')).default.loadAsync(bytes)
    const workbookXml = await xml.file('xl/workbook.xml')!.async('string')
    expect(workbookXml).toContain('_xlnm.Print_Titles')
    const sheetXml = await xml.file('xl/worksheets/sheet1.xml')!.async('string')
    expect(sheetXml).toMatch(/<oddFooter>[^<]*&amp;P[^<]*<\/oddFooter>/)
  })

  it('CSV starts with a UTF-8 BOM and keeps formula-like text as text', async () => {
    const db = tempDb()
    const { a, jia } = register(db)
    a('event.create', { communityId: jia.id, title: '=HYPERLINK("http://x")', category: '其他', date: '2020-05-05' })
    const file = await apiAsync(db, 'report.export', { kinds: ['events'], format: 'csv', ...RANGE, jobId: 'test-2' })
    const bytes = Buffer.from(file.base64, 'base64')
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    expect(text.split('\r\n')[0]).toBe('日期,村居,活动名称,类别,地点,参与人数,服务时长(小时)')
    expect(text).toContain(`2020-05-05,甲社区,"'=HYPERLINK(""http://x"")",其他,,0,0`)
    expect(text).toContain('合计,,,,,5,12.5')
  })

  it('the dashboard shows the totals as of a date', () => {
    const db = tempDb()
    const { a } = register(db)
    const d = a('dashboard.get', { asOf: '2020-06-02' })
    expect(d).toMatchObject({ members: 3, newThisMonth: 0, communities: 2, units: 2, events: 2, attendance: 5, participants: 4, hours: 12.5 })
    expect(d.needs).toEqual({ listed: 3, claimed: 2, completed: 1 })
    expect(d.monthly).toEqual([
      { month: '2020-04', events: 1, attendance: 3 },
      { month: '2020-06', events: 1, attendance: 2 }
    ])
    // members by where they live; sign-ins at the activities each community held (e1: 3, e2 on the last day: 2)
    expect(d.byCommunity.map((c) => [c.name, c.members, c.attendance])).toEqual([
      ['甲社区', 2, 3],
      ['乙村', 1, 2]
    ])
  })
})

describe('export jobs', () => {
  it('can be cancelled while they run, leaving no file', async () => {
    const db = tempDb()
    api(db)('demo.load', {})
    const { call } = await import('../src/main/api')
    const running = call(db, 'report.export', { kinds: ['members'], from: '2020-01-01', to: '2020-12-31', jobId: 'cancel-me' })
    expect(await call(db, 'report.cancel', { jobId: 'cancel-me' })).toEqual({ ok: true, data: { cancelled: true } })
    expect(await running).toEqual({ ok: false, error: { code: 'invalid', message: '导出已取消,没有生成文件。' } })
    expect(await call(db, 'report.cancel', { jobId: 'cancel-me' })).toEqual({ ok: true, data: { cancelled: false } })
  })
})
