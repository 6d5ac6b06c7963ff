/**
 * Importing a unit list (单位名单: 单位名称, 单位类型, 党组织名称, 联系人, 联系电话, 结对村居, 报到日期) through the
 * import wizard, alongside rosters and sign-in sheets: every row previewed (新建单位 / 更新单位 / 新增结对 / 无变化 /
 * 文件内重复 / 有错误), committed in one transaction as a batch whose undo removes the units and pairings it added
 * and puts back the units it changed.
 *
 * A row names a unit by its name, with or without the party organisation's suffix: 佛山供电局党委, 中共佛山供电局委员会
 * and 佛山供电局 are one unit. A 结对村居 with a 报到日期 adds a pairing (单位报到) unless the unit is already paired
 * with that community; an existing pairing is never ended by an import (the unit page does that).
 */
import { UNIT_KINDS, type ImportField, type ImportRowInput, type RowOutcome } from '../../shared/api'
import { cleanText, todayBeijing } from '../../shared/text'
import type { DB } from '../db/open'
import { AppError } from '../errors'
import { parseDate } from '../excel/values'
import { type Mapping, normHeader } from '../excel/detect'
import { nowIso, searchKey, sortKey } from './common'
import { inForce } from './figures'
import { insertPairing } from './pairing'

/** A unit list's headers, compared after normHeader: an exact synonym first, else the longest one a header contains. */
const UNIT_SYNONYMS: Array<[ImportField, string[]]> = [
  ['name', ['单位名称', '单位', '报到单位', '单位全称', '名称', '单位名', '机关单位名称']],
  ['unitKind', ['单位类型', '单位性质', '类型', '单位类别', '性质']],
  ['partyOrg', ['党组织名称', '党组织', '单位党组织', '党组织全称', '所属党组织', '党组织名']],
  ['contact', ['联系人', '联系人姓名', '负责人', '党务联系人']],
  ['phone', ['联系电话', '电话', '手机', '手机号', '手机号码', '联系方式', '办公电话', '联系人电话', '电话号码']],
  ['community', ['结对村居', '结对社区', '结对村社区', '结对村', '报到村居', '报到社区', '村居', '社区', '共建村居', '共建社区']],
  ['registeredAt', ['报到日期', '报到时间', '结对日期', '结对时间', '报到结对日期']],
  ['note', ['备注']]
]
const NORMALISED = UNIT_SYNONYMS.map(([f, words]) => [f, words.map(normHeader)] as const)

function unitFieldOf(header: string): ImportField | null {
  const h = normHeader(header)
  if (!h) return null
  for (const [f, words] of NORMALISED) if (words.includes(h)) return f
  let best: [ImportField, number] | null = null
  for (const [f, words] of NORMALISED) for (const w of words) if (w.length >= 2 && h.includes(w) && (!best || w.length > best[1])) best = [f, w.length]
  return best?.[0] ?? null
}

/** The mapping a unit list's header row suggests: each field to its first column. */
export function unitMapping(headers: string[]): Mapping {
  const seen = new Set<ImportField>()
  return headers.map((h) => {
    const f = unitFieldOf(h)
    if (!f || seen.has(f)) return null
    seen.add(f)
    return f
  })
}

/** A unit's name without its party organisation's wrapping: 中共佛山供电局委员会, 佛山供电局党委 → 佛山供电局. */
export function unitStem(name: string): string {
  return cleanText(name)
    .replace(/\s/g, '')
    .replace(/^中共/, '')
    .replace(/(机关)?(党总支部委员会|党支部委员会|党总支部|党总支|党支部|党委员会|党委|总支部|总支|支部委员会|支部|委员会)$/, '')
}

const KIND_WORDS: Array<[RegExp, (typeof UNIT_KINDS)[number]]> = [
  [/^(机关|党政机关|行政机关|机关单位)$/, '机关'],
  [/^(事业单位|事业|事业单位党组织)$/, '事业单位'],
  [/^(国有企业|国企|国有|央企|国有控股企业)$/, '国有企业'],
  [/^(其他|其它|非公企业|民营企业|社会组织)$/, '其他']
]

const SUFFIX = /(社区居委会|社区居民委员会|村民委员会|居委会|村委会|社区|村)$/

interface UnitRow {
  id: number
  name: string
  kind: string
  party_org: string
  contact: string
  phone: string
}

interface Plan {
  outcome: RowOutcome
  /** what committing this row writes */
  unitId?: number
  fields?: { name: string; kind: string; partyOrg: string; contact: string; phone: string; note: string }
  changes?: Partial<{ kind: string; party_org: string; contact: string; phone: string }>
  pairing?: { communityId: number; startDate: string }
}

