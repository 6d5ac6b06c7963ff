/**
 * Backups (备份与恢复): copies made with SQLite's backup API and checked before they count, kept in a rotation
 * next to the database. One backup (or restore) at a time per backups folder, through a queue, so concurrent
 * requests all succeed. A restore accepts only a file whose schema is this app's own (checked before any row is
 * read), copies rows by column name inside the open connection in one transaction, keeps the operation log,
 * the erasure register and the certificate register, re-applies erasures and rebuilds the search index; the pre-restore backup counts
 * only once the restore has gone through.
 */
import Database from 'better-sqlite3'
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { Backup, FileOut } from '../../shared/api'
import { backupStamp, freeBackupName, migrate, MIGRATIONS, SCHEMA_VERSION } from '../db/migrate'
import { MOVED_TO, type DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { AppError } from '../errors'
import { addMissingFromBk, keepRegisterAcrossRestore } from './certificate'
import { appendLog, carriedRecord } from './audit'
import { reapplyErasures } from './erasure'
import { backupBytes, compressBackup, expandBackup, expandBackupSync, storedFile, storedForms, writeUpload } from './backup-files'

export const REASONS: Record<Backup['reason'], string> = { daily: '每日自动', migration: '升级前', import: '导入前', undo: '撤销导入前', restore: '恢复前', manual: '手动' }
const NAME = /^redvest-(\d{8})-(\d{6})-(daily|migration|import|undo|restore|manual)\.sqlite$/
/** A backup on disk: its plain name, plain or compressed (backup-files.ts). */
const STORED = /^(redvest-\d{8}-\d{6}-(?:daily|migration|import|undo|restore|manual)\.sqlite)(?:\.br)?$/

export const backupDir = (db: DB): string => join(dirname(db.name), 'backups')

const DAY = 86_400_000

// ---------- one backup at a time ----------

const lanes = new Map<string, { tail: Promise<unknown>; pending: number }>()

/**
 * Runs `job` after every earlier job of the same backups folder has finished (whether it succeeded or not).
 * While a job runs no other backup of this process writes in that folder, so it may clear what a crash left.
 */
function inLane<T>(dir: string, job: () => Promise<T>): Promise<T> {
  let lane = lanes.get(dir)
  if (!lane) lanes.set(dir, (lane = { tail: Promise.resolve(), pending: 0 }))
  const l = lane
  l.pending++
  const run = l.tail.then(() => {
    clearStale(dir)
    return job()
  })
  l.tail = run
    .catch(() => {})
    .finally(() => {
      if (--l.pending === 0 && lanes.get(dir) === l) lanes.delete(dir)
    })
  return run
}

/** What an interrupted backup or restore left: temporary copies and their journals. Never a listed backup. */
function clearStale(dir: string): void {
  for (const f of names(dir)) {
    if (!f.includes('.part') && !/^(restore|upload)-\d+\.sqlite(-wal|-shm|-journal)?$/.test(f)) continue
    try {
      rmSync(join(dir, f), { force: true })
    } catch {
      // left for the next time; it is never listed
    }
  }
}

/** The names in a folder; none when it is missing or not a folder (writing a backup then says why). */
function names(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

const companions = (file: string): string[] => [`${file}-wal`, `${file}-shm`, `${file}-journal`]
const removeWithCompanions = (file: string): void => {
  for (const f of [file, ...companions(file)]) rmSync(f, { force: true })
}

// ---------- the expected schema, and checking a file against it ----------

const TABLE_LABELS: Record<string, string> = {
  setting: '设置', community: '村居', unit: '单位', member: '党员', event: '活动', attendance: '签到', import_batch: '导入批次',
  import_change: '导入明细', import_mapping: '导入列对应', need: '服务需求', claim: '认领', suggestion: '建议', feedback: '评价',
  audit: '操作日志', erasure: '注销登记', audit_redaction: '日志注销', member_fts: '党员搜索索引'
}
const label = (t: string): string => (TABLE_LABELS[t] ? `${TABLE_LABELS[t]}表` : `表 ${t}`)
const KIND_LABELS: Record<string, string> = { index: '索引', trigger: '触发器', view: '视图', table: '表' }

interface Column { name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number }
interface SchemaObject { type: string; name: string; tbl_name: string; sql: string | null }
interface Schema { objects: Map<string, SchemaObject>; columns: Map<string, Column[]>; options: Map<string, string> }

function readSchema(db: Database.Database): Schema {
  const all = db.prepare("SELECT type, name, tbl_name, sql FROM main.sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").all() as SchemaObject[]
  const objects = new Map(all.map((o) => [o.name, o]))
  const columns = new Map<string, Column[]>()
  const options = new Map<string, string>()
  for (const o of all) {
    if (o.type !== 'table') continue
    const info = db.prepare("SELECT type, wr, strict FROM pragma_table_list(?) WHERE schema = 'main'").get(o.name) as { type: string; wr: number; strict: number } | undefined
    options.set(o.name, info ? `${info.type}/${info.wr}/${info.strict}` : '')
    // a virtual table is not asked for its columns: that would run its module
    if (!/^CREATE\s+VIRTUAL\s/i.test(o.sql ?? '')) columns.set(o.name, db.prepare('SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?)').all(o.name) as Column[])
  }
  return { objects, columns, options }
}

const expected = new Map<number, Schema>()
/** This app's schema at `version`: the migrations up to it, run into an empty in-memory database. */
function expectedSchema(version: number): Schema {
  let s = expected.get(version)
  if (!s) {
    const mem = new Database(':memory:')
    try {
      for (const sql of MIGRATIONS.slice(0, version)) mem.exec(sql)
      s = readSchema(mem)
    } finally {
      mem.close()
    }
    expected.set(version, s)
  }
  return s
}

const normal = (sql: string | null): string => (sql ?? '').replace(/\s+/g, ' ').replace(/ ?([(),;]) ?/g, '$1').trim()
/** A file refused for its schema; `detail` says what differs, for a message about the live database too. */
class SchemaRefused extends AppError {
  constructor(
    readonly detail: string,
    message: string
  ) {
    super('invalid', message)
  }
}
const notOurs = (what: string): AppError => new SchemaRefused(what.replace(/^该文件/, ''), `${what},不是红马甲生成的数据备份,不能用于恢复。请换一个由红马甲生成的备份文件。`)
const unlike = (name: string, diff: string): AppError =>
  new SchemaRefused(`${label(name)}${diff}`, `该文件的${label(name)}结构与红马甲不一致(${diff}),不能用于恢复。请换一个由红马甲生成的备份文件。`)

/** What is wrong with one table of the file, compared with this app's, in words; null if nothing. */
function tableDifference(want: Column[], have: Column[]): string | null {
  const wantNames = want.map((c) => c.name)
  const haveNames = have.map((c) => c.name)
  const missing = wantNames.filter((n) => !haveNames.includes(n))
  if (missing.length) return `缺少列 ${missing.join('、')}`
  const extra = haveNames.filter((n) => !wantNames.includes(n))
  if (extra.length) return `多出列 ${extra.join('、')}`
  for (const w of want) {
    const h = have.find((c) => c.name === w.name)!
    if (h.type.toUpperCase() !== w.type.toUpperCase()) return `列 ${w.name} 的类型是 ${h.type || '(未声明)'},应为 ${w.type}`
    if (h.notnull !== w.notnull || h.pk !== w.pk || h.dflt_value !== w.dflt_value || h.hidden !== w.hidden) return `列 ${w.name} 的约束或默认值不同`
  }
  if (wantNames.join() !== haveNames.join()) return '列的顺序不同'
  return null
}

/**
 * Refuses, before any row is read, a file whose schema is not this app's at the file's version: every table a
 * real table (not a view, not a virtual table other than the search index) with this app's columns, declared
 * types and definition, and no index, trigger or view beyond this app's own, each with this app's definition.
 */
function checkSchema(file: Database.Database, version: number): void {
  const want = expectedSchema(version)
  const have = readSchema(file)
  for (const [name, w] of want.objects) {
    if (w.type !== 'table') continue
    const h = have.objects.get(name)
    if (!h) throw notOurs(`该文件缺少${label(name)}`)
    if (h.type !== 'table') throw notOurs(`该文件中的${label(name)}不是数据表而是${KIND_LABELS[h.type] ?? h.type}`)
    const wantVirtual = /^CREATE\s+VIRTUAL\s/i.test(w.sql ?? '')
    const haveVirtual = /^CREATE\s+VIRTUAL\s/i.test(h.sql ?? '')
    if (haveVirtual !== wantVirtual) throw notOurs(`该文件中的${label(name)}${haveVirtual ? '是虚拟表' : '不是搜索索引'}`)
    if (wantVirtual) {
      if (normal(h.sql) !== normal(w.sql)) throw notOurs(`该文件中的${label(name)}定义与红马甲不一致`)
      continue
    }
    const diff = tableDifference(want.columns.get(name)!, have.columns.get(name) ?? [])
    if (diff) throw unlike(name, diff)
    if (have.options.get(name) !== want.options.get(name) || normal(h.sql) !== normal(w.sql)) {
      throw unlike(name, '表的约束定义不同')
    }
  }
  for (const [name, h] of have.objects) {
    const w = want.objects.get(name)
    const kind = KIND_LABELS[h.type] ?? h.type
    if (!w) throw notOurs(`该文件含有红马甲没有的${kind} ${name}`)
    if (w.type !== h.type) throw notOurs(`该文件中的 ${name} 是${kind},红马甲的是${KIND_LABELS[w.type] ?? w.type}`)
    if (h.type !== 'table' && (h.sql !== w.sql || h.tbl_name !== w.tbl_name)) throw notOurs(`该文件中的${kind} ${name} 与红马甲的定义不一致`)
  }
  for (const [name, w] of want.objects) if (w.type !== 'table' && !have.objects.has(name)) throw notOurs(`该文件缺少${KIND_LABELS[w.type] ?? w.type} ${name}`)
}

/** integrity_check's findings that are about the rows (rules the data breaks), not about a damaged file. */
const DATA_RULES = /^(CHECK constraint failed in |NULL value in |NOT NULL constraint failed)/

const NOT_A_BACKUP = '无法读取该文件:它不是红马甲的数据备份,或已损坏。请换一个备份文件。'

/**
 * Checks an open database file: a version this app can read, this app's schema for that version (before any
 * row is read), then every page and row (integrity_check). Throws a Chinese reason.
 */
function inspect(file: Database.Database): { version: number } {
  try {
    return inspectOrThrow(file)
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError('invalid', NOT_A_BACKUP)
  }
}

function inspectOrThrow(file: Database.Database): { version: number } {
  file.pragma('trusted_schema = OFF')
  const version = file.pragma('user_version', { simple: true }) as number
  if (!file.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'member'").get() || version < 1) throw new AppError('invalid', '该文件不是红马甲的数据备份,不能用于恢复。请换一个由红马甲生成的备份文件。')
  if (version > SCHEMA_VERSION) throw new AppError('invalid', `该备份来自更新版本的红马甲(数据版本 ${version},本程序为 ${SCHEMA_VERSION}),请先升级红马甲再恢复。`)
  checkSchema(file, version)
  const findings = (file.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check)
  if (findings.length !== 1 || findings[0] !== 'ok') {
    if (findings.every((f) => DATA_RULES.test(f))) {
      const table = /in (\w+)/.exec(findings[0])?.[1] ?? ''
      throw new AppError('invalid', `该备份中的数据不完整或互相矛盾(${table ? label(table) : ''}有不符合规则的记录),不能恢复,当前数据未改动。请换一个备份。`)
    }
    throw new AppError('invalid', '该备份文件已损坏(完整性检查未通过),不能用于恢复。请换一个备份。')
  }
  return { version }
}

/** A database file that is whole, of a version this app can open, with this app's schema; else a Chinese reason. */
export function checkDatabaseFile(file: string): { version: number } {
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    return inspect(db)
  } catch (e) {
    if (e instanceof AppError) throw e
    throw new AppError('invalid', NOT_A_BACKUP)
  } finally {
    db?.close()
  }
}

// ---------- listing and rotation ----------

/** When a backup name says it was made (ms); NaN for a date that does not exist. */
function namedTime(name: string): number {
  const m = NAME.exec(name)
  if (!m) return NaN
  const [d, t] = [m[1], m[2]]
  const ms = Date.parse(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4)}+08:00`)
  return backupStamp(new Date(ms)) === `${d}-${t}` ? ms : NaN
}

/**
 * A name is trusted only within the real clock: one dated more than a day ahead (or on a date that does not
 * exist) was not made by this app on this computer as it is now set. Such a file is listed last, is never
 * taken for the newest by the rotation (which keeps it) and is tried last by the start-up restore.
 */
export const isSuspicious = (name: string, now = Date.now()): boolean => {
  const t = namedTime(name)
  return !(t <= now + DAY)
}

function listIn(dir: string): Array<Backup & { mtime: number }> {
  const now = Date.now()
  // each backup once, by its plain name (a plain file and its compressed form both exist only for a moment)
  const plainNames = [...new Set(names(dir).flatMap((f) => STORED.exec(f)?.[1] ?? []))]
  return plainNames
    .map((name) => ({ name, m: NAME.exec(name)! }))
    .flatMap(({ name, m }) => {
      let st: { size: number; mtimeMs: number }
      try {
        const stored = storedFile(dir, name)
        if (!stored) return []
        st = statSync(stored.file)
      } catch {
        return [] // gone since the folder was read
      }
      return {
        name,
        reason: m[3] as Backup['reason'],
        at: `${m[1].slice(0, 4)}-${m[1].slice(4, 6)}-${m[1].slice(6)} ${m[2].slice(0, 2)}:${m[2].slice(2, 4)}:${m[2].slice(4)}`,
        bytes: st.size,
        mtime: st.mtimeMs,
        suspicious: isSuspicious(name, now)
      }
    })
    .sort((a, b) => (a.suspicious !== b.suspicious ? (a.suspicious ? 1 : -1) : a.suspicious ? b.mtime - a.mtime : b.name.localeCompare(a.name)))
    .map(({ suspicious: _, ...b }) => b)
}

/** Newest first; a name dated in the future comes after every trusted one. */
export function listBackups(db: DB): Backup[] {
  return listIn(backupDir(db)).map(({ mtime: _, ...b }) => b)
}

/**
 * Keeps the last 7 daily copies and the newest daily of each of the last 4 weeks (every day of the last week,
 * and one a week for a month, restorable); the newest pre-upgrade copy (the data in the old format before the
 * last upgrade; older states are in the dailies); and the last 2 of the other kinds together — manual copies
 * (the clerk keeps long-term ones on a USB stick), pre-restore and pre-undo copies (to take back the last
 * restore or undo) and the pre-import copies earlier versions made. At most 13 copies: the newest plain and
 * 12 compressed to about a quarter each (backup-files.ts), so the folder stays under 4× the database. A name
 * dated in the future is never removed here and never counts as the newest.
 */
export function rotate(dir: string, all: Backup[], protect?: string): void {
  const now = Date.now()
  const keep = new Set<string>(protect ? [protect] : [])
  const trusted = all.filter((b) => !isSuspicious(b.name, now)).sort((a, b) => b.name.localeCompare(a.name))
  all.filter((b) => isSuspicious(b.name, now)).forEach((b) => keep.add(b.name))
  const daily = trusted.filter((b) => b.reason === 'daily')
  daily.slice(0, 7).forEach((b) => keep.add(b.name))
  const weeks = new Set<string>()
  for (const b of daily) {
    const d = new Date(`${b.name.slice(8, 12)}-${b.name.slice(12, 14)}-${b.name.slice(14, 16)}T00:00:00Z`)
    const week = String(Math.floor((d.getTime() / DAY + 3) / 7))
    if (!weeks.has(week) && weeks.size < 4) {
      weeks.add(week)
      keep.add(b.name)
    }
  }
  trusted.filter((b) => b.reason === 'migration').slice(0, 1).forEach((b) => keep.add(b.name))
  trusted.filter((b) => b.reason !== 'daily' && b.reason !== 'migration').slice(0, 2).forEach((b) => keep.add(b.name))
  // the clerk's own newest copy (立即备份, 下载备份) is not pushed out by the copies undos and restores make
  trusted.filter((b) => b.reason === 'manual').slice(0, 1).forEach((b) => keep.add(b.name))
  for (const b of all) if (!keep.has(b.name)) for (const f of storedForms(dir, b.name)) rmSync(f, { force: true })
}

/**
 * Compresses every backup but the newest trusted one (backup-files.ts), in the folder's queue. A compression that
 * overlapped an erasure's rewrite is redone; one that fails leaves the plain file for the next time.
 */
async function compressOlder(dir: string): Promise<void> {
  const listed = listIn(dir)
  const newest = listed.find((b) => !isSuspicious(b.name))?.name
  for (const b of listed) {
    if (b.name === newest) continue
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = storedFile(dir, b.name)
      if (!stored || stored.compressed) break
      try {
        if (await compressBackup(dir, stored.file)) break
      } catch {
        break // (kept plain until the next backup's turn)
      }
    }
  }
}

/**
 * A minute after a backup, the compression of the older ones joins the folder's queue: a backup is often made just
 * before an import (the day's first) or an undo, which should not share the two cores with it. Until then the
 * previous copy stays plain (a process that exits first leaves it for the next backup's turn).
 */
const COMPRESS_AFTER_MS = 60_000
const waiting = new Map<string, () => void>()
function compressLater(dir: string): void {
  if (waiting.has(dir)) return
  const start = (): void => {
    clearTimeout(timer)
    if (waiting.get(dir) !== start) return
    waiting.delete(dir)
    void inLane(dir, () => compressOlder(dir)).catch(() => {})
  }
  const timer = setTimeout(start, COMPRESS_AFTER_MS)
  timer.unref?.()
  waiting.set(dir, start)
}

/** Resolves once every backup, restore and compression asked for so far in this folder has finished (a waiting compression starts now). */
export function backupsSettled(db: DB): Promise<void> {
  waiting.get(backupDir(db))?.()
  return inLane(backupDir(db), async () => {}).catch(() => {})
}

// ---------- making a backup ----------

/** Why writing a copy failed, in words that match the cause. */
function writeFailure(e: unknown, dir: string): AppError {
  if (e instanceof AppError) return e
  const code = String((e as { code?: string }).code ?? '')
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') {
    return new AppError('internal', `备份没有完成:磁盘空间不足。请清理 ${dir} 所在磁盘的空间(可先把旧备份复制到U盘再删除)后重试。当前数据未受影响。`)
  }
  if (/^(EACCES|EPERM|EROFS|EEXIST|ENOTDIR|EBUSY|SQLITE_CANTOPEN|SQLITE_READONLY|SQLITE_PERM|SQLITE_IOERR)/.test(code)) {
    return new AppError('internal', `备份没有完成:无法写入备份文件夹 ${dir}(可能没有写入权限、被其他程序占用,或磁盘出错)。请检查该文件夹后重试。当前数据未受影响。`)
  }
  return new AppError('internal', `备份没有完成:写入备份时出错(${String((e as Error)?.message ?? e).slice(0, 120)}),当前数据未受影响。请重试;如反复出现,请联系技术支持。`)
}

/**
 * Writes a checked copy of the database under a temporary name (`<name>.part`); the caller publishes it by
 * renaming. Runs inside the lane.
 */
async function writeCheckedCopy(db: DB, reason: Backup['reason']): Promise<{ name: string; part: string; file: string }> {
  const dir = backupDir(db)
  let name: string
  try {
    mkdirSync(dir, { recursive: true })
    name = freeBackupName(dir, reason)
  } catch (e) {
    throw writeFailure(e, dir)
  }
  const part = join(dir, `${name}.part`)
  try {
    await db.backup(part)
    // a self-contained file: no -wal/-shm companions to lose when it is copied to a USB stick
    const copy = new Database(part, { fileMustExist: true })
    try {
      copy.pragma('trusted_schema = OFF')
      copy.pragma('journal_mode = DELETE')
    } finally {
      copy.close()
    }
  } catch (e) {
    removeWithCompanions(part)
    throw writeFailure(e, dir)
  }
  try {
    for (const f of companions(part)) rmSync(f, { force: true })
    checkDatabaseFile(part)
  } catch (e) {
    removeWithCompanions(part)
    if (e instanceof SchemaRefused) {
      throw new AppError('internal', `备份没有完成:数据库文件的结构与本程序的不一致(${e.detail}),这样的备份无法用于恢复,已丢弃;当前数据未改动。请联系技术支持。`)
    }
    throw new AppError('internal', '刚做好的备份没有通过完整性检查,已丢弃,当前数据未改动。请重试;如反复出现,数据库文件可能有问题,请联系技术支持。')
  }
  return { name, part, file: join(dir, name) }
}

function described(db: DB, name: string): Backup {
  const m = NAME.exec(name)!
  let bytes = 0
  try {
    bytes = statSync(join(backupDir(db), name)).size
  } catch {
    // (reported as 0 bytes; the file was just written and checked)
  }
  return { name, reason: m[3] as Backup['reason'], at: `${m[1].slice(0, 4)}-${m[1].slice(4, 6)}-${m[1].slice(6)} ${m[2].slice(0, 2)}:${m[2].slice(2, 4)}:${m[2].slice(4)}`, bytes }
}

/** Inside the lane: a checked copy, published, then the rotation. */
async function makeBackup(db: DB, reason: Backup['reason']): Promise<Backup> {
  const copy = await writeCheckedCopy(db, reason)
  try {
    renameSync(copy.part, copy.file)
  } catch (e) {
    removeWithCompanions(copy.part)
    throw writeFailure(e, backupDir(db))
  }
  rotateQuietly(db, copy.name)
  return described(db, copy.name)
}

/** The rotation after a backup that counts: an older copy it could not remove now is removed next time. */
function rotateQuietly(db: DB, made: string): void {
  try {
    rotate(backupDir(db), listBackups(db), made)
  } catch {
    // (kept one rotation longer; nothing is lost)
  }
  compressLater(backupDir(db))
}

/** Today's (Beijing date) daily copy, if it exists. */
function todaysDaily(db: DB): Backup | undefined {
  const today = backupStamp().slice(0, 8)
  return listBackups(db).find((b) => b.reason === 'daily' && b.name.startsWith(`redvest-${today}-`))
}

/**
 * The restore point before an import (`import.commit`'s backupFirst). The import's own undo record
 * (import_batch + import_change) takes it back exactly: undo removes what it added and puts back what it
 * changed. So no whole copy is made per import; a full checked copy is made first only when today has none
 * (the daily one, which the start-up usually made already), so every day stays restorable from a whole file.
 */
export function restorePointBeforeImport(db: DB): Promise<Backup> {
  const made = todaysDaily(db)
  if (made) return Promise.resolve(made)
  const dir = backupDir(db)
  return inLane(dir, async () => todaysDaily(db) ?? (await makeBackup(db, 'daily'))).catch((err: unknown) => {
    const e = writeFailure(err, dir)
    throw new AppError(e.code, `导入没有进行:导入前要先完成今天的备份,但${e.message.replace(/^备份没有完成[::]?/, '')}`)
  })
}

/**
 * A checked backup, one at a time. `import` asks for the restore point before an import (see above), not a
 * whole copy; `undo` makes a whole copy each time: an undo puts back rows as they were before the import,
 * over any hand edits made to them since, and only a copy keeps those (undos are rare).
 */
export function createBackup(db: DB, reason: Backup['reason']): Promise<Backup> {
  if (reason === 'import') return restorePointBeforeImport(db)
  return inLane(backupDir(db), () => makeBackup(db, reason))
}

/** The first start of each day makes a daily backup (unless an import already made today's). */
export function dailyBackup(db: DB): Promise<Backup | null> {
  return inLane(backupDir(db), async () => (todaysDaily(db) ? null : makeBackup(db, 'daily')))
}

/** A fresh backup as bytes, for the clerk to keep on a USB stick. */
export async function downloadBackup(db: DB): Promise<FileOut> {
  const b = await createBackup(db, 'manual')
  const stored = storedFile(backupDir(db), b.name)
  if (!stored) throw new AppError('internal', '刚做好的备份找不到了,请重试。')
  const bytes = await backupBytes(stored)
  return { fileName: `红马甲数据备份_${b.name.slice(8, 23)}.sqlite`, base64: bytes.toString('base64') }
}

// ---------- restoring ----------

let works = 0
const workFile = (dir: string): string => join(dir, `restore-work-${process.pid}-${Date.now()}-${++works}.sqlite.part`)

/**
 * Makes the work copy fit to read from: opened with trusted_schema off, out of WAL mode (a self-contained
 * file), checked (version, schema, every page), then brought up to this version. Throws a Chinese reason.
 */
function prepareCopy(work: string): void {
  let copy: Database.Database | null = null
  try {
    try {
      copy = new Database(work, { fileMustExist: true })
      copy.pragma('trusted_schema = OFF')
      copy.pragma('journal_mode = DELETE')
    } catch {
      throw new AppError('invalid', NOT_A_BACKUP)
    }
    inspect(copy)
    try {
      migrate(copy) // an older backup is brought up to this version first
    } catch {
      throw new AppError('invalid', '该备份无法升级到本程序的数据版本(其中的数据不符合新版本的规则),不能恢复,当前数据未改动。请换一个备份或联系技术支持。')
    }
  } finally {
    copy?.close()
    for (const f of companions(work)) rmSync(f, { force: true })
  }
}

/** A failure while copying the rows in, as the clerk should read it (never SQL). */
function copyFailure(e: unknown, table: string): AppError {
  if (e instanceof AppError) return e
  const code = String((e as { code?: string }).code ?? '')
  const inconsistent = (what: string): AppError => new AppError('invalid', `该备份中的数据不完整或互相矛盾(${what}),不能恢复,当前数据未改动。请换一个备份。`)
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return inconsistent(`${label(table)}中有重复的记录`)
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return inconsistent('有记录指向不存在的记录')
  if (code.startsWith('SQLITE_CONSTRAINT')) return inconsistent(`${label(table)}中有不符合规则的记录`)
  if (code === 'SQLITE_FULL') return new AppError('internal', '恢复没有完成:磁盘空间不足,当前数据未改动。请清理磁盘空间后重试。')
  if (code === 'SQLITE_BUSY') return new AppError('internal', '恢复没有完成:数据库正忙,当前数据未改动。请稍后再试。')
  return new AppError('internal', '恢复没有完成,当前数据未改动。请重试;如反复出现,请换一个备份或联系技术支持。')
}

/**
 * The registers a restore replaces: this app's ordinary tables, without the log, its redaction rule, the erasure register
 * and the certificate register (kept, merged with the backup's: a restore never lowers the next certificate number).
 */
function registerTables(db: DB): string[] {
  const kept = new Set(['audit', 'audit_redaction', 'erasure', 'certificate'])
  return (db.prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").pluck().all() as string[])
    .filter((t) => !kept.has(t) && expectedSchema(SCHEMA_VERSION).objects.get(t)?.type === 'table')
    .sort((a, b) => order(a) - order(b))
}
const TABLE_ORDER = MIGRATIONS.join('\n').match(/CREATE TABLE (\w+)/g)!.map((s) => s.slice(13))
const order = (t: string): number => TABLE_ORDER.indexOf(t)

/**
 * Replaces every register with the work copy's, inside this connection and one transaction: rows copied by
 * column name, the log, the erasure register and the certificate register kept, erasures re-applied, the search index rebuilt. The
 * pre-restore backup is published (renamed) only as the transaction commits, so a refused or failed restore
 * leaves the rotation as it was.
 */
async function restoreWork(db: DB, work: string): Promise<{ kept: string }> {
  prepareCopy(work)
  const pre = await writeCheckedCopy(db, 'restore')
  let published = false
  let kept = ''
  try {
    db.prepare('ATTACH DATABASE ? AS bk').run(work)
    try {
      const tables = registerTables(db)
      db.transaction(() => {
        db.pragma('defer_foreign_keys = ON')
        // the search index is rebuilt once at the end, not row by row (at city scale that is 70 s of 100,000
        // secure deletes); its triggers are set aside inside this transaction and put back before it ends
        const indexing = db
          .prepare("SELECT name, sql FROM main.sqlite_schema WHERE type = 'trigger' AND tbl_name = 'member' AND sql LIKE '%member_fts%'")
          .all() as Array<{ name: string; sql: string }>
        for (const t of indexing) db.exec(`DROP TRIGGER main."${t.name}"`)
        for (const t of [...tables].reverse()) {
          try {
            db.prepare(`DELETE FROM main."${t}"`).run()
          } catch (e) {
            throw copyFailure(e, t)
          }
        }
        for (const t of tables) {
          const cols = (db.prepare("SELECT name FROM pragma_table_info(?, 'main')").pluck().all(t) as string[]).map((c) => `"${c}"`).join(', ')
          try {
            db.prepare(`INSERT INTO main."${t}" (${cols}) SELECT ${cols} FROM bk."${t}"`).run()
          } catch (e) {
            throw copyFailure(e, t)
          }
        }
        kept = keepRegisterAcrossRestore(db).message
        reapplyErasures(db)
        for (const t of indexing) db.exec(t.sql)
        db.prepare("INSERT INTO main.member_fts (member_fts) VALUES ('rebuild')").run()
        // (a row pointing at a missing one fails the commit: foreign keys are checked there)
        // the pre-restore copy counts from here: if the commit below fails it is removed again
        renameSync(pre.part, pre.file)
        published = true
      }).immediate()
    } finally {
      db.prepare('DETACH DATABASE bk').run()
    }
  } catch (e) {
    removeWithCompanions(published ? pre.file : pre.part)
    throw copyFailure(e, '')
  }
  rotateQuietly(db, pre.name)
  return { kept }
}

export function restoreBackup(db: DB, name: string): Promise<{ restored: string; kept: string }> {
  const dir = backupDir(db)
  const file = join(dir, name)
  if (!NAME.test(name) || !storedFile(dir, name)) return Promise.reject(new AppError('not_found', '找不到该备份,请刷新备份列表后重试。'))
  return inLane(dir, async () => {
    const work = workFile(dir)
    try {
      const stored = storedFile(dir, name)
      if (!stored) throw new AppError('not_found', '找不到该备份,请刷新备份列表后重试。')
      try {
        await expandBackup(stored, work)
      } catch (e) {
        // (a Brotli stream that does not decode is a damaged file; a full disk or a locked folder is said as such)
        if (stored.compressed && /^(ERR_|Z_)/.test(String((e as { code?: string }).code ?? ''))) {
          throw new AppError('invalid', '该备份文件已损坏(无法解压),不能用于恢复,当前数据未改动。请换一个备份。')
        }
        throw e
      }
      // a WAL-mode file's committed changes not yet in the file itself
      if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${work}-wal`)
      return { restored: name, ...(await restoreWork(db, work)) }
    } finally {
      removeWithCompanions(work)
    }
  })
}

