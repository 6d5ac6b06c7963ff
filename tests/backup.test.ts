import Database from 'better-sqlite3'
import { closeSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs'
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { brotliCompressSync } from 'node:zlib'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MIGRATIONS, SCHEMA_VERSION } from '../src/main/db/migrate'
import { DatabaseDamaged, dbPathIn, openDatabase } from '../src/main/db/open'
import { afterStartupRestore, backupDir, backupsSettled, checkDatabaseFile, dailyBackup, listBackups, restoreNewestBackupFile, rotate } from '../src/main/services/backup'
import { expandBackupSync, storedFile, writeUpload } from '../src/main/services/backup-files'
import type { DB } from '../src/main/db/open'
import type { Backup } from '../src/shared/api'
import { api, apiAsync, dump, rejection, smallRegister, tempDb, tempDir } from './helpers'
import { commit, read, registers, sample, workbook } from './import-helpers'

afterEach(() => {
  vi.useRealTimers()
})

let plains = 0
/** A backup's database as a plain file (expanded beside it if it is stored compressed), to open and check. */
function plainCopy(db: DB, name: string): string {
  const stored = storedFile(backupDir(db), name)
  if (!stored) throw new Error(`no backup ${name}`)
  if (!stored.compressed) return stored.file
  const file = join(backupDir(db), `plain-${++plains}.sqlite`)
  expandBackupSync(stored, file)
  return file
}

