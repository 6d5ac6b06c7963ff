import { pinyin } from 'pinyin-pro'
import type { MaskedIdCard, MaskedPhone, Option, Page } from '../../shared/api'
import { AppError } from '../errors'
import { todayBeijing } from '../../shared/text'
import type { Statement } from 'better-sqlite3'
import type { DB } from '../db/open'


/** A row as the database holds it: a person's numbers still whole, to be masked before they leave main. */
export type Raw<T> = { [K in keyof T]: T[K] extends MaskedPhone | MaskedIdCard ? string : T[K] }

export const nowIso = (): string => new Date().toISOString()

/** A date the clerk records (报到, 签订, 认领, 出具…) cannot lie in the future; `label` names it in the message. */
export function notAfterToday(date: string, label: string, field: string, today = todayBeijing()): void {
  if (date > today) throw new AppError('invalid', `${label}不能晚于今天。`, { [field]: '不能晚于今天' })
}

const STATEMENTS = new WeakMap<DB, Map<string, Statement<unknown[]>>>()

/**
 * A statement compiled once per connection and reused: compiling costs more than running for a row insert with
 * triggers, and an import writes thousands. Only for statements run with `run`/`get`/`all` as they are
 * (never toggled with `pluck`/`raw`/`expand`, which would change them for every caller).
 */
export function prepared(db: DB, sql: string): Statement<unknown[]> {
  let cache = STATEMENTS.get(db)
  if (!cache) STATEMENTS.set(db, (cache = new Map()))
  let s = cache.get(sql)
  if (!s) cache.set(sql, (s = db.prepare<unknown[]>(sql)))
  return s
}

/** `%kw%` for LIKE … ESCAPE '\', lower-cased and without spaces, as the search columns are stored. */
export function likePattern(keyword: string): string {
  return `%${keyword.toLowerCase().replace(/\s+/g, '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** Full pinyin without tones, for sorting Chinese names the way a clerk expects. */
export function sortKey(text: string, isPersonName = false): string {
  return pinyin(text, { toneType: 'none', type: 'array', ...(isPersonName ? { surname: 'head' as const } : {}) })
    .join('')
    .toLowerCase()
}

/** What the keyword box matches: the text itself, its pinyin initials (lhsq → 丽豪社区) and full pinyin. */
export function searchKey(parts: string[], isPersonName = false): string {
  const [main, ...rest] = parts
  const opts = { toneType: 'none', type: 'array', ...(isPersonName ? { surname: 'head' as const } : {}) } as const
  const initials = pinyin(main, { ...opts, pattern: 'first' }).join('')
  const full = pinyin(main, opts).join('')
  return [main, initials, full, ...rest].join(' ').toLowerCase().replace(/ +/g, ' ')
}

/** A member's keys: sort order, and what the search box matches (name, initials, full pinyin; never the phone). */
export function memberKeys(name: string): { pinyin: string; search: string; initials: string } {
  // searchKey([name], true) and sortKey(name, true) from one pinyin-pro call (it is the slow part of a 10,000-row
  // import): its 'first' pattern is the first character of each full syllable (checked for every CJK character
  // U+3400–U+9FFF and 130,000 three-character names)
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head' })
  const full = syllables.join('')
  const search = [name, syllables.map((s) => [...s][0] ?? '').join(''), full].join(' ').toLowerCase().replace(/ +/g, ' ')
  return { pinyin: full.toLowerCase(), search, initials: search.split(' ')[1] ?? '' }
}

/** The registers whose records are picked by name in forms: 村居 and 单位. */
type Register = { table: 'community' | 'unit'; label: '村居' | '单位' }
export const COMMUNITY: Register = { table: 'community', label: '村居' }
export const UNIT: Register = { table: 'unit', label: '单位' }

/** Every record of a register for a picker, with its search key so typing pinyin finds it. */
export function optionsOf(db: DB, r: Register): Option[] {
  const rows = db.prepare(`SELECT id, name, search, archived_at IS NOT NULL AS archived FROM ${r.table} ORDER BY pinyin`).all() as Array<Omit<Option, 'archived'> & { archived: number }>
  return rows.map((o) => ({ ...o, archived: !!o.archived }))
}

/** A record that new records may be attached to: it exists and is not archived. */
export function assertAttachable(db: DB, r: Register, id: number, field: string): void {
  const row = db.prepare(`SELECT name, archived_at FROM ${r.table} WHERE id = ?`).get(id) as { name: string; archived_at: string | null } | undefined
  if (!row) throw new AppError('invalid', `所选${r.label}不存在,请重新选择。`, { [field]: `所选${r.label}不存在` })
  if (row.archived_at) {
    throw new AppError('invalid', `${r.label}"${row.name}"已归档,请先在${r.label}列表中恢复它,或选择其他${r.label}。`, { [field]: `该${r.label}已归档` })
  }
}

/** Names are unique in a register, archived records included (those can be restored instead). */
export function assertNameFree(db: DB, r: Register, name: string, exceptId = 0): void {
  const other = db.prepare(`SELECT archived_at FROM ${r.table} WHERE name = ? AND id != ?`).get(name, exceptId) as { archived_at: string | null } | undefined
  if (other) {
    const hint = other.archived_at ? '(它已归档,可在"已归档"中恢复)' : ''
    throw new AppError('conflict', `${r.label}"${name}"已存在${hint},名称不能重复。`, { name: `${r.label}"${name}"已存在${hint}` })
  }
}

interface PageQuery {
  /** FROM … (joins allowed) */
  from: string
  where: string[]
  params: unknown[]
  orderBy: string
  page: number
  pageSize: number
}

/**
 * Filter, sort and paginate in SQL: count the matches, take one page of ids, then let the caller load
 * those rows (with any per-row aggregates) for that page only.
 */
export function pageIds(db: DB, q: PageQuery): { ids: number[]; total: number } {
  const where = q.where.length ? `WHERE ${q.where.join(' AND ')}` : ''
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM ${q.from} ${where}`).get(...q.params) as { n: number }).n
  const ids = db
    .prepare(`SELECT x.id FROM ${q.from} ${where} ORDER BY ${q.orderBy} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...q.params, q.pageSize, (q.page - 1) * q.pageSize) as number[]
  return { ids, total }
}

/** Rows for the given ids, in the ids' order. */
export function loadInOrder<T extends { id: number }>(db: DB, sql: string, ids: number[]): T[] {
  if (ids.length === 0) return []
  const rows = db.prepare(sql.replace('$IDS', ids.map(() => '?').join(','))).all(...ids) as T[]
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.map((id) => byId.get(id)).filter((r): r is T => r !== undefined)
}

export function toPage<T>(rows: T[], total: number, page: number, pageSize: number): Page<T> {
  return { rows, total, page, pageSize }
}

export function archivedFilter(alias: string, archived: 'active' | 'archived' | 'all'): string[] {
  if (archived === 'active') return [`${alias}.archived_at IS NULL`]
  if (archived === 'archived') return [`${alias}.archived_at IS NOT NULL`]
  return []
}

export const direction = (order: 'asc' | 'desc'): string => (order === 'desc' ? 'DESC' : 'ASC')