export function restoreFile(db: DB, fileName: string, base64: string): Promise<{ restored: string; kept: string }> {
  const dir = backupDir(db)
  return inLane(dir, async () => {
    const work = workFile(dir)
    try {
      let readable: boolean
      try {
        mkdirSync(dir, { recursive: true })
        readable = await writeUpload(Buffer.from(base64, 'base64'), work)
      } catch (e) {
        throw writeFailure(e, dir)
      }
      if (!readable) throw new AppError('invalid', NOT_A_BACKUP)
      return { restored: fileName, ...(await restoreWork(db, work)) }
    } finally {
      removeWithCompanions(work)
    }
  })
}

/**
 * When the database will not open (it failed its start-up check), puts the newest backup that passes its
 * check in its place. Works on files only, before anything opens the database; the damaged file is kept aside.
 * Names are tried newest first, those dated in the future last (by when the file was written). Returns the backup's
 * name and where the damaged file now is (for afterStartupRestore, once the restored database is open).
 */
export function restoreNewestBackupFile(dataDir: string): { name: string; damaged: string | null } {
  const dir = join(dataDir, 'backups')
  clearStale(dir)
  for (const { name } of listIn(dir)) {
    const stored = storedFile(dir, name)
    if (!stored) continue
    // a compressed backup is expanded beside it first (a .part name: cleared if this is interrupted)
    const file = stored.compressed ? join(dir, `${name}.expand.part`) : stored.file
    try {
      if (stored.compressed) expandBackupSync(stored, file)
      checkDatabaseFile(file)
    } catch {
      if (stored.compressed) rmSync(file, { force: true })
      continue
    }
    const db = join(dataDir, 'redvest.sqlite')
    const aside = `${db}.damaged-${backupStamp()}`
    const damaged = existsSync(db)
    if (damaged) renameSync(db, aside)
    for (const suffix of ['-wal', '-shm']) if (existsSync(db + suffix)) renameSync(db + suffix, aside + suffix)
    if (stored.compressed) renameSync(file, db)
    else copyFileSync(file, db)
    return { name, damaged: damaged ? aside : null }
  }
  throw new AppError('not_found', `在 ${dir} 中没有找到可用的备份。请联系技术支持,不要删除数据文件夹中的任何文件。`)
}

