// npm run bench [-- --data <dir>]: seeds city scale (unless <dir> already holds it) and times the handler layer.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import * as XLSX from 'xlsx'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Input, Method } from '../src/shared/api'
import { call as callAny, callNow as call } from '../src/main/api'
import { argValue } from '../src/main/args'
import { openDatabase } from '../src/main/db/open'
import { seedDemo } from '../src/main/services/demo'
import { counts } from '../src/main/services/settings'
import { todayBeijing } from '../src/shared/text'
import { rotate } from '../src/main/services/backup'
import { compressBackup } from '../src/main/services/backup-files'
import { backupFileName } from '../src/main/db/migrate'
import type { Backup } from '../src/shared/api'

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`npm run bench -- [--data <dir>] [--runs N] [--export-runs N] [--import-runs N] [--assess-runs N] [--feedback-runs N]
  Seeds a city (about 100,000 members and 1,000,000 sign-ins; 40 s here) in <dir>, or in a new temporary folder, unless <dir>
  already holds one, then prints the median and p95 of each figure the README's speed table gives. Each run adds the
  imports it times to <dir>: use a fresh folder for figures to publish.`)
  process.exit(0)
}

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
const pick = <T,>(xs: T[], i: number): T => xs[(i * 7919) % xs.length]

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
time('村居 list: sort by 在册党员, 50 rows (counts per community)', 'community.list', () => ({ sort: 'memberCount', order: 'desc', pageSize: 50 }))
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

// ---------- reports ----------

// the last complete year of activities in the data
const year = String(+(db.prepare('SELECT MAX(date) FROM event').pluck().get() as string).slice(0, 4) - 1)
const yearRange = { from: `${year}-01-01`, to: `${year}-12-31` }
console.log(`\nreports (city scale, year ${year}; before the imports below add their members):`)
time('report 1 (报到情况统计表) for a year, first page + 合计', 'report.get', () => ({ kind: 'registration', ...yearRange, pageSize: 50 }))
time('dashboard (工作台) as of the year end', 'dashboard.get', () => ({ asOf: yearRange.to }))

const exportRuns = Number(argValue(process.argv, 'export-runs') ?? 3)
const exportMs: number[] = []
let peakRss = 0
let rows = 0
for (let run = 0; run < exportRuns; run++) {
  global.gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const t = performance.now()
  const r = await callAny(db, 'report.export', { kinds: ['members'], ...yearRange, jobId: `bench-${run}` })
  exportMs.push(performance.now() - t)
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  if (!r.ok) throw new Error(r.error.message)
  rows = db.prepare("SELECT COUNT(*) FROM member WHERE archived_at IS NULL AND status = '在册' AND registered_at <= ?").pluck().get(yearRange.to) as number
  peakRss = Math.max(peakRss, peak)
  console.log(`  export run ${run + 1}: ${(exportMs.at(-1)! / 1000).toFixed(1)} s, file ${((r.data as { base64: string }).base64.length * 0.75 / 1024 / 1024).toFixed(1)} MB, RSS before ${(before / 1048576).toFixed(0)} MB, peak ${(peak / 1048576).toFixed(0)} MB`)
}
report(`report 3 (服务台账) export, ${rows} members, .xlsx`, exportMs)
console.log(`  peak RSS of the whole process during the exports: ${(peakRss / 1048576).toFixed(0)} MB`)
// ---------- imports, end to end through the handler layer (read = parse + preview, commit = one transaction) ----------

