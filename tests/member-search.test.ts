/** The member keyword search finds the same people, in the same order, with or without a community or unit filter. */
import { describe, expect, it } from 'vitest'
import { api, apiAsync, smallRegister, tempDb } from './helpers'
import { commit, read, workbook } from './import-helpers'

describe('member search', () => {
  it('ranks within a community or unit exactly as the whole register ranks, filtered', () => {
    const db = tempDb()
    const a = api(db)
    a('demo.load', {})
    const community = a('community.list', { keyword: '丽豪社区' }).rows[0]
    const unit = a('unit.list', { keyword: '佛山供电局' }).rows[0]
    const ids = (input: Parameters<typeof a<'member.list'>>[1]) => a('member.list', { ...input, pageSize: 200 }).rows.map((m) => m.id)
    for (const keyword of ['z', 'zh', '张', '陈明', 'chen', 'lhsq', 'lh', 'gdj', '供电', 'xiaoming', '0000']) {
      const everywhere = a('member.list', { keyword, pageSize: 200, status: '在册' }).total
      for (const within of [{ communityId: community.id }, { unitId: unit.id }]) {
        const scoped = ids({ keyword, ...within })
        // the same members as the whole register's matches, keeping only those of the community or unit
        const all: number[] = []
        for (let page = 1; (page - 1) * 200 < everywhere + 200; page++) {
          const rows = a('member.list', { keyword, page, pageSize: 200 }).rows
          if (!rows.length) break
          all.push(...rows.filter((m) => (within.communityId ? m.communityId === within.communityId : m.unitId === within.unitId)).map((m) => m.id))
        }
        expect(scoped, `${keyword} ${JSON.stringify(within)}`).toEqual(all.slice(0, 200))
      }
    }
  })
})

describe('the search index after an import', () => {
  it('holds the members a roster created (indexed in one step at the end), drops them on undo, and follows later edits', async () => {
    const db = tempDb()
    const { a, lihao, zhang } = smallRegister(db)
    const integrity = (): void => void db.prepare("INSERT INTO member_fts (member_fts, rank) VALUES ('integrity-check', 1)").run()
    const found = (keyword: string): string[] => a('member.list', { keyword, pageSize: 50 }).rows.map((m) => m.name).sort()
    const file = workbook({
      名册: [
        ['姓名', '手机号码', '居住社区', '报到日期', '居住小区'],
        ['欧阳娜娜', '13512345601', '丽豪社区', '2021-03-01', ''],
        ['司马相如', '13512345602', '湖景社区', '2021-03-02', ''],
        ['诸葛孔明', '13512345603', '丽豪社区', '2021-03-03', ''],
        ['张三', '13800138000', '丽豪社区', '2020-04-15', '丽豪花园']
      ]
    })
    const batch = await commit(db, 'roster', await read(db, 'roster', '名册.xlsx', file))
    expect(batch).toMatchObject({ membersCreated: 3, membersUpdated: 1 })
    integrity()
    expect(db.prepare('SELECT COUNT(*) FROM member_fts_pause').pluck().get()).toBe(0)
    // three characters or more go through the index: a part of the name, of its full pinyin
    expect(found('阳娜娜')).toEqual(['欧阳娜娜'])
    expect(found('xiangru')).toEqual(['司马相如'])
    expect(found('葛孔明')).toEqual(['诸葛孔明'])
    expect(found('张三')).toEqual(['张三'])
    // a member added by hand afterwards is indexed by the trigger as before
    a('member.create', { name: '上官婉儿', phone: '13512345604', communityId: lihao.id, registeredAt: '2021-04-01' })
    expect(found('官婉儿')).toEqual(['上官婉儿'])
    // a rename moves the entry; an edit that keeps the name leaves it
    const full = a('member.reveal', { id: zhang.id })
    a('member.update', { ...a('member.get', { id: zhang.id }), ...full, id: zhang.id, name: '张三丰', estate: '湖景花园' })
    expect(found('张三丰')).toEqual(['张三丰'])
    integrity()
    await apiAsync(db, 'import.undo', { id: batch.id, overwriteEdits: true })
    expect(found('阳娜娜')).toEqual([])
    expect(found('xiangru')).toEqual([])
    expect(found('官婉儿')).toEqual(['上官婉儿'])
    expect(db.prepare('SELECT COUNT(*) FROM member_fts_pause').pluck().get()).toBe(0)
    integrity()
    // and the triggers index and unindex by hand as before
    const gone = a('member.create', { name: '东方不败', phone: '13512345605', communityId: lihao.id, registeredAt: '2021-04-02' })
    expect(found('方不败')).toEqual(['东方不败'])
    a('member.remove', { id: gone.id })
    expect(found('方不败')).toEqual([])
    integrity()
  })
})