/**
 * After the start-up restore, once the restored database is open: what can still be read from the damaged file is
 * carried over, so the clerk knows what to enter again and no number is handed out twice. The certificates issued
 * after the backup join the register; the log's entries written after it join the log (they say what was done since,
 * which the restored data no longer holds); and the log records the restore itself. Returns what the clerk is told.
 */
export function afterStartupRestore(db: DB, backupName: string, damagedFile: string | null): string {
  // -1: could not be read; with no damaged file there is nothing to read
  let certificates = damagedFile ? -1 : 0
  let entries = 0
  let attached = false
  if (damagedFile) {
    try {
      db.prepare('ATTACH DATABASE ? AS bk').run(damagedFile)
      attached = true
    } catch {
      // the damaged file cannot be attached at all
    }
  }
  if (attached) {
    try {
      certificates = db.transaction(() => addMissingFromBk(db)).immediate()
    } catch {
      // the register's pages are among the damaged ones
    }
    try {
      const carried = db
        .prepare("SELECT at, operator, kind, method, record, summary FROM bk.audit WHERE at > (SELECT COALESCE(MAX(at), '') FROM main.audit) ORDER BY at, id")
        .all() as Array<Record<'at' | 'operator' | 'kind' | 'method' | 'record' | 'summary', string>>
      const insert = db.prepare('INSERT INTO main.audit (at, operator, kind, method, record, summary) VALUES (@at, @operator, @kind, @method, @record, @summary)')
      db.transaction(() => carried.forEach((e) => insert.run({ ...e, record: carriedRecord(db, e.record) })))()
      entries = carried.length
    } catch {
      // the log's pages are among the damaged ones
    }
    db.prepare('DETACH DATABASE bk').run()
  }
  const said = [
    '备份之后录入的内容需要重新录入。',
    entries > 0 ? `从损坏的数据文件中找回了该备份之后的操作日志 ${entries} 条（在“操作日志”中可以看到之后做过哪些修改、导入）。` : '',
    certificates > 0 ? `找回了该备份之后出具的志愿服务证明 ${certificates} 份，已补入登记簿，编号继续接续，不会重复。` : '',
    certificates < 0
      ? '损坏的数据文件中的志愿服务证明登记簿无法读取：该备份之后出具的证明没有找回，接下来出具的证明可能与已发出的纸质证明同号。请对照证明存根核对，必要时联系技术支持。'
      : ''
  ].join('')
  appendLog(db, '恢复', 'backup.restore', '数据库', `启动检查未通过，从备份"${backupName}"恢复全部台账（损坏的文件保留在数据文件夹中）。${said}`)
  return said
}

