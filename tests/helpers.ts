import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { Input, Method, Output, Result } from '../src/shared/api'
import { call, callNow } from '../src/main/api'
import { openDatabase, type DB } from '../src/main/db/open'

const cleanups: Array<() => void> = []
afterEach(() => {
  while (cleanups.length) cleanups.pop()!()
})

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'redvest-test-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A fresh database in a temp folder, closed and removed after the test. */
export function tempDb(): DB {
  const dir = tempDir()
  const db = openDatabase(dir)
  cleanups.unshift(() => db.open && db.close())
  return db
}

/** Calls the handler layer exactly as the transports do; throws the Chinese message on failure. */
export function api(db: DB) {
  return <M extends Method>(method: M, input: Input<M>): Output<M> => {
    const r = callNow(db, method, input) as Result<Output<M>>
    if (!r.ok) throw Object.assign(new Error(r.error.message), { error: r.error })
    return r.data
  }
}

export function raw(db: DB, method: unknown, input: unknown): Promise<Result<unknown>> {
  return Promise.resolve(call(db, method, input))
}

/** Calls a method that answers asynchronously (one that writes a workbook). */
export async function apiAsync<M extends Method>(db: DB, method: M, input: Input<M>): Promise<Output<M>> {
  const r = (await call(db, method, input)) as Result<Output<M>>
  if (!r.ok) throw Object.assign(new Error(r.error.message), { error: r.error })
  return r.data
}

/** Every row of every table, to prove that a failed call changed nothing. */
export function dump(db: DB): string {
  // ordinary tables only: the search index's virtual and shadow tables follow the member table
  const tables = db.prepare("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string; wr: number }>
  // (a table WITHOUT ROWID has none: it reads in the order of its primary key)
  return JSON.stringify(tables.map((t) => [t.name, db.prepare(`SELECT * FROM "${t.name}"${t.wr ? '' : ' ORDER BY rowid'}`).all()]))
}

/** A small register: two communities, a unit, two members and an activity 09:00–12:00. */
export function smallRegister(db: DB) {
  const a = api(db)
  const lihao = a('community.create', { name: '丽豪社区', kind: '社区', secretary: '李书记', phone: '0757-82701234' })
  const hujing = a('community.create', { name: '湖景社区', kind: '社区' })
  const unit = a('unit.create', { name: '佛山供电局', kind: '国有企业', communityId: lihao.id })
  const zhang = a('member.create', { name: '张三', phone: '13800138000', communityId: lihao.id, unitId: unit.id, registeredAt: '2020-04-15', gender: '男' })
  const wang = a('member.create', { name: '王芳', phone: '13900139000', communityId: hujing.id, registeredAt: '2020-05-02', gender: '女', skills: ['法律咨询'] })
  const event = a('event.create', { communityId: lihao.id, title: '登革热防控清积水', category: '环境卫生', date: '2020-06-02', startTime: '09:00', endTime: '12:00' })
  return { a, lihao, hujing, unit, zhang, wang, event }
}

export function expectError(fn: () => unknown): { code: string; message: string; fields?: Record<string, string> } {
  try {
    fn()
  } catch (e) {
    return (e as { error: { code: string; message: string; fields?: Record<string, string> } }).error
  }
  throw new Error('expected the call to fail')
}

export async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string; fields?: Record<string, string> }> {
  try {
    await p
  } catch (e) {
    return (e as { error: { code: string; message: string; fields?: Record<string, string> } }).error
  }
  throw new Error('expected the call to fail')
}
