/**
 * 共建协议: the agreement a unit and a community sign under a pairing — its period, what each side undertakes, who
 * signed, and an optional scanned copy. The scan is checked (PDF, JPEG or PNG by its first bytes, at most 10 MB)
 * and kept in the database as a BLOB, so it travels with every backup and restore.
 */
import { MAX_SCAN_BYTES, type Agreement, type ExpiringAgreement, type FileOut, type Parsed } from '../../shared/api'
import { safeFileName } from '../../shared/text'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { AppError, notFound } from '../errors'
import { notAfterToday, nowIso } from './common'
import { inForce } from './figures'
import { getPairing } from './pairing'

const SELECT = `
  SELECT g.id, g.pairing_id AS pairingId, p.unit_id AS unitId, u.name AS unitName, p.community_id AS communityId, c.name AS communityName,
         g.signed_on AS signedOn, g.valid_from AS validFrom, g.valid_to AS validTo, g.unit_duties AS unitDuties, g.community_duties AS communityDuties,
         g.unit_signatory AS unitSignatory, g.community_signatory AS communitySignatory, g.note, g.scan_name AS scanName, g.scan_type AS scanType,
         g.scan_size AS scanSize
  FROM agreement g JOIN unit_pairing p ON p.id = g.pairing_id JOIN unit u ON u.id = p.unit_id JOIN community c ON c.id = p.community_id`

export function listAgreements(db: DB, q: Parsed<'agreement.list'>): Agreement[] {
  const where = q.pairingId ? 'g.pairing_id = ?' : 'p.unit_id = ?'
  return db.prepare(`${SELECT} WHERE ${where} ORDER BY g.valid_from DESC, g.id DESC`).all(q.pairingId ?? q.unitId) as Agreement[]
}

export function getAgreement(db: DB, id: number): Agreement {
  const row = db.prepare(`${SELECT} WHERE g.id = ?`).get(id) as Agreement | undefined
  if (!row) throw notFound('该共建协议')
  return row
}

const TYPES: Array<{ type: string; ext: string[]; magic: number[]; label: string }> = [
  { type: 'application/pdf', ext: ['pdf'], magic: [0x25, 0x50, 0x44, 0x46, 0x2d], label: 'PDF' },
  { type: 'image/jpeg', ext: ['jpg', 'jpeg'], magic: [0xff, 0xd8, 0xff], label: 'JPEG 图片' },
  { type: 'image/png', ext: ['png'], magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], label: 'PNG 图片' }
]

/** A scanned copy's bytes and type, or a Chinese refusal: the kind is read from the first bytes, never the name alone. */
export function checkScan(fileName: string, base64: string): { bytes: Buffer; type: string } {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new AppError('invalid', '扫描件内容已损坏,请重新选择文件。', { scan: '文件内容已损坏' })
  const bytes = Buffer.from(base64, 'base64')
  if (bytes.length === 0) throw new AppError('invalid', '扫描件是空文件,请重新选择。', { scan: '空文件' })
  if (bytes.length > MAX_SCAN_BYTES) {
    throw new AppError('invalid', `扫描件有 ${(bytes.length / 1024 / 1024).toFixed(1)} MB,超过 10 MB 的上限,请压缩或降低扫描分辨率后再上传。`, { scan: '超过 10 MB' })
  }
  const ext = (/\.([^.]+)$/.exec(fileName)?.[1] ?? '').toLowerCase()
  const byName = TYPES.find((t) => t.ext.includes(ext))
  if (!byName) throw new AppError('invalid', `扫描件只能是 PDF、JPEG 或 PNG 文件,"${fileName}"不是。请扫描或导出为这几种格式后再上传。`, { scan: '只能是 PDF、JPEG 或 PNG' })
  const byBytes = TYPES.find((t) => t.magic.every((b, i) => bytes[i] === b))
  if (!byBytes) throw new AppError('invalid', `"${fileName}"的内容不是真正的${byName.label}(可能是改了扩展名的其他文件),未保存。请上传扫描得到的原始文件。`, { scan: '文件内容与类型不符' })
  if (byBytes !== byName) throw new AppError('invalid', `"${fileName}"的扩展名是 .${ext},内容却是${byBytes.label},未保存。请改正扩展名或重新导出后再上传。`, { scan: '扩展名与内容不符' })
  return { bytes, type: byBytes.type }
}