function planner(db: DB): (rows: ImportRowInput[]) => Plan[] {
  const units = db.prepare('SELECT id, name, kind, party_org, contact, phone FROM unit').all() as UnitRow[]
  const byStem = new Map<string, UnitRow[]>()
  for (const u of units) byStem.set(unitStem(u.name), [...(byStem.get(unitStem(u.name)) ?? []), u])
  const communities = db.prepare('SELECT id, name FROM community WHERE archived_at IS NULL').all() as Array<{ id: number; name: string }>
  const community = (raw: string): { id?: number; problem?: string } => {
    const n = raw.replace(/\s/g, '')
    const exact = communities.find((c) => c.name === n || c.name === `${n}社区` || c.name === `${n}村`)
    if (exact) return { id: exact.id }
    const same = communities.filter((c) => c.name.replace(SUFFIX, '') === n.replace(SUFFIX, ''))
    if (same.length === 1) return { id: same[0].id }
    const near = communities.filter((c) => c.name.includes(n.replace(SUFFIX, '')) || n.includes(c.name.replace(SUFFIX, '')))
    return { problem: `未找到村居"${raw}"${near.length === 1 ? `(是否指"${near[0].name}"?)` : ',请先在村居中新建,或改为已有的村居名称'}` }
  }
  const pairedWith = db.prepare(`SELECT 1 FROM unit_pairing p WHERE p.unit_id = ? AND p.community_id = ? AND ${inForce('p', '@d')}`)
  const overlapping = db.prepare('SELECT start_date AS startDate, ended_on AS endedOn FROM unit_pairing WHERE unit_id = ? AND community_id = ? AND (ended_on IS NULL OR ended_on > ?)')

  return (rows) => {
    const seen = new Map<string, number>()
    const today = todayBeijing()
    return rows.map((row, i): Plan => {
      const problems: RowOutcome['problems'] = {}
      const warnings: RowOutcome['warnings'] = {}
      const out = (action: RowOutcome['action'], label: string, extra: Partial<Plan> = {}): Plan => ({ outcome: { action, label, problems, warnings }, ...extra })
      if (row.exclude) return { outcome: { action: 'excluded', label: '已排除', problems: {}, warnings: {} } }
      const v = row.values
      const text = (f: ImportField, label: string, max: number): string => {
        const t = cleanText(v[f] ?? '')
        if (t.length > max) problems[f] = `${label}不能超过${max}个字`
        return t
      }
      const name = text('name', '单位名称', 60)
      if (!name) problems.name = '缺少单位名称'
      const partyOrg = text('partyOrg', '党组织名称', 60)
      const contact = text('contact', '联系人', 20)
      const note = text('note', '备注', 500)
      const phone = cleanText(v.phone ?? '')
      if (phone && !/^[\d\-\s()（）+转]{7,30}$/.test(phone)) problems.phone = '联系电话应为电话号码,如 0757-82701234 或 13800138000'
      const kindText = cleanText(v.unitKind ?? '').replace(/\s/g, '')
      const kind = kindText ? KIND_WORDS.find(([re]) => re.test(kindText))?.[1] : undefined
      if (kindText && !kind) problems.unitKind = '单位类型应为 机关/事业单位/国有企业/其他 之一'
      const place = v.community ? community(v.community) : null
      if (place?.problem) problems.community = place.problem
      let startDate: string | null = null
      if (v.registeredAt) {
        startDate = parseDate(v.registeredAt)
        if (!startDate) problems.registeredAt = `日期无法识别:"${v.registeredAt}",请写成 2020-04-15`
        else if (startDate > today) problems.registeredAt = '报到日期不能晚于今天'
      }
      if (Object.keys(problems).length) return out('error', '有错误')
      const stem = unitStem(name)
      const first = seen.get(stem)
      if (first !== undefined) return out('duplicate', `文件内重复(同第${rows[first].index}行),跳过`)
      seen.set(stem, i)
      const matches = byStem.get(stem) ?? []
      if (matches.length > 1) {
        problems.name = `有 ${matches.length} 个单位与"${name}"同名(不计党委、党支部等后缀):${matches.map((m) => `"${m.name}"`).join('、')},请写单位全称`
        return out('error', '有错误')
      }
      const unit = matches[0]
      if (v.registeredAt && !place) warnings.registeredAt = '没有填写结对村居,报到日期不会使用'
      let pairing: Plan['pairing']
      if (place?.id) {
        const date = startDate ?? today
        if (!startDate) warnings.registeredAt = `没有填写报到日期,按今天(${today})登记结对`
        if (unit && pairedWith.get(unit.id, place.id, { d: date })) {
          // already paired with that community: nothing to add
        } else if (unit && overlapping.get(unit.id, place.id, date)) {
          const o = overlapping.get(unit.id, place.id, date) as { startDate: string; endedOn: string | null }
          problems.registeredAt = `该单位与该村居已有结对(${o.startDate} 起${o.endedOn ? `,至 ${o.endedOn}` : ''}),与报到日期 ${date} 重叠;请在单位页核对结对记录`
          return out('error', '有错误')
        } else pairing = { communityId: place.id, startDate: date }
      }
      if (!unit) {
        if (!kind) warnings.unitKind = '没有填写单位类型,按"其他"登记'
        if (name !== stem && !partyOrg) warnings.name = `单位名称带有党组织后缀;将新建单位"${name}"`
        return out('create', pairing ? '新建单位并结对' : '新建单位', { fields: { name, kind: kind ?? '其他', partyOrg, contact, phone, note }, pairing })
      }
      if (unit.name !== name) warnings.name = `按单位"${unit.name}"处理(名称去掉党组织后缀后相同)`
      const changes: NonNullable<Plan['changes']> = {}
      if (kind && kind !== unit.kind) changes.kind = kind
      if (partyOrg && partyOrg !== unit.party_org) changes.party_org = partyOrg
      if (contact && contact !== unit.contact) changes.contact = contact
      if (phone && phone !== unit.phone) changes.phone = phone
      const changed = Object.keys(changes).length
      if (!changed && !pairing) return { outcome: { action: 'unchanged', label: '无变化,跳过', problems, warnings, memberName: unit.name } }
      return {
        outcome: { action: 'update', label: changed ? (pairing ? '更新单位并新增结对' : '更新单位') : '新增结对', problems, warnings, memberName: unit.name },
        unitId: unit.id,
        changes,
        pairing
      }
    })
  }
}

