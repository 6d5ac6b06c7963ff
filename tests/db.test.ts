import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { SCHEMA_VERSION } from '../src/main/db/migrate'
import { dbPathIn, openDatabase } from '../src/main/db/open'
import { api, tempDir } from './helpers'

describe('opening the database', () => {
  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout, and migrates once', () => {
    const dir = tempDir()
    const db = openDatabase(dir)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    api(db)('community.create', { name: '丽豪社区', kind: '社区' })
    db.close()
    // reopening keeps the data and does not run the migrations again
    const again = openDatabase(dir)
    expect(api(again)('community.list', {}).total).toBe(1)
    again.close()
  })

  it('refuses, in Chinese, a database written by a newer version of the app', () => {
    const dir = tempDir()
    openDatabase(dir).close()
    const raw = new Database(dbPathIn(dir))
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    raw.close()
    expect(() => openDatabase(dir)).toThrow(/比本程序.*新,请安装新版红马甲/)
  })

  it('enforces references: a sign-in cannot point at a member that does not exist', () => {
    const db = openDatabase(tempDir())
    expect(() => db.prepare("INSERT INTO attendance (event_id, member_id, signed_at, hours, created_at) VALUES (999, 999, '', 1, '')").run()).toThrow(/FOREIGN KEY/)
    db.close()
  })
})
