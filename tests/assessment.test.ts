/**
 * 考核: golden tests on hand-built registers, every number written out, for schemes shaped like the published
 * rules (Xingtai, Shexian, Hejing, Foshan); tracing (the lines sum to the score); confirmed results frozen.
 */
import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import type { DB } from '../src/main/db/open'
import { MEMBER_SIGN_INS } from '../src/main/services/figures'
import { SCHEME_PRESETS, type AssessResult, type Scheme } from '../src/shared/api'
import { api, apiAsync, expectError, tempDb } from './helpers'

const preset = (key: string, year = 2025): Scheme => SCHEME_PRESETS.find((p) => p.key === key)!.make(year)

type A = ReturnType<typeof api>

function base(db: DB) {
  const a = api(db)
  a('settings.update', { orgName: '石湾镇街道', operator: '李会计' })
  const lihao = a('community.create', { name: '丽豪社区', kind: '社区' })
  const hujing = a('community.create', { name: '湖景社区', kind: '社区' })
  const gd = a('unit.create', { name: '佛山供电局', kind: '国有企业' })
  const jy = a('unit.create', { name: '禅城区教育局', kind: '机关' })
  let phone = 13800138000
  const member = (name: string, communityId: number, unitId: number | null, registeredAt: string) =>
    a('member.create', { name, phone: String(++phone), communityId, unitId, registeredAt })
  const event = (title: string, category: string, date: string, communityId = lihao.id, times: [string, string] = ['', '']) =>
    a('event.create', { communityId, title, category, date, startTime: times[0], endTime: times[1] })
  const signIn = (eventId: number, memberIds: number[], hours?: number) => a('attendance.add', { eventId, memberIds, ...(hours === undefined ? {} : { hours }) })
  return { a, lihao, hujing, gd, jy, member, event, signIn }
}

/** Moves a member (status or community) on a given day, as the member form does. */
function change(a: A, id: number, changes: Record<string, unknown>, changedOn: string) {
  const m = a('member.get', { id })
  const { name, gender, unitId, position, branch, communityId, estate, registeredAt, skills, veteran, status, note } = m
  a('member.update', { id, name, gender, phone: a('member.reveal', { id }).phone, unitId, position, branch, communityId, estate, registeredAt, skills, veteran, status, note, ...changes, changedOn })
}

const brief = (rows: AssessResult[]) => rows.map((r) => [r.name, r.points, r.hours, r.activities, r.grade, r.met, r.shortfall])
const byName = (rows: AssessResult[]) => [...rows].sort((x, y) => x.name.localeCompare(y.name, 'zh'))

/**
 * Xingtai-like (桥西): at least 50 hours a year, 1 hour = 1 point (hours rounded to 0.5, half up), 合格 at 60,
 * 优秀 at 90, no upper limit; short of 50 hours → at most 不合格; a unit under 95% 报到率 or 服务完成率 loses its
 * 考核资格. Year 2025:
 * - 张三 (供电局, 丽豪): 12.3 + 12.2 + 12.25 + 12.74 + 10.76 h → 12.5 + 12 + 12.5 + 12.5 + 11 = 60.5 h = 60.5 points → 合格;
 *   his sign-ins of 2024-12-20 and 2026-01-10 are outside the year.
 * - 李四 (教育局, 丽豪): 5 × 24 h = 120 points → 优秀 (no upper limit).
 * - 王五 (供电局, 湖景): 24 + 24 = 48 h, +15 表彰 = 63 points (合格 by score) but 2 hours short → 不合格.
 * - 赵六 (供电局, 丽豪 from 2025-07-01): his 03-01 sign-in was before he reported; 24 + 24 = 48 → 不合格, 2 hours short.
 * - 钱七 (no unit, 丽豪, transferred out 2025-05-01): 10 h before, 10 h after (not counted) → 10 → 不合格, 40 hours short.
 * - 孙八 (教育局) reported only on 2026-01-05: not assessed in 2025.
 */
function xingtai(db: DB) {
  const w = base(db)
  const { a, lihao, hujing, gd, jy, member, event, signIn } = w
  const zhang = member('张三', lihao.id, gd.id, '2024-12-01')
  const li = member('李四', lihao.id, jy.id, '2024-12-01')
  const wang = member('王五', hujing.id, gd.id, '2024-12-01')
  const zhao = member('赵六', lihao.id, gd.id, '2025-07-01')
  const qian = member('钱七', lihao.id, null, '2024-12-01')
  const sun = member('孙八', lihao.id, jy.id, '2026-01-05')
  const e = [
    event('清积水', '环境卫生', '2025-03-01'), event('疫情值守', '防疫', '2025-04-12'), event('反诈宣传', '宣传', '2025-06-20'),
    event('走访慰问', '帮扶慰问', '2025-09-09'), event('路口护畅', '交通护畅', '2025-11-15')
  ]
  const before = event('年末值守', '防疫', '2024-12-20')
  const after = event('新年宣传', '宣传', '2026-01-10')
  ;[12.3, 12.2, 12.25, 12.74, 10.76].forEach((h, i) => signIn(e[i].id, [zhang.id], h))
  signIn(before.id, [zhang.id], 5)
  signIn(after.id, [zhang.id, sun.id], 5)
  e.forEach((x) => signIn(x.id, [li.id], 24))
  signIn(e[0].id, [wang.id], 24)
  signIn(e[1].id, [wang.id], 24)
  signIn(e[0].id, [zhao.id], 8)
  signIn(e[3].id, [zhao.id], 24)
  signIn(e[4].id, [zhao.id], 24)
  signIn(e[0].id, [qian.id], 10)
  change(a, qian.id, { status: '已转出' }, '2025-05-01')
  signIn(e[3].id, [qian.id], 10)
  a('assessment.saveScheme', { year: 2025, scheme: preset('xingtai'), note: '按桥西做法' })
  a('assessment.adjust', { memberId: wang.id, date: '2025-10-01', points: 15, reason: '抗洪抢险受区委表彰' })
  const now = new Date().toISOString()
  const expected = db.prepare('INSERT INTO expected_member (unit_id, name, phone, created_at) VALUES (?, ?, ?, ?)')
  for (const m of [zhang, wang, zhao]) expected.run(gd.id, m.name, a('member.reveal', { id: m.id }).phone, now)
  expected.run(jy.id, li.name, a('member.reveal', { id: li.id }).phone, now)
  return { ...w, zhang, li, wang, zhao, qian, sun, e }
}