/** A roster of `n` new members for 丽豪社区, as a clerk's workbook; `tag` keeps names and phones apart. */
const roster = (tag: number, n = 3): Buffer =>
  workbook({ 名册: [['姓名', '手机号码', '居住社区', '报到日期'], ...Array.from({ length: n }, (_, k) => [`导入${tag}-${k}`, `15${String(tag * 100 + k).padStart(9, '0')}`, '丽豪社区', '2020-05-03'])] })

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

  it('keep the last 7 daily, the newest daily of each of 4 weeks, the newest pre-upgrade copy, the last 2 of the other kinds and the newest manual one', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-02-10T12:00:00+08:00'))
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
    for (let n = 0; n < 5; n++) add(day(n), 'manual', '100000')
    for (let n = 0; n < 4; n++) add(day(n), 'restore', '110000')
    for (let n = 0; n < 2; n++) add(day(n), 'undo', '120000')
    // dated in the future: kept, and never taken for the newest daily
    add('20990101', 'daily')
    const all = files
      .map((f) => ({ ...f, at: `${f.name.slice(8, 12)}-${f.name.slice(12, 14)}-${f.name.slice(14, 16)}` }))
      .sort((a, b) => b.name.localeCompare(a.name))
    rotate(dir, all)
    const left = readdirSync(dir).sort()
    const daily = left.filter((n) => n.endsWith('daily.sqlite'))
    // the last seven days (02-03 to 02-09), plus the newest daily of each of the last four weeks (weeks start on
    // Monday): 02-09 and 02-08 are already among the seven, then Sunday 02-01 and Sunday 01-25
    expect(daily.map((n) => n.slice(8, 16))).toEqual(['20260125', '20260201', '20260203', '20260204', '20260205', '20260206', '20260207', '20260208', '20260209', '20990101'])
    expect(left.filter((n) => n.endsWith('migration.sqlite')).map((n) => n.slice(8, 16))).toEqual(['20260103'])
    // the other kinds together: the two newest are the import copies of 01-11 and 01-12; and the clerk's newest own
    // copy (manual ones end 01-05) stays although newer automatic ones came after it
    expect(left.filter((n) => !/(daily|migration)\.sqlite$/.test(n))).toEqual([
      'redvest-20260105-100000-manual.sqlite', 'redvest-20260111-090000-import.sqlite', 'redvest-20260112-090000-import.sqlite'
    ])
    expect(left).toHaveLength(10 + 1 + 2 + 1)
  })

  it('remove a backup in either form, plain or compressed', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-02-10T12:00:00+08:00'))
    const dir = tempDir()
    const names = Array.from({ length: 4 }, (_, k) => `redvest-2026020${k + 1}-080000-manual.sqlite`)
    names.forEach((n, k) => writeFileSync(join(dir, k < 3 ? `${n}.br` : n), 'x'))
    rotate(dir, names.map((name) => ({ name, reason: 'manual' as const, at: '', bytes: 1 })).reverse())
    expect(readdirSync(dir).sort()).toEqual([`${names[2]}.br`, names[3]])
  })

  it('ten at once, alongside imports, all succeed: each backup its own checked file, nothing left half written', async () => {
    const db = tempDb()
    smallRegister(db)
    const previews = await Promise.all([1, 2, 3, 4, 5].map((k) => read(db, 'roster', `名册${k}.xlsx`, roster(k))))
    const before = registers(db)
    // each file is checked as its backup answers (the rotation later keeps the newest three manual ones)
    const checked: string[] = []
    const results = await Promise.allSettled([
      ...Array.from({ length: 10 }, () =>
        apiAsync(db, 'backup.create', {}).then((b) => {
          expect(checkDatabaseFile(join(backupDir(db), b.name)).version).toBe(SCHEMA_VERSION)
          checked.push(b.name)
          return b
        })
      ),
      ...previews.map((p) => commit(db, 'roster', p))
    ])
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.message)).toEqual([])
    const made = results.slice(0, 10).map((r) => (r as PromiseFulfilledResult<Backup>).value.name)
    expect(new Set(made).size).toBe(10)
    expect(checked.sort()).toEqual([...made].sort())
    await backupsSettled(db)
    const listed = listBackups(db)
    expect(listed.filter((b) => b.reason === 'manual').map((b) => b.name).sort()).toEqual([...made].sort().slice(-2))
    for (const b of listed) expect(checkDatabaseFile(plainCopy(db, b.name)).version).toBe(SCHEMA_VERSION)
    // newest first, by the time in the name
    expect(listed.map((b) => b.name)).toEqual(listed.map((b) => b.name).sort().reverse())
    // the newest plain, every older one compressed; nothing half written
    expect(readdirSync(backupDir(db)).filter((f) => !/^redvest-\d{8}-\d{6}-[a-z]+\.sqlite(\.br)?$/.test(f) && !f.startsWith('plain-'))).toEqual([])
    expect(readdirSync(backupDir(db)).filter((f) => f.startsWith('redvest-') && f.endsWith('.sqlite'))).toEqual([listed[0].name])
    expect(registers(db)).not.toBe(before)
    expect(db.prepare("SELECT COUNT(*) FROM member WHERE name LIKE '导入%'").pluck().get()).toBe(15)
  })

  it('two made in the same second get different names and neither overwrites the other', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-01T09:00:00.100+08:00'))
    const db = tempDb()
    const a = await apiAsync(db, 'backup.create', {})
    smallRegister(db)
    const b = await apiAsync(db, 'backup.create', {})
    expect(a.name).toBe('redvest-20260301-090000-manual.sqlite')
    expect(b.name).toBe('redvest-20260301-090001-manual.sqlite')
    const members = (name: string): number => {
      const f = new Database(join(backupDir(db), name), { readonly: true })
      const n = f.prepare('SELECT COUNT(*) FROM member').pluck().get() as number
      f.close()
      return n
    }
    expect([members(a.name), members(b.name)]).toEqual([0, 2])
  })

  it('a backup that cannot be written says why, and does not blame the database', async () => {
    const db = tempDb()
    smallRegister(db)
    writeFileSync(backupDir(db), 'a file where the backups folder should be')
    const e = await rejection(apiAsync(db, 'backup.create', {}))
    expect(e.message).toContain('无法写入备份文件夹')
    expect(e.message).not.toContain('数据库可能有问题')
    const p = await read(db, 'roster', '名册.xlsx', roster(1))
    const before = dump(db)
    const i = await rejection(commit(db, 'roster', p))
    expect(i.message).toMatch(/^导入没有进行:导入前要先完成今天的备份,但无法写入备份文件夹/)
    expect(dump(db)).toBe(before)
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
    const e = await rejection(apiAsync(db, 'backup.restoreFile', { fileName: 'newer.sqlite', base64: readFileSync(dbPathIn(dir)).toString('base64') }))
    expect(e.message).toContain('更新版本的红马甲')
    expect(registers(db)).toBe(before)
  })

  it("an import's restore point is its undo record plus today's daily backup: no whole copy per import", async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    const start = registers(db)
    // the first import of a day without the start-up backup makes that day's backup first
    const p = await read(db, 'signin', 's.xlsx', sample('sample-signin.xlsx'), { eventId: event.id })
    const batch = await commit(db, 'signin', p, event.id)
    expect(listBackups(db).map((b) => b.reason)).toEqual(['daily'])
    const daily = listBackups(db)[0]
    // later imports that day copy nothing
    const batches = []
    for (const k of [1, 2, 3]) batches.push(await commit(db, 'roster', await read(db, 'roster', `名册${k}.xlsx`, roster(k))))
    expect(listBackups(db)).toEqual([daily])
    expect(await dailyBackup(db)).toBeNull()
    // and each stays undoable, newest first, back to the day's start; an undo keeps a whole copy first
    for (const b of [...batches.reverse(), batch]) await apiAsync(db, 'import.undo', { id: b.id })
    expect(registers(db)).toBe(start)
    expect(listBackups(db).map((b) => b.reason).sort()).toEqual(['daily', 'undo', 'undo'])
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

  it('stops an upgrade, changing nothing, when its backup cannot be written, and says why', () => {
    const dir = tempDir()
    const db = new Database(join(dir, 'redvest.sqlite'))
    for (const sql of MIGRATIONS.slice(0, -1)) db.exec(sql)
    db.pragma(`user_version = ${SCHEMA_VERSION - 1}`)
    db.close()
    writeFileSync(join(dir, 'backups'), 'a file where the backups folder should be')
    expect(() => openDatabase(dir)).toThrow(/^升级前需要先备份数据,但无法写入备份文件夹 .*已停止升级,数据未改动。/)
    const again = new Database(join(dir, 'redvest.sqlite'), { readonly: true })
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION - 1)
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
    expect(restoreNewestBackupFile(dir).name).not.toBe(newer.name)
    const back = openDatabase(dir)
    expect(registers(back)).toBe(good)
    back.close()
    expect(readdirSync(dir).some((f) => f.startsWith('redvest.sqlite.damaged-'))).toBe(true)
  })
})

