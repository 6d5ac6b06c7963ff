/** 应报到名单: a unit's list of who must report, and 已报到 read the same way as the reports read it. */
import { describe, expect, it } from 'vitest'
import { parsePeople } from '../src/shared/api'
import { dump, expectError, smallRegister, tempDb } from './helpers'

describe("a unit's 应报到名单", () => {
  it('reads a pasted list, counts who has reported on a date, and agrees with the 单位报到情况汇总表', () => {
    const db = tempDb()
    const { a, unit, zhang } = smallRegister(db)
    const pasted = '序号\t姓名\t手机号\n1\t张三\t138 0013 8000\n2\t李 雷\t13700137000\n\n3，韩梅梅，11010519491231002X\n4\t13600136000\n'
    const { people, problems } = parsePeople(pasted)
    expect(people).toEqual([
      { name: '张三', phone: '13800138000', idCard: '' },
      { name: '李雷', phone: '13700137000', idCard: '' },
      { name: '韩梅梅', phone: '', idCard: '11010519491231002X' }
    ])
    expect(problems).toEqual(['第6行没有姓名:4\t13600136000'])
    expect(a('expected.add', { unitId: unit.id, people })).toEqual({ added: 3, removed: 0, skipped: 0 })
    expect(a('expected.add', { unitId: unit.id, people: people.slice(0, 1) })).toEqual({ added: 0, removed: 0, skipped: 1 })
    // 张三 registered on 2020-04-15
    const before = a('expected.list', { unitId: unit.id, registeredOn: '2020-04-14' })
    expect([before.expected, before.registered]).toEqual([3, 0])
    const list = a('expected.list', { unitId: unit.id, registeredOn: '2020-06-30' })
    expect([list.expected, list.registered]).toEqual([3, 1])
    expect(list.rows.map((r) => [r.name, r.phone, r.memberId])).toEqual([
      ['李雷', '137****7000', null],
      ['韩梅梅', '', null],
      ['张三', '138****8000', zhang.id]
    ])
    const summary = a('report.get', { kind: 'unitSummary', from: '2020-01-01', to: '2020-06-30' }).rows[0]
    expect([summary.expected, summary.registered, summary.registrationRate]).toEqual([3, 1, 33.3])
    const unregistered = a('report.get', { kind: 'unregistered', from: '2020-01-01', to: '2020-06-30' }).rows.map((r) => r.name)
    expect(unregistered).toEqual(['李雷', '韩梅梅'])
    // a new list from the unit replaces the old one
    expect(a('expected.add', { unitId: unit.id, people: people.slice(1, 2), replace: true })).toEqual({ added: 1, removed: 3, skipped: 0 })
    expect(a('expected.remove', { ids: a('expected.list', { unitId: unit.id }).rows.map((r) => r.id) })).toEqual({ removed: 1 })
  })

  it('refuses a wrong phone or ID number and saves nothing', () => {
    const db = tempDb()
    const { a, unit } = smallRegister(db)
    const before = dump(db)
    expect(expectError(() => a('expected.add', { unitId: unit.id, people: [{ name: '张三', phone: '12345' }] })).message).toContain('手机号应为11位')
    expect(expectError(() => a('expected.add', { unitId: unit.id, people: [{ name: '张三', idCard: '110105194912310021' }] })).message).toContain('身份证号不正确')
    expect(dump(db)).toBe(before)
  })
})