describe('a Xingtai-like scheme: at least 50 hours, pass at 60 points, no upper limit', () => {
  it('scores, checks the minimum, grades and caps, every number as worked out by hand', () => {
    const db = tempDb()
    const { a, zhang, wang, lihao } = xingtai(db)
    const r = a('assessment.results', { year: 2025, period: 'Y', pageSize: 50, sort: 'name' })
    expect(r.status).toMatchObject({ label: '2025年全年', from: '2025-01-01', to: '2025-12-31', applies: true, ended: true, confirmed: null, schemeVersion: 1 })
    expect(brief(byName(r.rows))).toEqual([
      ['李四', 120, 120, 5, '优秀', true, ''],
      ['钱七', 10, 10, 1, '不合格', false, '全年差 40 小时'],
      ['王五', 63, 48, 2, '不合格', false, '全年差 2 小时'],
      ['张三', 60.5, 60.5, 5, '合格', true, ''],
      ['赵六', 48, 48, 2, '不合格', false, '全年差 2 小时']
    ])
    expect(r.rows.find((x) => x.name === '王五')!.note).toBe('未达最低要求(全年差 2 小时),最高评为不合格(按分数为合格)')
    expect(r.counts).toEqual([{ grade: '优秀', count: 1 }, { grade: '合格', count: 1 }, { grade: '不合格', count: 3 }])
    expect([r.rated, r.notRated, r.average]).toEqual([5, 0, 60.3])
    // sorted by community, unit and name in pinyin order: 湖景 (王五), then 丽豪 (禅城区教育局: 李四; 佛山供电局: 张三 赵六; none: 钱七)
    expect(a('assessment.results', { year: 2025, period: 'Y' }).rows.map((x) => x.name)).toEqual(['王五', '李四', '张三', '赵六', '钱七'])
    expect(a('assessment.results', { year: 2025, period: 'Y', communityId: lihao.id, grade: '不合格' }).rows.map((x) => x.name)).toEqual(['赵六', '钱七'])

    // 张三's page: each point from a sign-in, rounded as the scheme says
    const p = a('assessment.member', { memberId: zhang.id, year: 2025, period: 'Y' })
    expect(p.lines.map((l) => [l.source, l.date, l.hours, l.countedHours, l.points])).toEqual([
      ['活动', '2025-03-01', 12.3, 12.5, 12.5],
      ['活动', '2025-04-12', 12.2, 12, 12],
      ['活动', '2025-06-20', 12.25, 12.5, 12.5],
      ['活动', '2025-09-09', 12.74, 12.5, 12.5],
      ['活动', '2025-11-15', 10.76, 11, 11]
    ])
    expect(p.lines[0]).toMatchObject({ label: '清积水(环境卫生)', ref: { kind: 'event' }, detail: '时长12.3小时,按0.5小时四舍五入为12.5小时,计12.5小时;12.5小时×1分' })
    expect(p.minimums).toEqual([{ window: '全年', from: '2025-01-01', to: '2025-12-31', activities: { need: 0, done: 5 }, hours: { need: 50, done: 60.5 }, waived: false, notStarted: false, met: true, shortfall: '' }])
    expect(p.explain).toEqual(['得分为各项之和:60.5分。', '按分数线评定:60.5分不低于合格的分数线60分,为合格。', '评定结果:合格。'])
    const w = a('assessment.member', { memberId: wang.id, year: 2025, period: 'Y' })
    expect(w.lines.map((l) => [l.source, l.points, l.label])).toEqual([
      ['活动', 24, '清积水(环境卫生)'],
      ['活动', 24, '疫情值守(防疫)'],
      ['加减分', 15, '加分:抗洪抢险受区委表彰']
    ])
    expect(w.explain.slice(1)).toEqual(['按分数线评定:63分不低于合格的分数线60分,为合格。', '未达最低要求(全年差 2 小时),最高评为不合格(按分数为合格)。', '评定结果:不合格。'])
    // 孙八 reported in 2026: not assessed in 2025
    expect(a('assessment.member', { memberId: xingtaiSun(db), year: 2025, period: 'Y' }).result).toBeNull()
  })

  it('sums by community and unit, and a unit under 95% 报到率 or 服务完成率 loses its 考核资格', () => {
    const db = tempDb()
    const { a } = xingtai(db)
    const s = a('assessment.summary', { year: 2025, period: 'Y' })
    expect(s.grades).toEqual(['优秀', '合格', '不合格'])
    const row = (x: (typeof s.byUnit)[number]) => [x.name, x.rated, x.counts['优秀'], x.counts['合格'], x.counts['不合格'], x.short, x.average, x.registrationRate, x.completionRate, x.qualified]
    expect(s.byCommunity.map(row)).toEqual([
      // 湖景: 王五 63; 丽豪: 张三 60.5, 李四 120, 赵六 48, 钱七 10 → 238.5 / 4 = 59.625 → 59.63
      ['湖景社区', 1, 0, 0, 1, 1, 63, undefined, undefined, undefined],
      ['丽豪社区', 4, 1, 1, 2, 2, 59.63, undefined, undefined, undefined]
    ])
    expect(s.byUnit.map(row)).toEqual([
      // 供电局: 3 of 3 on its list registered on 2025-12-31 (100%), 1 of 3 met the 50 hours (33.3%) → 无
      ['禅城区教育局', 1, 1, 0, 0, 0, 120, 100, 100, true],
      ['佛山供电局', 3, 0, 1, 2, 2, 57.17, 100, 33.3, false],
      ['(未填单位)', 1, 0, 0, 1, 1, 10, null, null, null]
    ])
    expect(row(s.total)).toEqual(['合计', 5, 1, 1, 3, 3, 60.3, undefined, undefined, undefined])
  })
})

