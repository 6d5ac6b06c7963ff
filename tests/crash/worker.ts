/**
 * Writes to a register as fast as it can — creates, sign-ins, edits, imports, backups — until it is killed.
 * Run by tests/crash.test.ts and scripts/soak.mts, which SIGKILL it at random moments and then check the file.
 */
import * as XLSX from 'xlsx'
import { call, callNow } from '../../src/main/api'
import { openDatabase } from '../../src/main/db/open'

const dir = process.argv[2]
const db = openDatabase(dir)
const ok = <T>(r: { ok: boolean; data?: unknown; error?: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error!.message)
  return r.data as T
}
const now = (): number => Date.now() % 1_000_000_000

async function main(): Promise<void> {
  let community = (db.prepare('SELECT id FROM community ORDER BY id LIMIT 1').pluck().get() as number | undefined) ?? 0
  if (!community) community = ok<{ id: number }>(callNow(db, 'community.create', { name: `崩溃测试社区${now()}`, kind: '社区' })).id
  process.stdout.write('ready\n')
  for (let i = 0; ; i++) {
    const n = now()
    // one audited create per turn: the log entry and the row are one transaction
    ok(callNow(db, 'community.create', { name: `社区${n}-${i}`, kind: '社区' }))
    // five members, one activity, five sign-ins in one transaction
    const ids = [0, 1, 2, 3, 4].map((k) => ok<{ id: number }>(callNow(db, 'member.create', { name: `党员${i}${k}`, phone: `17${String((n * 10 + k) % 1_000_000_000).padStart(9, '0')}`, communityId: community, registeredAt: '2020-05-01' })).id)
    const event = ok<{ id: number }>(callNow(db, 'event.create', { communityId: community, title: `活动${n}`, category: '其他', date: '2020-06-01', startTime: '09:00', endTime: '10:00' }))
    ok(callNow(db, 'attendance.add', { eventId: event.id, memberIds: ids }))
    ok(callNow(db, 'member.update', { id: ids[0], name: `改名${i}`, phone: `16${String(n % 1_000_000_000).padStart(9, '0')}`, communityId: community, registeredAt: '2020-05-02' }))
    // a roster of eight, imported in one transaction after a checked backup
    const rows: unknown[][] = [['姓名', '手机号码', '居住社区', '报到日期']]
    for (let k = 0; k < 8; k++) rows.push([`导入${i}${k}`, `15${String((n * 10 + k) % 1_000_000_000).padStart(9, '0')}`, (db.prepare('SELECT name FROM community WHERE id = ?').pluck().get(community) as string), '2020-05-03'])
    const wb = XLSX.utils.book_new()
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 's')
    const fileBase64 = (XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer).toString('base64')
    const p = ok<{ fileHash: string; headers: string[]; mapping: unknown[]; rows: unknown[] }>(await call(db, 'import.read', { kind: 'roster', fileName: `r${n}.xlsx`, fileBase64 }))
    ok(await call(db, 'import.commit', { kind: 'roster', fileName: `r${n}.xlsx`, fileHash: p.fileHash, headers: p.headers, mapping: p.mapping, rows: p.rows }))
    if (i % 5 === 4) ok(await call(db, 'backup.create', {}))
  }
}

void main()
