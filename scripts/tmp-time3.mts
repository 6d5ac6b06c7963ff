import Database from 'better-sqlite3'
import { callNow } from '../src/main/api'
const db = new Database('/tmp/bench-city2/redvest.sqlite')
for (let i = 0; i < 4; i++) {
  let s = performance.now(); const r = callNow(db as any, 'report.get', { kind: 'registration', from: '2025-01-01', to: '2025-12-31' }); console.log('report1', (performance.now() - s).toFixed(0), r.ok)
  s = performance.now(); const d = callNow(db as any, 'dashboard.get', { asOf: '2025-12-31' }); console.log('dash', (performance.now() - s).toFixed(0), d.ok)
}
