// npx tsx scripts/assess-bench.mts --data <dir>: times the assessment on a seeded database (npm run seed -- --data <dir> --scale city).
import { resolve } from 'node:path'
import type { Input, Method } from '../src/shared/api'
import { call } from '../src/main/api'
import { argValue } from '../src/main/args'
import { openDatabase } from '../src/main/db/open'
import { counts } from '../src/main/services/settings'
import { todayBeijing } from '../src/shared/text'

const dataDir = resolve(argValue(process.argv, 'data') ?? '/tmp/city-assess')
let t0 = performance.now()
const db = openDatabase(dataDir)
console.log(`load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`)
console.log(`opened (and migrated) ${db.name} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(counts(db))}`)
const today = todayBeijing()
const year = +today.slice(0, 4) - 1
const thisYear = +today.slice(0, 4)

/** any write makes the next read compute afresh (the live results are cached by the database's change count) */
const touch = (): void => void db.prepare("INSERT INTO setting (key, value) VALUES ('bench', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(Math.random()))

async function time<M extends Method>(label: string, method: M, input: Input<M>, cold = true, runs = 3): Promise<unknown> {
  const ms: number[] = []
  const cpu: number[] = []
  let data: unknown
  for (let i = 0; i < runs; i++) {
    if (cold) touch()
    const t = performance.now()
    const c = process.cpuUsage()
    const r = await call(db, method, input)
    ms.push(performance.now() - t)
    const u = process.cpuUsage(c)
    cpu.push((u.user + u.system) / 1000)
    if (!r.ok) throw new Error(`${label}: ${r.error.message}`)
    data = r.data
  }
  ms.sort((a, b) => a - b)
  cpu.sort((a, b) => a - b)
  const mid = Math.floor(ms.length / 2)
  console.log(
    `${label.padEnd(60)} median ${ms[mid].toFixed(0).padStart(5)} ms (cpu ${cpu[mid].toFixed(0).padStart(5)})  min ${ms[0].toFixed(0).padStart(5)} ms  max ${ms[ms.length - 1].toFixed(0).padStart(5)} ms  (${runs} runs${cold ? ', cold' : ', cached'})`
  )
  return data
}

const members = db.prepare(`SELECT COUNT(DISTINCT member_id) FROM registration WHERE start_date <= '${year}-12-31' AND (ended_on IS NULL OR ended_on > '${year}-01-01')`).pluck().get() as number
const signIns = db.prepare(`SELECT COUNT(*) FROM attendance a JOIN event e ON e.id = a.event_id WHERE e.date BETWEEN '${year}-01-01' AND '${year}-12-31'`).pluck().get() as number
console.log(`${year}: ${members} members registered in the year, ${signIns} sign-ins`)

const first = (await time(`results of ${year} (compute everyone, page 1)`, 'assessment.results', { year, period: 'Y' }, true, 7)) as { total: number; counts: unknown }
console.log(`   ${first.total} results, grades ${JSON.stringify(first.counts)}`)
await time(`results of ${year}, page 200 sorted by points`, 'assessment.results', { year, period: 'Y', page: 200, sort: 'points', order: 'desc' }, false, 5)
await time(`summary of ${year} (by community and unit)`, 'assessment.summary', { year, period: 'Y' }, false, 5)
const someone = db.prepare(`SELECT member_id FROM registration WHERE start_date <= '${year}-06-01' AND ended_on IS NULL LIMIT 1 OFFSET 5000`).pluck().get() as number
await time(`a member's 考核 page (live, traced lines)`, 'assessment.member', { memberId: someone, year, period: 'Y' }, true, 5)
await time(`at-risk list as of ${today}`, 'assessment.atRisk', { asOf: today }, true, 9)
await time(`at-risk list as of ${today}, page 50`, 'assessment.atRisk', { asOf: today, page: 50 }, false, 5)
await time(`at-risk list as of ${today}, one community`, 'assessment.atRisk', { asOf: today, communityId: 1 }, false, 5)

const existing = db.prepare("SELECT COUNT(*) FROM assess_run WHERE year = ? AND period = 'Y' AND reopened_at IS NULL").pluck().get(year) as number
if (existing) await call(db, 'assessment.reopen', { year, period: 'Y', reason: 'bench' })
t0 = performance.now()
const c0 = process.cpuUsage()
const confirmed = await call(db, 'assessment.confirm', { year, period: 'Y' })
if (!confirmed.ok) throw new Error(confirmed.error.message)
const cu = process.cpuUsage(c0)
const lines = db.prepare('SELECT COUNT(*) FROM assess_line WHERE run_id = (SELECT MAX(id) FROM assess_run)').pluck().get() as number
console.log(`${`confirm ${year} (store results and point lines)`.padEnd(64)} ${(performance.now() - t0).toFixed(0).padStart(6)} ms (cpu ${((cu.user + cu.system) / 1000).toFixed(0)} ms)   (${lines} lines stored)`)
await time(`results of ${year}, confirmed (read from tables)`, 'assessment.results', { year, period: 'Y' }, true, 3)
await time(`a member's 考核 page, confirmed`, 'assessment.member', { memberId: someone, year, period: 'Y' }, true, 5)
await time(`export 考核结果名单 ${year}`, 'assessment.export', { kind: 'results', year, period: 'Y' }, false, 1)
await time(`export 考核结果汇总表 ${year}`, 'assessment.export', { kind: 'summary', year, period: 'Y' }, false, 1)
await call(db, 'assessment.reopen', { year, period: 'Y', reason: 'bench' })
await time(`results of ${thisYear} so far (compute everyone)`, 'assessment.results', { year: thisYear, period: 'Y' })
db.prepare("DELETE FROM setting WHERE key = 'bench'").run()
db.close()
