// npm run seed -- --data <dir> --scale shiwan|city
import { resolve } from 'node:path'
import { argValue } from '../src/main/args'
import { openDatabase } from '../src/main/db/open'
import { AppError } from '../src/main/errors'
import { seedDemo, type Scale } from '../src/main/services/demo'

const scale = (argValue(process.argv, 'scale') ?? 'shiwan') as Scale
if (scale !== 'shiwan' && scale !== 'city') {
  console.error('--scale 只能是 shiwan(一个街道)或 city(一个城市)')
  process.exit(2)
}
const dataDir = resolve(argValue(process.argv, 'data') ?? process.env.REDVEST_DATA ?? '.data')
const db = openDatabase(dataDir)
const started = performance.now()
try {
  const counts = seedDemo(db, scale, (p) => process.stdout.write(`\r${p.step} ${p.done}/${p.total}      `))
  const secs = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`\n已写入 ${db.name}:${counts.communities} 个村居、${counts.units} 个单位、${counts.members} 名在册党员、${counts.events} 场活动、${counts.attendance} 人次签到,用时 ${secs} 秒`)
} catch (e) {
  console.error(e instanceof AppError ? e.message : e)
  process.exitCode = 1
} finally {
  db.close()
}
