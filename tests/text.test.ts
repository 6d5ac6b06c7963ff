/** Text that is not text: lone surrogates and direction overrides never reach the database or a file name. */
import { describe, expect, it } from 'vitest'
import { safeFileName } from '../src/shared/text'
import { apiAsync, smallRegister, tempDb } from './helpers'

describe('text fields', () => {
  it('drop unpaired surrogates, so what is stored reads back unchanged', () => {
    const db = tempDb()
    const { a, lihao } = smallRegister(db)
    const m = a('member.create', { name: '李\ud800四', phone: '13700137000', communityId: lihao.id, registeredAt: '2020-05-01', note: '备注\udc00结束' })
    expect(a('member.get', { id: m.id })).toMatchObject({ name: '李四', note: '备注结束' })
    const stored = db.prepare('SELECT name, note FROM member WHERE id = ?').get(m.id)
    expect(stored).toEqual({ name: '李四', note: '备注结束' })
    // a pair that belongs together is a character and stays
    const rare = a('member.create', { name: '王𠀋', phone: '13700137001', communityId: lihao.id, registeredAt: '2020-05-01' })
    expect(rare.name).toBe('王𠀋')
  })

  it('strip direction overrides from names and from the names of files the app makes', async () => {
    const db = tempDb()
    const { a, lihao } = smallRegister(db)
    const ev = a('event.create', { communityId: lihao.id, title: '活动\u202Exslx.exe', category: '宣传', date: '2020-06-02' })
    expect(ev.title).toBe('活动xslx.exe')
    const file = await apiAsync(db, 'import.template', { kind: 'signin', eventId: ev.id })
    expect(file.fileName).toBe('活动xslx.exe_签到表_20200602.xlsx')
    expect(safeFileName('a\u2067b/c:d*e?.xlsx')).toBe('ab_c_d_e_.xlsx')
    expect(safeFileName(' ..\u202Ename.xlsx ')).toBe('name.xlsx')
  })
})