describe('a backup name dated in the future', () => {
  it('is listed last, never counts as the newest, and is tried last when the start-up restore looks for a good backup', async () => {
    const dir = tempDir()
    const db = openDatabase(dir)
    const { a } = smallRegister(db)
    const good = await apiAsync(db, 'backup.create', {})
    const atGood = registers(db)
    a('community.create', { name: '日期不对的备份里才有', kind: '社区' })
    const later = await apiAsync(db, 'backup.create', {})
    const future = 'redvest-20991231-235959-daily.sqlite'
    await backupsSettled(db)
    renameSync(join(backupDir(db), later.name), join(backupDir(db), future))
    expect(listBackups(db).map((b) => b.name)).toEqual([good.name, future])
    // a later backup's rotation keeps it, and today's daily is still made: the 2099 one is not "today's" nor the newest
    expect((await dailyBackup(db))?.reason).toBe('daily')
    expect(listBackups(db).map((b) => b.name).at(-1)).toBe(future)
    await backupsSettled(db)
    db.close()
    // the database is damaged and today's daily with it, so the choice is between the good one and the
    // future-dated one, which was also written last
    const daily = readdirSync(join(dir, 'backups')).find((n) => n.endsWith('-daily.sqlite') && !n.includes('2099'))!
    writeFileSync(join(dir, 'backups', daily), Buffer.alloc(8192, 0x41))
    utimesSync(join(dir, 'backups', `${future}.br`), new Date(), new Date())
    const fd = openSync(dbPathIn(dir), 'r+')
    writeSync(fd, Buffer.alloc(4096 * 8, 0x42), 0, 4096 * 8, 4096)
    closeSync(fd)
    expect(() => openDatabase(dir)).toThrow(DatabaseDamaged)
    expect(restoreNewestBackupFile(dir).name).toBe(good.name)
    const back = openDatabase(dir)
    expect(registers(back)).toBe(atGood)
    back.close()
  })

  it('is still used by the start-up restore when it is the only good one', async () => {
    const dir = tempDir()
    const db = openDatabase(dir)
    smallRegister(db)
    const only = await apiAsync(db, 'backup.create', {})
    const atBackup = registers(db)
    db.close()
    renameSync(join(dir, 'backups', only.name), join(dir, 'backups', 'redvest-20990101-000000-manual.sqlite'))
    rmSync(dbPathIn(dir))
    writeFileSync(dbPathIn(dir), Buffer.alloc(8192, 0x41))
    expect(restoreNewestBackupFile(dir)).toEqual({ name: 'redvest-20990101-000000-manual.sqlite', damaged: expect.stringContaining('redvest.sqlite.damaged-') })
    const back = openDatabase(dir)
    expect(registers(back)).toBe(atBackup)
    back.close()
  })
})

