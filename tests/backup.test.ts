import Database from 'better-sqlite3'
import { closeSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS, SCHEMA_VERSION } from '../src/main/db/migrate'
import { DatabaseDamaged, dbPathIn, openDatabase } from '../src/main/db/open'
import { backupDir, checkDatabaseFile, listBackups, rotate } from '../src/main/services/backup'
import type { Backup } from '../src/shared/api'
import { apiAsync, rejection, smallRegister, tempDb, tempDir } from './helpers'
import { commit, read, registers, sample } from './import-helpers'

describe('backups', () => {
  it('are made with the backup API, checked, and listed', async () => {
    const db = tempDb()
    smallRegister(db)
    const b = await apiAsync(db, 'backup.create', {})
    expect(b.reason).toBe('manual')
    expect(b.bytes).toBeGreaterThan(0)
    expect(checkDatabaseFile(join(backupDir(db), b.name))).toEqual({ version: SCHEMA_VERSION })
    expect((await apiAsync(db, 'backup.list', {})).backups.map((x) => x.name)).toEqual([b.name])
  })

  it('keep the last 7 daily, the newest daily of each of 4 weeks, every pre-upgrade copy and 10 of each other kind', () => {
    const dir = tempDir()
    const day = (n: number): string => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '')
    const files: Backup[] = []
    const add = (date: string, reason: Backup['reason'], time = '080000'): void => {
      const name = `redvest-${date}-${time}-${reason}.sqlite`
      writeFileSync(join(dir, name), 'x')
      files.push({ name, reason, at: '', bytes: 1 })
    }
    for (let n = 0; n < 40; n++) add(day(n), 'daily')
    for (let n = 0; n < 3; n++) add(day(n), 'migration', '070000')
    for (let n = 0; n < 12; n++) add(day(n), 'import', '090000')
    const all = files
      .map((f) => ({ ...f, at: `${f.name.slice(8, 12)}-${f.name.slice(12, 14)}-${f.name.slice(14, 16)}` }))
      .sort((a, b) => b.name.localeCompare(a.name))
    rotate(dir, all)
    const left = readdirSync(dir).sort()
    const daily = left.filter((n) => n.endsWith('daily.sqlite'))
    // the last seven days (02-03 to 02-09), plus the newest daily of each of the last four weeks (weeks start on
    // Monday): 02-09 and 02-08 are already among the seven, then Sunday 02-01 and Sunday 01-25
    expect(daily.map((n) => n.slice(8, 16))).toEqual(['20260125', '20260201', '20260203', '20260204', '20260205', '20260206', '20260207', '20260208', '20260209'])
    expect(left.filter((n) => n.endsWith('migration.sqlite'))).toHaveLength(3)
    expect(left.filter((n) => n.endsWith('import.sqlite'))).toHaveLength(10)
  })

  it('restore puts every register back as it was, keeps the operation log, and keeps a pre-restore copy', async () => {
    const db = tempDb()
    const { a, zhang } = smallRegister(db)
    const b = await apiAsync(db, 'backup.create', {})
    const atBackup = registers(db)
    a('community.create', { name: '后来的社区', kind: '社区' })
    a('member.remove', { id: zhang.id })
    expect(registers(db)).not.toBe(atBackup)
    await apiAsync(db, 'backup.restore', { name: b.name })
    expect(registers(db)).toBe(atBackup)
    const log = a('audit.list', { pageSize: 100 }).rows
    expect(log[0]).toMatchObject({ kind: '恢复' })
    expect(log.some((e) => e.summary === '新建村居"后来的社区"')).toBe(true)
    expect(listBackups(db).map((x) => x.reason)).toEqual(expect.arrayContaining(['manual', 'restore']))
    expect(db.pragma('foreign_key_check')).toEqual([])
  })

  it('refuses a damaged file or one from a newer version, in Chinese, and changes nothing', async () => {
    const db = tempDb()
    smallRegister(db)
    const before = registers(db)
    const junk = await rejection(apiAsync(db, 'backup.restoreFile', { fileName: 'x.sqlite', base64: Buffer.from('not a database at all').toString('base64') }))
    expect(junk.message).toContain('不是红马甲的数据备份')
    const dir = tempDir()
    const newer = openDatabase(dir)
    newer.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    newer.close()
    const { readFileSync } = await import('node:fs')
    const e = await rejection(apiAsync(db, 'backup.restoreFile', { fileName: 'newer.sqlite', base64: readFileSync(dbPathIn(dir)).toString('base64') }))
    expect(e.message).toContain('更新版本的红马甲')
    expect(registers(db)).toBe(before)
  })

  it('an import and its undo are each preceded by a backup', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    const p = await read(db, 'signin', 's.xlsx', sample('sample-signin.xlsx'), { eventId: event.id })
    const batch = await commit(db, 'signin', p, event.id)
    await apiAsync(db, 'import.undo', { id: batch.id })
    expect(listBackups(db).map((b) => b.reason).sort()).toEqual(['import', 'undo'])
  })
})

