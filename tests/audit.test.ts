import { describe, expect, it } from 'vitest'
import { apiAsync, expectError, smallRegister, tempDb } from './helpers'
import { commit, read, sample } from './import-helpers'

describe('the operation log', () => {
  it('records every change, import, undo, export and reveal with the operator, and nothing for failures', async () => {
    const db = tempDb()
    const { a, lihao, zhang, event } = smallRegister(db)
    a('settings.update', { orgName: '石湾镇街道', operator: '陈文员' })
    a('community.update', { id: lihao.id, name: '丽豪社区', kind: '社区', secretary: '新书记' })
    a('member.reveal', { id: zhang.id, field: 'phone' })
    a('attendance.add', { eventId: event.id, memberIds: [zhang.id] })
    a('member.remove', { id: zhang.id })
    expectError(() => a('community.create', { name: '丽豪社区', kind: '社区' }))
    expectError(() => a('member.create', { name: '', phone: '1', communityId: 1, registeredAt: 'x' }))
    const p = await read(db, 'signin', 'sample-signin.xlsx', sample('sample-signin.xlsx'), { eventId: event.id })
    const batch = await commit(db, 'signin', p, event.id)
    await apiAsync(db, 'import.undo', { id: batch.id })
    await apiAsync(db, 'report.export', { kinds: ['members'], from: '2020-01-01', to: '2020-12-31', full: true, jobId: 'a1' })

    const log = a('audit.list', { pageSize: 50 }).rows.reverse()
    const mine = log.filter((e) => e.operator === '陈文员').map((e) => [e.kind, e.summary])
    expect(mine).toEqual([
      ['设置', '单位名称设为"石湾镇街道",操作员设为"陈文员"'],
      ['修改', '修改村居"丽豪社区"'],
      // revealing only the phone says only the phone
      ['查看号码', '查看党员"张三"的完整手机号'],
      ['签到', `为活动#${event.id}签到 1 人(已签到未重复 0 人)`],
      ['归档', '归档党员"张三"'],
      ['导入', '导入签到表"sample-signin.xlsx":新增 40 人,更新 0 人,签到 40 人次,跳过 0 行'],
      ['撤销导入', `撤销第 ${batch.id} 批导入"sample-signin.xlsx"`],
      // 张三 was archived today: the 2020 ledger still lists him (the archive changes no closed period)
      ['完整导出', '完整导出(含完整手机号)"石湾镇街道_在职党员服务台账_2020年.xlsx":2020-01-01 至 2020-12-31,共 2 行']
    ])
    // the register built before the operator was set is logged too, without a name
    expect(log.slice(0, 2).map((e) => [e.operator, e.summary])).toEqual([
      ['', '新建村居"丽豪社区"'],
      ['', '新建村居"湖景社区"']
    ])
  })

  it('cannot be edited, and entries younger than six months cannot be deleted', () => {
    const db = tempDb()
    const { a } = smallRegister(db)
    expect(() => db.prepare("UPDATE audit SET summary = '改过'").run()).toThrow('操作日志不能修改')
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow('半年内的操作日志不能删除')
    db.prepare("INSERT INTO audit (at, kind, method, summary) VALUES ('2020-01-01T00:00:00.000Z', '修改', 'x', '很久以前')").run()
    expect(db.prepare("DELETE FROM audit WHERE at < '2021-01-01'").run().changes).toBe(1)
    expect(a('audit.list', {}).total).toBe(6)
  })

  it('filters by time, operator, kind and record', () => {
    const db = tempDb()
    const { a, zhang } = smallRegister(db)
    a('settings.update', { orgName: '石湾镇街道', operator: '李文员' })
    a('member.reveal', { id: zhang.id })
    // the log names its records as they are now, not by id
    expect(a('audit.list', { kind: '查看号码' }).rows.map((e) => e.recordName)).toEqual(['党员 张三'])
    expect(a('audit.list', { kind: '查看号码' }).rows.map((e) => e.summary)).toEqual(['查看党员"张三"的完整手机号和身份证号（编辑时）'])
    expect(a('audit.list', { operator: '李文员' }).total).toBe(2)
    expect(a('audit.list', { keyword: '湖景' }).total).toBe(1)
    expect(a('audit.list', { from: '2000-01-01', to: '2000-12-31' }).total).toBe(0)
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
    const all = a('audit.list', { from: today, to: today })
    expect(all.total).toBe(8)
    expect(all.kinds).toEqual(expect.arrayContaining(['新建', '查看号码', '设置']))
    expect(all.operators).toEqual(['李文员'])
  })
})
