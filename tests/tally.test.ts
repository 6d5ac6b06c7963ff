import { describe, expect, it } from 'vitest'
import type { DB } from '../src/main/db/open'
import { REPORTS } from '../src/main/services/report'
import { api, apiAsync, tempDb } from './helpers'
import { commit, read, workbook } from './import-helpers'

/**
 * The sign-in tallies (migration 0010_sign_in_tally: tables sign_in_tally and participant), kept by triggers, against a recount from
 * attendance after every kind of change; and report 1 from the first record, which the dashboard shows, read from the
 * tallies against the same report counted row by row.
 */

/** Rows where a tally and a recount from scratch disagree, in either direction. */
function drift(db: DB): { tally: number; participant: number } {
  const tally = db
    .prepare(
      `SELECT COUNT(*) FROM (SELECT event_id, COALESCE(home_id, 0) AS home_id, COUNT(*) AS n, SUM(hours) AS hours FROM attendance GROUP BY event_id, home_id) r
       FULL JOIN sign_in_tally t ON t.event_id = r.event_id AND t.home_id = r.home_id
       WHERE t.n IS NOT r.n OR ROUND(t.hours, 6) IS NOT ROUND(r.hours, 6)`
    )
    .pluck()
    .get() as number
  const participant = db
    .prepare(
      `SELECT COUNT(*) FROM (SELECT a.member_id, a.home_id, MIN(e.date) AS first_date FROM attendance a JOIN event e ON e.id = a.event_id
                             WHERE a.home_id IS NOT NULL AND e.archived_at IS NULL GROUP BY a.member_id, a.home_id) r
       FULL JOIN participant p ON p.member_id = r.member_id AND p.home_id = r.home_id
       WHERE p.first_date IS NOT r.first_date`
    )
    .pluck()
    .get() as number
  return { tally, participant }
}

const DATES = ['2020-03-31', '2020-04-30', '2020-05-31', '2020-06-30', '2020-12-31']

/** Report 1 from the first record to each date (and for one community), from the tallies and row by row. */
function bothWays(db: DB): { tallied: string; counted: string } {
  const run = (sql: string): string => {
    const scopes = DATES.flatMap((to) => [null, ...(db.prepare('SELECT id FROM community ORDER BY id').pluck().all() as number[])].map((community) => ({ from: '2000-01-01', to, community, unit: null })))
    return JSON.stringify(scopes.map((s) => db.prepare(sql).all(s)))
  }
  return { tallied: run(REPORTS.registration.talliedSql!), counted: run(REPORTS.registration.sql) }
}

function expectExact(db: DB, step: string): void {
  expect(drift(db), step).toEqual({ tally: 0, participant: 0 })
  const { tallied, counted } = bothWays(db)
  expect(tallied, step).toBe(counted)
}

const today = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

function register(db: DB) {
  const a = api(db)
  const jia = a('community.create', { name: '甲社区', kind: '社区' })
  const yi = a('community.create', { name: '乙村', kind: '村' })
  const m = (name: string, phone: string, communityId: number, registeredAt: string) => a('member.create', { name, phone, communityId, registeredAt })
  const zhang = m('张三', '13800138001', jia.id, '2020-03-01')
  const li = m('李四', '13800138002', jia.id, '2020-03-25')
  const wang = m('王五', '13800138005', yi.id, '2020-05-01')
  const chen = a('member.create', { name: '陈九', phone: '13900139009', communityId: jia.id, registeredAt: '', status: '未报到' })
  const ev = (communityId: number, title: string, date: string) => a('event.create', { communityId, title, category: '环境卫生', date, startTime: '09:00', endTime: '12:00' })
  const e1 = ev(jia.id, '清积水', '2020-04-01')
  const e2 = ev(yi.id, '座谈', '2020-05-10')
  const e3 = ev(yi.id, '交通护畅', '2020-06-02')
  const edit = (who: { id: number }, changes: Record<string, unknown>, changedOn: string) => {
    const cur = a('member.get', { id: who.id })
    const { name, gender, unitId, position, branch, communityId, estate, registeredAt, skills, veteran, status, note } = cur
    return a('member.update', {
      ...a('member.reveal', { id: who.id }), name, gender: gender as '男' | '女' | '', unitId, position, branch, communityId, estate, registeredAt, skills, veteran, status, note,
      ...changes, id: who.id, changedOn
    })
  }
  const move = (e: { id: number }, changes: Record<string, unknown>) => {
    const { communityId, needId, title, category, date, startTime, endTime, place, organiser, plannedCount, description } = a('event.get', { id: e.id })
    a('event.update', { id: e.id, communityId, needId, title, category, date, startTime, endTime, place, organiser, plannedCount, description, ...changes })
  }
  return { a, jia, yi, zhang, li, wang, chen, e1, e2, e3, edit, move }
}

