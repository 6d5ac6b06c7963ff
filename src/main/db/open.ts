import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { migrate } from './migrate'

export type DB = Database.Database

export const DB_FILE = 'redvest.sqlite'

export function dbPathIn(dataDir: string): string {
  return join(dataDir, DB_FILE)
}

/**
 * The one place the database is opened. `nativeBinding` lets the desktop app load an Electron-ABI
 * build of better-sqlite3 while tests and browser mode use the Node build in node_modules.
 */
export function openDatabase(dataDir: string, nativeBinding?: string): DB {
  if (/^(\\\\|\/\/)/.test(dataDir)) {
    throw new Error(`数据文件夹 ${dataDir} 在网络共享上。SQLite 的 WAL 模式在网络共享上不安全,可能损坏数据,请改用本机磁盘上的文件夹(可用 --data 指定)。`)
  }
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(dbPathIn(dataDir), nativeBinding ? { nativeBinding } : {})
  const check = db.pragma('quick_check', { simple: true })
  if (check !== 'ok') {
    db.close()
    throw new Error(`数据库文件 ${dbPathIn(dataDir)} 已损坏(快速检查未通过)。请不要继续写入;可在同一文件夹的 backups 子文件夹中找到最近的备份,关闭程序后用它替换 redvest.sqlite,或联系技术支持。`)
  }
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // erased personal data is overwritten on disk, not just unlinked
  db.pragma('secure_delete = ON')
  migrate(db, join(dataDir, 'backups'))
  return db
}
