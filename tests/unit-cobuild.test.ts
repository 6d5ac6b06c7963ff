/**
 * The unit side of 双报到, on a register built by hand (range 2020-04-01 to 2020-06-30):
 * - 供电局 reported to 甲社区 on 2020-03-01, changed to 乙村 on 2020-05-15 (甲 ended, 乙 began that day).
 *   税务局 reported to 甲社区 on 2020-06-10.
 * - Members: 张三 供电局 甲 (03-01), 李四 供电局 乙 (04-01), 王五 税务局 甲 (01-01), 赵六 no unit 甲 (01-01).
 * - n1 甲 加装电梯协调 (2 places): 供电局 adopts it 04-10 (one place), 赵六 claims it; 供电局's project is served by
 *   张三 3 h and 李四 2.5 h and completed 05-20; 赵六 completes 06-01 with 4 h. n2 乙 探访独居老人 (1 place):
 *   税务局 adopts it 06-01, still open.
 * - Activities organised by units: e1 甲 04-20 09:00–11:00 by 供电局 (张三 赵六 王五 signed), e2 乙 06-05 14:00–17:00 by
 *   供电局 (李四), e3 甲 07-05 by 供电局 (after the range, 张三), e4 甲 05-01 by 税务局 (王五) archived.
 */
import Database from 'better-sqlite3'
import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS } from '../src/main/db/migrate'
import unitCobuilding from '../src/main/db/migrations/0009_unit_cobuilding'
import type { DB } from '../src/main/db/open'
import { api, apiAsync, dump, expectError, rejection, tempDb } from './helpers'

const RANGE = { from: '2020-04-01', to: '2020-06-30' }
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])

function register(db: DB) {
  const a = api(db)
  a('settings.update', { orgName: '石湾镇街道', operator: '' })
  const jia = a('community.create', { name: '甲社区', kind: '社区' })
  const yi = a('community.create', { name: '乙村', kind: '村' })
  const gdj = a('unit.create', { name: '供电局', kind: '国有企业', communityId: jia.id, reportedOn: '2020-03-01' })
  const swj = a('unit.create', { name: '税务局', kind: '机关' })
  const [toJia] = a('pairing.list', { unitId: gdj.id })
  a('pairing.end', { id: toJia.id, endedOn: '2020-05-15', reason: '结对调整' })
  const toYi = a('pairing.add', { unitId: gdj.id, communityId: yi.id, startDate: '2020-05-15' })
  const swjJia = a('pairing.add', { unitId: swj.id, communityId: jia.id, startDate: '2020-06-10' })
  const m = (name: string, phone: string, communityId: number, unitId: number | null, registeredAt: string) => a('member.create', { name, phone, communityId, unitId, registeredAt })
  const zhang = m('张三', '13800138001', jia.id, gdj.id, '2020-03-01')
  const li = m('李四', '13800138002', yi.id, gdj.id, '2020-04-01')
  const wang = m('王五', '13800138003', jia.id, swj.id, '2020-01-01')
  const zhao = m('赵六', '13800138004', jia.id, null, '2020-01-01')
  const n1 = a('need.create', { communityId: jia.id, title: '加装电梯协调', category: '加装电梯', places: 2 })
  const n2 = a('need.create', { communityId: yi.id, title: '探访独居老人', category: '帮扶慰问', places: 1 })
  db.prepare("UPDATE need SET created_at = '2020-04-01T02:00:00.000Z'").run()
  const project = a('unitClaim.add', { needId: n1.id, unitId: gdj.id, claimedOn: '2020-04-10' })
  a('claim.add', { needId: n1.id, memberIds: [zhao.id] })
  db.prepare("UPDATE claim SET claimed_on = '2020-04-12'").run()
  const ev = (communityId: number, unitId: number, title: string, date: string, startTime = '', endTime = '') =>
    a('event.create', { communityId, unitId, title, category: '其他', date, startTime, endTime })
  const e1 = ev(jia.id, gdj.id, '清理楼道', '2020-04-20', '09:00', '11:00')
  const e2 = ev(yi.id, gdj.id, '交通护畅', '2020-06-05', '14:00', '17:00')
  const e3 = ev(jia.id, gdj.id, '慰问', '2020-07-05', '09:00', '10:00')
  const e4 = ev(jia.id, swj.id, '宣传', '2020-05-01', '09:00', '10:00')
  a('attendance.add', { eventId: e1.id, memberIds: [zhang.id, zhao.id, wang.id] })
  a('attendance.add', { eventId: e2.id, memberIds: [li.id] })
  a('attendance.add', { eventId: e3.id, memberIds: [zhang.id] })
  a('attendance.add', { eventId: e4.id, memberIds: [wang.id] })
  a('event.remove', { id: e4.id }) // archived: it has a sign-in
  return { a, jia, yi, gdj, swj, toJia, toYi, swjJia, zhang, li, wang, zhao, n1, n2, project, e1 }
}

