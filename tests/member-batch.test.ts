/** Batch actions on members: transfer out or move home from a date, and export the selection masked. */
import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import { apiAsync, dump, expectError, smallRegister, tempDb } from './helpers'

describe('batch actions on members', () => {
  it('transfers out or moves the selection from a date, leaves who cannot be changed and says why', async () => {
    const db = tempDb()
    const { a, lihao, hujing, zhang, wang } = smallRegister(db)
    const li = a('member.create', { name: '李四', phone: '13700137000', communityId: lihao.id, registeredAt: '2020-06-10' })
    // 李四 registered on 06-10: a move dated 06-01 cannot apply to him
    const moved = a('member.batch', { ids: [zhang.id, li.id, wang.id], action: 'move', communityId: hujing.id, changedOn: '2020-06-01' })
    expect(moved.changed).toBe(1)
    expect(moved.skipped).toEqual(['李四:变动日期应晚于报到日期 2020-06-10', '王芳:已住在该村居'])
    expect(a('member.history', { memberId: zhang.id }).map((h) => [h.communityName, h.startDate, h.endedOn])).toEqual([
      ['丽豪社区', '2020-04-15', '2020-06-01'],
      ['湖景社区', '2020-06-01', null]
    ])
    expect(a('member.get', { id: li.id })).toMatchObject({ communityName: '丽豪社区', registeredAt: '2020-06-10' })
    const t = a('member.batch', { ids: [zhang.id, wang.id], action: 'transfer', changedOn: '2020-07-01' })
    expect(t).toEqual({ changed: 2, skipped: [] })
    expect(a('member.list', { status: '已转出' }).total).toBe(2)
    expect(a('report.get', { kind: 'registration', from: '2020-06-30', to: '2020-06-30' }).sum!.registered).toBe(3)
    expect(a('report.get', { kind: 'registration', from: '2020-07-01', to: '2020-07-01' }).sum!.registered).toBe(1)
    expect(a('audit.list', { keyword: '批量' }).rows.map((e) => e.summary)).toEqual(['批量转出 2 人(自 2020-07-01 起)', '批量迁居 1 人(自 2020-06-01 起),2 人未改动'])

    const before = dump(db)
    expect(expectError(() => a('member.batch', { ids: [li.id], action: 'move', changedOn: '2020-08-01' })).fields?.communityId).toBe('请选择新的居住村居')
    expect(dump(db)).toBe(before)

    const file = await apiAsync(db, 'member.export', { ids: [li.id, zhang.id] })
    const rows = XLSX.utils.sheet_to_json(XLSX.read(Buffer.from(file.base64, 'base64')).Sheets['党员名单'], { header: 1, defval: null }) as unknown[][]
    const header = (rows[2] as string[]).map((h) => String(h).replace(/\s+/g, ''))
    const at = (title: string) => header.indexOf(title)
    expect(rows.slice(3, 5).map((r) => [r[at('姓名')], r[at('手机号')]])).toEqual([
      ['李四', '137****7000'],
      ['张三', '138****8000']
    ])
    expect(file.fileName).toMatch(/_在职党员名单_2人_\d{8}\.xlsx$/)
  })
})