const xingtaiSun = (db: DB): number => db.prepare("SELECT id FROM member WHERE name = '孙八'").pluck().get() as number

/**
 * Shexian-like (涉县): base 60, +4 an activity, +4 a completed claim, +2 an adopted suggestion, evaluations +1/0/−2,
 * at most 100; 92/84/76/68/60 → 五/四/三/二/一星, below 60 不评星. 2025:
 * 周一 11 activities → 60 + 44 = 104 → 100 (封顶 −4) 五星; 吴二 6 → 84 四星 (on the line);
 * 郑三 5 + 满意 + adopted suggestion → 60 + 20 + 1 + 2 = 83 三星; 冯四 2 + 不满意 → 60 + 8 − 2 = 66 一星;
 * 陈五 nothing, −5 deduction → 55 不评星; 褚六 1 activity + 1 completed claim → 60 + 4 + 4 = 68 二星 (on the line).
 */
describe('a Shexian-like scheme: a 60–100 score mapped to one to five stars', () => {
  it('maps the capped score to stars, each point traced', () => {
    const db = tempDb()
    const { a, lihao, member, event, signIn } = base(db)
    const [zhou, wu, zheng, feng, chen, chu] = ['周一', '吴二', '郑三', '冯四', '陈五', '褚六'].map((n) => member(n, lihao.id, null, '2024-12-01'))
    const cats = ['环境卫生', '防疫', '宣传', '帮扶慰问', '交通护畅']
    const e = Array.from({ length: 11 }, (_, i) => event(`活动${i + 1}`, cats[i % 5], `2025-${String(i + 1).padStart(2, '0')}-15`))
    e.forEach((x) => signIn(x.id, [zhou.id], 2))
    e.slice(0, 6).forEach((x) => signIn(x.id, [wu.id], 2))
    e.slice(0, 5).forEach((x) => signIn(x.id, [zheng.id], 2))
    e.slice(0, 2).forEach((x) => signIn(x.id, [feng.id], 2))
    signIn(e[0].id, [chu.id], 2)
    a('feedback.create', { memberId: zheng.id, eventId: e[0].id, rating: '满意', date: '2025-01-16' })
    a('feedback.create', { memberId: feng.id, eventId: e[0].id, rating: '不满意', date: '2025-01-16' })
    const forum = event('在职党员座谈会', '座谈会', '2025-03-01')
    const s = a('suggestion.create', { eventId: forum.id, text: '楼道杂物多,建议清理', memberId: zheng.id })
    const need = a('suggestion.toNeed', { id: s.id, title: '楼道杂物清理', category: '其他', places: 1 }).need
    db.prepare("UPDATE need SET created_at = '2025-03-01T02:00:00.000Z' WHERE id = ?").run(need.id)
    a('claim.add', { needId: need.id, memberIds: [chu.id] })
    db.prepare("UPDATE claim SET claimed_on = '2025-03-02'").run()
    const claim = a('claim.list', { needId: need.id }).rows[0]
    a('claim.update', { id: claim.id, status: '已完成', hours: 5, finishedOn: '2025-03-20' })
    a('assessment.adjust', { memberId: chen.id, date: '2025-08-01', points: -5, reason: '无故缺席集中服务日' })
    a('assessment.saveScheme', { year: 2025, scheme: preset('shexian') })

    const r = a('assessment.results', { year: 2025, period: 'Y', sort: 'points', order: 'desc' })
    expect(r.rows.map((x) => [x.name, x.points, x.grade])).toEqual([
      ['周一', 100, '五星'], ['吴二', 84, '四星'], ['郑三', 83, '三星'], ['褚六', 68, '二星'], ['冯四', 66, '一星'], ['陈五', 55, '不评星']
    ])
    expect(r.counts.map((c) => c.count)).toEqual([1, 1, 1, 1, 1, 1])
    const lines = (id: number) => a('assessment.member', { memberId: id, year: 2025, period: 'Y' }).lines.map((l) => [l.source, l.points])
    expect(lines(zhou.id)).toEqual([['基础分', 60], ...Array(11).fill(['活动', 4]), ['封顶', -4]])
    expect(lines(zheng.id)).toEqual([['基础分', 60], ['活动', 4], ['评价', 1], ['活动', 4], ['建议', 2], ['活动', 4], ['活动', 4], ['活动', 4]])
    expect(lines(feng.id)).toEqual([['基础分', 60], ['活动', 4], ['评价', -2], ['活动', 4]])
    expect(lines(chen.id)).toEqual([['基础分', 60], ['加减分', -5]])
    expect(lines(chu.id)).toEqual([['基础分', 60], ['活动', 4], ['认领', 4]])
    const z = a('assessment.member', { memberId: zhou.id, year: 2025, period: 'Y' })
    expect(z.lines.at(-1)).toMatchObject({ label: '总分上限100分', detail: '各项合计104分,超出上限的4分不计' })
    const c = a('assessment.member', { memberId: chu.id, year: 2025, period: 'Y' }).lines[2]
    expect(c).toMatchObject({ label: '认领:楼道杂物清理', date: '2025-03-20', hours: 5, countedHours: null, ref: { kind: 'need', id: need.id } })
  })
})

