/** Erasure on request reaches every copy this app keeps: the database, its WAL, the log and every backup. */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { brotliDecompressSync } from 'node:zlib'
import { backupDir, backupsSettled } from '../src/main/services/backup'
import type { DB } from '../src/main/db/open'
import { apiAsync, smallRegister, tempDb } from './helpers'

const NAME = '欧阳娜娜'
const PHONE = '13912345678'
const ID_CARD = '11010519491231002X'

/** Every file that could hold the person: the database, its WAL and every file in the backups folder (a compressed backup as it expands). */
function filesHolding(db: DB, needle: string): string[] {
  const files = [db.name, `${db.name}-wal`, ...(existsSync(backupDir(db)) ? readdirSync(backupDir(db)).map((f) => join(backupDir(db), f)) : [])]
  const bytes = (f: string): Buffer => (f.endsWith('.br') ? brotliDecompressSync(readFileSync(f)) : readFileSync(f))
  return files.filter((f) => existsSync(f) && bytes(f).includes(Buffer.from(needle, 'utf8'))).map((f) => f.split('/').pop()!)
}

describe('erasing a person on request', () => {
  it('leaves neither name nor numbers in the database, its WAL, the log or any backup; a restored old backup does not bring them back', async () => {
    const db = tempDb()
    const { a, lihao, event } = smallRegister(db)
    const m = a('member.create', { name: NAME, phone: PHONE, idCard: ID_CARD, communityId: lihao.id, registeredAt: '2020-04-20', estate: '丽豪花园' })
    a('attendance.add', { eventId: event.id, memberIds: [m.id] })
    a('member.reveal', { id: m.id })
    await apiAsync(db, 'backup.create', {})
    const usbCopy = await apiAsync(db, 'backup.download', {})
    a('member.update', { ...a('member.reveal', { id: m.id }), id: m.id, name: NAME, communityId: lihao.id, registeredAt: '2020-04-20', status: '已转出' })
    await apiAsync(db, 'backup.create', {})
    await backupsSettled(db)
    db.pragma('wal_checkpoint(TRUNCATE)')
    // the older backups are stored compressed, and hold the person as they expand
    const compressed = readdirSync(backupDir(db)).filter((f) => f.endsWith('.sqlite.br'))
    expect(compressed.length).toBeGreaterThan(0)
    expect(filesHolding(db, NAME)).toEqual(expect.arrayContaining(compressed))
    expect(a('audit.list', { keyword: NAME }).total).toBeGreaterThan(0)
    const hours = a('report.get', { kind: 'events', from: '2020-01-01', to: '2020-12-31' }).sum

    const backups = a('backup.list', {}).backups.length
    expect(backups).toBeGreaterThan(0)
    const erased = a('member.erase', { id: m.id })
    expect(erased).toMatchObject({ name: `已注销党员${m.id}`, phone: '', idCard: '', attendanceCount: 1 })
    expect(erased.backupsRewritten).toBe(backups)
    expect(erased.backupsFailed).toEqual([])
    for (const needle of [NAME, NAME.slice(0, 3), NAME.slice(1), PHONE, ID_CARD]) expect(filesHolding(db, needle), needle).toEqual([])
    expect(a('audit.list', { keyword: NAME }).total).toBe(0)
    expect(a('member.list', { keyword: 'oyn' }).total).toBe(0)
    expect(a('report.get', { kind: 'events', from: '2020-01-01', to: '2020-12-31' }).sum).toEqual(hours)
    // a compressed backup from before the erasure, restored: the person stays erased
    expect(readdirSync(backupDir(db)).filter((f) => f.endsWith('.sqlite.br'))).toEqual(compressed)
    const oldest = a('backup.list', {}).backups.at(-1)!
    expect(compressed).toContain(`${oldest.name}.br`)
    await apiAsync(db, 'backup.restore', { name: oldest.name })
    expect(a('member.get', { id: m.id })).toMatchObject({ name: `已注销党员${m.id}`, phone: '', idCard: '' })

    // the copy kept on a USB stick, from before the erasure, is restored: the person stays erased
    const restored = await apiAsync(db, 'backup.restoreFile', { fileName: usbCopy.fileName, base64: usbCopy.base64 })
    expect(restored.restored).toBe(usbCopy.fileName)
    expect(a('member.get', { id: m.id })).toMatchObject({ name: `已注销党员${m.id}`, phone: '', idCard: '' })
    expect(a('member.list', { keyword: NAME }).total).toBe(0)
    db.pragma('wal_checkpoint(TRUNCATE)')
    for (const needle of [NAME, PHONE, ID_CARD]) expect(filesHolding(db, needle), needle).toEqual([])
  })
})
