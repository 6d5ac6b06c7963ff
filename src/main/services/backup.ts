/**
 * Backups (备份与恢复): copies made with SQLite's backup API and checked with integrity_check before they
 * count, kept in a rotation next to the database; restore checks a copy, keeps a pre-restore backup and
 * replaces the registers inside the open connection in one transaction (the operation log is kept).
 */
import Database from 'better-sqlite3'
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Backup, FileOut } from '../../shared/api'
import { backupFileName, backupStamp, migrate, SCHEMA_VERSION } from '../db/migrate'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { AppError } from '../errors'
import { reapplyErasures } from './erasure'

export const REASONS: Record<Backup['reason'], string> = { daily: '每日自动', migration: '升级前', import: '导入前', undo: '撤销导入前', restore: '恢复前', manual: '手动' }
const NAME = /^redvest-(\d{8})-(\d{6})-(daily|migration|import|undo|restore|manual)\.sqlite$/

export const backupDir = (db: DB): string => join(dirname(db.name), 'backups')

/** A database file that is whole, of a version this app can open, and holds the registers; else a Chinese reason. */
export function checkDatabaseFile(file: string): { version: number } {
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    const check = db.pragma('integrity_check', { simple: true })
    if (check !== 'ok') throw new AppError('invalid', '该备份文件已损坏(完整性检查未通过),不能用于恢复。请换一个备份。')
    const version = db.pragma('user_version', { simple: true }) as number
    if (version > SCHEMA_VERSION) throw new AppError('invalid', `该备份来自更新版本的红马甲(数据版本 ${version},本程序为 ${SCHEMA_VERSION}),请先升级红马甲再恢复。`)
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'member'").get()) throw new AppError('invalid', '该文件不是红马甲的数据备份。')
    return { version }
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError('invalid', '无法读取该文件:它不是红马甲的数据备份,或已损坏。')
  } finally {
    db?.close()
  }
}