describe('a compressed backup', () => {
  it('that is damaged is refused in Chinese before anything changes, and makes no pre-restore copy', async () => {
    const db = tempDb()
    smallRegister(db)
    const first = await apiAsync(db, 'backup.create', {})
    await apiAsync(db, 'backup.create', {})
    await backupsSettled(db)
    const file = join(backupDir(db), `${first.name}.br`)
    writeFileSync(file, readFileSync(file).subarray(0, 200))
    const before = dump(db)
    const listed = listBackups(db).map((b) => b.name)
    const e = await rejection(apiAsync(db, 'backup.restore', { name: first.name }))
    expect(e.message).toBe('该备份文件已损坏(无法解压),不能用于恢复,当前数据未改动。请换一个备份。')
    expect(dump(db)).toBe(before)
    expect(listBackups(db).map((b) => b.name)).toEqual(listed)
  })
})

describe("the clerk's own backup", () => {
  it('stays in the list after two restores, whose pre-restore copies would otherwise push it out', async () => {
    const db = tempDb()
    const { a } = smallRegister(db)
    const mine = await apiAsync(db, 'backup.create', {})
    a('community.create', { name: '之后的社区', kind: '社区' })
    await apiAsync(db, 'backup.restore', { name: mine.name })
    await apiAsync(db, 'backup.restore', { name: mine.name })
    const listed = listBackups(db)
    expect(listed.filter((b) => b.reason === 'restore')).toHaveLength(2)
    expect(listed.map((b) => b.name)).toContain(mine.name)
  })
})

describe('a compressed copy picked as a file (从文件恢复)', () => {
  it('restores as the plain copy would; a compressed file that is not a backup, or is cut short, is refused with nothing changed', async () => {
    const db = tempDb()
    const { a } = smallRegister(db)
    const first = await apiAsync(db, 'backup.create', {})
    const atFirst = registers(db)
    a('community.create', { name: '备份之后的社区', kind: '社区' })
    await apiAsync(db, 'backup.create', {})
    await backupsSettled(db)
    // the clerk copies the older, compressed copy from the backups folder and picks it
    const br = readFileSync(join(backupDir(db), `${first.name}.br`))
    a('community.create', { name: '再后来的社区', kind: '社区' })
    const now = registers(db)
    const listed = listBackups(db).map((b) => b.name)
    for (const bytes of [brotliCompressSync(Buffer.from('这不是数据库。'.repeat(200))), br.subarray(0, br.length >> 1), Buffer.from('SQLite format 3')]) {
      const e = await rejection(apiAsync(db, 'backup.restoreFile', { fileName: 'u盘里的.sqlite.br', base64: bytes.toString('base64') }))
      expect(e.message).toBe('无法读取该文件:它不是红马甲的数据备份,或已损坏。请换一个备份文件。')
      expect(registers(db)).toBe(now)
      expect(listBackups(db).map((b) => b.name)).toEqual(listed)
    }
    await apiAsync(db, 'backup.restoreFile', { fileName: `${first.name}.br`, base64: br.toString('base64') })
    expect(registers(db)).toBe(atFirst)
  })

  it('stops expanding a crafted file at its limit instead of filling the disk', async () => {
    const dir = tempDir()
    // 64 MB of one byte compresses to a few hundred bytes; expanding stops past the 1 MB given here
    const bomb = brotliCompressSync(Buffer.alloc(64 * 1024 ** 2, 0x41))
    expect(bomb.length).toBeLessThan(10_000)
    expect(await writeUpload(bomb, join(dir, 'work'), 1024 ** 2)).toBe(false)
    expect(statSync(join(dir, 'work')).size).toBeLessThan(2 * 1024 ** 2)
  })
})