describe('opening the database', () => {
  it('backs up an older database before upgrading it', () => {
    const dir = tempDir()
    // a database as version 4 left it (before 0005 took phones out of search keys), with a member whose search key still holds the phone
    const before = 4
    const db = new Database(join(dir, 'redvest.sqlite'))
    for (const sql of MIGRATIONS.slice(0, before)) db.exec(sql)
    db.pragma(`user_version = ${before}`)
    const now = '2020-06-01T00:00:00.000Z'
    db.prepare("INSERT INTO community (name, kind, created_at, updated_at) VALUES ('丽豪社区', '社区', ?, ?)").run(now, now)
    db.prepare(
      "INSERT INTO member (name, phone, community_id, registered_at, pinyin, search, created_at, updated_at) VALUES ('张三', '13800138000', 1, '2020-04-15', 'zhangsan', '张三 zs zhangsan 13800138000', ?, ?)"
    ).run(now, now)
    db.close()
    const again = openDatabase(dir)
    // the upgrade took the phone out of the search key, indexed the initials and the name's parts
    expect(again.prepare('SELECT search, initials FROM member').get()).toEqual({ search: '张三 zs zhangsan', initials: 'zs' })
    expect(again.prepare("SELECT rowid FROM member_fts WHERE member_fts MATCH '\"ngs\"'").pluck().all()).toEqual([1])
    const names = readdirSync(join(dir, 'backups'))
    expect(names).toHaveLength(1)
    expect(names[0]).toMatch(/-migration\.sqlite$/)
    expect(new Database(join(dir, 'backups', names[0]), { readonly: true }).pragma('user_version', { simple: true })).toBe(before)
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    again.close()
  })

  it('refuses a damaged database file and a folder on a network share, saying what to do', () => {
    const dir = tempDir()
    const db = openDatabase(dir)
    db.close()
    const bytes = Buffer.alloc(4096 * 8, 0x41)
    const fd = openSync(dbPathIn(dir), 'r+')
    writeSync(fd, bytes, 0, bytes.length, 4096)
    closeSync(fd)
    expect(() => openDatabase(dir)).toThrow(/已损坏|not a database|malformed/)
    expect(() => openDatabase('\\\\office-nas\\share\\redvest')).toThrow('网络共享')
  })
})

describe('a damaged database at start-up', () => {
  it('is replaced, in one step, by the newest backup that passes its check; the damaged file is kept', async () => {
    const dir = tempDir()
    const db = openDatabase(dir)
    const { a } = smallRegister(db)
    await apiAsync(db, 'backup.create', {})
    const good = registers(db)
    a('community.create', { name: '备份之后', kind: '社区' })
    await new Promise((r) => setTimeout(r, 1100)) // a newer backup, in the next second, that we then damage
    const newer = await apiAsync(db, 'backup.create', {})
    db.close()
    writeFileSync(join(dir, 'backups', newer.name), Buffer.alloc(8192, 0x41))
    const fd = openSync(dbPathIn(dir), 'r+')
    writeSync(fd, Buffer.alloc(4096 * 8, 0x42), 0, 4096 * 8, 4096)
    closeSync(fd)
    expect(() => openDatabase(dir)).toThrow(DatabaseDamaged)
    const { restoreNewestBackupFile } = await import('../src/main/services/backup')
    expect(restoreNewestBackupFile(dir)).not.toBe(newer.name)
    const back = openDatabase(dir)
    expect(registers(back)).toBe(good)
    back.close()
    expect(readdirSync(dir).some((f) => f.startsWith('redvest.sqlite.damaged-'))).toBe(true)
  })
})