export function listBackups(db: DB): Backup[] {
  const dir = backupDir(db)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .map((name) => ({ name, m: NAME.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => !!x.m)
    .map(({ name, m }) => ({
      name,
      reason: m[3] as Backup['reason'],
      at: `${m[1].slice(0, 4)}-${m[1].slice(4, 6)}-${m[1].slice(6)} ${m[2].slice(0, 2)}:${m[2].slice(2, 4)}:${m[2].slice(4)}`,
      bytes: statSync(join(dir, name)).size
    }))
    .sort((a, b) => b.name.localeCompare(a.name))
}

/** Keep the last 7 daily, the newest daily of each of the last 4 weeks, every pre-upgrade copy, and the last 10 of the rest. */
export function rotate(dir: string, all: Backup[]): void {
  const keep = new Set<string>()
  const daily = all.filter((b) => b.reason === 'daily')
  daily.slice(0, 7).forEach((b) => keep.add(b.name))
  const weeks = new Set<string>()
  for (const b of daily) {
    const d = new Date(`${b.at.slice(0, 10)}T00:00:00Z`)
    const week = String(Math.floor((d.getTime() / 86_400_000 + 3) / 7))
    if (!weeks.has(week) && weeks.size < 4) {
      weeks.add(week)
      keep.add(b.name)
    }
  }
  all.filter((b) => b.reason === 'migration').forEach((b) => keep.add(b.name))
  for (const reason of ['import', 'undo', 'restore', 'manual'] as const) all.filter((b) => b.reason === reason).slice(0, 10).forEach((b) => keep.add(b.name))
  for (const b of all) if (!keep.has(b.name)) rmSync(join(dir, b.name), { force: true })
}

export async function createBackup(db: DB, reason: Backup['reason']): Promise<Backup> {
  const dir = backupDir(db)
  mkdirSync(dir, { recursive: true })
  // what a crash mid-backup left behind never counted; clear it
  for (const f of readdirSync(dir)) if (f.includes('.part')) rmSync(join(dir, f), { force: true })
  const name = backupFileName(reason)
  const tmp = join(dir, `${name}.part`)
  await db.backup(tmp)
  try {
    // a self-contained file: no -wal/-shm companions to lose when it is copied to a USB stick
    const copy = new Database(tmp)
    copy.pragma('journal_mode = DELETE')
    copy.close()
    checkDatabaseFile(tmp)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw new AppError('internal', `备份没有通过完整性检查,已丢弃。请重试;如反复出现,数据库可能有问题,请联系技术支持。(${(e as Error).message})`)
  }
  renameSync(tmp, join(dir, name))
  rotate(dir, listBackups(db))
  return listBackups(db).find((b) => b.name === name)!
}

/** The first start of each day makes a daily backup. */
export async function dailyBackup(db: DB): Promise<Backup | null> {
  const today = backupStamp().slice(0, 8)
  if (listBackups(db).some((b) => b.reason === 'daily' && b.name.includes(`-${today}-`))) return null
  return createBackup(db, 'daily')
}

/** A fresh backup as bytes, for the clerk to keep on a USB stick. */
export async function downloadBackup(db: DB): Promise<FileOut> {
  const b = await createBackup(db, 'manual')
  const bytes = await import('node:fs').then((fs) => fs.readFileSync(join(backupDir(db), b.name)))
  return { fileName: `红马甲数据备份_${b.name.slice(8, 23)}.sqlite`, base64: bytes.toString('base64') }
}

/** Replaces every register with the backup's, inside this connection and one transaction; the log stays. */
async function restoreFrom(db: DB, file: string): Promise<void> {
  checkDatabaseFile(file)
  const work = join(backupDir(db), `restore-${Date.now()}.sqlite`)
  mkdirSync(backupDir(db), { recursive: true })
  copyFileSync(file, work)
  try {
    const copy = new Database(work)
    migrate(copy) // an older backup is brought up to this version first
    copy.close()
    await createBackup(db, 'restore')
    db.prepare('ATTACH DATABASE ? AS bk').run(work)
    try {
      // ordinary tables only (the search index follows the member table through its triggers); the log and
      // the erasure register are kept
      const tables = db
        .prepare(
          `SELECT m.name FROM main.sqlite_master m JOIN pragma_table_list p ON p.schema = 'main' AND p.name = m.name AND p.type = 'table'
           WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT IN ('audit', 'audit_redaction', 'erasure') ORDER BY m.rowid`
        )
        .pluck()
        .all() as string[]
      db.transaction(() => {
        db.pragma('defer_foreign_keys = ON')
        for (const t of tables) db.prepare(`DELETE FROM main."${t}"`).run()
        for (const t of tables) db.prepare(`INSERT INTO main."${t}" SELECT * FROM bk."${t}"`).run()
        reapplyErasures(db)
      }).immediate()
    } finally {
      db.prepare('DETACH DATABASE bk').run()
    }
  } finally {
    rmSync(work, { force: true })
  }
}

export async function restoreBackup(db: DB, name: string): Promise<{ restored: string }> {
  const file = join(backupDir(db), name)
  if (!NAME.test(name) || !existsSync(file)) throw new AppError('not_found', '找不到该备份,请刷新备份列表后重试。')
  await restoreFrom(db, file)
  return { restored: name }
}

export async function restoreFile(db: DB, fileName: string, base64: string): Promise<{ restored: string }> {
  const file = join(backupDir(db), `upload-${Date.now()}.sqlite`)
  mkdirSync(backupDir(db), { recursive: true })
  writeFileSync(file, Buffer.from(base64, 'base64'))
  try {
    await restoreFrom(db, file)
  } finally {
    rmSync(file, { force: true })
  }
  return { restored: fileName }
}

/**
 * When the database will not open (it failed its start-up check), puts the newest backup that passes its
 * check in its place. Works on files only, before anything opens the database; the damaged file is kept aside.
 */
export function restoreNewestBackupFile(dataDir: string): string {
  const dir = join(dataDir, 'backups')
  const names = existsSync(dir) ? readdirSync(dir).filter((n) => NAME.test(n)).sort().reverse() : []
  for (const name of names) {
    try {
      checkDatabaseFile(join(dir, name))
    } catch {
      continue
    }
    const db = join(dataDir, 'redvest.sqlite')
    const aside = `${db}.damaged-${backupStamp()}`
    if (existsSync(db)) renameSync(db, aside)
    for (const suffix of ['-wal', '-shm']) if (existsSync(db + suffix)) renameSync(db + suffix, aside + suffix)
    copyFileSync(join(dir, name), db)
    return name
  }
  throw new AppError('not_found', `在 ${dir} 中没有找到可用的备份。请联系技术支持,不要删除数据文件夹中的任何文件。`)
}

export const handlers: HandlersOf<'backup'> = {
  'backup.list': (db) => ({ dir: backupDir(db), backups: listBackups(db) }),
  'backup.create': (db) => createBackup(db, 'manual'),
  'backup.download': (db) => downloadBackup(db),
  'backup.restore': (db, { name }) => restoreBackup(db, name),
  'backup.restoreFile': (db, { fileName, base64 }) => restoreFile(db, fileName, base64)
}
