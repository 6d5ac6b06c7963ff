// npm run soak [-- --kills 500 --fuzz-seconds 60]: the crash test and the importer fuzz at length.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { callNow } from '../src/main/api'
import { argValue } from '../src/main/args'
import { openDatabase } from '../src/main/db/open'
import { checkAfterCrash } from '../tests/crash/check'
import { killAfter } from '../tests/crash/kill'
import { fuzzImporter } from '../tests/fuzz/fuzz'

const kills = Number(argValue(process.argv, 'kills') ?? 500)
const fuzzSeconds = Number(argValue(process.argv, 'fuzz-seconds') ?? 60)
const dir = mkdtempSync(join(tmpdir(), 'redvest-soak-'))
let failed = false
const t0 = Date.now()
for (let k = 1; k <= kills; k++) {
  await killAfter(dir, 50 + Math.floor(Math.random() * 1000))
  const problems = checkAfterCrash(dir)
  if (problems.length) {
    console.error(`kill ${k}: ${problems.join('; ')}`)
    failed = true
    break
  }
  if (k % 25 === 0) process.stdout.write(`\r${k}/${kills} kills, all checks passed (${((Date.now() - t0) / 1000).toFixed(0)} s)   `)
}
console.log(`\ncrash: ${kills} SIGKILLs, integrity_check + foreign_key_check + whole-transaction checks after each: ${failed ? 'FAILED' : 'passed'}`)
rmSync(dir, { recursive: true, force: true })

const fdir = mkdtempSync(join(tmpdir(), 'redvest-fuzz-'))
const db = openDatabase(fdir)
const c = callNow(db, 'community.create', { name: '模糊测试社区', kind: '社区' }) as { ok: true; data: { id: number } }
const e = callNow(db, 'event.create', { communityId: c.data.id, title: '模糊测试', category: '其他', date: '2020-06-01', startTime: '09:00', endTime: '10:00' }) as { ok: true; data: { id: number } }
const r = await fuzzImporter(db, e.data.id, fuzzSeconds)
db.close()
rmSync(fdir, { recursive: true, force: true })
console.log(`fuzz: ${r.cases} mutated files in ${fuzzSeconds} s, slowest ${r.slowest.ms.toFixed(0)} ms (${r.slowest.what}), peak RSS ${r.peakRssMb.toFixed(0)} MB, ${r.failures.length} failures`)
for (const f of r.failures.slice(0, 20)) console.error(`  ${f}`)
process.exit(failed || r.failures.length ? 1 : 0)
