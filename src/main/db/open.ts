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
  mkdirSync(dataDir, { recursive: true })
  const db = new Database(dbPathIn(dataDir), nativeBinding ? { nativeBinding } : {})
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  return db
}
