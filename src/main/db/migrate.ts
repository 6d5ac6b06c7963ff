import BetterSqlite, { type Database } from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { beijingIso } from '../../shared/text'
import init from './migrations/0001_init'
import imports from './migrations/0002_import'
import service from './migrations/0003_service'
import audit from './migrations/0004_audit'
import privacySearch from './migrations/0005_privacy_search'
import importActivities from './migrations/0006_import_activities'

/** Numbered migrations; the database's user_version is the number of the last one applied. */
export const MIGRATIONS: string[] = [init, imports, service, audit, privacySearch, importActivities]
export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * Brings a database up to this version in one transaction. With `backupDir`, an existing database is first
 * copied there (VACUUM INTO: a consistent copy made synchronously, as opening must be) and that copy checked.
 */
/** Beijing time as 20201231-235959, so backup file names sort by time and read as the clerk's clock. */
export function backupStamp(d = new Date()): string {
  const t = beijingIso(d)
  return `${t.slice(0, 10).replace(/-/g, '')}-${t.slice(11, 19).replace(/:/g, '')}`
}

export const backupFileName = (reason: string, d = new Date()): string => `redvest-${backupStamp(d)}-${reason}.sqlite`

export function migrate(db: Database, backupDir?: string): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > SCHEMA_VERSION) {
    throw new Error(`数据库版本(${current})比本程序(${SCHEMA_VERSION})新,请安装新版红马甲后再打开。`)
  }
  if (current === SCHEMA_VERSION) return
  if (backupDir && current > 0) {
    mkdirSync(backupDir, { recursive: true })
    const file = join(backupDir, backupFileName('migration'))
    db.prepare('VACUUM INTO ?').run(file)
    const copy = new BetterSqlite(file, { readonly: true })
    const ok = copy.pragma('integrity_check', { simple: true }) === 'ok'
    copy.close()
    if (!ok) throw new Error('升级前的备份没有通过完整性检查,已停止升级,数据未改动。请联系技术支持。')
  }
  // a migration may rebuild a table others refer to: foreign keys are off while it runs (they cannot be
  // switched inside a transaction) and every reference is checked before it commits
  const fk = db.pragma('foreign_keys', { simple: true }) as number
  db.pragma('foreign_keys = OFF')
  try {
    db.transaction(() => {
      for (let v = current; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v])
      if ((db.pragma('foreign_key_check') as unknown[]).length) throw new Error('升级后数据引用检查未通过,已停止升级,数据未改动。请联系技术支持。')
      db.pragma(`user_version = ${SCHEMA_VERSION}`)
    }).immediate()
  } finally {
    if (fk) db.pragma('foreign_keys = ON')
  }
}
