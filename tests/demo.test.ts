import { describe, expect, it } from 'vitest'
import { idCardProblem, isMobile } from '../src/shared/text'
import { api, dump, expectError, tempDb } from './helpers'

describe('shiwan demo data', () => {
  it('loads a realistic sub-district into an empty database, and only into an empty one', () => {
    const db = tempDb()
    const a = api(db)
    const counts = a('demo.load', {})
    expect(counts.communities).toBe(39)
    expect(counts.units).toBe(150)
    expect(counts.members).toBe(9741)
    expect(counts.events).toBeGreaterThanOrEqual(60)
    expect(counts.attendance).toBeGreaterThan(counts.events * 20 - 1)
    expect(a('app.info', {}).orgName).toBe('石湾镇街道')

    const phones = db.prepare("SELECT phone FROM member WHERE status = '在册'").pluck().all() as string[]
    expect(phones.every(isMobile)).toBe(true)
    expect(new Set(phones).size).toBe(phones.length)
    const ids = db.prepare('SELECT id_card FROM member WHERE id_card IS NOT NULL').pluck().all() as string[]
    expect(ids.length).toBeGreaterThan(5000)
    expect(ids.filter((id) => idCardProblem(id) !== null)).toEqual([])
    expect(new Set(ids).size).toBe(ids.length)
    // people sign in at activities of the community they live in
    const strays = db.prepare('SELECT COUNT(*) FROM attendance a JOIN member m ON m.id = a.member_id JOIN event e ON e.id = a.event_id WHERE m.community_id != e.community_id').pluck().get()
    expect(strays).toBe(0)
    // the sample files' communities and units are there to import into
    expect(a('community.list', { keyword: '鸿翔社区' }).total).toBe(1)
    expect(a('unit.list', { keyword: '佛山农商银行石湾支行' }).total).toBe(1)

    // a service list: a few items per community, about half claimed, and forum suggestions turned into needs
    const needs = db.prepare("SELECT COUNT(*) AS n, SUM(id IN (SELECT need_id FROM claim)) AS claimed, SUM(source = '座谈会提出') AS forum FROM need").get() as { n: number; claimed: number; forum: number }
    expect(needs.n).toBeGreaterThanOrEqual(39 * 3)
    expect(needs.claimed / needs.n).toBeGreaterThan(0.3)
    expect(needs.claimed / needs.n).toBeLessThan(0.75)
    expect(needs.forum).toBeGreaterThan(0)
    expect(db.prepare('SELECT COUNT(*) FROM suggestion').pluck().get()).toBeGreaterThan(needs.forum)

    // a registration history: one span in force per 在册 member, in the community the member row names;
    // transferred members' spans ended; some moved home; people who signed in without reporting have none
    const spans = db
      .prepare(
        `SELECT m.status, COUNT(r.id) AS spans, SUM(r.ended_on IS NULL) AS open, SUM(r.ended_on IS NULL AND r.community_id = m.community_id) AS here
         FROM member m LEFT JOIN registration r ON r.member_id = m.id GROUP BY m.id`
      )
      .all() as Array<{ status: string; spans: number; open: number; here: number }>
    expect(spans.filter((x) => x.status === '在册').every((x) => x.open === 1 && x.here === 1)).toBe(true)
    expect(spans.filter((x) => x.status === '已转出').every((x) => x.spans === 1 && x.open === 0)).toBe(true)
    expect(spans.filter((x) => x.status === '在册' && x.spans === 2).length).toBeGreaterThan(20)
    expect(spans.filter((x) => x.status === '未报到').map((x) => x.spans)).toEqual(new Array(78).fill(0))

    // it lives in the present: the dashboard as of today shows this year's figures and a full 12-month trend
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    const dash = a('dashboard.get', { asOf: today })
    expect(dash.members).toBe(9741)
    expect(dash.monthly).toHaveLength(12)
    expect(dash.monthly.at(-1)!.month).toBe(today.slice(0, 7))
    expect(dash.monthly.filter((m) => m.events > 0).length).toBeGreaterThanOrEqual(9)
    expect((db.prepare('SELECT MAX(date) FROM event').pluck().get() as string) > new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10)).toBe(true)
    expect(db.prepare('SELECT COUNT(*) FROM claim WHERE finished_on > ?').pluck().get(today)).toBe(0)

    // the unit side: every unit with a 结对村居 reported to it (a dated pairing), agreements (some ending soon, one with a
    // scan), 共建项目 served by the unit's members, activities organised by units
    expect(db.prepare('SELECT COUNT(*) FROM unit_pairing').pluck().get()).toBe(db.prepare('SELECT COUNT(*) FROM unit WHERE community_id IS NOT NULL').pluck().get())
    expect(db.prepare('SELECT COUNT(*) FROM agreement WHERE scan IS NOT NULL').pluck().get()).toBe(1)
    expect(a('agreement.expiring', { asOf: today, days: 30 }).map((g) => g.daysLeft < 0)).toEqual([true, true, false, false, false])
    const projects = db.prepare("SELECT COUNT(*) AS n, SUM(status = '已完成') AS done, (SELECT COUNT(*) FROM unit_claim_member) AS served FROM unit_claim").get() as { n: number; done: number; served: number }
    expect(projects.n).toBe(12)
    expect(projects.done).toBeGreaterThan(0)
    expect(projects.served).toBeGreaterThanOrEqual(24)
    expect(db.prepare('SELECT COUNT(*) FROM event WHERE unit_id IS NOT NULL').pluck().get()).toBeGreaterThan(10)
    const summary = a('report.get', { kind: 'unitSummary', from: '2000-01-01', to: today, pageSize: 200 })
    expect(summary.sum!.unitEvents).toBe(db.prepare('SELECT COUNT(*) FROM event WHERE unit_id IS NOT NULL AND archived_at IS NULL').pluck().get())

    const before = dump(db)
    expect(expectError(() => a('demo.load', {})).code).toBe('conflict')
    expect(dump(db)).toBe(before)
  })
})