/**
 * Moves the data to another folder (设置 → 数据文件): a checked copy made with the backup API, the backups folder
 * copied beside it, and a note left in the old folder so the next start opens the new one (the open connection cannot
 * be switched under the transports). From then on this connection refuses changes, so nothing typed before the
 * restart is lost in the old file.
 */
export async function moveData(db: DB, folder: string): Promise<{ folder: string; bytes: number }> {
  const target = resolve(folder)
  const from = dirname(db.name)
  if (/^(\\\\|\/\/)/.test(folder)) throw new AppError('invalid', '不能放在网络共享上:SQLite 的数据文件在网络共享上可能损坏。请选择本机磁盘上的文件夹。', { folder: '请选择本机磁盘上的文件夹' })
  if (target === resolve(from)) throw new AppError('invalid', '数据已经在这个文件夹里了。', { folder: '与当前文件夹相同' })
  if (existsSync(join(target, 'redvest.sqlite'))) throw new AppError('conflict', `${target} 里已有红马甲的数据文件,为免覆盖,请选择一个空文件夹。`, { folder: '该文件夹里已有数据文件' })
  return inLane(backupDir(db), async () => {
    const part = join(target, 'redvest.sqlite.part')
    try {
      mkdirSync(target, { recursive: true })
      rmSync(part, { force: true })
      await db.backup(part)
      const copy = new Database(part)
      copy.pragma('journal_mode = DELETE')
      copy.close()
      checkDatabaseFile(part)
    } catch (e) {
      rmSync(part, { force: true })
      if (e instanceof AppError) throw e
      throw new AppError('invalid', `无法写入 ${target}(${(e as Error).message.slice(0, 80)}):请确认文件夹存在、可写且有足够空间,数据未改动。`, { folder: '无法写入该文件夹' })
    }
    renameSync(part, join(target, 'redvest.sqlite'))
    if (existsSync(backupDir(db))) cpSync(backupDir(db), join(target, 'backups'), { recursive: true })
    writeFileSync(join(from, MOVED_TO), target)
    return { folder: target, bytes: statSync(join(target, 'redvest.sqlite')).size }
  })
}

export const handlers: HandlersOf<'backup'> = {
  'backup.moveData': (db, { folder }) => moveData(db, folder),
  'backup.list': (db) => ({ dir: backupDir(db), backups: listBackups(db) }),
  'backup.create': (db) => createBackup(db, 'manual'),
  'backup.download': (db) => downloadBackup(db),
  'backup.restore': (db, { name }) => restoreBackup(db, name),
  'backup.restoreFile': (db, { fileName, base64 }) => restoreFile(db, fileName, base64)
}
