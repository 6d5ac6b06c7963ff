import type { Community, Option, Page, Parsed, RemoveResult } from '../../shared/api'
import type { DB } from '../db/open'
import { AppError, archivedFilter, direction, likePattern, loadInOrder, notFound, nowIso, pageIds, searchKey, sortKey, toPage } from './common'

const SELECT = `
  SELECT c.id, c.name, c.kind, c.secretary, c.phone, c.address, c.note,
         c.archived_at AS archivedAt, c.created_at AS createdAt, c.updated_at AS updatedAt,
         (SELECT COUNT(*) FROM member m WHERE m.community_id = c.id AND m.archived_at IS NULL AND m.status = '在册') AS memberCount,
         (SELECT COUNT(*) FROM unit u WHERE u.community_id = c.id AND u.archived_at IS NULL) AS unitCount,
         (SELECT COUNT(*) FROM event e WHERE e.community_id = c.id AND e.archived_at IS NULL) AS eventCount
  FROM community c`

const SORTS = {
  name: 'x.pinyin',
  kind: 'x.kind',
  createdAt: 'x.created_at',
  memberCount: "(SELECT COUNT(*) FROM member m WHERE m.community_id = x.id AND m.archived_at IS NULL AND m.status = '在册')",
  eventCount: '(SELECT COUNT(*) FROM event e WHERE e.community_id = x.id AND e.archived_at IS NULL)'
} as const

export function listCommunities(db: DB, q: Parsed<'community.list'>): Page<Community> {
  const where = archivedFilter('x', q.archived)
  const params: unknown[] = []
  if (q.keyword) {
    where.push("(x.search LIKE ? ESCAPE '\\' OR x.phone LIKE ? ESCAPE '\\')")
    params.push(likePattern(q.keyword), likePattern(q.keyword))
  }
  if (q.kind) {
    where.push('x.kind = ?')
    params.push(q.kind)
  }
  const orderBy = `${SORTS[q.sort ?? 'name']} ${direction(q.order)}, x.id`
  const { ids, total } = pageIds(db, { from: 'community x', where, params, orderBy, page: q.page, pageSize: q.pageSize })
  return toPage(loadInOrder<Community>(db, `${SELECT} WHERE c.id IN ($IDS)`, ids), total, q.page, q.pageSize)
}

export function communityOptions(db: DB): Option[] {
  return (db.prepare('SELECT id, name, search, archived_at IS NOT NULL AS archived FROM community ORDER BY pinyin').all() as Array<Omit<Option, 'archived'> & { archived: number }>).map(
    (o) => ({ ...o, archived: !!o.archived })
  )
}

export function getCommunity(db: DB, id: number): Community {
  const row = db.prepare(`${SELECT} WHERE c.id = ?`).get(id) as Community | undefined
  if (!row) throw notFound('该村居')
  return row
}

/** A community that new records may be attached to. */
export function activeCommunity(db: DB, id: number, field: string): void {
  const row = db.prepare('SELECT name, archived_at FROM community WHERE id = ?').get(id) as { name: string; archived_at: string | null } | undefined
  if (!row) throw new AppError('invalid', '所选村居不存在,请重新选择。', { [field]: '所选村居不存在' })
  if (row.archived_at) throw new AppError('invalid', `村居"${row.name}"已归档,请先在村居列表中恢复它,或选择其他村居。`, { [field]: '该村居已归档' })
}

function assertNameFree(db: DB, name: string, exceptId = 0): void {
  const other = db.prepare('SELECT id, archived_at FROM community WHERE name = ? AND id != ?').get(name, exceptId) as { archived_at: string | null } | undefined
  if (other) {
    const hint = other.archived_at ? '(它已归档,可在"已归档"中恢复)' : ''
    throw new AppError('conflict', `村居"${name}"已存在${hint},名称不能重复。`, { name: `村居"${name}"已存在${hint}` })
  }
}

export function createCommunity(db: DB, input: Parsed<'community.create'>): Community {
  const id = db.transaction(() => {
    assertNameFree(db, input.name)
    const now = nowIso()
    return db
      .prepare(
        `INSERT INTO community (name, kind, secretary, phone, address, note, pinyin, search, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(input.name, input.kind, input.secretary, input.phone, input.address, input.note, sortKey(input.name), searchKey([input.name, input.secretary]), now, now)
      .lastInsertRowid as number
  }).immediate()
  return getCommunity(db, id)
}

export function updateCommunity(db: DB, input: Parsed<'community.update'>): Community {
  db.transaction(() => {
    getCommunity(db, input.id)
    assertNameFree(db, input.name, input.id)
    db.prepare(
      `UPDATE community SET name = ?, kind = ?, secretary = ?, phone = ?, address = ?, note = ?, pinyin = ?, search = ?, updated_at = ? WHERE id = ?`
    ).run(input.name, input.kind, input.secretary, input.phone, input.address, input.note, sortKey(input.name), searchKey([input.name, input.secretary]), nowIso(), input.id)
  }).immediate()
  return getCommunity(db, input.id)
}

/** Deletes a community nothing refers to; archives one that has members, units or activities. */
export function removeCommunity(db: DB, id: number): RemoveResult {
  return db.transaction((): RemoveResult => {
    getCommunity(db, id)
    const n = (sql: string): number => db.prepare(sql).pluck().get(id) as number
    const members = n('SELECT COUNT(*) FROM member WHERE community_id = ?')
    const units = n('SELECT COUNT(*) FROM unit WHERE community_id = ?')
    const events = n('SELECT COUNT(*) FROM event WHERE community_id = ?')
    if (members + units + events === 0) {
      db.prepare('DELETE FROM community WHERE id = ?').run(id)
      return { outcome: 'deleted' }
    }
    db.prepare('UPDATE community SET archived_at = ?, updated_at = ? WHERE id = ?').run(nowIso(), nowIso(), id)
    const held = [members && `${members} 名党员`, units && `${units} 个结对单位`, events && `${events} 场活动`].filter(Boolean).join('、')
    return { outcome: 'archived', reason: `该村居关联 ${held},已归档而非删除,历史记录全部保留。` }
  }).immediate()
}

export function restoreCommunity(db: DB, id: number): Community {
  getCommunity(db, id)
  db.prepare('UPDATE community SET archived_at = NULL, updated_at = ? WHERE id = ?').run(nowIso(), id)
  return getCommunity(db, id)
}
