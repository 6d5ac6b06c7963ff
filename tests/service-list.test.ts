import { describe, expect, it } from 'vitest'
import { dump, expectError, smallRegister, tempDb } from './helpers'

function setup() {
  const db = tempDb()
  const r = smallRegister(db)
  const { a, lihao } = r
  // three more members in 丽豪社区 with different skills
  const li = a('member.create', { name: '李律师', phone: '13500135000', communityId: lihao.id, registeredAt: '2020-04-20', skills: ['法律咨询', '调解纠纷'] })
  const zhao = a('member.create', { name: '赵医生', phone: '13600136000', communityId: lihao.id, registeredAt: '2020-04-21', skills: ['医疗护理'] })
  const qian = a('member.create', { name: '钱调解', phone: '13300133000', communityId: lihao.id, registeredAt: '2020-04-22', skills: ['调解纠纷'] })
  const need = a('need.create', { communityId: lihao.id, title: '邻里纠纷调解', category: '调解纠纷', places: 2, skills: ['调解纠纷', '法律咨询'] })
  return { db, ...r, li, zhao, qian, need }
}

describe('the service list', () => {
  it("a need's status follows its claims, and places are enforced unless overridden", () => {
    const { db, a, li, qian, zhao, need } = setup()
    expect(need).toMatchObject({ status: '待认领', open: 0, done: 0, source: '社区列出' })
    expect(a('claim.add', { needId: need.id, memberIds: [li.id] }).need.status).toBe('认领中')
    expect(a('claim.add', { needId: need.id, memberIds: [qian.id] }).need.status).toBe('已满')
    const before = dump(db)
    const full = expectError(() => a('claim.add', { needId: need.id, memberIds: [zhao.id] }))
    expect(full.message).toContain('已满')
    expect(full.message).toContain('超额认领')
    expect(dump(db)).toBe(before)
    const over = a('claim.add', { needId: need.id, memberIds: [zhao.id], overPlaces: true })
    expect(over.need).toMatchObject({ status: '已满', open: 3 })

    const claims = a('claim.list', { needId: need.id }).rows
    expect(claims.find((c) => c.memberId === zhao.id)?.overPlaces).toBe(true)
    const [zc, qc, lc] = claims
    a('claim.update', { id: lc.id, status: '进行中' })
    a('claim.update', { id: lc.id, status: '已完成', hours: 6, note: '调解两户噪音纠纷' })
    a('claim.update', { id: zc.id, status: '已放弃', reason: '工作调动' })
    expect(a('need.get', { id: need.id })).toMatchObject({ status: '已满', open: 1, done: 1 })
    a('claim.update', { id: qc.id, status: '已完成', hours: 2 })
    expect(a('need.get', { id: need.id })).toMatchObject({ status: '已完成', open: 0, done: 2 })
    expect(a('need.list', { status: '已完成' }).rows.map((n) => n.title)).toEqual(['邻里纠纷调解'])
    expect(a('need.get', { id: need.id }).served.map((s) => s.name).sort()).toEqual(['李律师', '钱调解'])
    // a finished claim stays finished
    expect(expectError(() => a('claim.update', { id: lc.id, status: '进行中' })).message).toContain('不能再更改')
  })

  it('refuses claims on a closed need, by an archived member, or a second open claim, and bad hours', () => {
    const { db, a, li, qian, zhang, event, need } = setup()
    a('claim.add', { needId: need.id, memberIds: [li.id] })
    expect(expectError(() => a('claim.add', { needId: need.id, memberIds: [li.id] })).message).toContain('不能重复认领')
    a('attendance.add', { eventId: event.id, memberIds: [zhang.id] })
    a('member.remove', { id: zhang.id })
    const afterArchive = dump(db)
    expect(expectError(() => a('claim.add', { needId: need.id, memberIds: [zhang.id] })).message).toContain('已归档')
    expect(dump(db)).toBe(afterArchive)
    const claim = a('claim.list', { needId: need.id }).rows[0]
    expect(expectError(() => a('claim.update', { id: claim.id, status: '已完成', hours: -1 })).message).toContain('不能小于0')
    expect(expectError(() => a('claim.update', { id: claim.id, status: '已完成', hours: 25 })).message).toContain('每天24小时')
    expect(expectError(() => a('claim.update', { id: claim.id, status: '已放弃' })).fields?.reason).toBe('请填写放弃原因')
    a('need.close', { id: need.id, reason: '社区已自行解决' })
    expect(a('need.get', { id: need.id }).status).toBe('已关闭')
    expect(expectError(() => a('claim.add', { needId: need.id, memberIds: [qian.id] })).message).toContain('已关闭')
    expect(a('need.reopen', { id: need.id }).status).toBe('认领中')
  })

  it('a member with claims, or a community with needs, is archived rather than deleted', () => {
    const { a, qian, need, lihao } = setup()
    a('claim.add', { needId: need.id, memberIds: [qian.id] })
    expect(a('member.remove', { id: qian.id })).toEqual({ outcome: 'archived', reason: '该党员有 1 项认领,已归档而非删除,服务记录全部保留。' })
    const empty = a('community.create', { name: '新建社区', kind: '社区' })
    a('need.create', { communityId: empty.id, title: '试点项目', category: '其他' })
    expect(a('community.remove', { id: empty.id })).toMatchObject({ outcome: 'archived', reason: expect.stringContaining('1 个服务清单项目') })
    expect(lihao.id).not.toBe(empty.id)
  })

  it('suggests members of the community: wanted skills first, then fewest open claims', () => {
    const { a, li, need, lihao } = setup()
    const other = a('need.create', { communityId: lihao.id, title: '独居老人探访', category: '帮扶慰问', places: 5 })
    a('claim.add', { needId: other.id, memberIds: [li.id] })
    const names = a('need.suggest', { needId: need.id }).map((m) => [m.name, m.matched.length, m.openClaims])
    expect(names).toEqual([
      ['李律师', 2, 1],
      ['钱调解', 1, 0],
      ['张三', 0, 0],
      ['赵医生', 0, 0]
    ])
  })

  it('a forum suggestion becomes a need with source 座谈会提出 and is claimed on the spot', () => {
    const { a, lihao, li } = setup()
    const forum = a('event.create', { communityId: lihao.id, title: '在职党员座谈会', category: '座谈会', date: '2020-05-10', startTime: '15:00', endTime: '17:00' })
    const s = a('suggestion.create', { eventId: forum.id, text: '3栋楼道堆放杂物,存在消防隐患', memberId: li.id })
    const r2 = a('suggestion.create', { eventId: forum.id, text: '希望增设快递柜', resident: '陈阿姨' })
    expect(r2.memberName).toBeNull()
    expect(expectError(() => a('suggestion.create', { eventId: forum.id, text: '无名' })).fields?.resident).toContain('提出人')
    const { need } = a('suggestion.toNeed', { id: s.id, title: '清理3栋楼道杂物', category: '小区环境和综合服务提升', places: 2 })
    expect(need).toMatchObject({ source: '座谈会提出', communityId: lihao.id, status: '待认领', description: '3栋楼道堆放杂物,存在消防隐患' })
    a('claim.add', { needId: need.id, memberIds: [li.id] })
    expect(a('suggestion.list', { eventId: forum.id }).map((x) => [x.text, x.needTitle, x.needStatus])).toEqual([
      ['3栋楼道堆放杂物,存在消防隐患', '清理3栋楼道杂物', '认领中'],
      ['希望增设快递柜', null, null]
    ])
    expect(expectError(() => a('suggestion.toNeed', { id: s.id, title: 'x', category: '其他' })).code).toBe('conflict')
    // an activity held for the need shows on the need's page
    const held = a('event.create', { communityId: lihao.id, title: '楼道清理', category: '环境卫生', date: '2020-05-16', startTime: '09:00', endTime: '11:00', needId: need.id })
    a('attendance.add', { eventId: held.id, memberIds: [li.id] })
    const page = a('need.get', { id: need.id })
    expect(page.events.map((e) => [e.title, e.attendanceCount])).toEqual([['楼道清理', 1]])
    expect(page.served).toEqual([{ memberId: li.id, name: '李律师', via: expect.stringMatching(/认领/) }])
  })

  it("residents' evaluations give a community its satisfaction rate", () => {
    const { a, lihao, zhang, wang, event, need, li } = setup()
    a('attendance.add', { eventId: event.id, memberIds: [zhang.id] })
    a('claim.add', { needId: need.id, memberIds: [li.id] })
    const claim = a('claim.list', { memberId: li.id }).rows[0]
    a('feedback.create', { memberId: zhang.id, eventId: event.id, rating: '满意', date: '2020-06-02', residentName: '陈阿姨', residentPhone: '13912345678' })
    a('feedback.create', { memberId: zhang.id, eventId: event.id, rating: '基本满意', date: '2020-06-03' })
    a('feedback.create', { memberId: li.id, claimId: claim.id, rating: '不满意', comment: '上门太晚', date: '2020-06-04' })
    expect(expectError(() => a('feedback.create', { memberId: wang.id, eventId: event.id, rating: '满意', date: '2020-06-02' })).message).toContain('没有参加')
    const c = a('community.get', { id: lihao.id })
    expect([c.feedbackCount, c.satisfiedCount]).toEqual([3, 2])
    const mine = a('feedback.list', { memberId: zhang.id })
    expect([mine.total, mine.satisfied, mine.rows[1].residentPhone]).toEqual([2, 2, '139****5678'])
    expect(a('feedback.list', { communityId: lihao.id }).total).toBe(3)
  })

  it("a unit's quarterly record: its members, where they reported, sign-ins, claims, hours and evaluations in the period", () => {
    const { a, unit, zhang, event, lihao } = setup()
    const late = a('member.create', { name: '后来者', phone: '13100131000', communityId: lihao.id, registeredAt: '2020-08-01', unitId: unit.id })
    const need = a('need.create', { communityId: lihao.id, title: '加装电梯协调', category: '加装电梯', places: 1 })
    a('attendance.add', { eventId: event.id, memberIds: [zhang.id] })
    a('claim.add', { needId: need.id, memberIds: [zhang.id] })
    const claim = a('claim.list', { memberId: zhang.id }).rows[0]
    a('claim.update', { id: claim.id, status: '已完成', hours: 4, finishedOn: claim.claimedOn })
    a('feedback.create', { memberId: zhang.id, eventId: event.id, rating: '满意', date: '2020-06-05' })
    // one who left (转出) in the third quarter is in the second quarter's record, not the fourth's
    const gone = a('member.create', { name: '早走者', phone: '13200132000', communityId: lihao.id, registeredAt: '2020-03-01', unitId: unit.id })
    a('member.batch', { ids: [gone.id], action: 'transfer', changedOn: '2020-09-01' })
    const q2 = a('unit.record', { id: unit.id, from: '2020-04-01', to: '2020-06-30' })
    expect(q2.rows.map((r) => [r.name, r.communityName, r.status, r.events, r.hours, r.feedback, r.satisfied])).toEqual([
      ['早走者', '丽豪社区', '已转出', 0, 0, 0, 0],
      ['张三', '丽豪社区', '在册', 1, 3, 1, 1]
    ])
    expect(late.id).toBeGreaterThan(zhang.id)
    const q4 = a('unit.record', { id: unit.id, from: '2020-10-01', to: '2020-12-31' })
    expect(q4.rows.map((r) => [r.name, r.events])).toEqual([
      ['后来者', 0],
      ['张三', 0]
    ])
    // the same people as the 单位反馈表 (and the unit's 工作台账, which prints it) for the period
    const report = a('report.get', { kind: 'units', from: '2020-10-01', to: '2020-12-31', unitId: unit.id, pageSize: 200 })
    expect(report.rows.map((r) => r.name)).toEqual(q4.rows.map((r) => r.name))
    expect(expectError(() => a('unit.record', { id: unit.id, from: '2020-12-31', to: '2020-10-01' })).fields?.to).toContain('不能早于')
  })
})