function complete(r: ReturnType<typeof register>) {
  const { a, project, zhang, li, n1, n2, swj } = r
  a('unitClaim.serve', { id: project.id, members: [{ memberId: zhang.id, hours: 3 }, { memberId: li.id, hours: 2.5 }] })
  a('unitClaim.update', { id: project.id, status: '已完成', finishedOn: '2020-05-20', note: '协调完成' })
  const own = a('claim.list', { needId: n1.id }).rows[0]
  a('claim.update', { id: own.id, status: '已完成', hours: 4, finishedOn: '2020-06-01' })
  a('unitClaim.add', { needId: n2.id, unitId: swj.id, claimedOn: '2020-06-01' })
}

describe('单位报到: dated pairings', () => {
  it('keeps every pairing with its dates; each figure uses the pairings in force on its date', () => {
    const db = tempDb()
    const { a, jia, yi, gdj, swj } = register(db)
    const history = a('pairing.list', { unitId: gdj.id }).map((p) => [p.communityName, p.startDate, p.endedOn, p.current])
    expect(history).toEqual([
      ['乙村', '2020-05-15', null, true],
      ['甲社区', '2020-03-01', '2020-05-15', false]
    ])
    // the unit's one community column follows the pairing in force
    expect(a('unit.get', { id: gdj.id })).toMatchObject({ communityName: '乙村', pairedNames: '乙村', reportedOn: '2020-05-15' })
    expect(a('community.get', { id: jia.id }).unitCount).toBe(1) // 税务局 today
    expect(a('unit.list', { communityId: jia.id }).rows.map((u) => u.name)).toEqual(['税务局'])
    // report 1's 结对单位 as of a date
    const units = (to: string) => a('report.get', { kind: 'registration', from: '2020-04-01', to }).rows.map((r) => [r.community, r.units])
    expect(units('2020-04-30')).toEqual([['甲社区', 1], ['乙村', 0]])
    expect(units('2020-05-14')).toEqual([['甲社区', 1], ['乙村', 0]])
    expect(units('2020-05-15')).toEqual([['甲社区', 0], ['乙村', 1]])
    expect(units('2020-06-30')).toEqual([['甲社区', 1], ['乙村', 1]])
    expect(a('pairing.list', { communityId: jia.id }).map((p) => p.unitName)).toEqual(['税务局', '供电局'])
    void swj
    void yi
  })

  it('refuses, in Chinese and changing nothing, an overlapping pairing, an unknown community and dates out of order', () => {
    const db = tempDb()
    const { a, yi, gdj, toYi } = register(db)
    const before = dump(db)
    expect(expectError(() => a('pairing.add', { unitId: gdj.id, communityId: yi.id, startDate: '2020-06-01' })).message).toMatch(/已于 2020-05-15 起与"乙村"结对.*时间重叠/)
    expect(expectError(() => a('pairing.add', { unitId: gdj.id, communityId: 9999, startDate: '2020-06-01' })).message).toBe('所选村居不存在,请重新选择。')
    expect(expectError(() => a('pairing.end', { id: toYi.id, endedOn: '2020-05-15' })).message).toMatch(/结束日期应晚于报到日期 2020-05-15/)
    expect(expectError(() => a('pairing.edit', { id: toYi.id, startDate: '2020-05-15', endedOn: '2020-03-01' })).message).toBe('请检查:结束日期应晚于报到日期')
    expect(expectError(() => a('pairing.add', { unitId: gdj.id, communityId: yi.id, startDate: '2099-01-01' })).message).toBe('报到日期不能晚于今天。')
    expect(dump(db)).toBe(before)
  })

  it('the migration turns the old 结对村居 column into one open pairing dated on the day the unit was entered (Beijing time)', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = OFF') // as migrate() runs them
    const at = MIGRATIONS.indexOf(unitCobuilding)
    for (const m of MIGRATIONS.slice(0, at)) db.exec(m)
    db.exec(`INSERT INTO community (id, name, kind, created_at, updated_at) VALUES (1, '丽豪社区', '社区', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z');
      INSERT INTO unit (id, name, kind, community_id, created_at, updated_at) VALUES (1, '佛山供电局', '国有企业', 1, '2020-03-01T18:30:00.000Z', '2020-03-01T18:30:00.000Z'),
        (2, '禅城区教育局', '机关', NULL, '2020-03-01T00:00:00Z', '2020-03-01T00:00:00Z');
      INSERT INTO import_batch (id, kind, file_name, sha256, created_at, rows) VALUES (1, 'roster', 'a.xlsx', 'x', '2020-01-01', 3);
      INSERT INTO import_change (batch_id, tbl, row_id, op) VALUES (1, 'unit', 1, 'insert');`)
    db.exec(unitCobuilding)
    expect(db.prepare('SELECT unit_id, community_id, start_date, ended_on FROM unit_pairing').all()).toEqual([{ unit_id: 1, community_id: 1, start_date: '2020-03-02', ended_on: null }])
    expect(db.prepare('SELECT kind, rows FROM import_batch').all()).toEqual([{ kind: 'roster', rows: 3 }])
    expect(db.prepare('SELECT COUNT(*) FROM import_change').pluck().get()).toBe(1)
    db.close()
  })
})

