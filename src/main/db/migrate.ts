import type { Database } from 'better-sqlite3'
import init from './migrations/0001_init'
import imports from './migrations/0002_import'
import service from './migrations/0003_service'
import audit from './migrations/0004_audit'

/** Numbered migrations; the database's user_version is the number of the last one applied. */
export const MIGRATIONS: string[] = [init, imports, service, audit]
export const SCHEMA_VERSION = MIGRATIONS.length

export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > SCHEMA_VERSION) {
    throw new Error(`数据库版本(${current})比本程序(${SCHEMA_VERSION})新,请安装新版红马甲后再打开。`)
  }
  if (current === SCHEMA_VERSION) return
  db.transaction(() => {
    for (let v = current; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v])
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  }).immediate()
}