/**
 * Hejing-like (和静): five star levels by a fixed distribution 10/30/30/20/10% of the members rated, one point an
 * activity. Ten members score 9, 8, 8, 7, 7, 6, 6, 5, 3, 3. Boundaries: round(10 × 10%) = 1, 40% → 4, 70% → 7,
 * 90% → 9, 10. With 同分就高 a tied group takes the grade of its best rank: 9 五星; 8 8 (ranks 2–3) and 7 7 (4–5,
 * straddling 4|5) 四星; 6 6 (6–7) 三星; 5 (8) 二星; 3 3 (9–10, straddling 9|10) 二星; nobody 一星.
 * With 同分就低 (the grade of the group's worst rank): 9 五星; 8 8 四星; 7 7 (rank 5) and 6 6 三星; 5 二星; 3 3 一星.
 */
describe('a Hejing-like scheme: a 10/30/30/20/10% distribution over five star levels, with ties', () => {
  it('grades by rank with the stated tie rule, then again with the other rule as a new version', () => {
    const db = tempDb()
    const { a, lihao, member, event, signIn } = base(db)
    const scores = [9, 8, 8, 7, 7, 6, 6, 5, 3, 3]
    const names = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'].map((n) => `党员${n}`)
    const ms = names.map((n) => member(n, lihao.id, null, '2024-12-01'))
    const e = Array.from({ length: 9 }, (_, i) => event(`活动${i + 1}`, '环境卫生', `2025-0${i + 1}-10`))
    ms.forEach((m, i) => e.slice(0, scores[i]).forEach((x) => signIn(x.id, [m.id], 2)))
    const scheme: Scheme = {
      ...preset('hejing'),
      activity: { points: 1, byCategory: [], cap: null },
      hours: { ...preset('hejing').hours, perHour: 0 },
      claim: { points: 0, countsAsActivity: false },
      suggestion: 0,
      evaluation: { 满意: 0, 基本满意: 0, 不满意: 0 }
    }
    a('assessment.saveScheme', { year: 2025, scheme })
    const grades = () => a('assessment.results', { year: 2025, period: 'Y', sort: 'name' }).rows.map((r) => [r.name, r.points, r.grade]).sort((x, y) => names.indexOf(x[0] as string) - names.indexOf(y[0] as string))
    expect(grades()).toEqual([
      ['党员甲', 9, '五星'], ['党员乙', 8, '四星'], ['党员丙', 8, '四星'], ['党员丁', 7, '四星'], ['党员戊', 7, '四星'],
      ['党员己', 6, '三星'], ['党员庚', 6, '三星'], ['党员辛', 5, '二星'], ['党员壬', 3, '二星'], ['党员癸', 3, '二星']
    ])
    expect(a('assessment.results', { year: 2025, period: 'Y' }).counts.map((c) => c.count)).toEqual([1, 4, 2, 3, 0])
    expect(a('assessment.member', { memberId: ms[4].id, year: 2025, period: 'Y' }).explain).toEqual([
      '得分为各项之和:7分。',
      '按比例评定(五星10%、四星30%、三星30%、二星20%、一星10%;同分同档,就高):在全部10名参评党员中排第4名(与另外1人同分)。',
      '评定结果:四星。'
    ])

    const info = a('assessment.saveScheme', { year: 2025, scheme: { ...scheme, grading: { ...scheme.grading, tie: 'lower' } }, note: '同分改为就低' })
    expect(info.versions.map((v) => [v.version, v.note])).toEqual([[2, '同分改为就低'], [1, '']])
    expect(grades()).toEqual([
      ['党员甲', 9, '五星'], ['党员乙', 8, '四星'], ['党员丙', 8, '四星'], ['党员丁', 7, '三星'], ['党员戊', 7, '三星'],
      ['党员己', 6, '三星'], ['党员庚', 6, '三星'], ['党员辛', 5, '二星'], ['党员壬', 3, '一星'], ['党员癸', 3, '一星']
    ])
    expect(a('assessment.results', { year: 2025, period: 'Y' }).counts.map((c) => c.count)).toEqual([1, 2, 4, 1, 2])
  })

  it('rounds the cumulative shares half up: seven members without ties go 1, 2, 2, 1, 1', () => {
    const db = tempDb()
    const { a, lihao, member, event, signIn } = base(db)
    // boundaries round(0.7) = 1, round(2.8) = 3, round(4.9) = 5, round(6.3) = 6, 7
    const e = Array.from({ length: 7 }, (_, i) => event(`活动${i + 1}`, '宣传', `2025-0${i + 1}-10`))
    const ms = [7, 6, 5, 4, 3, 2, 1].map((n, i) => {
      const m = member(`成员${i + 1}`, lihao.id, null, '2024-12-01')
      e.slice(0, n).forEach((x) => signIn(x.id, [m.id], 1))
      return m
    })
    const scheme = preset('hejing')
    a('assessment.saveScheme', { year: 2025, scheme: { ...scheme, activity: { points: 1, byCategory: [], cap: null }, hours: { ...scheme.hours, perHour: 0 }, evaluation: { 满意: 0, 基本满意: 0, 不满意: 0 } } })
    const r = a('assessment.results', { year: 2025, period: 'Y', sort: 'points', order: 'desc' })
    expect(r.rows.map((x) => x.grade)).toEqual(['五星', '四星', '四星', '三星', '三星', '二星', '一星'])
    expect(ms.length).toBe(7)
  })
})