describe('the sign-in tallies', () => {
  it('equal a recount from scratch after every kind of change, and give report 1 from the first record exactly', async () => {
    const db = tempDb()
    const { a, jia, yi, zhang, li, wang, chen, e1, e2, e3, edit, move } = register(db)
    expectExact(db, 'empty')

    // sign-ins added (陈九 has not reported: counted at the activity, never as a member), hours changed, one removed
    a('attendance.add', { eventId: e1.id, memberIds: [zhang.id, li.id, chen.id] })
    a('attendance.add', { eventId: e2.id, memberIds: [wang.id, li.id] })
    a('attendance.add', { eventId: e3.id, memberIds: [zhang.id, li.id, wang.id] })
    expectExact(db, 'sign-ins added')
    // by hand: 3 registered on 06-30; 8 sign-ins, 7 by members registered that day (3 h each); 张 李 王 took part
    expect(a('dashboard.get', { asOf: '2020-06-30' })).toMatchObject({ members: 3, attendance: 8, memberAttendance: 7, participants: 3, rate: 100, hours: 21 })
    const liAtE1 = a('attendance.list', { eventId: e1.id }).rows.find((r) => r.memberId === li.id)!
    a('attendance.update', { id: liAtE1.id, hours: 2.5 })
    expectExact(db, 'hours changed')
    a('attendance.remove', { ids: [a('attendance.list', { eventId: e3.id }).rows.find((r) => r.memberId === zhang.id)!.id] })
    expectExact(db, 'sign-in removed')

    // an activity's date (王五 not yet registered on 03-20) and host community change; archived and restored
    move(e2, { date: '2020-03-20' })
    expectExact(db, 'activity date')
    move(e2, { communityId: jia.id, date: '2020-05-10' })
    expectExact(db, 'activity community')
    a('event.remove', { id: e1.id })
    expectExact(db, 'activity archived')
    expect(a('dashboard.get', { asOf: '2020-06-30' })).toMatchObject({ attendance: 4, memberAttendance: 4, participants: 2 })
    a('event.restore', { id: e1.id })
    expectExact(db, 'activity restored')

    // spans: a move home, a transfer and 复报到, a corrected start date, an archive and its undoing
    edit(li, { communityId: yi.id }, '2020-05-01')
    expectExact(db, 'moved home')
    edit(wang, { status: '已转出' }, '2020-05-20')
    expectExact(db, 'transferred')
    edit(wang, { status: '在册', registeredAt: '2020-06-01' }, '2020-06-01')
    expectExact(db, 're-registered')
    const first = a('member.history', { memberId: zhang.id })[0]
    a('member.editSpan', { id: first.id, startDate: '2020-04-02', ...(first.endedOn ? { endedOn: first.endedOn } : {}) })
    expectExact(db, 'span corrected')
    a('member.remove', { id: li.id })
    expectExact(db, 'member archived')
    a('member.restore', { id: li.id })
    expectExact(db, 'member restored')
    a('member.batch', { ids: [zhang.id, li.id], action: 'move', communityId: yi.id, changedOn: '2020-04-15' })
    expectExact(db, 'batch move')

    // a sign-in sheet with a member and two unknown people, then a roster registering 陈九 from 04-01; both undone
    const e4 = a('event.create', { communityId: yi.id, title: '慰问', category: '帮扶慰问', date: '2020-06-20', startTime: '09:00', endTime: '11:00' })
    const sheet = workbook({ 签到: [['姓名', '手机号'], ['王五', '13800138005'], ['新人甲', '13700137001'], ['新人乙', '13700137002']] })
    const signin = await commit(db, 'signin', await read(db, 'signin', '签到.xlsx', sheet, { eventId: e4.id }), e4.id)
    expectExact(db, 'sign-in sheet imported')
    const roster = workbook({ 名册: [['姓名', '手机号码', '居住社区', '报到日期'], ['陈九', '13900139009', '甲社区', '2020-04-01']] })
    const registered = await commit(db, 'roster', await read(db, 'roster', '名册.xlsx', roster))
    expect(a('member.get', { id: chen.id }).status).toBe('在册')
    expectExact(db, 'roster registered a signer')
    await apiAsync(db, 'import.undo', { id: registered.id })
    expectExact(db, 'roster undone')
    await apiAsync(db, 'import.undo', { id: signin.id })
    expectExact(db, 'sign-in sheet undone')

    // a restore replaces every register: the tallies are rebuilt for the restored sign-ins
    const backup = await apiAsync(db, 'backup.create', {})
    a('attendance.add', { eventId: e4.id, memberIds: [zhang.id, li.id, wang.id] })
    move(e3, { date: '2020-07-01' })
    await apiAsync(db, 'backup.restore', { name: backup.name })
    expect(db.prepare('SELECT COUNT(*) FROM attendance WHERE event_id = ?').pluck().get(e4.id)).toBe(0)
    expect(db.prepare('SELECT COUNT(*) FROM tally_ready').pluck().get()).toBe(1)
    expectExact(db, 'restored')

    // erasing a person (transferred out first) blanks their row and keeps their sign-ins in the counts
    a('attendance.add', { eventId: e4.id, memberIds: [zhang.id] })
    edit(zhang, { status: '已转出' }, today())
    expectExact(db, 'transferred today')
    const before = a('dashboard.get', { asOf: '2020-12-31' })
    a('member.erase', { id: zhang.id })
    expectExact(db, 'erased')
    expect(a('dashboard.get', { asOf: '2020-12-31' })).toEqual({ ...before, recentImports: expect.anything() })
    expect(jia.id).toBeGreaterThan(0)
  })

  it('stop while their row in tally_ready is gone (the figures are then counted row by row) and are rebuilt when it returns', () => {
    const db = tempDb()
    const { a, zhang, li, e1, e2 } = register(db)
    a('attendance.add', { eventId: e1.id, memberIds: [zhang.id] })
    const dash = () => a('dashboard.get', { asOf: '2020-12-31' })
    expect(dash()).toMatchObject({ attendance: 1, memberAttendance: 1, participants: 1 })
    db.prepare('DELETE FROM tally_ready').run()
    a('attendance.add', { eventId: e2.id, memberIds: [zhang.id, li.id] })
    expect(drift(db).tally).toBeGreaterThan(0)
    expect(dash()).toMatchObject({ attendance: 3, memberAttendance: 3, participants: 2 })
    expect(dash().monthly.slice(-9, -7)).toEqual([
      { month: '2020-04', events: 1, attendance: 1, memberAttendance: 1 },
      { month: '2020-05', events: 1, attendance: 2, memberAttendance: 2 }
    ])
    db.prepare('INSERT INTO tally_ready (one) VALUES (1)').run()
    expectExact(db, 'rebuilt')
    expect(dash()).toMatchObject({ attendance: 3, memberAttendance: 3, participants: 2 })
  })

  it('give the same report 1 as counting row by row on the shiwan demo, from the first record to any date', () => {
    const db = tempDb()
    api(db)('demo.load', {})
    expect(drift(db)).toEqual({ tally: 0, participant: 0 })
    const first = db.prepare('SELECT MIN(date) FROM event').pluck().get() as string
    for (const to of [first, '2025-06-30', today()]) {
      for (const from of ['2000-01-01', first]) {
        const scope = { from, to, community: null, unit: null }
        expect(JSON.stringify(db.prepare(REPORTS.registration.talliedSql!).all(scope))).toBe(JSON.stringify(db.prepare(REPORTS.registration.sql).all(scope)))
      }
    }
  })
})