describe('erasing personal data', () => {
  it("blanks a transferred-out member's personal data on disk and keeps the statistics", () => {
    const { db, a, zhang, event, lihao } = setup()
    a('attendance.add', { eventId: event.id, memberIds: [zhang.id] })
    const report = () => a('report.get', { kind: 'events', from: '2020-01-01', to: '2020-12-31' }).sum
    const before = report()
    expect(expectError(() => a('member.erase', { id: zhang.id })).message).toContain('仍在册')
    a('member.update', { ...a('member.reveal', { id: zhang.id }), id: zhang.id, name: '张三', communityId: lihao.id, registeredAt: '2020-04-15', status: '已转出' })
    const { readFileSync, existsSync } = require('node:fs') as typeof import('node:fs')
    const onDisk = (): boolean =>
      [db.name, `${db.name}-wal`].some((f) => existsSync(f) && readFileSync(f).includes(Buffer.from('13800138000')))
    db.pragma('wal_checkpoint(TRUNCATE)')
    expect(onDisk()).toBe(true)
    const erased = a('member.erase', { id: zhang.id })
    expect(erased).toMatchObject({ name: `已注销党员${zhang.id}`, phone: '', idCard: '', attendanceCount: 1 })
    expect(report()).toEqual(before)
    expect(onDisk()).toBe(false)
    expect(a('audit.list', { kind: '注销个人信息' }).total).toBe(1)
  })
})