export function saveAgreement(db: DB, q: Parsed<'agreement.save'>): Agreement {
  const before = q.id ? getAgreement(db, q.id) : null
  const pairing = getPairing(db, q.pairingId)
  if (before && before.pairingId !== q.pairingId) throw new AppError('invalid', '协议不能改到另一个结对下,请删除后在那个结对下重新登记。')
  notAfterToday(q.signedOn, '签订日期', 'signedOn')
  if (q.validTo < pairing.startDate || (pairing.endedOn && q.validFrom >= pairing.endedOn)) {
    throw new AppError(
      'invalid',
      `协议期限 ${q.validFrom} 至 ${q.validTo} 与结对期间(${pairing.startDate} 起${pairing.endedOn ? `,至 ${pairing.endedOn} 结束` : ''})没有重合,请核对日期。`,
      { validFrom: '与结对期间没有重合' }
    )
  }
  const scan = q.scan ? { ...checkScan(q.scan.fileName, q.scan.base64), name: q.scan.fileName } : null
  // an agreement with only its dates would read as a renewal on the unit's page while holding nothing
  const keepsScan = !!scan || (q.scan === undefined && !!before?.scanSize)
  if (!q.unitDuties.trim() && !q.communityDuties.trim() && !keepsScan) {
    throw new AppError('invalid', '请填写单位或村居的承诺事项,或上传协议扫描件:只有日期的协议不能登记。', { unitDuties: '请填写承诺事项或上传扫描件' })
  }
  const now = nowIso()
  const fields = [q.signedOn, q.validFrom, q.validTo, q.unitDuties, q.communityDuties, q.unitSignatory, q.communitySignatory, q.note]
  let id = q.id ?? 0
  if (before) {
    db.prepare(
      `UPDATE agreement SET signed_on = ?, valid_from = ?, valid_to = ?, unit_duties = ?, community_duties = ?, unit_signatory = ?, community_signatory = ?, note = ?, updated_at = ? WHERE id = ?`
    ).run(...fields, now, id)
  } else {
    id = db
      .prepare(
        `INSERT INTO agreement (pairing_id, signed_on, valid_from, valid_to, unit_duties, community_duties, unit_signatory, community_signatory, note, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      )
      .run(q.pairingId, ...fields, now, now).lastInsertRowid as number
  }
  if (scan) db.prepare('UPDATE agreement SET scan = ?, scan_name = ?, scan_type = ?, scan_size = ? WHERE id = ?').run(scan.bytes, scan.name, scan.type, scan.bytes.length, id)
  else if (q.scan === null) db.prepare("UPDATE agreement SET scan = NULL, scan_name = '', scan_type = '', scan_size = 0 WHERE id = ?").run(id)
  return getAgreement(db, id)
}

export function removeAgreement(db: DB, id: number): { removed: number } {
  getAgreement(db, id)
  return { removed: db.prepare('DELETE FROM agreement WHERE id = ?').run(id).changes }
}

/** The scanned copy, to view or save. */
export async function agreementScan(db: DB, id: number): Promise<FileOut & { type: string }> {
  const a = getAgreement(db, id)
  const bytes = db.prepare('SELECT scan FROM agreement WHERE id = ?').pluck().get(id) as Buffer | null
  if (!bytes) throw new AppError('not_found', '这份协议没有上传扫描件。')
  const ext = (/\.([^.]+)$/.exec(a.scanName)?.[1] ?? 'pdf').toLowerCase()
  return { fileName: safeFileName(`${a.unitName}_${a.communityName}_共建协议_${a.validFrom.slice(0, 4)}.${ext}`), base64: bytes.toString('base64'), type: a.scanType }
}

const days = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)

/**
 * 即将到期的共建协议 (工作台): under each pairing in force on asOf, its latest agreement, when it ends within `days`
 * of asOf or has already ended — a pairing whose agreement lapsed needs a new one signed. Soonest first.
 */
export function expiringAgreements(db: DB, q: Parsed<'agreement.expiring'>): ExpiringAgreement[] {
  const until = new Date(Date.parse(`${q.asOf}T00:00:00Z`) + q.days * 86_400_000).toISOString().slice(0, 10)
  const rows = db
    .prepare(
      `${SELECT}
       WHERE ${inForce('p', '@asOf')} AND u.archived_at IS NULL AND g.valid_from <= @asOf AND g.valid_to <= @until
         AND NOT EXISTS (SELECT 1 FROM agreement g2 WHERE g2.pairing_id = g.pairing_id AND (g2.valid_to > g.valid_to OR (g2.valid_to = g.valid_to AND g2.id > g.id)))
       ORDER BY g.valid_to, u.pinyin, g.id`
    )
    .all({ asOf: q.asOf, until }) as Agreement[]
  return rows.map((r) => ({ ...r, daysLeft: days(q.asOf, r.validTo) }))
}

export const handlers: HandlersOf<'agreement'> = {
  'agreement.list': listAgreements,
  'agreement.save': saveAgreement,
  'agreement.remove': (db, { id }) => removeAgreement(db, id),
  'agreement.scan': (db, { id }) => agreementScan(db, id),
  'agreement.expiring': expiringAgreements
}
