import BetterSqlite, { type Database } from 'better-sqlite3'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { beijingIso } from '../../shared/text'
import init from './migrations/0001_init'
import imports from './migrations/0002_import'
import service from './migrations/0003_service'
import audit from './migrations/0004_audit'
import privacySearch from './migrations/0005_privacy_search'
import assessment from './migrations/0006_assessment'
import importActivities from './migrations/0007_import_activities'
import feedbackRegister from './migrations/0008_feedback_register'
import unitCobuilding from './migrations/0009_unit_cobuilding'
import signInTally from './migrations/0010_sign_in_tally'
import importSpeed from './migrations/0011_import_speed'
import importAfter from './migrations/0012_import_after'

/** Numbered migrations; the database's user_version is the number of the last one applied. */
export const MIGRATIONS: string[] = [
  init, imports, service, audit, privacySearch, assessment, importActivities, feedbackRegister, unitCobuilding, signInTally, importSpeed, importAfter
]
export const SCHEMA_VERSION = MIGRATIONS.length

/** Beijing time as 20201231-235959, so backup file names sort by time and read as the clerk's clock. */
export function backupStamp(d = new Date()): string {
  const t = beijingIso(d)
  return `${t.slice(0, 10).replace(/-/g, '')}-${t.slice(11, 19).replace(/:/g, '')}`
}

export const backupFileName = (reason: string, d = new Date()): string => `redvest-${backupStamp(d)}-${reason}.sqlite`

const lastNamed = new Map<string, number>()

/**
 * A backup name no file in `dir` has, finished or in progress (`.part`), later than the last one this process
 * gave in `dir`: the current second, or, when that is taken, the next free second. Names keep the one format
 * the contract accepts and sort by time; only a burst of backups faster than one a second is dated a few
 * seconds ahead. (Backups are made one at a time, so two never ask at once.)
 */
export function freeBackupName(dir: string, reason: string, d = new Date()): string {
  const taken = new Set(existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith('redvest-')).map((n) => n.slice(8, 23)) : [])
  let t = Math.floor(d.getTime() / 1000) * 1000
  const last = lastNamed.get(dir)
  // (a clock set back by more than a minute is followed: names then interleave with the earlier ones)
  if (last !== undefined && last >= t && last - t < 60_000) t = last + 1000
  while (taken.has(backupStamp(new Date(t)))) t += 1000
  lastNamed.set(dir, t)
  return backupFileName(reason, new Date(t))
}

/**
 * Brings a database up to this version in one transaction. With `backupDir`, an existing database is first
 * copied there (VACUUM INTO: a consistent copy made synchronously, as opening must be), under a temporary
 * name until that copy has passed its check, so a crash mid-copy never leaves a listed backup half written.
 */
export function migrate(db: Database, backupDir?: string): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > SCHEMA_VERSION) {
    throw new Error(`数据库版本(${current})比本程序(${SCHEMA_VERSION})新,请安装新版红马甲后再打开。`)
  }
  if (current === SCHEMA_VERSION) return
  if (backupDir && current > 0) {
    let part = ''
    let file = ''
    let ok = false
    try {
      mkdirSync(backupDir, { recursive: true })
      file = join(backupDir, freeBackupName(backupDir, 'migration'))
      part = `${file}.part`
      db.prepare('VACUUM INTO ?').run(part)
      const copy = new BetterSqlite(part, { readonly: true })
      try {
        copy.pragma('trusted_schema = OFF')
        ok = copy.pragma('integrity_check', { simple: true }) === 'ok'
      } finally {
        copy.close()
      }
    } catch (e) {
      if (part) rmSync(part, { force: true })
      const code = String((e as { code?: string }).code ?? '')
      if (code === 'SQLITE_FULL' || code === 'ENOSPC') throw new Error(`升级前需要先备份数据,但磁盘空间不足,已停止升级,数据未改动。请清理 ${backupDir} 所在磁盘的空间后重新打开红马甲。`)
      if (/^(EACCES|EPERM|EROFS|EEXIST|ENOTDIR|EBUSY|SQLITE_CANTOPEN|SQLITE_READONLY|SQLITE_PERM|SQLITE_IOERR)/.test(code)) {
        throw new Error(`升级前需要先备份数据,但无法写入备份文件夹 ${backupDir},已停止升级,数据未改动。请检查该文件夹(是否可写、是否被其他程序占用)后重新打开红马甲。`)
      }
      throw new Error(`升级前的备份没有完成(${String((e as Error)?.message ?? e).slice(0, 120)}),已停止升级,数据未改动。请联系技术支持。`)
    }
    if (!ok) {
      rmSync(part, { force: true })
      throw new Error('升级前的备份没有通过完整性检查,已停止升级,数据未改动。请联系技术支持。')
    }
    renameSync(part, file)
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
