/**
 * Restoring from files that are not what this app writes: each is refused in Chinese before any row is read,
 * with the data byte-identical and no pre-restore backup made, or (a WAL-mode file) handled cleanly.
 */
import Database from 'better-sqlite3'
import { copyFileSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MIGRATIONS, SCHEMA_VERSION } from '../src/main/db/migrate'
import { backupDir, checkDatabaseFile, listBackups } from '../src/main/services/backup'
import type { DB } from '../src/main/db/open'
import { api, apiAsync, dump, rejection, smallRegister, tempDb, tempDir } from './helpers'
import { registers } from './import-helpers'

/** A real database of this app, its file edited by `edit`, as the bytes a clerk would upload. */
function crafted(edit: (f: Database.Database) => void): string {
  const src = tempDb()
  const { a, lihao } = smallRegister(src)
  a('member.create', { name: '李四', phone: '13700137000', communityId: lihao.id, registeredAt: '2021-01-01' })
  const file = join(tempDir(), 'crafted.sqlite')
  src.prepare('VACUUM INTO ?').run(file)
  const f = new Database(file)
  f.pragma('foreign_keys = OFF')
  edit(f)
  f.close()
  return readFileSync(file).toString('base64')
}

/** The clerk's own register, different from the crafted file's. */
function target(): DB {
  const db = tempDb()
  const { a, hujing } = smallRegister(db)
  a('member.create', { name: '赵六', phone: '13600136000', communityId: hujing.id, registeredAt: '2022-02-02' })
  return db
}

/** Refused, in Chinese without SQL, with everything as it was and no backup made. */
async function refused(db: DB, base64: string): Promise<string> {
  const before = dump(db)
  const backups = listBackups(db)
  const e = await rejection(apiAsync(db, 'backup.restoreFile', { fileName: '别人给的.sqlite', base64 }))
  expect(e.message).toMatch(/[\u4e00-\u9fa5]/)
  expect(e.message).not.toMatch(/SELECT|INSERT|sqlite|no such|constraint|SQL/i)
  expect(e.message).not.toContain('与已有记录冲突')
  expect(dump(db)).toBe(before)
  expect(listBackups(db)).toEqual(backups)
  expect(readdirSync(backupDir(db)).filter((f) => !/^redvest-\d{8}-\d{6}-[a-z]+\.sqlite$/.test(f))).toEqual([])
  return e.message
}

/** The statements that recreate a table's indexes and triggers after it is rebuilt. */
const dependents = (f: Database.Database, table: string): string[] =>
  f.prepare("SELECT sql FROM sqlite_schema WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL").pluck().all(table) as string[]

