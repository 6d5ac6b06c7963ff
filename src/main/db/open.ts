import Database from 'better-sqlite3'
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { migrate } from './migrate'

export type DB = Database.Database

/** The database file failed its start-up check; the app offers to restore the newest good backup. */
export class DatabaseDamaged extends Error {}

export const DB_FILE = 'redvest.sqlite'

export function dbPathIn(dataDir: string): string {
  return join(dataDir, DB_FILE)
}

/** Left in a data folder whose data was moved (设置 → 数据文件夹): the folder it moved to. */
export const MOVED_TO = 'moved-to.txt'

/**
 * The folder to open: the one given, or, if its data was moved away, the folder it moved to. The old file is put
 * aside on that first start (it cannot be renamed while open), so nobody keeps typing into a stale copy.
 */
export function resolveDataDir(dataDir: string): string {
  const pointer = join(dataDir, MOVED_TO)
  if (!existsSync(pointer)) return dataDir
  const target = readFileSync(pointer, 'utf8').trim()
  if (!target || !existsSync(dbPathIn(target))) return dataDir
  const old = dbPathIn(dataDir)
  if (existsSync(old)) {
    const aside = `${old}.moved-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`
    renameSync(old, aside)
    for (const suffix of ['-wal', '-shm']) if (existsSync(old + suffix)) renameSync(old + suffix, aside + suffix)
  }
  return target
}

/**
 * The one place the database is opened. better-sqlite3 13 is a Node-API module: the same prebuilt
 * binary loads in Node (tests, browser mode, scripts) and in Electron.
 */
export function openDatabase(dataDir: string): DB {
  if (/^(\\\\|\/\/)/.test(dataDir)) {
    throw new Error(`数据文件夹 ${dataDir} 在网络共享上。SQLite 的 WAL 模式在网络共享上不安全,可能损坏数据,请改用本机磁盘上的文件夹(可用 --data 指定)。`)
  }
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(dbPathIn(dataDir))
  // the schema's own triggers, views and defaults may call only harmless functions, whatever a file holds
  db.pragma('trusted_schema = OFF')
  const check = db.pragma('quick_check', { simple: true })
  if (check !== 'ok') {
    db.close()
    throw new DatabaseDamaged(`数据库文件 ${dbPathIn(dataDir)} 已损坏(启动检查未通过)。可以一键恢复最近一次通过检查的备份(损坏的文件会保留在原文件夹中),或联系技术支持。`)
  }
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // erased personal data is overwritten on disk, not just unlinked
  db.pragma('secure_delete = ON')
  try {
    migrate(db, join(dataDir, 'backups'))
  } catch (e) {
    db.close() // (on Windows an open handle would keep the file locked)
    throw e
  }
  return db
}
