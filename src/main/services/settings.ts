import { statSync } from 'node:fs'
import { DEFAULT_EVENT_CATEGORIES, DEFAULT_NEED_CATEGORIES, type AppInfo, type Parsed } from '../../shared/api'
import { SCHEMA_VERSION } from '../db/migrate'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'

export function getSetting(db: DB, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM setting WHERE key = ?').get(key) as { value: string } | undefined
  return row?.value
}

export function setSetting(db: DB, key: string, value: string): void {
  db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value)
}

export function eventCategories(db: DB): string[] {
  const raw = getSetting(db, 'eventCategories')
  return raw ? (JSON.parse(raw) as string[]) : DEFAULT_EVENT_CATEGORIES
}

export function needCategories(db: DB): string[] {
  const raw = getSetting(db, 'needCategories')
  return raw ? (JSON.parse(raw) as string[]) : DEFAULT_NEED_CATEGORIES
}

export function updateNeedCategories(db: DB, input: Parsed<'settings.needCategories'>): AppInfo {
  setSetting(db, 'needCategories', JSON.stringify([...new Set(input.categories)]))
  return appInfo(db)
}

export function counts(db: DB): AppInfo['counts'] {
  const n = (sql: string): number => (db.prepare(sql).pluck().get() as number) ?? 0
  return {
    communities: n('SELECT COUNT(*) FROM community WHERE archived_at IS NULL'),
    units: n('SELECT COUNT(*) FROM unit WHERE archived_at IS NULL'),
    members: n("SELECT COUNT(*) FROM member WHERE archived_at IS NULL AND status = '在册'"),
    events: n('SELECT COUNT(*) FROM event WHERE archived_at IS NULL'),
    attendance: n('SELECT COUNT(*) FROM attendance')
  }
}

/** Settings: the hours a row's 半天 / 全天 (上午, 一下午, 一天…) stands for when it gives no times. */
export const HALF_DAY_SETTING = 'importHalfDayHours'
export const FULL_DAY_SETTING = 'importFullDayHours'

export function dayHours(db: DB): { half: number; full: number } {
  const read = (key: string, fallback: number): number => {
    const n = Number(getSetting(db, key))
    return getSetting(db, key) !== undefined && Number.isFinite(n) && n > 0 && n <= 24 ? n : fallback
  }
  return { half: read(HALF_DAY_SETTING, 4), full: read(FULL_DAY_SETTING, 8) }
}

export function appInfo(db: DB): AppInfo {
  const file = db.name
  let dbBytes = 0
  for (const suffix of ['', '-wal']) {
    try {
      dbBytes += statSync(file + suffix).size
    } catch {
      // no WAL file yet
    }
  }
  return {
    orgName: getSetting(db, 'orgName') ?? '',
    operator: getSetting(db, 'operator') ?? '',
    eventCategories: eventCategories(db),
    needCategories: needCategories(db),
    dbPath: file,
    dbBytes,
    schemaVersion: SCHEMA_VERSION,
    dayHours: dayHours(db),
    counts: counts(db)
  }
}

export function updateSettings(db: DB, input: Parsed<'settings.update'>): AppInfo {
  db.transaction(() => {
    setSetting(db, 'orgName', input.orgName)
    setSetting(db, 'operator', input.operator)
    if (input.halfDayHours !== undefined) setSetting(db, HALF_DAY_SETTING, String(input.halfDayHours))
    if (input.fullDayHours !== undefined) setSetting(db, FULL_DAY_SETTING, String(input.fullDayHours))
  })()
  return appInfo(db)
}

export const handlers: HandlersOf<'app'> & HandlersOf<'settings'> = {
  'app.info': (db) => appInfo(db),
  'settings.update': updateSettings,
  'settings.needCategories': updateNeedCategories
}
