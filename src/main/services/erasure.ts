/**
 * Erasing a person's data on request, everywhere this app keeps it: the member row (blanked in place,
 * secure_delete on), the search index, an import's undo record, the operation log's wording, and every
 * backup file in the backups folder. The erasure register keeps the ids (never names), survives a restore
 * and is re-applied after one, so no backup — not even one kept on a USB stick — can bring the person back.
 */
import Database from 'better-sqlite3'
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { DB } from '../db/open'
import { nowIso } from './common'
import { backupsRewritten, COMPRESSED, compressBackupSync, expandBackupSync } from './backup-files'

export const ERASED_NOTE = '已应本人要求注销个人信息'
export const REDACTED = '〔已注销〕'
export const erasedName = (id: number): string => `已注销党员${id}`

const hasColumn = (db: Database.Database, table: string, column: string): boolean =>
  (db.prepare(`SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?`).pluck().get(table, column) as number) > 0

/**
 * Blanks one member in `db` (the live database or a backup file of any version this app has written) and
 * replaces their name in the log entries about them. Runs inside the caller's transaction. Returns
 * whether there was anything left to erase.
 */
export function applyErasure(db: Database.Database, memberId: number, erasedAt: string): boolean {
  const row = db.prepare('SELECT name, phone, id_card FROM member WHERE id = ?').get(memberId) as { name: string; phone: string; id_card: string | null } | undefined
  if (row === undefined) return false
  const name = row.name
  // the unit's 应报到名单 may list the same person
  if (hasColumn(db, 'expected_member', 'phone') && (row.phone || row.id_card)) {
    db.prepare("DELETE FROM expected_member WHERE (phone != '' AND phone = ?) OR (id_card != '' AND id_card = ?)").run(row.phone, row.id_card ?? '')
  }
  const blank = ["name = @erased", "gender = ''", "phone = ''", 'id_card = NULL', "position = ''", "branch = ''", "estate = ''", "skills = '[]'", 'note = @note', "pinyin = ''", "search = ''"]
  if (hasColumn(db, 'member', 'initials')) blank.push("initials = ''")
  db.prepare(`UPDATE member SET ${blank.join(', ')} WHERE id = @id`).run({ erased: erasedName(memberId), note: ERASED_NOTE, id: memberId })
  // the certificate register keeps the person as certified: their name goes, the number and hours stay
  if (hasColumn(db, 'certificate', 'name')) db.prepare("UPDATE certificate SET name = ?, gender = '' WHERE member_id = ?").run(erasedName(memberId), memberId)
  // an import's undo record keeps the row as it was; it goes too (that undo can no longer restore this member)
  db.prepare("UPDATE import_change SET before = NULL WHERE tbl = 'member' AND row_id = ? AND op = 'update'").run(memberId)
  if (hasColumn(db, 'import_change', 'after')) db.prepare("UPDATE import_change SET after = NULL WHERE tbl = 'member' AND row_id = ?").run(memberId)
  if (hasColumn(db, 'erasure', 'member_id')) db.prepare('INSERT OR IGNORE INTO erasure (member_id, erased_at) VALUES (?, ?)').run(memberId, erasedAt)
  if (name && name !== erasedName(memberId) && hasColumn(db, 'audit', 'summary')) redactLog(db, memberId, name)
  return name !== erasedName(memberId)
}

/** The log stays append-only except for this: an erased person's name in the entries about them. */
function redactLog(db: Database.Database, memberId: number, name: string): void {
  const update = () =>
    db.prepare("UPDATE audit SET summary = replace(summary, ?, ?) WHERE record = ? AND instr(summary, ?) > 0").run(name, REDACTED, `党员#${memberId}`, name)
  if (hasColumn(db, 'audit_redaction', 'member_id')) {
    db.prepare('INSERT INTO audit_redaction (member_id) VALUES (?)').run(memberId)
    update()
    db.prepare('DELETE FROM audit_redaction WHERE member_id = ?').run(memberId)
    return
  }
  // a backup written before the log had its redaction rule: lift its no-update trigger for this one step
  const trigger = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_no_update'").pluck().get() as string | undefined
  if (trigger) db.exec('DROP TRIGGER audit_no_update')
  update()
  if (trigger) db.exec(trigger)
}

/** After a restore: every member in the erasure register is erased again in the restored data. */
export function reapplyErasures(db: DB): number {
  const ids = db.prepare('SELECT member_id, erased_at FROM erasure ORDER BY member_id').all() as Array<{ member_id: number; erased_at: string }>
  let again = 0
  for (const e of ids) if (applyErasure(db, e.member_id, e.erased_at)) again++
  if (again) db.prepare("INSERT INTO member_fts (member_fts) VALUES ('optimize')").run()
  return again
}

/** Erases the member in one database file (blanked, freed pages overwritten, compacted, checked); whether they were in it. */
function eraseInFile(file: string, memberId: number): boolean {
  const copy = new Database(file, { fileMustExist: true })
  try {
    copy.pragma('secure_delete = ON')
    copy.pragma('trusted_schema = OFF')
    const changed = copy.transaction(() => applyErasure(copy, memberId, nowIso()))()
    if (changed) {
      if ((copy.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'member_fts'").pluck().get() as number) > 0) {
        copy.prepare("INSERT INTO member_fts (member_fts) VALUES ('optimize')").run()
      }
      copy.exec('VACUUM')
      if (copy.pragma('integrity_check', { simple: true }) !== 'ok') throw new Error('integrity')
    }
    return changed
  } finally {
    copy.close()
  }
}

/**
 * Rewrites every backup in the backups folder without the erased member: blanked, the freed pages
 * overwritten (secure_delete) and the file compacted (VACUUM), then checked. A compressed backup
 * (backup-files.ts) is expanded beside it, rewritten, compressed again and checked before it replaces the old
 * one. Returns how many files held the person. A file that cannot be rewritten is reported by name; restoring
 * it would still erase the person again.
 */
export function eraseFromBackups(db: DB, memberId: number): { rewritten: number; failed: string[] } {
  const dir = join(dirname(db.name), 'backups')
  if (!existsSync(dir)) return { rewritten: 0, failed: [] }
  // a compression of a backup under way (in the backups queue) is thrown away and redone from the rewritten file
  backupsRewritten(dir)
  let rewritten = 0
  const failed: string[] = []
  for (const stored of readdirSync(dir).filter((n) => n.endsWith('.sqlite') || n.endsWith(`.sqlite${COMPRESSED}`)).sort()) {
    const compressed = stored.endsWith(COMPRESSED)
    const name = compressed ? stored.slice(0, -COMPRESSED.length) : stored
    const work = compressed ? join(dir, `${name}.erase.part`) : join(dir, stored)
    try {
      if (compressed) expandBackupSync({ file: join(dir, stored), compressed: true }, work)
      if (eraseInFile(work, memberId)) {
        if (compressed) {
          compressBackupSync(work, `${work}.br.part`)
          renameSync(`${work}.br.part`, join(dir, stored))
        }
        rewritten++
      }
    } catch {
      failed.push(name)
      rmSync(`${work}.br.part`, { force: true })
    } finally {
      if (compressed) for (const f of [work, `${work}-journal`, `${work}-wal`, `${work}-shm`]) rmSync(f, { force: true })
    }
  }
  return { rewritten, failed }
}
