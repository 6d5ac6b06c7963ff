import Database from 'better-sqlite3'
import { MEMBER_SIGN_INS, REGISTERED_ON_TO, HOST_SIGN_INS, NEEDS_AS_OF, CLAIMS_DONE, EVENTS_HELD } from '../src/main/services/figures'
const db = new Database('/tmp/bench-city2/redvest.sqlite', { readonly: true })
const p = { from: '2025-01-01', to: '2025-12-31', community: null, unit: null }
const t = (label: string, sql: string) => { const s = performance.now(); const r = db.prepare(sql).all(p); console.log(label, (performance.now() - s).toFixed(0), 'ms', JSON.stringify(r).slice(0, 80)) }
t('reg', `SELECT COUNT(*) FROM (${REGISTERED_ON_TO})`)
t('ms', `SELECT COUNT(*), COUNT(DISTINCT member_id) FROM (${MEMBER_SIGN_INS})`)
t('host', `SELECT COUNT(*) FROM (${HOST_SIGN_INS})`)
t('needs', `SELECT COUNT(*) FROM (${NEEDS_AS_OF})`)
t('claims', `SELECT COUNT(*) FROM (${CLAIMS_DONE})`)
t('events', `SELECT COUNT(*) FROM (${EVENTS_HELD})`)
console.log(db.prepare(`EXPLAIN QUERY PLAN SELECT COUNT(*) FROM (${MEMBER_SIGN_INS})`).all(p).map((r: any) => r.detail).join('\n'))
