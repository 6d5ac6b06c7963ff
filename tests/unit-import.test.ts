/**
 * A unit list (单位名单) through the import wizard: fixtures written by ExcelJS (tests/fixtures/imports/make-units.mjs),
 * previewed, matched by name with and without the party organisation's suffix, committed as one batch and undone.
 */
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { DB } from '../src/main/db/open'
import { api, apiAsync, rejection, tempDb } from './helpers'
import { check, commit, fixture, read } from './import-helpers'

function register(db: DB) {
  const a = api(db)
  const lihao = a('community.create', { name: '丽豪社区', kind: '社区' })
  const hujing = a('community.create', { name: '湖景社区', kind: '社区' })
  const gd = a('unit.create', { name: '佛山供电局', kind: '国有企业', communityId: lihao.id, reportedOn: '2020-03-01' })
  return { a, lihao, hujing, gd }
}

const units = (db: DB) => JSON.stringify(['unit', 'unit_pairing'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()))

describe('importing a unit list', () => {
  it('previews every row: the same unit with or without 党委/党支部, new units, pairings, repeats', async () => {
    const db = tempDb()
    register(db)
    const p = await read(db, 'unit', 'unit-list.xlsx', fixture('unit-list.xlsx'))
    expect(p.mapping).toEqual([null, 'name', 'unitKind', 'partyOrg', 'contact', 'phone', 'community', 'registeredAt'])
    expect(p.leftOut.map((l) => l.reason)).toEqual(['落款(填表人、审核人、签字盖章等)'])
    expect(p.rows.map((r) => r.values.registeredAt ?? '')).toEqual(['2020-04-01', '2020-03-15', '2020年5月6日', '', ''])
    expect(p.outcomes.map((o) => [o.action, o.label])).toEqual([
      ['update', '更新单位并新增结对'],
      ['create', '新建单位并结对'],
      ['create', '新建单位并结对'],
      ['create', '新建单位'],
      ['duplicate', '文件内重复(同第6行),跳过']
    ])
    expect(p.outcomes[0].warnings.name).toBe('按单位"佛山供电局"处理(名称去掉党组织后缀后相同)')
    expect(p.summary).toMatchObject({ created: 3, updated: 1, blocking: 0, skipped: [{ reason: '文件内重复', rows: 1 }] })
    // a name in its party organisation's full form is the same unit too
    for (const values of [{ name: '中共佛山供电局委员会' }, { name: '佛山供电局党总支', community: '丽豪社区', registeredAt: '2020-03-01' }, { name: '佛山供电局机关党支部' }]) {
      const c = await check(db, 'unit', [{ index: 1, values }])
      expect(c.outcomes.map((o) => [o.action, o.memberName]), values.name).toEqual([['unchanged', '佛山供电局']])
    }
  })

  it('commits units and their pairings as one batch, and its undo puts everything back', async () => {
    const db = tempDb()
    const { a, gd } = register(db)
    const before = units(db)
    const p = await read(db, 'unit', 'unit-list.xlsx', fixture('unit-list.xlsx'))
    const batch = await commit(db, 'unit', p)
    expect(batch).toMatchObject({ kind: 'unit', unitsCreated: 3, unitsUpdated: 1, pairingsCreated: 3, skipped: 1 })
    expect(a('unit.list', { pageSize: 50 }).rows.map((u) => [u.name, u.kind, u.pairedNames])).toEqual([
      ['禅城区教育局', '机关', '丽豪社区'],
      ['佛山供电局', '国有企业', '丽豪社区、湖景社区'],
      ['佛山市第一人民医院', '事业单位', '丽豪社区'],
      ['中国银行佛山分行党支部', '国有企业', '']
    ])
    expect(a('unit.get', { id: gd.id })).toMatchObject({ partyOrg: '中共佛山供电局委员会', contact: '陈志强', phone: '0757-82701111', communityName: '湖景社区' })
    expect(a('pairing.list', { unitId: gd.id }).map((x) => [x.communityName, x.startDate])).toEqual([
      ['湖景社区', '2020-04-01'],
      ['丽豪社区', '2020-03-01']
    ])
    const hospital = a('unit.list', { keyword: '医院' }).rows[0]
    expect(a('pairing.list', { unitId: hospital.id }).map((x) => x.startDate)).toEqual(['2020-05-06'])
    // the same file again is refused; an undo removes what it added and puts back what it changed
    expect((await rejection(commit(db, 'unit', p))).message).toMatch(/该文件已于 .* 导入过\(第 1 批\)/)
    await apiAsync(db, 'import.undo', { id: batch.id })
    expect(units(db)).toBe(before)
    const log = a('audit.list', { kind: '导入' }).rows[0]
    expect(log.summary).toBe('导入单位名单"unit-list.xlsx":新建单位 3 个,更新 1 个,新增结对 3 条,跳过 1 行')
  })

  it('refuses bad rows in Chinese (an unknown community, a wrong type, a date it cannot read) and writes nothing', async () => {
    const db = tempDb()
    register(db)
    const p = await read(db, 'unit', 'unit-list-bad.xlsx', fixture('unit-list-bad.xlsx'))
    expect(p.outcomes.map((o) => o.problems)).toEqual([
      { community: '未找到村居"不存在社区",请先在村居中新建,或改为已有的村居名称' },
      { unitKind: '单位类型应为 机关/事业单位/国有企业/其他 之一' },
      { registeredAt: '日期无法识别:"明年",请写成 2020-04-15' }
    ])
    const before = units(db)
    const batches = db.prepare('SELECT COUNT(*) FROM import_batch').pluck().get()
    expect((await rejection(commit(db, 'unit', p))).message).toMatch(/^还有 3 行需要处理\(修改或排除\)后才能导入。第3行:未找到村居"不存在社区"/)
    expect(units(db)).toBe(before)
    expect(db.prepare('SELECT COUNT(*) FROM import_batch').pluck().get()).toBe(batches)
  })

  it('offers a blank unit list that, filled in a spreadsheet program, imports with no mapping step', async () => {
    const db = tempDb()
    register(db)
    const t = await apiAsync(db, 'import.template', { kind: 'unit' })
    expect(t.fileName).toBe('本街道单位报到名单(模板).xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(t.base64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('单位名单')!
    ws.getRow(3).values = [1, '禅城区人民法院', '机关', '中共禅城区人民法院党组', '吴敏', '0757-83001234', '湖景社区', '2020-05-08']
    const filled = Buffer.from(await wb.xlsx.writeBuffer())
    const p = await read(db, 'unit', '法院.xlsx', filled)
    expect(p.mapping).toEqual([null, 'name', 'unitKind', 'partyOrg', 'contact', 'phone', 'community', 'registeredAt'])
    expect(p.outcomes.map((o) => [o.action, o.label])).toEqual([['create', '新建单位并结对']])
  })
})