/** What importing each row of a unit list will do. */
export function evaluateUnits(db: DB, rows: ImportRowInput[]): RowOutcome[] {
  return planner(db)(rows).map((p) => p.outcome)
}

/** Writes a unit list's rows (inside the caller's transaction), recording every change for undo; returns the counts. */
export function commitUnits(
  db: DB,
  rows: ImportRowInput[],
  log: (tbl: 'unit' | 'unit_pairing', rowId: number, op: 'insert' | 'update', before: string | null) => void,
  fileName: string
): { unitsCreated: number; unitsUpdated: number; pairingsCreated: number; skipped: Map<string, number> } {
  const plans = planner(db)(rows)
  const blocked = plans.map((p, i) => [p, rows[i]] as const).filter(([p]) => p.outcome.action === 'error')
  if (blocked.length) {
    const first = blocked.slice(0, 5).map(([p, r]) => `第${r.index}行:${Object.values(p.outcome.problems).join(';')}`).join(';')
    throw new AppError('invalid', `还有 ${blocked.length} 行需要处理(修改或排除)后才能导入。${first}${blocked.length > 5 ? '……' : ''}`)
  }
  if (!plans.some((p) => p.outcome.action === 'create' || p.outcome.action === 'update')) {
    throw new AppError('invalid', `没有需要写入的记录:${rows.length} 行都将跳过(无变化、重复或已排除)。没有导入任何内容。`)
  }
  const now = nowIso()
  const counts = { unitsCreated: 0, unitsUpdated: 0, pairingsCreated: 0, skipped: new Map<string, number>() }
  const insUnit = db.prepare('INSERT INTO unit (name, kind, party_org, contact, phone, note, pinyin, search, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
  const SKIPS: Partial<Record<RowOutcome['action'], string>> = { duplicate: '文件内重复', unchanged: '单位信息无变化', excluded: '已排除' }
  for (const p of plans) {
    const a = p.outcome.action
    if (a !== 'create' && a !== 'update') {
      const reason = SKIPS[a] ?? p.outcome.label
      counts.skipped.set(reason, (counts.skipped.get(reason) ?? 0) + 1)
      continue
    }
    let unitId = p.unitId ?? 0
    if (a === 'create') {
      const f = p.fields!
      unitId = insUnit.run(f.name, f.kind, f.partyOrg, f.contact, f.phone, f.note || `由导入"${fileName}"新建`, sortKey(f.name), searchKey([f.name, f.partyOrg, f.contact]), now, now).lastInsertRowid as number
      log('unit', unitId, 'insert', null)
      counts.unitsCreated++
    } else {
      // the unit row as it was (its 结对村居 mirror included), so an undo puts it back
      const before = db.prepare('SELECT * FROM unit WHERE id = ?').get(unitId) as Record<string, unknown>
      log('unit', unitId, 'update', JSON.stringify(before))
      const c = p.changes ?? {}
      if (Object.keys(c).length) {
        const next = { kind: c.kind ?? before.kind, party_org: c.party_org ?? before.party_org, contact: c.contact ?? before.contact, phone: c.phone ?? before.phone }
        db.prepare('UPDATE unit SET kind = ?, party_org = ?, contact = ?, phone = ?, search = ?, updated_at = ? WHERE id = ?').run(
          next.kind, next.party_org, next.contact, next.phone, searchKey([String(before.name), String(next.party_org), String(next.contact)]), now, unitId
        )
        counts.unitsUpdated++
      }
    }
    if (p.pairing) {
      const id = insertPairing(db, { unitId, communityId: p.pairing.communityId, startDate: p.pairing.startDate, note: `由导入"${fileName}"登记` })
      log('unit_pairing', id, 'insert', null)
      counts.pairingsCreated++
    }
  }
  return counts
}