describe('the backups folder in the steady state', () => {
  it('holds the rotation (7 daily, 4 weekly, the last other copies) in under 4× the database: the newest plain, the rest compressed, each restoring to its data', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const dir = tempDir()
    const db = openDatabase(dir)
    const { a, lihao } = smallRegister(db)
    // what each backup should hold: the registers as they were when it was made
    const held = new Map<string, string>()
    const DAY = 86_400_000
    // 40 working days, each with some new members, a daily backup each morning and a manual one now and then
    for (let d = 0; d < 40; d++) {
      vi.setSystemTime(new Date(Date.UTC(2026, 0, 5, 1) + d * DAY)) // 09:00 in Beijing
      const daily = (await dailyBackup(db))!
      held.set(daily.name, registers(db))
      for (let k = 0; k < 20; k++) a('member.create', { name: `成员${d}号${k}`, phone: `137${String(d * 100 + k).padStart(8, '0')}`, communityId: lihao.id, registeredAt: '2025-06-01', estate: `第${k}栋` })
      if (d % 9 === 4) {
        vi.setSystemTime(new Date(Date.UTC(2026, 0, 5, 7) + d * DAY))
        const manual = await apiAsync(db, 'backup.create', {})
        held.set(manual.name, registers(db))
      }
    }
    // and a restore of a weekly copy, compressed (its pre-restore copy holds the data as it was before)
    const before = registers(db)
    const weekly = listBackups(db).filter((b) => b.reason === 'daily')[7]
    expect(weekly.name).toBe('redvest-20260201-090000-daily.sqlite')
    await apiAsync(db, 'backup.restore', { name: weekly.name })
    expect(registers(db)).toBe(held.get(weekly.name))
    const pre = listBackups(db).find((b) => b.reason === 'restore')!
    held.set(pre.name, before)
    await backupsSettled(db)

    const listed = listBackups(db)
    // 7 daily (02-07 … 02-13) + the newest of each of 4 weeks (two of them among the seven; weeks start on
    // Monday) + the last 2 of the other kinds: the pre-restore copy and the manual one of 02-05
    expect(listed.map((b) => `${b.name.slice(12, 16)} ${b.reason}`)).toEqual([
      '0213 restore', '0213 daily', '0212 daily', '0211 daily', '0210 daily', '0209 daily', '0208 daily', '0207 daily', '0205 manual', '0201 daily', '0125 daily'
    ])
    const files = readdirSync(backupDir(db))
    expect(files.filter((f) => f.endsWith('.sqlite'))).toEqual([pre.name])
    expect(files.filter((f) => f.endsWith('.sqlite.br')).sort()).toEqual(listed.slice(1).map((b) => `${b.name}.br`).sort())
    expect(files).toHaveLength(listed.length)
    db.pragma('wal_checkpoint(TRUNCATE)')
    const folder = files.reduce((sum, f) => sum + statSync(join(backupDir(db), f)).size, 0)
    expect(folder).toBeLessThanOrEqual(4 * statSync(db.name).size)

    // every backup kept holds exactly the data of its moment, and a compressed one restores through the app
    for (const b of listed) {
      const copy = new Database(plainCopy(db, b.name), { readonly: true })
      expect(registers(copy), b.name).toBe(held.get(b.name))
      copy.close()
    }
    const oldest = listed.at(-1)!
    await apiAsync(db, 'backup.restore', { name: oldest.name })
    expect(registers(db)).toBe(held.get(oldest.name))
    await backupsSettled(db)
    db.close()
  })
})