describe('共建协议', () => {
  const base = (pairingId: number) => ({
    pairingId, signedOn: '2025-12-20', validFrom: '2026-01-01', validTo: '2026-12-20', unitDuties: '每季度组织党员进社区服务不少于一次', communityDuties: '提供活动场地和服务清单',
    unitSignatory: '陈局长', communitySignatory: '李书记'
  })

  it('keeps the scanned copy in the database and gives it back byte for byte', async () => {
    const db = tempDb()
    const { a, toYi } = register(db)
    const g = a('agreement.save', { ...base(toYi.id), scan: { fileName: '共建协议.pdf', base64: PDF.toString('base64') } })
    expect(g).toMatchObject({ unitName: '供电局', communityName: '乙村', scanName: '共建协议.pdf', scanType: 'application/pdf', scanSize: PDF.length })
    const file = await apiAsync(db, 'agreement.scan', { id: g.id })
    expect(Buffer.from(file.base64, 'base64').equals(PDF)).toBe(true)
    expect(file).toMatchObject({ fileName: '供电局_乙村_共建协议_2026.pdf', type: 'application/pdf' })
    expect(db.prepare('SELECT typeof(scan) FROM agreement').pluck().get()).toBe('blob')
    // saving again without a scan keeps it; null removes it
    expect(a('agreement.save', { ...base(toYi.id), id: g.id, note: '续签中' }).scanSize).toBe(PDF.length)
    expect(a('agreement.save', { ...base(toYi.id), id: g.id, scan: null }).scanSize).toBe(0)
    expect((await rejection(apiAsync(db, 'agreement.scan', { id: g.id }))).message).toBe('这份协议没有上传扫描件。')
    expect(a('agreement.list', { unitId: toYi.unitId }).map((x) => x.note)).toEqual([''])
  })

  it('refuses an oversized or forged scan, in Chinese, with the data untouched', async () => {
    const db = tempDb()
    const { a, toYi } = register(db)
    const before = dump(db)
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)
    PDF.copy(big)
    const save = (fileName: string, bytes: Buffer) => expectError(() => a('agreement.save', { ...base(toYi.id), scan: { fileName, base64: bytes.toString('base64') } })).message
    expect(save('大扫描件.pdf', big)).toBe('扫描件有 10.0 MB,超过 10 MB 的上限,请压缩或降低扫描分辨率后再上传。')
    expect(save('更大的扫描件.pdf', Buffer.concat([big, big]))).toBe('请检查:扫描件超过 10 MB 的上限,请压缩或降低扫描分辨率后再上传')
    expect(save('协议.pdf', Buffer.from('这其实是一个文本文件'))).toBe('"协议.pdf"的内容不是真正的PDF(可能是改了扩展名的其他文件),未保存。请上传扫描得到的原始文件。')
    expect(save('协议.pdf', PNG)).toBe('"协议.pdf"的扩展名是 .pdf,内容却是PNG 图片,未保存。请改正扩展名或重新导出后再上传。')
    expect(save('协议.docx', PDF)).toBe('扫描件只能是 PDF、JPEG 或 PNG 文件,"协议.docx"不是。请扫描或导出为这几种格式后再上传。')
    expect(expectError(() => a('agreement.save', { ...base(toYi.id), validFrom: '2019-01-01', validTo: '2019-12-31' })).message).toMatch(/与结对期间.*没有重合/)
    expect(expectError(() => a('agreement.save', { ...base(toYi.id), validTo: '2025-12-31' })).message).toBe('请检查:协议结束日期不能早于开始日期')
    // nothing but dates (the dialog fills them in): refused, and nothing saved
    expect(expectError(() => a('agreement.save', { ...base(toYi.id), unitDuties: '', communityDuties: ' ' })).fields?.unitDuties).toBe('请填写承诺事项或上传扫描件')
    expect(dump(db)).toBe(before)
  })

  it('lists on 工作台 the agreements ending within 30 days and those already ended, for pairings in force', () => {
    const db = tempDb()
    const { a, jia, toYi, toJia, swjJia } = register(db)
    const other = a('unit.create', { name: '教育局', kind: '机关', communityId: jia.id, reportedOn: '2020-01-01' })
    const [otherPairing] = a('pairing.list', { unitId: other.id })
    a('agreement.save', { ...base(toYi.id), validTo: '2026-12-20' }) // ends in 19 days
    a('agreement.save', { ...base(swjJia.id), validFrom: '2025-01-01', validTo: '2026-11-01' }) // ended 30 days ago
    a('agreement.save', { ...base(otherPairing.id), validFrom: '2024-01-01', validTo: '2025-12-31' }) // ended, but renewed:
    a('agreement.save', { ...base(otherPairing.id), validFrom: '2026-01-01', validTo: '2027-12-31' })
    a('agreement.save', { ...base(toJia.id), signedOn: '2020-03-01', validFrom: '2020-03-01', validTo: '2020-12-31' }) // its pairing ended
    const list = a('agreement.expiring', { asOf: '2026-12-01', days: 30 }).map((g) => [g.unitName, g.communityName, g.validTo, g.daysLeft])
    expect(list).toEqual([
      ['税务局', '甲社区', '2026-11-01', -30],
      ['供电局', '乙村', '2026-12-20', 19]
    ])
    expect(a('agreement.expiring', { asOf: '2026-12-01', days: 10 }).map((g) => g.unitName)).toEqual(['税务局'])
  })
})