/**
 * Foshan-like (佛山): graded by half-year; 2 activities a half; members re-report every six months and one who has
 * not cannot be rated 合格 or above (at most 基本合格). Each activity 3 h: 2 + 3 × 1 = 5 points. 优秀 30, 合格 15,
 * 基本合格 5. Activities F1 02-10, F2 03-20, F3 05-05, F4 06-10 (上半年), F5 08-08, F6 10-10 (下半年).
 * - 甲一: F1–F4 = 20, 复报到确认 03-15 → 合格. 下半年 F5 F6 = 10 → 基本合格 (not re-reported; the cap changes nothing).
 * - 乙二: F1–F4 = 20 (合格 by score), never re-reported → 基本合格.
 * - 丙三: reported 2025-02-01 (a span that starts in the half counts), F2–F4 = 15 → 合格.
 * - 丁四: moved from 丽豪 to 湖景 on 2025-05-10 (a new span in the half), F1–F4 = 20 → 合格.
 * - 戊五: F1 only = 5, re-reported 04-01, 1 activity short → 基本合格.
 */
function foshan(db: DB) {
  const w = base(db)
  const { a, lihao, hujing, member, event, signIn } = w
  const jia = member('甲一', lihao.id, null, '2024-10-01')
  const yi = member('乙二', lihao.id, null, '2024-10-01')
  const bing = member('丙三', lihao.id, null, '2025-02-01')
  const ding = member('丁四', lihao.id, null, '2024-10-01')
  const wu = member('戊五', lihao.id, null, '2024-10-01')
  const f = ['2025-02-10', '2025-03-20', '2025-05-05', '2025-06-10', '2025-08-08', '2025-10-10'].map((d, i) => event(`服务日${i + 1}`, '环境卫生', d, lihao.id, ['09:00', '12:00']))
  f.slice(0, 4).forEach((x) => signIn(x.id, [jia.id, yi.id, ding.id]))
  f.slice(1, 4).forEach((x) => signIn(x.id, [bing.id]))
  signIn(f[0].id, [wu.id])
  f.slice(4).forEach((x) => signIn(x.id, [jia.id, yi.id]))
  change(a, ding.id, { communityId: hujing.id }, '2025-05-10')
  a('assessment.saveScheme', { year: 2025, scheme: preset('foshan') })
  a('assessment.rereport', { memberIds: [jia.id], date: '2025-03-15' })
  a('assessment.rereport', { memberIds: [wu.id], date: '2025-04-01', note: '社区登记' })
  return { ...w, jia, yi, bing, ding, wu }
}