describe('the start-up restore', () => {
  const log = (d: DB) => d.prepare('SELECT at, kind, summary FROM audit ORDER BY id').all() as Array<{ at: string; kind: string; summary: string }>
  const issue = (a: ReturnType<typeof api>, memberId: number): string =>
    a('certificate.issue', { memberIds: [memberId], from: '2020-01-01', to: '2020-12-31', personInCharge: '王主任', prefix: '石湾', issuedOn: '2020-12-31' }).numbers[0]

  /** Certificate 0001, a backup, certificate 0002; then the file is damaged where the members are, not the certificates. */
  async function damagedAfterCertificate(dir: string) {
    const db = openDatabase(dir)
    const { a, zhang, wang, event, lihao } = smallRegister(db)
    a('settings.update', { orgName: '石湾镇街道', operator: '陈文员' })
    a('attendance.add', { eventId: event.id, memberIds: [zhang.id, wang.id] })
    expect(issue(a, zhang.id)).toBe('石湾〔2020〕第0001号')
    const backup = await apiAsync(db, 'backup.create', {})
    await backupsSettled(db)
    expect(issue(a, wang.id)).toBe('石湾〔2020〕第0002号')
    const lost = a('member.create', { name: '李未存', phone: '13700137000', communityId: lihao.id, registeredAt: '2020-06-01' })
    const logged = log(db)
    const memberPage = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'member'").pluck().get() as number
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    const fd = openSync(dbPathIn(dir), 'r+')
    writeSync(fd, Buffer.alloc(4096, 0x42), 0, 4096, (memberPage - 1) * 4096)
    closeSync(fd)
    expect(() => openDatabase(dir)).toThrow(DatabaseDamaged)
    return { backup, logged, zhang, lost }
  }

  it('gets back from the damaged file the certificates and log entries written after the backup, so no number is handed out twice', async () => {
    const dir = tempDir()
    const { backup, logged, zhang, lost } = await damagedAfterCertificate(dir)

    const { name, damaged } = restoreNewestBackupFile(dir)
    expect(name).toBe(backup.name)
    const back = openDatabase(dir)
    const said = afterStartupRestore(back, name, damaged)
    expect(said).toContain('找回了该备份之后出具的志愿服务证明 1 份')
    // the log: every entry the damaged file held (the backup itself and certificate 0002 came after the copy), then the restore
    const now = log(back)
    expect(now.slice(0, -1)).toEqual(logged)
    const copy = new Database(join(dir, 'backups', name), { readonly: true })
    expect(said).toContain(`找回了该备份之后的操作日志 ${logged.length - log(copy).length} 条`)
    copy.close()
    expect(now.at(-1)).toMatchObject({ kind: '恢复', summary: expect.stringContaining(`启动检查未通过，从备份"${name}"恢复全部台账`) })
    const b = api(back)
    expect(b('certificate.list', {}).rows.map((c) => [c.number, c.name])).toEqual([['石湾〔2020〕第0002号', '王芳'], ['石湾〔2020〕第0001号', '张三']])
    expect(issue(b, zhang.id)).toBe('石湾〔2020〕第0003号')
    // the member created after the backup is lost; the next one takes its id, yet the carried entry does not take its name
    const next = b('member.create', { name: '赵新', phone: '13600136000', communityId: 1, registeredAt: '2020-07-01' })
    expect(next.id).toBe(lost.id)
    const entries = b('audit.list', { pageSize: 50 }).rows
    expect(entries.find((e) => e.summary.includes('李未存'))?.recordName).toBe('党员(未能恢复)')
    expect(entries.find((e) => e.summary.includes('赵新'))?.recordName).toBe('党员 赵新')
    // a damaged file whose register cannot be read at all: the clerk is told to check the numbers handed out
    writeFileSync(damaged!, Buffer.alloc(8192, 0x41))
    expect(afterStartupRestore(back, name, damaged)).toContain('登记簿无法读取')
    back.close()
  })

  it('is what browser mode does with --restore-latest-backup, run as a clerk would from the command line', async () => {
    const dir = tempDir()
    await damagedAfterCertificate(dir)
    const refused = spawnSync(process.execPath, [join(__dirname, '../out/main/web.js'), '--data', dir, '--port', '0'], { encoding: 'utf8', timeout: 30_000 })
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('请加上 --restore-latest-backup 重新运行')
    const child = spawn(process.execPath, [join(__dirname, '../out/main/web.js'), '--data', dir, '--port', '0', '--restore-latest-backup'])
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')))
    try {
      await vi.waitFor(() => expect(out).toContain('redvest web:'), { timeout: 30_000, interval: 100 })
    } finally {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    }
    expect(out).toMatch(/已恢复备份 redvest-\d{8}-\d{6}-manual\.sqlite/)
    expect(out).toContain('找回了该备份之后出具的志愿服务证明 1 份')
    const back = openDatabase(dir)
    expect(api(back)('certificate.list', {}).rows.map((c) => c.number)).toEqual(['石湾〔2020〕第0002号', '石湾〔2020〕第0001号'])
    back.close()
  })
})