describe('共建项目 and unit activities', () => {
  it('a unit claim takes one place, is served by its own members and completed by them; their hours are 认领时长', () => {
    const db = tempDb()
    const r = register(db)
    const { a, n1, project, wang, gdj, swj } = r
    expect(a('need.get', { id: n1.id })).toMatchObject({ status: '已满', open: 2, done: 0 })
    const before = dump(db)
    expect(expectError(() => a('unitClaim.add', { needId: n1.id, unitId: swj.id })).message).toMatch(/已满。如确需超额认领/)
    expect(expectError(() => a('unitClaim.add', { needId: n1.id, unitId: gdj.id, overPlaces: true })).message).toBe('"供电局"已认领该项目且尚未完成,不能重复认领。')
    expect(expectError(() => a('unitClaim.serve', { id: project.id, members: [{ memberId: wang.id, hours: 2 }] })).message).toBe('"王五"不是"供电局"的党员,共建项目只登记本单位党员的服务。')
    expect(expectError(() => a('unitClaim.update', { id: project.id, status: '已完成', finishedOn: '2020-05-20' })).message).toBe('请先登记参与服务的本单位党员及各人的服务时长,再标记完成。')
    expect(dump(db)).toBe(before)
    complete(r)
    expect(a('unitClaim.list', { unitId: gdj.id })).toMatchObject([{ needTitle: '加装电梯协调', status: '已完成', finishedOn: '2020-05-20', hours: 5.5, members: [{ name: '李四', hours: 2.5 }, { name: '张三', hours: 3 }] }])
    expect(a('need.get', { id: n1.id })).toMatchObject({ status: '已完成', open: 0, done: 2 })
    expect(a('need.get', { id: n1.id }).served.map((s) => [s.name, s.via])).toEqual([['李四', '共建项目'], ['张三', '共建项目'], ['赵六', '认领']])
    expect(expectError(() => a('unitClaim.update', { id: project.id, status: '已放弃', reason: 'x' })).message).toBe('该共建项目已完成,不能再更改。')
    // the unit page's period record counts them the same way
    expect(a('unit.record', { id: gdj.id, ...RANGE }).rows.map((x) => [x.name, x.claims, x.claimsDone, x.claimHours])).toEqual([['张三', 0, 1, 3], ['李四', 0, 1, 2.5]])
    // 认领时长 by the community each member was registered in on 05-20; report 1 counts both claims
    const members = a('report.get', { kind: 'members', ...RANGE }).rows.map((x) => [x.name, x.claims, x.claimHours])
    expect(members).toEqual([['王五', 0, 0], ['张三', 0, 3], ['赵六', 1, 4], ['李四', 0, 2.5]])
    const reg = a('report.get', { kind: 'registration', ...RANGE })
    // 甲: e1 3 × 2 h + 张三 3 h + 赵六 4 h; 乙: e2 李四 3 h + 李四 2.5 h
    expect(reg.rows.map((x) => [x.community, x.hours, x.needsListed, x.needsClaimed, x.needsCompleted])).toEqual([
      ['甲社区', 13, 1, 1, 1],
      ['乙村', 5.5, 1, 1, 0]
    ])
    const needs = a('report.get', { kind: 'needs', ...RANGE }).rows.map((x) => [x.title, x.claimed, x.completed, x.status, x.members])
    expect(needs).toEqual([
      ['加装电梯协调', 2, 2, '已完成', '赵六(已完成)、供电局(单位)(已完成)'],
      ['探访独居老人', 1, 0, '已满', '税务局(单位)(已认领)']
    ])
  })

  it('an activity names its organising unit; its sign-ins count for that unit; the summary adds up by hand', () => {
    const db = tempDb()
    const r = register(db)
    const { a, gdj, e1 } = r
    complete(r)
    expect(a('event.get', { id: e1.id })).toMatchObject({ unitId: gdj.id, unitName: '供电局' })
    expect(a('event.list', { unitId: gdj.id }).rows.map((e) => e.title)).toEqual(['慰问', '交通护畅', '清理楼道'])
    const t = a('report.get', { kind: 'unitSummary', ...RANGE })
    const keys = ['unit', 'reportedOn', 'communities', 'expected', 'registered', 'attendance', 'participants', 'eventHours', 'claims', 'claimsDone', 'unitClaims', 'unitClaimsDone', 'unitEvents', 'unitAttendance']
    expect(t.rows.map((x) => keys.map((k) => x[k]))).toEqual([
      // 供电局: paired with 乙 since 05-15; 张三 and 李四 registered; 张三 at e1 (2 h), 李四 at e2 (3 h); n1 adopted and done;
      // it organised e1 (3 signed) and e2 (1); e3 is after the range
      ['供电局', '2020-05-15', '乙村', null, 2, 2, 2, 5, 0, 0, 1, 1, 2, 4],
      // 税务局: paired with 甲 since 06-10; 王五 at e1; n2 adopted; e4 archived, not counted
      ['税务局', '2020-06-10', '甲社区', null, 1, 1, 1, 2, 0, 0, 1, 0, 0, 0]
    ])
    expect(keys.map((k) => t.sum![k])).toEqual(['合计', null, null, 0, 3, 3, 3, 7, 0, 0, 2, 1, 2, 4])
  })
})