describe('the Foshan rule: not re-registered in the half-year → not 合格', () => {
  it('caps a member who did not re-report; a span that began in the half counts as re-reporting', () => {
    const db = tempDb()
    const { a, jia, yi, bing, ding } = foshan(db)
    const h1 = a('assessment.results', { year: 2025, period: 'H1', sort: 'name' })
    expect(h1.rows.map((r) => [r.name, r.points, r.grade, r.rereported, r.shortfall])).toEqual([
      ['丙三', 15, '合格', true, ''], ['丁四', 20, '合格', true, ''], ['甲一', 20, '合格', true, ''], ['戊五', 5, '基本合格', true, '上半年差 1 次活动'], ['乙二', 20, '基本合格', false, '']
    ])
    expect(h1.rows.find((r) => r.name === '乙二')!.note).toBe('未按期复报到,最高评为基本合格(按分数为合格)')
    const how = (id: number, period: 'H1' | 'H2') => a('assessment.member', { memberId: id, year: 2025, period }).rereport.map((x) => [x.half, x.done, x.how])
    expect(how(jia.id, 'H1')).toEqual([['上半年', true, '2025-03-15 复报到确认']])
    expect(how(bing.id, 'H1')).toEqual([['上半年', true, '2025-02-01 报到']])
    expect(how(ding.id, 'H1')).toEqual([['上半年', true, '2025-05-10 报到']])
    expect(how(yi.id, 'H1')).toEqual([['上半年', false, '未复报到']])
    const h2 = a('assessment.results', { year: 2025, period: 'H2', sort: 'name' })
    expect(h2.rows.map((r) => [r.name, r.points, r.grade, r.rereported])).toEqual([
      ['丙三', 0, '不合格', false], ['丁四', 0, '不合格', false], ['甲一', 10, '基本合格', false], ['戊五', 0, '不合格', false], ['乙二', 10, '基本合格', false]
    ])
    // the year is not a period of this scheme
    expect(expectError(() => a('assessment.results', { year: 2025, period: 'Y' })).message).toBe('2025年的考核方案按半年考核,请选择上半年或下半年。')
  })

  it('graded for the whole year with the rule each half: re-reporting in one half only caps the year', () => {
    const db = tempDb()
    const { a } = foshan(db)
    const scheme = preset('foshan')
    a('assessment.saveScheme', { year: 2025, scheme: { ...scheme, period: 'year', minimums: [{ per: 'half', activities: 2, hours: 0 }] } })
    const y = a('assessment.results', { year: 2025, period: 'Y', sort: 'name' })
    // 甲一 30 points (优秀 by score), re-reported in the first half only; 乙二 the same without any 复报到
    expect(y.rows.map((r) => [r.name, r.points, r.grade, r.rereported, r.shortfall])).toEqual([
      ['丙三', 15, '基本合格', false, '下半年差 2 次活动'], ['丁四', 20, '基本合格', false, '下半年差 2 次活动'], ['甲一', 30, '基本合格', false, ''],
      ['戊五', 5, '基本合格', false, '上半年差 1 次活动;下半年差 2 次活动'], ['乙二', 30, '基本合格', false, '']
    ])
    expect(y.rows.find((r) => r.name === '甲一')!.note).toBe('未按期复报到,最高评为基本合格(按分数为优秀)')
  })

  it('lists who is at risk as of a day, with what is missing; a 复报到 needs the member registered that day', () => {
    const db = tempDb()
    const { a, member, lihao } = foshan(db)
    const risk = a('assessment.atRisk', { asOf: '2025-05-01' })
    expect([risk.periodLabel, risk.from, risk.to, risk.total]).toEqual(['2025年上半年', '2025-01-01', '2025-06-30', 4])
    expect(risk.rows.map((r) => [r.name, r.activities, r.missing, r.lost])).toEqual([
      // by community (丽豪 for all on 05-01), then name
      ['丙三', 1, ['上半年差 1 次活动'], false],
      ['丁四', 2, ['上半年尚未复报到'], false],
      ['戊五', 1, ['上半年差 1 次活动'], false],
      ['乙二', 2, ['上半年尚未复报到'], false]
    ])
    expect(risk.rows[0].phone).toMatch(/^1\d\d\*{4}\d{4}$/)
    // in the second half, the first half's shortfalls are no longer listed: only the running half counts
    // (丁四 lives in 湖景 since 05-10: 湖景 sorts before 丽豪)
    expect(a('assessment.atRisk', { asOf: '2025-09-01' }).rows.map((r) => [r.name, r.missing])).toEqual([
      ['丁四', ['下半年差 2 次活动', '下半年尚未复报到']],
      ['丙三', ['下半年差 2 次活动', '下半年尚未复报到']],
      ['甲一', ['下半年差 1 次活动', '下半年尚未复报到']],
      ['戊五', ['下半年差 2 次活动', '下半年尚未复报到']],
      ['乙二', ['下半年差 1 次活动', '下半年尚未复报到']]
    ])
    const late = member('己六', lihao.id, null, '2025-06-01')
    expect(expectError(() => a('assessment.rereport', { memberIds: [late.id], date: '2025-03-01' })).message).toBe(
      '己六在 2025-03-01 没有报到在册,不能登记复报到(新报到或迁居的,报到本身即算复报到)。'
    )
    expect(a('assessment.rereport', { memberIds: [late.id, late.id], date: '2025-07-02' })).toEqual({ added: 1, already: 0, date: '2025-07-02' })
    expect(a('assessment.rereport', { memberIds: [late.id], date: '2025-07-02' })).toEqual({ added: 0, already: 1, date: '2025-07-02' })
  })

  it('with a year scheme the quarters not yet started are not asked for, and ended ones show as lost', () => {
    const db = tempDb()
    const { a } = foshan(db)
    a('assessment.saveScheme', { year: 2025, scheme: preset('suiling') })
    // 每季度 2 次、全年 4 次; as of 05-01: Q1 ended, Q2 running, Q3 and Q4 not started. 丙三 reported 02-01 and
    // had only F2 (03-20) in Q1; F3 (05-05) is after the day
    const rows = a('assessment.atRisk', { asOf: '2025-05-01' }).rows.map((r) => [r.name, r.missing, r.lost])
    expect(rows).toEqual([
      ['丙三', ['第一季度差 1 次活动(已过)', '第二季度差 2 次活动', '全年差 3 次活动'], true],
      ['丁四', ['第二季度差 2 次活动', '全年差 2 次活动'], false],
      ['甲一', ['第二季度差 2 次活动', '全年差 2 次活动'], false],
      ['戊五', ['第一季度差 1 次活动(已过)', '第二季度差 2 次活动', '全年差 3 次活动'], true],
      ['乙二', ['第二季度差 2 次活动', '全年差 2 次活动'], false]
    ])
  })
})

