import { describe, expect, it } from 'vitest'
import { SCHEMA_VERSION } from '../src/main/db/migrate'
import { api, dump, expectError, smallRegister, tempDb } from './helpers'

describe('communities', () => {
  it('creates, rejects a duplicate name, edits, and finds by pinyin initials', () => {
    const db = tempDb()
    const { a, lihao } = smallRegister(db)
    const before = dump(db)
    const dup = expectError(() => a('community.create', { name: ' 丽豪社区 ', kind: '社区' }))
    expect(dup.code).toBe('conflict')
    expect(dup.fields?.name).toContain('已存在')
    expect(dump(db)).toBe(before)

    expect(a('community.list', { keyword: 'lhsq' }).rows.map((c) => c.name)).toEqual(['丽豪社区'])
    expect(a('community.list', { keyword: 'LHSQ' }).total).toBe(1)
    expect(a('community.list', { keyword: 'hujing' }).rows.map((c) => c.name)).toEqual(['湖景社区'])
    // the community picker in every form searches the same key
    expect(a('community.options', {}).find((o) => o.name === '丽豪社区')?.search).toContain('lhsq')

    const edited = a('community.update', { id: lihao.id, name: '丽豪社区', kind: '社区', secretary: '陈书记', address: '陶瓷路1号' })
    expect(edited.secretary).toBe('陈书记')
    expect(a('community.get', { id: lihao.id })).toMatchObject({ memberCount: 1, unitCount: 1, eventCount: 1 })
  })

  it('sorts by pinyin and paginates in SQL with a total', () => {
    const db = tempDb()
    const a = api(db)
    const names = ['张槎村', '安和社区', '白云社区', '城南社区', '东平社区']
    for (const name of names) a('community.create', { name, kind: name.endsWith('村') ? '村' : '社区' })
    const page1 = a('community.list', { page: 1, pageSize: 2, sort: 'name' })
    const page3 = a('community.list', { page: 3, pageSize: 2, sort: 'name' })
    expect(page1.total).toBe(5)
    expect(page1.rows.map((r) => r.name)).toEqual(['安和社区', '白云社区'])
    expect(page3.rows.map((r) => r.name)).toEqual(['张槎村'])
    expect(a('community.list', { sort: 'name', order: 'desc', pageSize: 1 }).rows[0].name).toBe('张槎村')
    expect(a('community.list', { kind: '村' }).rows.map((r) => r.name)).toEqual(['张槎村'])
  })

  it('deletes an unused community but archives one with members, and restores it', () => {
    const db = tempDb()
    const { a, lihao } = smallRegister(db)
    const lonely = a('community.create', { name: '空置社区', kind: '社区' })
    expect(a('community.remove', { id: lonely.id })).toEqual({ outcome: 'deleted' })
    expect(expectError(() => a('community.get', { id: lonely.id })).code).toBe('not_found')

    const r = a('community.remove', { id: lihao.id })
    expect(r.outcome).toBe('archived')
    expect(r.outcome === 'archived' && r.reason).toContain('1 名党员')
    expect(a('community.list', {}).rows.map((c) => c.name)).toEqual(['湖景社区'])
    expect(a('community.list', { archived: 'archived' }).rows.map((c) => c.name)).toEqual(['丽豪社区'])
    // history stays: the member and the activity still point at the community
    expect(a('member.list', { communityId: lihao.id }).total).toBe(1)
    // nothing new may be attached to an archived community
    const e = expectError(() => a('member.create', { name: '李四', phone: '13700137000', communityId: lihao.id, registeredAt: '2020-05-01' }))
    expect(e.message).toContain('已归档')
    a('community.restore', { id: lihao.id })
    expect(a('community.list', {}).total).toBe(2)
  })
})

