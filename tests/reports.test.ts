import ExcelJS from 'exceljs'
import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import type { DB } from '../src/main/db/open'
import { REPORT_FILTERS, REPORT_KINDS, REPORT_TITLES, type ReportKind } from '../src/shared/api'
import { HOME_BY_SPANS } from '../src/main/services/figures'
import { api, apiAsync, expectError, raw, tempDb } from './helpers'
import { commit, read, workbook } from './import-helpers'

/**
 * A register built by hand with the edge cases of history (range 2020-04-01 to 2020-06-02):
 * - 张三 甲 since 03-01, throughout. 李四 甲 from 03-25, moved home to 乙 on 05-15.
 * - 赵七 甲 from 04-01 (the range's first day), archived today: still counted in 2020.
 * - 王五 乙 from 05-01, transferred out on 05-25. 王六 乙 only from 07-01 (after the range).
 * - 孙八 甲 01-10 to 03-20 (transferred), then 复报到 on 04-20. 陈九 never reported (未报到).
 * Activities: e1 甲 04-01 (3 h) 张三 李四(2.5 h) 赵七 陈九 孙八; e5 乙 05-10 座谈会 (2 h) 王五 李四;
 * e2 乙 06-02 (2 h) 张三 王六 李四; e4 甲 05-20 archived (张三); e3 甲 06-03 after the range (张三).
 * Claims: n1 甲 (2 places) 张三 done 05-01 4 h, 李四 open; n3 甲 (1) 孙八 done 06-10 (after); n2 乙 (1) 王五 done 05-20
 * 3 h; n4 乙 from the forum, unclaimed. Evaluations: 张三 e1 满意, 张三 n1 不满意, 王五 n2 基本满意.
 * 应报到名单 of 供电局: 张三, 王六, 周十.
 */