describe('the scheme as data', () => {
  it('starts from the default, refuses a scheme that does not hold together, and logs each saved version', () => {
    const db = tempDb()
    const a = api(db)
    const info = a('assessment.scheme', { year: 2026 })
    expect([info.version, info.versionId, info.scheme.name, info.versions]).toEqual([0, null, '2026年度在职党员进社区考核方案', []])
    const bad = structuredClone(info.scheme)
    bad.grading.levels[1].min = 70
    bad.caps = [{ when: 'minimum', atMost: '及格' }]
    bad.minimums = [{ per: 'quarter', activities: 0, hours: 0 }]
    const err = expectError(() => a('assessment.saveScheme', { year: 2026, scheme: bad }))
    expect(err.fields).toMatchObject({
      'scheme.grading.levels.1.min': '"合格"的分数线应低于"优秀"的 60',
      'scheme.caps.0.atMost': '最高等次"及格"不在等次列表中',
      'scheme.minimums.0': '最低要求应至少填写活动次数或服务时长之一'
    })
    const dist = structuredClone(preset('hejing', 2026))
    dist.grading.levels[0].share = 20
    expect(expectError(() => a('assessment.saveScheme', { year: 2026, scheme: dist })).fields).toMatchObject({ 'scheme.grading.levels': '各等次比例之和应为100%,现为110%' })
    a('assessment.saveScheme', { year: 2026, scheme: info.scheme, note: '采用默认方案' })
    expect(expectError(() => a('assessment.saveScheme', { year: 2026, scheme: info.scheme })).message).toBe('方案没有改动,仍为第 1 版。')
    const log = a('audit.list', {}).rows[0]
    expect([log.kind, log.record, log.summary]).toEqual(['设置', '考核方案2026', '保存2026年考核方案第 1 版"2026年度在职党员进社区考核方案":采用默认方案'])
    // every preset is a valid scheme
    for (const p of SCHEME_PRESETS) a('assessment.saveScheme', { year: 2027, scheme: p.make(2027), note: p.key })
    expect(a('assessment.scheme', { year: 2027 }).versions.length).toBe(SCHEME_PRESETS.length)
  })
})