describe('units', () => {
  it('pairs a unit with a community, filters by it and archives a unit with members', () => {
    const db = tempDb()
    const { a, lihao, unit } = smallRegister(db)
    a('unit.create', { name: '禅城区教育局', kind: '机关', partyOrg: '中共禅城区教育局机关委员会' })
    expect(a('unit.list', { communityId: lihao.id }).rows.map((u) => u.name)).toEqual(['佛山供电局'])
    expect(a('unit.list', { keyword: 'fsgdj' }).rows.map((u) => u.name)).toEqual(['佛山供电局'])
    expect(a('unit.list', { kind: '机关' }).rows.map((u) => u.name)).toEqual(['禅城区教育局'])
    expect(a('unit.get', { id: unit.id })).toMatchObject({ communityName: '丽豪社区', memberCount: 1 })
    const bad = expectError(() => a('unit.create', { name: '某单位', kind: '外企' as never }))
    expect(bad.fields?.kind).toContain('机关')
    expect(a('unit.remove', { id: unit.id }).outcome).toBe('archived')
    expect(a('unit.list', {}).total).toBe(1)
  })
})

describe('members', () => {
  it('validates phone and ID number and saves nothing when they are wrong', () => {
    const db = tempDb()
    const { a, lihao } = smallRegister(db)
    const before = dump(db)
    const base = { name: '李四', communityId: lihao.id, registeredAt: '2020-05-01' }
    expect(expectError(() => a('member.create', { ...base, phone: '1380013800' })).fields?.phone).toBe('手机号应为11位手机号码(以1开头)')
    expect(expectError(() => a('member.create', { ...base, phone: '23800138000' })).fields?.phone).toContain('11位')
    expect(expectError(() => a('member.create', { ...base, phone: '13700137000', idCard: '110105194912310021' })).fields?.idCard).toBe('身份证校验位不符,请核对号码')
    expect(expectError(() => a('member.create', { ...base, phone: '13700137000', idCard: '1.10105194912E+17' })).fields?.idCard).toContain('18位')
    expect(expectError(() => a('member.create', { ...base, phone: '13700137000', registeredAt: '2020-02-30' })).fields?.registeredAt).toBe('报到日期不是有效日期')
    expect(expectError(() => a('member.create', { ...base, name: '  ', phone: '13700137000' })).fields?.name).toBe('请填写姓名')
    expect(dump(db)).toBe(before)
  })

  it('normalises what clerks paste: full-width digits, dashes, padded names', () => {
    const db = tempDb()
    const { a, lihao } = smallRegister(db)
    const m = a('member.create', { name: '　李\u3000四 ', phone: '１３７-0013 7000', idCard: '11010519491231002x', communityId: lihao.id, registeredAt: '2020-05-01' })
    expect(m.name).toBe('李四')
    expect(a('member.reveal', { id: m.id })).toEqual({ phone: '13700137000', idCard: '11010519491231002X' })
  })

  it('keeps phone numbers unique among active members only', () => {
    const db = tempDb()
    const { a, lihao, zhang } = smallRegister(db)
    const base = { name: '张三丰', communityId: lihao.id, registeredAt: '2020-05-01' }
    const e = expectError(() => a('member.create', { ...base, phone: '138 0013 8000' }))
    expect(e.code).toBe('conflict')
    expect(e.fields?.phone).toContain('张三')
    // once 张三 has transferred out, the number may be given to someone else
    a('member.update', { ...a('member.reveal', { id: zhang.id }), id: zhang.id, name: '张三', communityId: lihao.id, registeredAt: '2020-04-15', status: '已转出' })
    const other = a('member.create', { ...base, phone: '13800138000' })
    expect(other.status).toBe('在册')
    // and 张三 cannot come back to 在册 with it while the other holds it
    const back = expectError(() => a('member.update', { id: zhang.id, name: '张三', phone: '13800138000', communityId: lihao.id, registeredAt: '2020-04-15', status: '在册' }))
    expect(back.code).toBe('conflict')
  })

  it('masks phone and ID in lists and pages, and reveals them on request', () => {
    const db = tempDb()
    const { a, lihao } = smallRegister(db)
    const m = a('member.create', { name: '赵六', phone: '13612345678', idCard: '11010519491231002X', communityId: lihao.id, registeredAt: '2020-05-01' })
    const row = a('member.list', { keyword: '赵六' }).rows[0]
    expect(row.phone).toBe('136****5678')
    expect(row.idCard).toBe('1101**********002X')
    expect(a('member.get', { id: m.id }).phone).toBe('136****5678')
    expect(a('member.reveal', { id: m.id }).phone).toBe('13612345678')
    // only the number asked for leaves main
    expect(a('member.reveal', { id: m.id, field: 'phone' })).toEqual({ phone: '13612345678', idCard: '' })
    expect(a('member.reveal', { id: m.id, field: 'idCard' }).phone).toBe('')
  })

  it('filters by community, unit, status and registration date, and searches name, phone, unit and pinyin', () => {
    const db = tempDb()
    const { a, lihao, unit, zhang, wang } = smallRegister(db)
    const names = (input: Parameters<typeof a<'member.list'>>[1]): string[] => a('member.list', input).rows.map((m) => m.name)
    expect(names({ keyword: 'zs' })).toEqual(['张三'])
    expect(names({ keyword: 'wangfang' })).toEqual(['王芳'])
    // a phone by its whole number or last four digits only: an inner part would reveal the masked digits
    expect(names({ keyword: '13900139000' })).toEqual(['王芳'])
    expect(names({ keyword: '9000' })).toEqual(['王芳'])
    for (const inner of ['0013900', '1390013', '139', '3900139', '0139000']) expect(names({ keyword: inner }), inner).toEqual([])
    expect(names({ keyword: '供电' })).toEqual(['张三'])
    expect(names({ keyword: 'fsgdj' })).toEqual(['张三'])
    expect(names({ communityId: lihao.id })).toEqual(['张三'])
    expect(names({ unitId: unit.id })).toEqual(['张三'])
    expect(names({ registeredFrom: '2020-05-01', registeredTo: '2020-05-31' })).toEqual(['王芳'])
    expect(names({ sort: 'registeredAt', order: 'desc' })).toEqual(['王芳', '张三'])
    expect(names({ sort: 'name' })).toEqual(['王芳', '张三'])
    expect(names({ status: '已转出' })).toEqual([])
    expect(names({ keyword: '%' })).toEqual([])
    expect(zhang.id).not.toBe(wang.id)
  })

  it('archives a member with sign-ins and deletes one without', () => {
    const db = tempDb()
    const { a, zhang, wang, event } = smallRegister(db)
    a('attendance.add', { eventId: event.id, memberIds: [zhang.id] })
    const r = a('member.remove', { id: zhang.id })
    expect(r).toEqual({ outcome: 'archived', reason: '该党员有 1 条签到记录,已归档而非删除,服务记录全部保留。' })
    expect(a('event.get', { id: event.id }).attendanceCount).toBe(1)
    expect(a('member.remove', { id: wang.id })).toEqual({ outcome: 'deleted' })
    expect(a('member.list', { archived: 'all' }).rows.map((m) => m.name)).toEqual(['张三'])
  })
})

