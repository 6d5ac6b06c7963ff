/** 设置 → 数据文件: moving the data to another folder, opened from the next start, with nothing lost in between. */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase, resolveDataDir } from '../src/main/db/open'
import { api, apiAsync, dump, rejection, smallRegister, tempDb, tempDir } from './helpers'

describe('moving the data folder', () => {
  it('copies the data and its backups, checked; the old connection refuses changes; the next start opens the new folder', async () => {
    const db = tempDb()
    const { a, lihao } = smallRegister(db)
    await apiAsync(db, 'backup.create', {})
    const before = dump(db)
    const from = join(db.name, '..')
    const to = join(tempDir(), '新的文件夹')
    const moved = await apiAsync(db, 'backup.moveData', { folder: to })
    expect(moved.folder).toBe(to)
    expect(readdirSync(join(to, 'backups')).length).toBe(1)
    // nothing typed after the move can land in the old file
    expect(() => a('community.create', { name: '湖滨社区', kind: '社区' })).toThrow('请关闭并重新打开红马甲')
    db.close()
    // the next start: the old folder points to the new one, the old file is put aside
    expect(resolveDataDir(from)).toBe(to)
    expect(existsSync(join(from, 'redvest.sqlite'))).toBe(false)
    const again = openDatabase(to)
    try {
      expect(dump(again).replace(/"query_only"/g, '')).toBe(before)
      expect(api(again)('community.get', { id: lihao.id }).name).toBe('丽豪社区')
    } finally {
      again.close()
    }
  })

  it('refuses a folder that already holds data, the same folder, or a network share, and changes nothing', async () => {
    const db = tempDb()
    smallRegister(db)
    const before = dump(db)
    const other = tempDir()
    openDatabase(other).close()
    expect((await rejection(apiAsync(db, 'backup.moveData', { folder: other }))).message).toContain('已有红马甲的数据文件')
    expect((await rejection(apiAsync(db, 'backup.moveData', { folder: join(db.name, '..') }))).message).toContain('已经在这个文件夹')
    expect((await rejection(apiAsync(db, 'backup.moveData', { folder: '\\\\server\\share\\redvest' }))).message).toContain('网络共享')
    expect(dump(db)).toBe(before)
  })
})