function xlsx(rows: unknown[][]): string {
  const wb = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '名册')
  return (XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer).toString('base64')
}
const communityNames = db.prepare('SELECT name FROM community ORDER BY id LIMIT 50').pluck().all() as string[]
const unitNames = db.prepare('SELECT name FROM unit ORDER BY id LIMIT 200').pluck().all() as string[]
const importRuns = Number(argValue(process.argv, 'import-runs') ?? 5)
// a rerun on the same data must not meet its own earlier files or people: new phones, a dated title line
const stamp = new Date().toISOString()
const phoneBase = 16_600_000_000 + (db.prepare("SELECT COUNT(*) FROM member WHERE phone LIKE '166%'").pluck().get() as number)
const readMs: number[] = []
const parseMs: number[] = []
const commitMs: number[] = []
let lastRoster: { batchId: number; input: Record<string, unknown> } | null = null
for (let run = 0; run < importRuns; run++) {
  // 10,000 new people (phones outside the seeded range), a run of its own each time
  const rows: unknown[][] = [[`在职党员报到名册(${stamp})`], ['序号', '姓名', '性别', '手机号码', '工作单位', '居住社区', '报到时间', '特长', '是否退役军人']]
  for (let i = 0; i < 10_000; i++) {
    rows.push([i + 1, `测试${run}员${i}`, i % 2 ? '男' : '女', phoneBase + run * 10_000 + i, unitNames[i % unitNames.length], communityNames[i % communityNames.length].replace(/社区$/, ''), `2021.${1 + (i % 12)}.${1 + (i % 28)}`, '法律咨询', i % 17 ? '否' : '是'])
  }
  const fileBase64 = xlsx(rows)
  // the same file through a bare SheetJS parse, for the preview-to-parse ratio (issue: preview ≤ 1.5× parse)
  let t = performance.now()
  XLSX.read(Buffer.from(fileBase64, 'base64'), { type: 'buffer' })
  parseMs.push(performance.now() - t)
  t = performance.now()
  const p = await callAny(db, 'import.read', { kind: 'roster', fileName: `名册${run}.xlsx`, fileBase64 })
  readMs.push(performance.now() - t)
  if (!p.ok) throw new Error(p.error.message)
  const preview = p.data as { fileHash: string; headers: string[]; mapping: unknown[]; rows: unknown[]; outcomes: Array<{ action: string }> }
  const blocked = preview.outcomes.filter((o) => o.action === 'error').length
  if (blocked) throw new Error(`roster preview has ${blocked} error rows`)
  const input = { kind: 'roster', fileName: `名册${run}.xlsx`, fileHash: preview.fileHash, headers: preview.headers, mapping: preview.mapping, rows: preview.rows }
  t = performance.now()
  const c = await callAny(db, 'import.commit', input)
  commitMs.push(performance.now() - t)
  if (!c.ok) throw new Error(c.error.message)
  lastRoster = { batchId: (c.data as { id: number }).id, input }
}
console.log(`\nimports (${importRuns} runs each):`)
report('roster 10,000 rows: bare SheetJS parse of the same file', parseMs)
report('roster 10,000 rows: read + preview (import.read)', readMs)
const mid = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
console.log(`  preview ÷ bare parse (medians): ${(mid(readMs) / mid(parseMs)).toFixed(2)}`)
report('roster 10,000 rows: commit (import.commit)', commitMs)
if (lastRoster) {
  // the last roster undone (asked first, as the 撤销导入 button does) and committed again, so later figures see the same data
  let t = performance.now()
  const asked = await callAny(db, 'import.undoCheck', { id: lastRoster.batchId })
  const askMs = performance.now() - t
  t = performance.now()
  const undone = await callAny(db, 'import.undo', { id: lastRoster.batchId })
  const undoMs = performance.now() - t
  if (!asked.ok || !undone.ok) throw new Error(`roster undo failed: ${JSON.stringify(asked.ok ? undone : asked)}`)
  report('roster 10,000 rows: what an undo would take back (import.undoCheck)', [askMs])
  report('roster 10,000 rows: undo (import.undo, after a checked backup)', [undoMs])
  const again = await callAny(db, 'import.commit', lastRoster.input)
  if (!again.ok) throw new Error(again.error.message)
}

const signMs: number[] = []
const sample = db.prepare("SELECT m.name, m.phone, u.name AS unit FROM member m LEFT JOIN unit u ON u.id = m.unit_id WHERE m.status = '在册' ORDER BY m.id LIMIT 3000").all() as Array<{ name: string; phone: string; unit: string | null }>
for (let run = 0; run < importRuns; run++) {
  const eventId = eventIds[(Date.now() + run * 7) % eventIds.length]
  const rows: unknown[][] = [['某社区在职党员志愿服务签到表'], [`活动时间:2024年5月24日    (${stamp})`], ['序号', '姓名', '工作单位', '联系电话', '签到时间', '本人签名']]
  for (let i = 0; i < 300; i++) {
    const m = sample[(run * 300 + i) % sample.length]
    rows.push([i + 1, m.name, m.unit, i % 3 ? Number(m.phone) : `${m.phone.slice(0, 3)}-${m.phone.slice(3, 7)}-${m.phone.slice(7)}`, 0.35 + i / 10000, null])
  }
  const fileBase64 = xlsx(rows)
  const t = performance.now()
  const p = await callAny(db, 'import.read', { kind: 'signin', eventId, fileName: `签到${run}.xlsx`, fileBase64 })
  if (!p.ok) throw new Error(p.error.message)
  const preview = p.data as { fileHash: string; headers: string[]; mapping: unknown[]; rows: unknown[] }
  const c = await callAny(db, 'import.commit', { kind: 'signin', eventId, fileName: `签到${run}.xlsx`, fileHash: preview.fileHash, headers: preview.headers, mapping: preview.mapping, rows: preview.rows })
  signMs.push(performance.now() - t)
  if (!c.ok) throw new Error(c.error.message)
}
report('sign-in sheet 300 rows: read + preview + commit', signMs)