describe('activities and sign-ins', () => {
  it('signs members in with the activity duration as default hours, once each', () => {
    const db = tempDb()
    const { a, zhang, wang, event } = smallRegister(db)
    expect(a('attendance.add', { eventId: event.id, memberIds: [zhang.id, wang.id, zhang.id] })).toEqual({ added: 2, already: 0 })
    expect(a('attendance.add', { eventId: event.id, memberIds: [zhang.id] })).toEqual({ added: 0, already: 1 })
    const list = a('attendance.list', { eventId: event.id, sort: 'name' })
    expect(list.total).toBe(2)
    expect(list.rows.map((r) => [r.memberName, r.hours, r.memberPhone])).toEqual([
      ['王芳', 3, '139****9000'],
      ['张三', 3, '138****8000']
    ])
    expect(list.rows[0].signedAt).toBe('2020-06-02T09:00:00+08:00')
    const ev = a('event.get', { id: event.id })
    expect([ev.attendanceCount, ev.hours]).toEqual([2, 6])
  })

  it('edits hours within 0–24 and sums them on the member page', () => {
    const db = tempDb()
    const { a, zhang, event, lihao } = smallRegister(db)
    const second = a('event.create', { communityId: lihao.id, title: '开学交通护畅', category: '交通护畅', date: '2020-09-01', startTime: '07:00', endTime: '08:30' })
    a('attendance.add', { eventId: event.id, memberIds: [zhang.id] })
    a('attendance.add', { eventId: second.id, memberIds: [zhang.id] })
    const row = a('attendance.list', { eventId: event.id }).rows[0]
    const before = dump(db)
    expect(expectError(() => a('attendance.update', { id: row.id, hours: 25 })).message).toContain('24')
    expect(expectError(() => a('attendance.update', { id: row.id, hours: -1 })).message).toContain('不能小于0')
    expect(dump(db)).toBe(before)
    a('attendance.update', { id: row.id, hours: 2.5 })
    expect(a('member.get', { id: zhang.id })).toMatchObject({ hours: 4, attendanceCount: 2 })
    const mine = a('member.attendance', { memberId: zhang.id })
    expect(mine.hours).toBe(4)
    expect(mine.rows.map((r) => r.eventTitle)).toEqual(['开学交通护畅', '登革热防控清积水'])
    a('attendance.remove', { ids: [row.id] })
    expect(a('member.get', { id: zhang.id }).hours).toBe(1.5)
  })

  it('asks for hours when the activity has no times, and refuses archived members and activities', () => {
    const db = tempDb()
    const { a, zhang, wang, lihao, event } = smallRegister(db)
    const untimed = a('event.create', { communityId: lihao.id, title: '走访慰问', category: '帮扶慰问', date: '2020-06-03' })
    expect(expectError(() => a('attendance.add', { eventId: untimed.id, memberIds: [zhang.id] })).fields?.hours).toBe('请填写服务时长')
    expect(a('attendance.add', { eventId: untimed.id, memberIds: [zhang.id], hours: 2 }).added).toBe(1)
    a('attendance.add', { eventId: event.id, memberIds: [zhang.id] })
    a('member.remove', { id: zhang.id })
    const before = dump(db)
    expect(expectError(() => a('attendance.add', { eventId: event.id, memberIds: [wang.id, zhang.id] })).message).toContain('已归档')
    expect(dump(db)).toBe(before)
  })

  it('validates times and filters activities by community, category and date range', () => {
    const db = tempDb()
    const { a, lihao, hujing } = smallRegister(db)
    const e = expectError(() => a('event.create', { communityId: lihao.id, title: '倒挂', category: '其他', date: '2020-06-02', startTime: '10:00', endTime: '09:00' }))
    expect(e.fields?.endTime).toBe('结束时间应晚于开始时间')
    a('event.create', { communityId: hujing.id, title: '反诈宣传进社区', category: '宣传', date: '2020-07-01' })
    const titles = (input: Parameters<typeof a<'event.list'>>[1]): string[] => a('event.list', input).rows.map((r) => r.title)
    expect(titles({})).toEqual(['反诈宣传进社区', '登革热防控清积水'])
    expect(titles({ communityId: hujing.id })).toEqual(['反诈宣传进社区'])
    expect(titles({ category: '环境卫生' })).toEqual(['登革热防控清积水'])
    expect(titles({ dateFrom: '2020-06-02', dateTo: '2020-06-30' })).toEqual(['登革热防控清积水'])
    expect(titles({ keyword: 'fzxc' })).toEqual(['反诈宣传进社区'])
  })
})

describe('settings', () => {
  it('stores the organisation and operator names and shows where the database is', () => {
    const db = tempDb()
    const a = api(db)
    const info = a('settings.update', { orgName: ' 石湾镇街道 ', operator: '陈文员' })
    expect(info).toMatchObject({ orgName: '石湾镇街道', operator: '陈文员', dbPath: db.name, schemaVersion: SCHEMA_VERSION })
    expect(expectError(() => a('settings.update', { orgName: '', operator: '' })).fields?.orgName).toBe('请填写单位名称')
    // the hours 半天 / 全天 stand for on sign-in sheets without times
    expect(info.dayHours).toEqual({ half: 4, full: 8 })
    expect(a('settings.update', { orgName: '石湾镇街道', operator: '陈文员', halfDayHours: 3.5, fullDayHours: 7 }).dayHours).toEqual({ half: 3.5, full: 7 })
    expect(expectError(() => a('settings.update', { orgName: '石湾镇街道', operator: '', fullDayHours: 30 })).fields?.fullDayHours).toBe('全天按多少小时计不能超过24小时')
  })
})