describe('confirmed results', () => {
  it('stay as confirmed whatever changes later, until the period is reopened (logged)', async () => {
    const db = tempDb()
    const { a, zhang, wang, zhao, e } = xingtai(db)
    expect(expectError(() => a('assessment.confirm', { year: 2026, period: 'Y' })).message).toMatch(/^2026年全年的考核期到2026-12-31才结束,结束后才能确认结果。$/)
    const live = a('assessment.results', { year: 2025, period: 'Y', pageSize: 50 })
    const livePage = a('assessment.member', { memberId: zhang.id, year: 2025, period: 'Y' })
    const status = a('assessment.confirm', { year: 2025, period: 'Y' })
    expect(status.confirmed).toMatchObject({ operator: '李会计', schemeVersion: 1, members: 5, reopenedAt: null })
    expect(a('audit.list', {}).rows[0]).toMatchObject({ kind: '确认', record: '考核2025年全年', summary: '确认2025年全年考核结果:5 名党员(方案第 1 版),此后数据变动不再改变该期结果' })
    const frozen = a('assessment.results', { year: 2025, period: 'Y', pageSize: 50 })
    expect(frozen.rows).toEqual(live.rows)
    const page = a('assessment.member', { memberId: zhang.id, year: 2025, period: 'Y' })
    expect([page.lines, page.minimums, page.explain]).toEqual([livePage.lines, livePage.minimums, livePage.explain])

    // later changes: a late sign-in, corrected hours, a corrected registration date, a new scheme version
    a('attendance.add', { eventId: e[2].id, memberIds: [wang.id], hours: 3 })
    const first = a('attendance.list', { eventId: e[0].id }).rows.find((r) => r.memberId === zhang.id)!
    a('attendance.update', { id: first.id, hours: 2 })
    const span = a('member.history', { memberId: zhao.id })[0]
    a('member.editSpan', { id: span.id, startDate: '2025-01-01', endedOn: '' })
    a('assessment.saveScheme', { year: 2025, scheme: { ...preset('xingtai'), minimums: [{ per: 'period', activities: 0, hours: 40 }] }, note: '降为40小时' })
    expect(a('assessment.results', { year: 2025, period: 'Y', pageSize: 50 }).rows).toEqual(live.rows)
    expect(a('assessment.member', { memberId: zhang.id, year: 2025, period: 'Y' }).lines).toEqual(livePage.lines)
    expect(a('assessment.summary', { year: 2025, period: 'Y' }).status.schemeVersion).toBe(1)
    // and nothing can be entered into it
    expect(expectError(() => a('assessment.adjust', { memberId: zhang.id, date: '2025-06-01', points: 5, reason: '补登表彰' })).message).toBe(
      '2025年全年的考核结果已确认,不能再登记这一期间的加减分;如需更改,请先在考核页重新打开该考核期。'
    )
    expect(expectError(() => a('assessment.confirm', { year: 2025, period: 'Y' })).code).toBe('conflict')

    // reopened: logged with its reason, and the results follow the data (and the newest scheme) again
    const reopened = a('assessment.reopen', { year: 2025, period: 'Y', reason: '补录王五6月签到' })
    expect(reopened.confirmed).toBeNull()
    expect(reopened.runs.map((r) => r.reopenReason)).toEqual(['补录王五6月签到'])
    expect(a('audit.list', {}).rows[0]).toMatchObject({ kind: '重新打开', record: '考核2025年全年', summary: '重新打开2025年全年考核结果,原因:补录王五6月签到;结果重新按当前数据计算' })
    const now = a('assessment.results', { year: 2025, period: 'Y', sort: 'name', pageSize: 50 })
    // 张三 12.5 → 2 h: 50 h; 王五 48 + 3 h = 51 h + 15 = 66; 赵六 from 01-01 now counts his 03-01 sign-in: 56 h
    expect(brief(byName(now.rows)).map((r) => [r[0], r[1], r[2], r[4]])).toEqual([
      ['李四', 120, 120, '优秀'], ['钱七', 10, 10, '不合格'], ['王五', 66, 51, '合格'], ['张三', 50, 50, '不合格'], ['赵六', 56, 56, '不合格']
    ])
    const again = a('assessment.confirm', { year: 2025, period: 'Y' })
    expect(again.runs.map((r) => [r.schemeVersion, !!r.reopenedAt])).toEqual([[2, false], [1, true]])

    // exports: the member list (phones masked) and the summary
    const file = await apiAsync(db, 'assessment.export', { kind: 'results', year: 2025, period: 'Y' })
    expect(file.fileName).toBe('石湾镇街道_考核结果名单_2025全年.xlsx')
    const wb = XLSX.read(Buffer.from(file.base64, 'base64'))
    const sheet = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]], { header: 1 })
    expect(sheet[0][0]).toBe('石湾镇街道2025年全年在职党员考核结果名单')
    // the print-ready writer numbers the rows (序号) and may break a long header before its unit
    expect(sheet[2].map((h) => String(h).replace(/\s+/g, ''))).toEqual(['序号', '报到村居', '工作单位', '姓名', '手机号', '活动(次)', '计入时长(小时)', '得分', '等次', '未达最低要求', '说明'])
    expect(sheet[3].slice(1, 9)).toEqual(['湖景社区', '佛山供电局', '王五', '138****8003', 3, 51, 66, '合格'])
    expect(sheet[5].slice(1, 9)).toEqual(['丽豪社区', '佛山供电局', '张三', '138****8001', 5, 50, 50, '不合格'])
    expect(JSON.stringify(sheet)).not.toMatch(/138001380\d\d/)
    const sum = await apiAsync(db, 'assessment.export', { kind: 'summary', year: 2025, period: 'Y' })
    expect(XLSX.read(Buffer.from(sum.base64, 'base64')).SheetNames).toEqual(['按村居', '按单位'])
    // as of 2025-11-01 under version 2 (40 hours): 张三 2 + 12 + 12.5 + 12.5 = 39 h and 赵六 8 + 24 = 32 h are short;
    // 李四 96 h and 王五 51 h are not; 钱七 has left
    const risk = await apiAsync(db, 'assessment.export', { kind: 'atRisk', asOf: '2025-11-01' })
    expect(risk.rows).toBe(2)
    const riskRows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(Buffer.from(risk.base64, 'base64')).Sheets['考核预警名单'], { header: 1 })
    expect(riskRows.slice(3, 5).map((r) => [r[3], r[4], r[7]])).toEqual([['张三', '138****8001', '全年差 1 小时'], ['赵六', '138****8004', '全年差 8 小时']])
    expect(a('audit.list', {}).rows[0]).toMatchObject({ kind: '导出', record: '考核' })
  })
})

describe('tracing on the demo register', () => {
  it('for sampled members the traced lines add up to the score, and sign-ins are exactly the statistics layer’s', () => {
    const db = tempDb()
    const a = api(db)
    a('demo.load', {})
    const year = +new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4) - 1
    const all = a('assessment.results', { year, period: 'Y', pageSize: 200, sort: 'points', order: 'desc' })
    expect(all.total).toBeGreaterThan(9000)
    // every member's activities equal their sign-ins in MEMBER_SIGN_INS
    const figures = new Map(
      (db
        .prepare(`SELECT member_id, COUNT(*) AS n FROM (${MEMBER_SIGN_INS}) GROUP BY member_id`)
        .all({ from: `${year}-01-01`, to: `${year}-12-31`, community: null, unit: null }) as Array<{ member_id: number; n: number }>).map((r) => [r.member_id, r.n])
    )
    let total = 0
    for (let page = 1; page <= Math.ceil(all.total / 200); page++) {
      for (const r of a('assessment.results', { year, period: 'Y', pageSize: 200, page }).rows) {
        expect(r.activities, r.name).toBe(figures.get(r.memberId) ?? 0)
        total += r.activities
      }
    }
    expect(total).toBe([...figures.values()].reduce((x, y) => x + y, 0))
    const sample = [...all.rows.slice(0, 15), ...a('assessment.results', { year, period: 'Y', page: 20, pageSize: 10 }).rows]
    for (const r of sample) {
      const p = a('assessment.member', { memberId: r.memberId, year, period: 'Y' })
      const sum = p.lines.reduce((s, l) => s + Math.round(l.points * 100), 0) / 100
      expect(sum, r.name).toBe(r.points)
      expect(p.result!.points).toBe(r.points)
      expect(p.lines.filter((l) => l.source === '活动').length).toBe(r.activities)
    }
  })
})
