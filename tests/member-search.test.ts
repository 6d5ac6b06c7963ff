/** The member keyword search finds the same people, in the same order, with or without a community or unit filter. */
import { describe, expect, it } from 'vitest'
import { api, tempDb } from './helpers'

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
