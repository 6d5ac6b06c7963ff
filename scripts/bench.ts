// npm run bench [-- --data <dir>]: seeds city scale (unless <dir> already holds it) and times the handler layer.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Input, Method } from '../src/shared/api'
import { call } from '../src/main/api'
import { argValue } from '../src/main/args'
import { openDatabase } from '../src/main/db/open'
import { seedDemo } from '../src/main/services/demo'
import { counts } from '../src/main/services/settings'

const dataDir = resolve(argValue(process.argv, 'data') ?? mkdtempSync(join(tmpdir(), 'redvest-bench-')))
const runs = Number(argValue(process.argv, 'runs') ?? 200)
const db = openDatabase(dataDir)

if (counts(db).members === 0) {
  const t0 = performance.now()
  const c = seedDemo(db, 'city', (p) => process.stdout.write(`\r  seeding ${p.step} ${p.done}/${p.total}      `))
  const secs = (performance.now() - t0) / 1000
  console.log(`\nseed city: ${secs.toFixed(1)} s (${c.members} members, ${c.attendance} sign-ins, ${c.events} activities, ${c.communities} communities)`)
} else {
  console.log(`using the data already in ${db.name}: ${JSON.stringify(counts(db))}`)
}

const communityIds = db.prepare('SELECT id FROM community ORDER BY id').pluck().all() as number[]
const memberIds = db.prepare("SELECT id FROM member WHERE status = '在册' ORDER BY id").pluck().all() as number[]
const eventIds = db.prepare('SELECT id FROM event ORDER BY id').pluck().all() as number[]
const keywords = ['wang', 'z', 'l', 'ch', 'hu', '张', '李', 'w', 'ly', '13', '供电', 'x']
const pick = <T>(xs: T[], i: number): T => xs[(i * 7919) % xs.length]

function time<M extends Method>(label: string, method: M, input: (i: number) => Input<M>): void {
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    const r = call(db, method, input(i))
    ms.push(performance.now() - t)
    if (!r.ok) throw new Error(`${label}: ${r.error.message}`)
  }
  report(label, ms)
}

function report(label: string, ms: number[]): void {
  ms.sort((a, b) => a - b)
  const q = (p: number): string => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))].toFixed(2)
  console.log(`${label.padEnd(62)} median ${q(0.5).padStart(7)} ms   p95 ${q(0.95).padStart(7)} ms   (${ms.length} calls)`)
}

console.log(`\nhandler layer, ${runs} calls each (validation + SQL + mapping):`)
time('member list: keyword + community + sort by name, 50 rows', 'member.list', (i) => ({
  keyword: pick(keywords, i), communityId: pick(communityIds, i), sort: 'name', pageSize: 50
}))
time('member list: keyword only, sort by name, 50 rows', 'member.list', (i) => ({ keyword: pick(keywords, i), sort: 'name', pageSize: 50 }))
time('member list: community + unit sort, page 2, 50 rows', 'member.list', (i) => ({ communityId: pick(communityIds, i), sort: 'unit', page: 2, pageSize: 50 }))
time('member list: no filter, sort by registration date, page 100', 'member.list', () => ({ sort: 'registeredAt', order: 'desc', page: 100, pageSize: 50 }))
time('activity list: newest first, 50 rows', 'event.list', (i) => ({ page: 1 + (i % 20), pageSize: 50 }))
time('activity list: community + date range, 50 rows', 'event.list', (i) => ({ communityId: pick(communityIds, i), dateFrom: '2021-01-01', dateTo: '2024-12-31', pageSize: 50 }))
time('activity list: keyword, sort by sign-ins, 50 rows', 'event.list', (i) => ({ keyword: pick(['防疫', 'jthc', '慰问', 'zth'], i), sort: 'attendanceCount', order: 'desc', pageSize: 50 }))
time("activity page: sign-in list, 50 rows", 'attendance.list', (i) => ({ eventId: pick(eventIds, i), pageSize: 50 }))

const page: number[] = []
for (let i = 0; i < runs; i++) {
  const id = pick(memberIds, i)
  const t = performance.now()
  const a = call(db, 'member.get', { id })
  const b = call(db, 'member.attendance', { memberId: id, pageSize: 20 })
  page.push(performance.now() - t)
  if (!a.ok || !b.ok) throw new Error('member page failed')
}
report("member's page: member.get + member.attendance", page)
db.close()