describe('restoring a file that is not what this app writes', () => {
  it('every connection runs with trusted_schema off', () => {
    expect(tempDb().pragma('trusted_schema', { simple: true })).toBe(0)
  })

  it('refuses a member table whose columns are in another order (it would scramble every member)', async () => {
    const base64 = crafted((f) => {
      const cols = f.prepare('SELECT name, type FROM pragma_table_info(?)').all('member') as Array<{ name: string; type: string }>
      const reordered = [cols[3], cols[1], cols[2], cols[0], ...cols.slice(4)] // phone and id swap places
      const again = dependents(f, 'member')
      f.exec(`CREATE TABLE member_x (${reordered.map((c) => `${c.name} ${c.type}${c.name === 'id' ? ' PRIMARY KEY' : ''}`).join(', ')}) STRICT`)
      f.exec(`INSERT INTO member_x SELECT ${reordered.map((c) => c.name).join(', ')} FROM member`)
      f.exec('DROP TABLE member; ALTER TABLE member_x RENAME TO member')
      for (const sql of again) f.exec(sql)
    })
    const db = target()
    const message = await refused(db, base64)
    expect(message).toMatch(/^该文件的党员表结构与红马甲不一致\(.+\),不能用于恢复。请换一个由红马甲生成的备份文件。$/)
  })

  it('refuses the same columns in another order even with the same constraints', async () => {
    const base64 = crafted((f) => {
      const sql = f.prepare("SELECT sql FROM sqlite_schema WHERE name = 'member'").pluck().get() as string
      const again = dependents(f, 'member')
      // name and gender swap places, each keeping its definition
      const lines = sql.split('\n')
      const i = lines.findIndex((l) => /^\s+name\s/.test(l))
      ;[lines[i], lines[i + 1]] = [lines[i + 1].replace(/,?$/, ','), lines[i].replace(/,?$/, ',')]
      f.exec(lines.join('\n').replace(/CREATE TABLE "?member"?/, 'CREATE TABLE member_x'))
      const cols = (f.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('member') as string[]).join(', ')
      f.exec(`INSERT INTO member_x (${cols}) SELECT ${cols} FROM member`)
      f.exec('DROP TABLE member; ALTER TABLE member_x RENAME TO member')
      for (const s of again) f.exec(s)
    })
    const message = await refused(target(), base64)
    expect(message).toBe('该文件的党员表结构与红马甲不一致(列的顺序不同),不能用于恢复。请换一个由红马甲生成的备份文件。')
  })

  it('refuses, at once, a file whose unit table is a view that never ends', async () => {
    const base64 = crafted((f) => {
      f.exec('DROP TABLE unit')
      f.exec(`CREATE VIEW unit AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000)
        SELECT i AS id, '单位' || i AS name, '其他' AS kind, '' AS party_org, '' AS contact, '' AS phone, NULL AS community_id, '' AS note,
               '' AS pinyin, '' AS search, NULL AS archived_at, '' AS created_at, '' AS updated_at FROM n`)
    })
    const db = target()
    const t = performance.now()
    const message = await refused(db, base64)
    expect(performance.now() - t).toBeLessThan(3000)
    expect(message).toContain('该文件中的单位表不是数据表而是视图')
    // and the app answers at once afterwards
    const t2 = performance.now()
    api(db)('unit.list', {})
    expect(performance.now() - t2).toBeLessThan(500)
  })

  it('refuses an extra trigger, an extra virtual table and a changed index', async () => {
    const trigger = await refused(target(), crafted((f) => f.exec("CREATE TRIGGER sneaky AFTER INSERT ON community BEGIN UPDATE member SET phone = '0'; END")))
    expect(trigger).toContain('红马甲没有的触发器 sneaky')
    const virtual = await refused(target(), crafted((f) => f.exec('CREATE VIRTUAL TABLE extra USING fts5(x)')))
    expect(virtual).toContain('红马甲没有的表 extra')
    const index = await refused(target(), crafted((f) => f.exec('DROP INDEX member_name; CREATE INDEX member_name ON member (name, phone)')))
    expect(index).toContain('索引 member_name 与红马甲的定义不一致')
  })

  it('refuses a missing table in words, not as an internal error', async () => {
    const message = await refused(target(), crafted((f) => f.exec('DROP TABLE feedback')))
    expect(message).toBe('该文件缺少评价表,不是红马甲生成的数据备份,不能用于恢复。请换一个由红马甲生成的备份文件。')
  })

  it('refuses data that contradicts itself (a sign-in of a member who does not exist, a rule broken)', async () => {
    const dangling = await refused(
      target(),
      crafted((f) => f.exec("INSERT INTO attendance (event_id, member_id, signed_at, hours, created_at) VALUES (1, 999, '2020-06-02T09:00:00+08:00', 3, '2020-06-02')"))
    )
    expect(dangling).toMatch(/^该备份中的数据不完整或互相矛盾\(.+\),不能恢复,当前数据未改动。/)
    const broken = await refused(
      target(),
      crafted((f) => {
        f.pragma('ignore_check_constraints = ON')
        f.exec("UPDATE member SET gender = '未知' WHERE id = 1")
      })
    )
    expect(broken).toBe('该备份中的数据不完整或互相矛盾(党员表有不符合规则的记录),不能恢复,当前数据未改动。请换一个备份。')
  })

  it('restores a file left in WAL mode from a copy, and leaves no -wal, -shm or work file behind', async () => {
    const src = tempDb()
    const { a } = smallRegister(src)
    a('community.create', { name: '只在这个文件里', kind: '村' })
    src.pragma('wal_checkpoint(TRUNCATE)')
    const bytes = readFileSync(src.name)
    expect(bytes[18]).toBe(2) // the header says WAL
    const db = target()
    await apiAsync(db, 'backup.restoreFile', { fileName: 'wal.sqlite', base64: bytes.toString('base64') })
    expect(registers(db)).toBe(registers(src))
    expect(readdirSync(backupDir(db)).filter((f) => !/^redvest-\d{8}-\d{6}-[a-z]+\.sqlite$/.test(f))).toEqual([])
    // a WAL-mode file (with its -wal) placed in the backups folder under a backup's name, restored by name
    src.prepare("UPDATE community SET note = '只在 -wal 里' WHERE name = '只在这个文件里'").run()
    const name = 'redvest-20200101-000000-manual.sqlite'
    copyFileSync(src.name, join(backupDir(db), name))
    copyFileSync(`${src.name}-wal`, join(backupDir(db), `${name}-wal`))
    await apiAsync(db, 'backup.restore', { name })
    expect(registers(db)).toBe(registers(src))
    expect(readdirSync(backupDir(db)).filter((f) => /-(wal|shm|journal)$|\.part/.test(f))).toEqual([`${name}-wal`])
  })

  it('restores an older version of this app after bringing it up to date', async () => {
    const file = join(tempDir(), 'v4.sqlite')
    const old = new Database(file)
    for (const sql of MIGRATIONS.slice(0, SCHEMA_VERSION - 1)) old.exec(sql)
    old.pragma(`user_version = ${SCHEMA_VERSION - 1}`)
    const now = '2020-06-01T00:00:00.000Z'
    old.prepare("INSERT INTO community (name, kind, created_at, updated_at) VALUES ('老社区', '社区', ?, ?)").run(now, now)
    old.prepare("INSERT INTO member (name, phone, community_id, registered_at, pinyin, search, created_at, updated_at) VALUES ('钱七', '13500135000', 1, '2020-04-15', 'qianqi', '钱七 qq qianqi 13500135000', ?, ?)").run(now, now)
    old.close()
    const db = target()
    await apiAsync(db, 'backup.restoreFile', { fileName: 'v4.sqlite', base64: readFileSync(file).toString('base64') })
    expect(api(db)('member.list', { keyword: '钱七' }).rows.map((m) => m.name)).toEqual(['钱七'])
    expect(api(db)('member.list', { keyword: '赵六' }).total).toBe(0)
  })

  it('keeps the log and the erasure register, erases again whoever was erased, and rebuilds the search index', async () => {
    const db = tempDb()
    const { a, zhang, lihao } = smallRegister(db)
    const b = await apiAsync(db, 'backup.create', {})
    a('member.update', { ...a('member.reveal', { id: zhang.id }), id: zhang.id, name: '张三', communityId: lihao.id, registeredAt: '2020-04-15', status: '已转出' })
    a('member.erase', { id: zhang.id })
    // the backup in the folder was rewritten without the person; a copy kept elsewhere (a USB stick) was not
    const kept = join(tempDir(), 'usb.sqlite')
    const f = new Database(join(backupDir(db), b.name))
    f.prepare("UPDATE member SET name = '张三', phone = '13800138000', search = '张三 zs zhangsan' WHERE id = ?").run(zhang.id)
    f.close()
    copyFileSync(join(backupDir(db), b.name), kept)
    const log = db.prepare('SELECT COUNT(*) FROM audit').pluck().get() as number
    const triggers = db.prepare("SELECT name, sql FROM main.sqlite_schema WHERE type = 'trigger' ORDER BY name").all()
    await apiAsync(db, 'backup.restoreFile', { fileName: 'usb.sqlite', base64: readFileSync(kept).toString('base64') })
    expect(a('member.get', { id: zhang.id }).name).toBe(`已注销党员${zhang.id}`)
    expect(db.prepare('SELECT COUNT(*) FROM erasure').pluck().get()).toBe(1)
    expect(db.prepare('SELECT COUNT(*) FROM audit').pluck().get()).toBe(log + 1)
    expect(a('member.list', { keyword: 'zhangsan' }).total).toBe(0)
    expect(a('member.list', { keyword: '王芳' }).rows.map((m) => m.name)).toEqual(['王芳'])
    expect(db.prepare("SELECT rowid FROM member_fts WHERE member_fts MATCH '\"hangsan\"'").all()).toEqual([])
    db.prepare("INSERT INTO member_fts (member_fts, rank) VALUES ('integrity-check', 1)").run()
    expect(db.pragma('foreign_key_check')).toEqual([])
    // the index's triggers are back as they were: a new member is found, and a backup made now passes its check
    expect(db.prepare("SELECT name, sql FROM main.sqlite_schema WHERE type = 'trigger' ORDER BY name").all()).toEqual(triggers)
    a('member.create', { name: '欧阳修远', phone: '13300133000', communityId: lihao.id, registeredAt: '2021-03-03' })
    expect(a('member.list', { keyword: '阳修远' }).rows.map((m) => m.name)).toEqual(['欧阳修远'])
    const after = await apiAsync(db, 'backup.create', {})
    expect(checkDatabaseFile(join(backupDir(db), after.name)).version).toBe(SCHEMA_VERSION)
  })
})