function register(db: DB) {
  const a = api(db)
  a('settings.update', { orgName: '石湾镇街道', operator: '' })
  const jia = a('community.create', { name: '甲社区', kind: '社区' })
  const yi = a('community.create', { name: '乙村', kind: '村' })
  const gdj = a('unit.create', { name: '供电局', kind: '国有企业', communityId: jia.id, reportedOn: '2020-03-01' })
  const swj = a('unit.create', { name: '税务局', kind: '机关' })
  const m = (name: string, phone: string, communityId: number, unitId: number | null, registeredAt: string) =>
    a('member.create', { name, phone, communityId, unitId, registeredAt })
  const zhang = m('张三', '13800138001', jia.id, gdj.id, '2020-03-01')
  const li = m('李四', '13800138002', jia.id, swj.id, '2020-03-25')
  const liu = m('王六', '13800138003', yi.id, gdj.id, '2020-07-01')
  const zhao = m('赵七', '13800138004', jia.id, gdj.id, '2020-04-01')
  const wang = m('王五', '13800138005', yi.id, null, '2020-05-01')
  const sun = m('孙八', '13800138006', jia.id, swj.id, '2020-01-10')
  const chen = a('member.create', { name: '陈九', phone: '13900139009', communityId: jia.id, registeredAt: '', status: '未报到' })
  const edit = (who: { id: number }, changes: Record<string, unknown>, changedOn: string) =>
    a('member.update', { ...a('member.reveal', { id: who.id }), ...memberFields(a('member.get', { id: who.id })), ...changes, id: who.id, changedOn })

  const ev = (communityId: number, title: string, category: string, date: string, startTime: string, endTime: string, place = '') =>
    a('event.create', { communityId, title, category, date, startTime, endTime, place })
  const e1 = ev(jia.id, '清积水', '环境卫生', '2020-04-01', '09:00', '12:00', '甲社区广场')
  const e5 = ev(yi.id, '在职党员座谈会', '座谈会', '2020-05-10', '15:00', '17:00')
  const e2 = ev(yi.id, '交通护畅', '交通护畅', '2020-06-02', '14:00', '16:00')
  const e4 = ev(jia.id, '宣传', '宣传', '2020-05-20', '09:00', '10:00')
  const e3 = ev(jia.id, '慰问', '帮扶慰问', '2020-06-03', '09:00', '10:00')
  a('attendance.add', { eventId: e1.id, memberIds: [zhang.id, li.id, zhao.id, chen.id, sun.id] })
  a('attendance.add', { eventId: e5.id, memberIds: [wang.id, li.id] })
  a('attendance.add', { eventId: e2.id, memberIds: [zhang.id, liu.id, li.id] })
  a('attendance.add', { eventId: e4.id, memberIds: [zhang.id] })
  a('attendance.add', { eventId: e3.id, memberIds: [zhang.id] })
  const liAtE1 = a('attendance.list', { eventId: e1.id }).rows.find((r) => r.memberId === li.id)!
  a('attendance.update', { id: liAtE1.id, hours: 2.5 })
  a('event.remove', { id: e4.id }) // archived: it has a sign-in

  edit(sun, { status: '已转出' }, '2020-03-20')
  edit(sun, { status: '在册', registeredAt: '2020-04-20' }, '2020-04-20')
  const n1 = a('need.create', { communityId: jia.id, title: '纠纷调解', category: '调解纠纷', places: 2 })
  const n3 = a('need.create', { communityId: jia.id, title: '楼道清理', category: '其他', places: 1 })
  const n2 = a('need.create', { communityId: yi.id, title: '探访老人', category: '帮扶慰问', places: 1 })
  a('claim.add', { needId: n1.id, memberIds: [zhang.id, li.id] })
  a('claim.add', { needId: n3.id, memberIds: [sun.id] })
  a('claim.add', { needId: n2.id, memberIds: [wang.id] })
  const s1 = a('suggestion.create', { eventId: e5.id, text: '楼道杂物多', memberId: wang.id })
  a('suggestion.create', { eventId: e5.id, text: '希望增设快递柜', resident: '陈阿姨' })
  a('suggestion.toNeed', { id: s1.id, title: '楼道杂物清理', category: '小区环境和综合服务提升', places: 2 })
  // history: a move, a transfer, a transfer and a 复报到, each on the day it took effect
  edit(li, { communityId: yi.id }, '2020-05-15')
  edit(wang, { status: '已转出' }, '2020-05-25')
  // dates as they would have been in 2020
  db.prepare("UPDATE need SET created_at = '2020-04-01T02:00:00.000Z'").run()
  db.prepare("UPDATE need SET created_at = '2020-05-10T08:00:00.000Z' WHERE source = '座谈会提出'").run()
  db.prepare("UPDATE claim SET claimed_on = CASE member_id WHEN ? THEN '2020-05-10' WHEN ? THEN '2020-05-01' ELSE '2020-04-20' END").run(wang.id, sun.id)
  const claims = db.prepare('SELECT id, member_id FROM claim').all() as Array<{ id: number; member_id: number }>
  const claimOf = (memberId: number): number => claims.find((c) => c.member_id === memberId)!.id
  a('claim.update', { id: claimOf(zhang.id), status: '已完成', hours: 4, finishedOn: '2020-05-01' })
  a('claim.update', { id: claimOf(wang.id), status: '已完成', hours: 3, finishedOn: '2020-05-20' })
  a('claim.update', { id: claimOf(sun.id), status: '已完成', hours: 2, finishedOn: '2020-06-10' })
  a('feedback.create', { memberId: zhang.id, eventId: e1.id, rating: '满意', date: '2020-04-16' })
  a('feedback.create', { memberId: zhang.id, claimId: claimOf(zhang.id), rating: '不满意', date: '2020-05-02' })
  a('feedback.create', { memberId: wang.id, claimId: claimOf(wang.id), rating: '基本满意', date: '2020-05-21' })
  const now = new Date().toISOString()
  const expect_ = db.prepare('INSERT INTO expected_member (unit_id, name, phone, created_at) VALUES (?, ?, ?, ?)')
  expect_.run(gdj.id, '张三', '13800138001', now)
  expect_.run(gdj.id, '王六', '13800138003', now)
  expect_.run(gdj.id, '周十', '', now)
  a('member.remove', { id: zhao.id }) // archived today: it has a sign-in
  return { a, jia, yi, gdj, swj, n3, zhang, li, sun, wang }
}

/** The editable fields of a member as the form would send them back. */
function memberFields(m: { name: string; gender: string; unitId: number | null; position: string; branch: string; communityId: number; estate: string; registeredAt: string; skills: string[]; veteran: boolean; status: '在册' | '已转出' | '未报到'; note: string }) {
  const { name, gender, unitId, position, branch, communityId, estate, registeredAt, skills, veteran, status, note } = m
  return { name, gender: gender as '男' | '女' | '', unitId, position, branch, communityId, estate, registeredAt, skills, veteran, status, note }
}

