import Database from 'better-sqlite3'
import { MEMBER_SIGN_INS } from '../src/main/services/figures'
const db = new Database('/tmp/bench-city2/redvest.sqlite', { readonly: true })
const p = { from: '2025-01-01', to: '2025-12-31', community: null, unit: null }
const t = (label: string, sql: string) => { const s = performance.now(); const r = db.prepare(sql).all(p); console.log(label, (performance.now() - s).toFixed(0), 'ms', JSON.stringify(r).slice(0, 80)) }
t('count only', `SELECT COUNT(*) FROM (${MEMBER_SIGN_INS})`)
t('no distinct', `SELECT COUNT(*), SUM(hours) FROM (${MEMBER_SIGN_INS})`)
t('join only', `SELECT COUNT(*) FROM attendance a JOIN event e ON e.id = a.event_id JOIN registration r ON r.member_id = a.member_id AND r.start_date <= e.date AND (r.ended_on IS NULL OR r.ended_on > e.date) WHERE e.archived_at IS NULL AND e.date BETWEEN @from AND @to`)
t('no reg', `SELECT COUNT(*) FROM attendance a JOIN event e ON e.id = a.event_id WHERE e.archived_at IS NULL AND e.date BETWEEN @from AND @to`)
t('grouped', `SELECT home_id, COUNT(*), COUNT(DISTINCT member_id), SUM(hours) FROM (${MEMBER_SIGN_INS}) GROUP BY home_id`)
console.log(db.prepare(`EXPLAIN QUERY PLAN SELECT COUNT(*) FROM attendance a JOIN event e ON e.id = a.event_id JOIN registration r ON r.member_id = a.member_id AND r.start_date <= e.date AND (r.ended_on IS NULL OR r.ended_on > e.date) WHERE e.archived_at IS NULL AND e.date BETWEEN @from AND @to`).all(p).map((r: any) => r.detail).join('\n'))
console.log(db.prepare("SELECT sql FROM sqlite_master WHERE tbl_name='attendance' AND type='index'").pluck().all())
