/** What must hold in a register after any crash: a whole file, whole transactions. */
import { openDatabase } from '../../src/main/db/open'
import { listBackups, backupDir } from '../../src/main/services/backup'
import { checkDatabaseFile } from '../../src/main/services/backup'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { expandBackupSync, storedFile } from '../../src/main/services/backup-files'

export function checkAfterCrash(dir: string): string[] {
  const db = openDatabase(dir)
  const problems: string[] = []
  try {
    const integrity = db.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`)
    const fk = db.pragma('foreign_key_check') as unknown[]
    if (fk.length) problems.push(`foreign_key_check: ${fk.length} rows`)
    // every community create wrote its log entry in the same transaction
    const communities = db.prepare('SELECT COUNT(*) FROM community').pluck().get() as number
    const logged = db.prepare("SELECT COUNT(*) FROM audit WHERE method = 'community.create'").pluck().get() as number
    if (communities !== logged) problems.push(`${communities} communities but ${logged} create entries in the log`)
    // sign-ins of one call are all there or none
    const torn = db.prepare('SELECT COUNT(*) FROM (SELECT event_id, COUNT(*) AS n FROM attendance GROUP BY event_id HAVING n != 5)').pluck().get() as number
    if (torn) problems.push(`${torn} activities with a partial sign-in`)
    // every import batch holds exactly the members it says it created, and they exist
    const batches = db
      .prepare(
        `SELECT b.id, b.members_created AS made, (SELECT COUNT(*) FROM import_change c JOIN member m ON m.id = c.row_id WHERE c.batch_id = b.id AND c.tbl = 'member' AND c.op = 'insert') AS found
         FROM import_batch b WHERE b.undone_at IS NULL`
      )
      .all() as Array<{ id: number; made: number; found: number }>
    for (const b of batches) if (b.made !== b.found || b.made !== 8) problems.push(`import batch ${b.id}: says ${b.made}, holds ${b.found}`)
    // a backup either counts (and is whole, plain or compressed) or was never listed
    for (const b of listBackups(db)) {
      const stored = storedFile(backupDir(db), b.name)
      const plain = stored?.compressed ? join(backupDir(db), `check-${b.name}`) : join(backupDir(db), b.name)
      try {
        if (stored?.compressed) expandBackupSync(stored, plain)
        checkDatabaseFile(plain)
      } catch (e) {
        problems.push(`backup ${b.name}: ${(e as Error).message}`)
      } finally {
        if (stored?.compressed) rmSync(plain, { force: true })
      }
    }
  } finally {
    db.close()
  }
  return problems
}