const RANGE = { from: '2020-04-01', to: '2020-06-02' }
const values = (rows: Array<Record<string, unknown>>, keys: string[]) => rows.map((r) => keys.map((k) => r[k]))

/** What every report must say, worked out by hand from the register above. */
const EXPECTED: Record<ReportKind, { keys: string[]; rows: unknown[][]; sum: unknown[] | null }> = {
  registration: {
    keys: ['community', 'registered', 'newRegistered', 'units', 'events', 'hostAttendance', 'attendance', 'participants', 'rate', 'hours', 'needsListed', 'needsClaimed', 'needsCompleted'],
    rows: [
      // 甲: 张三 赵七 孙八 registered on 06-02; 赵七 and 孙八 began in the range; e1 (5 signed, 3 registered that day) plus 李四 at
      // e5 (still 甲's on 05-10) and 张三 at e2; 2 of the 3 registered took part; 3+2.5+3+2+2 h at activities + 张三's claim 4 h
      ['甲社区', 3, 2, 1, 1, 5, 5, 3, 66.7, 16.5, 2, 2, 0],
      // 乙: 李四 registered on 06-02; 王五 and 李四 (moving in) began here; e5 and e2 (2 + 3 signed); 王五 at e5, 李四 at e2
      ['乙村', 1, 2, 0, 2, 5, 2, 2, 100, 7, 2, 1, 1]
    ],
    // 李四 took part in both communities: counted once; 3 of the 4 registered took part
    sum: ['合计', 4, 4, 1, 3, 10, 7, 4, 75, 23.5, 4, 3, 1]
  },
  events: {
    keys: ['date', 'community', 'title', 'category', 'place', 'attendance', 'memberAttendance', 'eventHours'],
    rows: [
      ['2020-04-01', '甲社区', '清积水', '环境卫生', '甲社区广场', 5, 3, 14.5],
      ['2020-05-10', '乙村', '在职党员座谈会', '座谈会', '', 2, 2, 4],
      ['2020-06-02', '乙村', '交通护畅', '交通护畅', '', 3, 2, 6]
    ],
    sum: ['合计', null, null, null, null, 10, 7, 24.5]
  },
  members: {
    keys: ['community', 'name', 'phone', 'unit', 'registeredAt', 'attendance', 'eventHours', 'claims', 'claimHours', 'hours', 'lastActivity'],
    rows: [
      ['甲社区', '孙八', '138****8006', '税务局', '2020-04-20', 0, 0, 1, 0, 0, null],
      ['甲社区', '张三', '138****8001', '供电局', '2020-03-01', 2, 5, 1, 4, 9, '2020-06-02'],
      ['甲社区', '赵七', '138****8004', '供电局', '2020-04-01', 1, 3, 0, 0, 3, '2020-04-01'],
      ['乙村', '李四', '138****8002', '税务局', '2020-05-15', 3, 6.5, 1, 0, 6.5, '2020-06-02'],
      ['乙村', '王五', '138****8005', null, '2020-05-01', 1, 2, 1, 3, 5, '2020-05-10']
    ],
    sum: ['合计', null, null, null, null, 7, 16.5, 4, 7, 23.5, null]
  },
  inactive: { keys: ['community', 'name', 'phone', 'unit', 'registeredAt', 'lastActivity'], rows: [['甲社区', '孙八', '138****8006', '税务局', '2020-04-20', '2020-04-01']], sum: null },
  needs: {
    keys: ['community', 'title', 'places', 'claimed', 'completed', 'status', 'members'],
    rows: [
      ['甲社区', '纠纷调解', 2, 2, 1, '已满', '张三(已完成)、李四(已认领)'],
      ['甲社区', '楼道清理', 1, 1, 0, '已满', '孙八(已认领)'],
      ['乙村', '探访老人', 1, 1, 1, '已完成', '王五(已完成)'],
      ['乙村', '楼道杂物清理', 2, 0, 0, '待认领', null]
    ],
    sum: ['合计', null, 6, 4, 2, null, null]
  },
  units: {
    keys: ['unit', 'name', 'community', 'registeredAt', 'attendance', 'eventHours', 'claims', 'claimsDone', 'claimHours', 'feedback', 'satisfied'],
    rows: [
      ['供电局', '张三', '甲社区', '2020-03-01', 2, 5, 1, 1, 4, 2, 1],
      ['供电局', '赵七', '甲社区', '2020-04-01', 1, 3, 0, 0, 0, 0, 0],
      ['税务局', '孙八', '甲社区', '2020-04-20', 0, 0, 1, 0, 0, 0, 0],
      ['税务局', '李四', '乙村', '2020-05-15', 3, 6.5, 1, 0, 0, 0, 0]
    ],
    sum: ['合计', null, null, null, 6, 14.5, 3, 1, 4, 2, 1]
  },
  unitSummary: {
    keys: ['unit', 'expected', 'registered', 'registrationRate', 'attendance', 'participants', 'eventHours', 'claims', 'claimsDone', 'completionRate'],
    rows: [
      // 供电局's list: 张三 registered, 王六 only from 07-01, 周十 not in the register
      ['供电局', 3, 1, 33.3, 3, 2, 8, 1, 1, 100],
      // 税务局 sent no list: its registered members are 孙八 and 李四
      ['税务局', null, 2, null, 3, 1, 6.5, 2, 0, 0]
    ],
    sum: ['合计', 3, 3, 33.3, 6, 3, 14.5, 3, 1, 33.3]
  },
  unregistered: {
    keys: ['unit', 'name', 'phone', 'signIns', 'lastActivity', 'source'],
    rows: [
      [null, '陈九', '139****9009', 1, '2020-04-01', '签到但未报到'],
      // 王六 signed in at e2 on 06-02 but reports only from 07-01: on the unit's list, with that sign-in
      ['供电局', '王六', '138****8003', 1, '2020-06-02', '单位应报到名单'],
      ['供电局', '周十', '', null, null, '单位应报到名单']
    ],
    sum: null
  },
  feedback: {
    keys: ['community', 'count', 'satisfied', 'basic', 'unsatisfied', 'rate'],
    rows: [
      ['甲社区', 2, 1, 0, 1, 50],
      ['乙村', 1, 0, 1, 0, 100]
    ],
    sum: ['合计', 3, 1, 1, 1, 66.7]
  },
  forums: {
    keys: ['community', 'forums', 'attendance', 'suggestions', 'toNeeds', 'done'],
    rows: [
      ['甲社区', 0, 0, 0, 0, 0],
      ['乙村', 1, 2, 2, 1, 0]
    ],
    sum: ['合计', 1, 2, 2, 1, 0]
  },
  needCategories: {
    keys: ['category', 'listed', 'claimed', 'claimRate', 'completed', 'completionRate'],
    rows: [
      ['其他', 1, 1, 100, 0, 0],
      ['小区环境和综合服务提升', 1, 0, 0, 0, 0],
      ['帮扶慰问', 1, 1, 100, 1, 100],
      ['调解纠纷', 1, 1, 100, 0, 0]
    ],
    sum: ['合计', 4, 3, 75, 1, 25]
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

  it('filters to one community or one unit, and refuses a filter a report does not apply', () => {
    const db = tempDb()
    const { a, yi, gdj } = register(db)
    expect(values(a('report.get', { kind: 'registration', ...RANGE, communityId: yi.id }).rows, ['community', 'registered'])).toEqual([['乙村', 1]])
    expect(values(a('report.get', { kind: 'members', ...RANGE, unitId: gdj.id }).rows, ['name'])).toEqual([['张三'], ['赵七']])
    expect(values(a('report.get', { kind: 'unitSummary', ...RANGE, unitId: gdj.id }).rows, ['unit', 'expected'])).toEqual([['供电局', 3]])
    // every filter offered changes the result or is refused: none is silently ignored
    for (const kind of REPORT_KINDS) {
      for (const filter of ['community', 'unit'] as const) {
        const input = { kind, ...RANGE, ...(filter === 'community' ? { communityId: yi.id } : { unitId: gdj.id }), pageSize: 100 }
        if (!REPORT_FILTERS[kind].includes(filter)) {
          expect(expectError(() => a('report.get', input)).message, `${kind} ${filter}`).toMatch(/不按(村居|单位)筛选/)
        } else {
          expect(JSON.stringify(a('report.get', input)), `${kind} ${filter}`).not.toBe(JSON.stringify(a('report.get', { kind, ...RANGE, pageSize: 100 })))
        }
      }
    }
  })

  it('a transfer, a move or an archive made today leaves every report of the closed period unchanged', () => {
    const db = tempDb()
    const { a, jia, yi, zhang, li, sun } = register(db)
    const all = () => JSON.stringify(REPORT_KINDS.map((kind) => a('report.get', { kind, ...RANGE, pageSize: 200 })))
    const before = all()
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    const edit = (who: { id: number }, changes: Record<string, unknown>) =>
      a('member.update', { ...a('member.reveal', { id: who.id }), ...memberFields(a('member.get', { id: who.id })), ...changes, id: who.id, changedOn: today })
    edit(zhang, { communityId: yi.id })
    edit(li, { status: '已转出' })
    a('member.remove', { id: sun.id })
    expect(a('member.history', { memberId: zhang.id }).map((h) => [h.communityName, h.startDate, h.endedOn, h.endReason])).toEqual([
      ['甲社区', '2020-03-01', today, '迁居'],
      ['乙村', today, null, '']
    ])
    expect(all()).toBe(before)
    // each sign-in's community of registration, kept by triggers, is what the spans say, after every kind of change
    const first = a('member.history', { memberId: li.id })[0]
    a('member.editSpan', { id: first.id, startDate: '2020-04-02', endedOn: first.endedOn! })
    const drift = () => db.prepare(`SELECT COUNT(*) FROM attendance a WHERE a.home_id IS NOT ${HOME_BY_SPANS('a')}`).pluck().get()
    expect(drift()).toBe(0)
    db.prepare("UPDATE event SET date = '2020-03-30' WHERE title = '清积水'").run()
    expect(drift()).toBe(0)
    // and the period that contains today does see them: 甲 lost 张三 (moved), 赵七 and 孙八 (archived); 乙 has 张三 and
    // 王六 (since 2020-07-01) but no longer 李四 (transferred)
    const now = a('report.get', { kind: 'registration', from: today, to: today })
    expect(values(now.rows, ['community', 'registered'])).toEqual([['甲社区', 0], ['乙村', 2]])
    expect(jia.id).toBeGreaterThan(0)
  })

  it('the same figure for the same range reads the same in every report and on the dashboard', () => {
    const db = tempDb()
    const { a } = register(db)
    const r1 = a('report.get', { kind: 'registration', ...RANGE }).sum!
    const members = a('report.get', { kind: 'members', ...RANGE, pageSize: 200 }).sum!
    const events = a('report.get', { kind: 'events', ...RANGE }).sum!
    expect([members.attendance, members.eventHours, members.claimHours, members.hours]).toEqual([r1.attendance, r1.eventHours, r1.claimHours, r1.hours])
    expect([events.attendance, events.memberAttendance]).toEqual([r1.hostAttendance, r1.attendance])
    const inactive = a('report.get', { kind: 'inactive', ...RANGE }).total
    expect(r1.rate).toBe(Math.round(((r1.registered as number) - inactive) / (r1.registered as number) * 1000) / 10)
    // the dashboard as of D is report 1 from the first record to D
    for (const asOf of ['2020-04-30', '2020-06-02', '2020-12-31']) {
      const d = a('dashboard.get', { asOf })
      const all = a('report.get', { kind: 'registration', from: '2000-01-01', to: asOf }).sum!
      expect([d.members, d.events, d.attendance, d.memberAttendance, d.participants, d.rate, d.hours, d.needs.listed, d.needs.claimed, d.needs.completed]).toEqual([
        all.registered, all.events, all.hostAttendance, all.attendance, all.participants, all.rate, all.hours, all.needsListed, all.needsClaimed, all.needsCompleted
      ])
      expect(d.newThisMonth).toBe(a('report.get', { kind: 'registration', ...d.ranges.month }).sum!.newRegistered)
    }
  })

  it('a sign-in sheet of people not in the register changes no 报到 figure', async () => {
    const db = tempDb()
    const { a } = register(db)
    const e = a('event.create', { communityId: a('community.list', {}).rows[0].id, title: '新活动', category: '宣传', date: '2020-05-30', startTime: '09:00', endTime: '11:00' })
    const before = a('report.get', { kind: 'registration', ...RANGE }).sum!
    const buf = workbook({ 签到: [['姓名', '手机号'], ['新人甲', '13700137001'], ['新人乙', '13700137002']] })
    const preview = await read(db, 'signin', '签到.xlsx', buf, { eventId: e.id })
    expect(preview.outcomes.map((o) => o.label)).toEqual(['新增未报到人员并签到', '新增未报到人员并签到'])
    await commit(db, 'signin', preview, e.id)
    const after = a('report.get', { kind: 'registration', ...RANGE }).sum!
    for (const k of ['registered', 'newRegistered', 'attendance', 'participants', 'rate', 'eventHours']) expect(after[k], k).toBe(before[k])
    expect(after.hostAttendance).toBe((before.hostAttendance as number) + 2)
    expect(a('member.list', { keyword: '新人甲' }).rows[0]).toMatchObject({ status: '未报到', registeredAt: '' })
  })

  it('the table always shows masked phones; only the logged full export carries whole numbers', async () => {
    const db = tempDb()
    register(db)
    const logged = db.prepare('SELECT COUNT(*) FROM audit').pluck().get()
    // `full` is not part of report.get: sent anyway, it is dropped and the numbers stay masked
    const shown = (await raw(db, 'report.get', { kind: 'inactive', ...RANGE, full: true })) as { ok: true; data: { rows: Array<{ phone: string }> } }
    expect(shown.data.rows[0].phone).toBe('138****8006')
    expect(db.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(logged)
    const file = await apiAsync(db, 'report.export', { kinds: ['inactive'], format: 'csv', ...RANGE, jobId: 'full-1', full: true })
    expect(Buffer.from(file.base64, 'base64').toString('utf8')).toContain('13800138006')
    expect(db.prepare('SELECT kind FROM audit ORDER BY id DESC LIMIT 1').pluck().get()).toBe('完整导出')
  })

  it('the exported workbook holds the same numbers, one sheet per unit for the 单位反馈表, scope and range in the file name', async () => {
    const db = tempDb()
    const { a, jia } = register(db)
    const kinds = Object.keys(EXPECTED) as ReportKind[]
    const file = await apiAsync(db, 'report.export', { kinds, ...RANGE, jobId: 'test-1' })
    expect(file.fileName).toBe('石湾镇街道_在职党员进社区报表_20200401-20200602.xlsx')
    const q3 = await apiAsync(db, 'report.export', { kinds: ['registration'], from: '2020-07-01', to: '2020-09-30', communityId: jia.id, jobId: 'test-q3' })
    expect(q3.fileName).toBe('石湾镇街道_在职党员报到情况统计表_甲社区_2020Q3.xlsx')
    const bytes = Buffer.from(file.base64, 'base64')
    const wb = XLSX.read(bytes)
    const titles = kinds.flatMap((k) => (k === 'units' ? ['供电局', '税务局'] : [REPORT_TITLES[k]]))
    expect(wb.SheetNames).toEqual(titles)
    for (const [i, name] of wb.SheetNames.entries()) {
      const kind = kinds.find((k) => REPORT_TITLES[k] === name) ?? 'units'
      const rows = XLSX.utils.sheet_to_json(wb.Sheets[name], { header: 1, defval: null }) as unknown[][]
      expect(rows[0][0], name).toBe(`石湾镇街道${REPORT_TITLES[kind]}`)
      expect(String(rows[1][0])).toContain('统计时间:2020年4月1日至2020年6月2日')
      const table = kind === 'units' ? a('report.get', { kind, ...RANGE, unitId: i === wb.SheetNames.indexOf('供电局') ? 2 : 3 }) : a('report.get', { kind, ...RANGE, pageSize: 100 })
      // header titles may wrap before their unit in print: compare without line breaks
      const header = (rows[2] as Array<string | null>).map((h) => (h ?? '').replace(/\s+/g, ''))
      expect(header[0]).toBe('序号')
      // columns read back by their header title, wherever the writer put them (a 序号 column may come first)
      const at = EXPECTED[kind].keys.map((k) => header.indexOf(table.columns.find((c) => c.key === k)!.title))
      expect(at.every((j) => j >= 0), name).toBe(true)
      const want = kind === 'units' ? EXPECTED.units.rows.filter((r) => r[0] === name) : EXPECTED[kind].rows
      expect(rows.slice(3, 3 + want.length).map((r) => at.map((j) => r[j] ?? null)), name).toEqual(want.map((r) => r.map((v) => (v === '' ? null : v))))
      if (EXPECTED[kind].sum && kind !== 'units') expect(at.map((j) => rows[3 + want.length][j] ?? null), name).toEqual(EXPECTED[kind].sum)
    }
    const x = new ExcelJS.Workbook()
    await x.xlsx.load(bytes as unknown as ArrayBuffer)
    const ws = x.getWorksheet('在职党员报到情况统计表')!
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 })
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1, fitToHeight: 0 })
    expect(ws.getRow(3).getCell(1).font?.bold).toBe(true)
    expect(ws.getRow(3).getCell(1).border?.top?.style).toBe('thin')
    const xml = await (await import('jszip')).default.loadAsync(bytes)
    expect(await xml.file('xl/workbook.xml')!.async('string')).toContain('_xlnm.Print_Titles')
    expect(await xml.file('xl/worksheets/sheet1.xml')!.async('string')).toMatch(/<oddFooter>[^<]*&amp;P[^<]*<\/oddFooter>/)
  })

  it('CSV starts with a UTF-8 BOM and keeps formula-like text as text', async () => {
    const db = tempDb()
    const { a, jia } = register(db)
    a('event.create', { communityId: jia.id, title: '=HYPERLINK("http://x")', category: '其他', date: '2020-05-05' })
    const file = await apiAsync(db, 'report.export', { kinds: ['events'], format: 'csv', ...RANGE, jobId: 'test-2' })
    const bytes = Buffer.from(file.base64, 'base64')
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    expect(text.split('\r\n')[0]).toBe('日期,举办村居,活动名称,类别,地点,签到人次,其中报到党员,活动时长(小时)')
    expect(text).toContain(`2020-05-05,甲社区,"'=HYPERLINK(""http://x"")",其他,,0,0,0`)
    expect(text).toContain('合计,,,,,10,7,24.5')
  })

  it('the dashboard shows report 1 as of a date, and the exact 12 months ending then', () => {
    const db = tempDb()
    const { a } = register(db)
    const d = a('dashboard.get', { asOf: '2020-06-02' })
    expect(d).toMatchObject({ members: 4, newThisMonth: 0, communities: 2, units: 2, events: 3, attendance: 10, memberAttendance: 7, participants: 4, rate: 75, hours: 23.5 })
    expect(d.needs).toEqual({ listed: 4, claimed: 3, completed: 1 })
    expect(d.monthly.map((m) => m.month)).toEqual(['2019-07', '2019-08', '2019-09', '2019-10', '2019-11', '2019-12', '2020-01', '2020-02', '2020-03', '2020-04', '2020-05', '2020-06'])
    expect(d.monthly.slice(-3)).toEqual([
      { month: '2020-04', events: 1, attendance: 5, memberAttendance: 3 },
      { month: '2020-05', events: 1, attendance: 2, memberAttendance: 2 },
      { month: '2020-06', events: 1, attendance: 3, memberAttendance: 2 }
    ])
    expect(d.monthly.slice(0, 9).every((m) => m.events === 0 && m.attendance === 0)).toBe(true)
    expect(d.byCommunity.map((c) => [c.name, c.members, c.attendance])).toEqual([
      ['甲社区', 3, 5],
      ['乙村', 1, 5]
    ])
  })
})

describe('export jobs', () => {
  it('can be cancelled while they run, leaving no file', async () => {
    const db = tempDb()
    api(db)('demo.load', {})
    const { call } = await import('../src/main/api')
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    const running = call(db, 'report.export', { kinds: ['members'], from: '2000-01-01', to: today, jobId: 'cancel-me' })
    expect(await call(db, 'report.cancel', { jobId: 'cancel-me' })).toEqual({ ok: true, data: { cancelled: true } })
    expect(await running).toEqual({ ok: false, error: { code: 'invalid', message: '导出已取消,没有生成文件。' } })
    expect(await call(db, 'report.cancel', { jobId: 'cancel-me' })).toEqual({ ok: true, data: { cancelled: false } })
  })
})