// ---------- the year's assessment (考核), its at-risk list and the feedback to units ----------

const assessRuns = Number(argValue(process.argv, 'assess-runs') ?? 7)
const feedbackRuns = Number(argValue(process.argv, 'feedback-runs') ?? 2)
const assessYear = +year
const today = todayBeijing()
/** any write makes the next read compute afresh (live results are cached by the database's change count): every run is cold */
const touch = (): void => void db.prepare("INSERT INTO setting (key, value) VALUES ('bench', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(Math.random()))
async function timeCold<M extends Method>(label: string, method: M, input: Input<M>, n: number, cold = true): Promise<unknown> {
  const ms: number[] = []
  let data: unknown
  for (let i = 0; i < n; i++) {
    if (cold) touch()
    const t = performance.now()
    const r = await callAny(db, method, input, { progress: () => {} })
    ms.push(performance.now() - t)
    if (!r.ok) throw new Error(`${label}: ${r.error.message}`)
    data = r.data
  }
  report(label, ms)
  return data
}
const assessed = db
  .prepare('SELECT COUNT(DISTINCT member_id) FROM registration WHERE start_date <= ? AND (ended_on IS NULL OR ended_on > ?)')
  .pluck()
  .get(`${assessYear}-12-31`, `${assessYear}-01-01`) as number
console.log(`
assessment (${assessYear}: ${assessed} members registered in the year; cold = after a write, nothing cached; load ${loadavg().map((x) => x.toFixed(1)).join(' ')}):`)
const first = (await timeCold(`a year's results, everyone computed (assessment.results, cold)`, 'assessment.results', { year: assessYear, period: 'Y' }, assessRuns)) as { total: number }
console.log(`  ${first.total} results`)
await timeCold(`a year's results, page 200 by points (cached)`, 'assessment.results', { year: assessYear, period: 'Y', page: 200, sort: 'points', order: 'desc' }, assessRuns, false)
await timeCold(`考核结果汇总表 by community and unit (cached)`, 'assessment.summary', { year: assessYear, period: 'Y' }, assessRuns, false)
await timeCold(`at-risk list as of ${today} (assessment.atRisk, cold)`, 'assessment.atRisk', { asOf: today }, assessRuns)
const units = (await timeCold(`反馈单位 list (unitFeedback.list, cold)`, 'unitFeedback.list', { year: assessYear, period: 'Y' }, assessRuns)) as { total: number }
const oneUnit = db.prepare('SELECT unit_id FROM member WHERE unit_id IS NOT NULL GROUP BY unit_id ORDER BY COUNT(*) DESC LIMIT 1').pluck().get() as number
await timeCold(`one unit's 表现反馈表 workbook (unitFeedback.export, cold)`, 'unitFeedback.export', { year: assessYear, period: 'Y', unitId: oneUnit }, assessRuns)
const zip = (await timeCold(`all ${units.total} units' 表现反馈表 in one .zip (unitFeedback.exportAll, cold)`, 'unitFeedback.exportAll', { year: assessYear, period: 'Y' }, feedbackRuns)) as {
  base64: string
  rows: number
}
console.log(`  zip ${((zip.base64.length * 0.75) / 1048576).toFixed(1)} MB, ${zip.rows} members`)
db.prepare("DELETE FROM setting WHERE key = 'bench'").run()

// ---------- the unit side of 双报到 (单位报到, 共建协议, 共建项目, 组织活动) ----------

{
  const n = Math.min(runs, 20)
  const timeN = (label: string, fn: (i: number) => unknown): void => {
    const ms: number[] = []
    for (let i = 0; i < n; i++) {
      const t = performance.now()
      fn(i)
      ms.push(performance.now() - t)
    }
    report(label, ms)
  }
  const ok = (r: { ok: boolean; error?: { message: string } }): void => {
    if (!r.ok) throw new Error(r.error!.message)
  }
  const unitIds = db.prepare('SELECT id FROM unit WHERE archived_at IS NULL ORDER BY id').pluck().all() as number[]
  console.log(`\nthe unit side (${unitIds.length} units, ${db.prepare('SELECT COUNT(*) FROM unit_pairing').pluck().get()} pairings, year ${year}), ${n} calls each:`)
  timeN('单位报到情况汇总表 for a year (every unit, with 合计)', () => ok(call(db, 'report.get', { kind: 'unitSummary', ...yearRange, pageSize: 50 })))
  timeN('工作台 card: agreements ending within 30 days', () => ok(call(db, 'agreement.expiring', { asOf: yearRange.to, days: 30 })))
  timeN("unit page: get + pairings + agreements + 共建项目 + 组织活动", (i) => {
    const id = pick(unitIds, i)
    for (const [m, input] of [['unit.get', { id }], ['pairing.list', { unitId: id }], ['agreement.list', { unitId: id }], ['unitClaim.list', { unitId: id }], ['event.list', { unitId: id, pageSize: 20 }]] as const) ok(call(db, m, input as never))
  })
  const ledgerMs: number[] = []
  for (let i = 0; i < Math.min(n, 5); i++) {
    const t = performance.now()
    ok(await callAny(db, 'unit.ledger', { id: pick(unitIds, i), ...yearRange }))
    ledgerMs.push(performance.now() - t)
  }
  report('单位双报到工作台账 export, one unit, a year (.xlsx, 5 sheets)', ledgerMs)
}

// ---------- the backups folder in the steady state (last: it reads whole copies, which would inflate the RSS figures above) ----------
// A real checked-size copy of this database (backup API) compressed as the app stores older backups, and the
// rotation run over 60 days of use (a daily each day, a manual copy a week, two upgrades, restores and undos):
// the folder then holds the newest copy plain and the rest compressed.
{
  db.pragma('wal_checkpoint(TRUNCATE)')
  const dbBytes = statSync(db.name).size
  const scratch = mkdtempSync(join(tmpdir(), 'redvest-bench-backups-'))
  try {
    const plain = join(scratch, 'copy.sqlite')
    let t = performance.now()
    await db.backup(plain)
    const copyMs = performance.now() - t
    const plainBytes = statSync(plain).size
    t = performance.now()
    await compressBackup(scratch, plain)
    const packMs = performance.now() - t
    const packed = statSync(`${plain}.br`).size
    const names: Backup[] = []
    const day0 = Date.now() - 59 * 86_400_000
    for (let d = 0; d < 60; d++) {
      const at = (h: number): Date => new Date(day0 + d * 86_400_000 + h * 3_600_000)
      const add = (reason: Backup['reason'], h: number): void => void names.push({ name: backupFileName(reason, at(h)), reason, at: '', bytes: 0 })
      add('daily', 0)
      if (d % 7 === 3) add('manual', 2)
      if (d === 10 || d === 40) add('migration', 1)
      if (d === 50 || d === 57) add('restore', 3)
      if (d === 55 || d === 58) add('undo', 4)
    }
    const rotation = join(scratch, 'rotation')
    mkdirSync(rotation)
    for (const b of names) writeFileSync(join(rotation, b.name), '')
    rotate(rotation, names.sort((a, b) => b.name.localeCompare(a.name)))
    const kept = readdirSync(rotation).length
    const folder = plainBytes + (kept - 1) * packed
    console.log(`
backups folder ÷ database, steady state: ${(folder / dbBytes).toFixed(2)}× (${kept} copies kept after 60 days: the newest plain + ${kept - 1} compressed; database ${(dbBytes / 1048576).toFixed(0)} MB)`)
    console.log(`  one copy: backup API ${(copyMs / 1000).toFixed(1)} s, ${(plainBytes / 1048576).toFixed(0)} MB; compressed (Brotli 5, read back and compared) to ${(packed / 1048576).toFixed(0)} MB = ${(packed / plainBytes).toFixed(3)} in ${(packMs / 1000).toFixed(1)} s`)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

db.close()