describe('单位双报到工作台账', () => {
  it('one unit and a period: agreements, projects, activities and members’ service, one sheet each, print-ready', async () => {
    const db = tempDb()
    const r = register(db)
    complete(r)
    const { a, gdj, toYi } = r
    a('agreement.save', { pairingId: toYi.id, signedOn: '2020-05-15', validFrom: '2020-05-15', validTo: '2021-05-14', unitDuties: '认领服务项目', communityDuties: '提供场地', unitSignatory: '陈局长', communitySignatory: '李书记' })
    const file = await apiAsync(db, 'unit.ledger', { id: gdj.id, ...RANGE })
    expect(file.fileName).toBe('石湾镇街道_单位双报到工作台账_供电局_2020Q2.xlsx')
    const wb = XLSX.read(Buffer.from(file.base64, 'base64'))
    expect(wb.SheetNames).toEqual(['概况', '单位报到与共建协议', '共建项目', '组织活动', '党员服务'])
    const text = (name: string) =>
      (XLSX.utils.sheet_to_json(wb.Sheets[name], { header: 1, defval: '' }) as unknown[][]).map((r) => r.map(String).join('|').replace(/\|+$/, ''))
    expect(text('概况')[0]).toBe('石湾镇街道单位双报到工作台账')
    expect(text('概况').join('\n')).toMatch(/共建项目\|1\|1/)
    expect(text('单位报到与共建协议').join('\n')).toMatch(/乙村\|2020-05-15\|.*2020-05-15 至 2021-05-14/)
    expect(text('共建项目').join('\n')).toMatch(/加装电梯协调\|甲社区\|2020-04-10\|已完成\|2020-05-20\|李四 2.5、张三 3\|5.5/)
    expect(text('组织活动').join('\n')).toMatch(/2020-04-20\|甲社区\|清理楼道\|其他\|3\|1\|6/)
    expect(text('组织活动').join('\n')).not.toMatch(/慰问/)
    expect(text('党员服务').join('\n')).toMatch(/张三\|甲社区/)
  })
})
