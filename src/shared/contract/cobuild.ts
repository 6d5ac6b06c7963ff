/**
 * 单位报到 and 共建: a unit's party organisation reports to (pairs with) communities on a date (单位报到), signs a
 * 共建协议 under each pairing, adopts service-list needs (共建项目, an organisation's claim, with its members who
 * served) — the unit side of 双报到.
 */
import { z } from 'zod'
import { date, id, obj, optional, optionalDate, required, type FileOut } from '../fields'
import { CLAIM_STATUSES } from './claim'

/** A scanned agreement: PDF, JPEG or PNG of at most 10 MB (its base64 at most this long). */
export const MAX_SCAN_BYTES = 10 * 1024 * 1024
export const MAX_SCAN_BASE64 = Math.ceil(MAX_SCAN_BYTES / 3) * 4
export const SCAN_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const

const scan = z.object({
  fileName: required('扫描件文件名', 200),
  base64: z.string({ error: '缺少扫描件内容' }).min(1, { error: '扫描件是空文件,请重新选择' }).max(MAX_SCAN_BASE64, { error: '扫描件超过 10 MB 的上限,请压缩或降低扫描分辨率后再上传' })
})

const agreementFields = {
  pairingId: id('结对记录'),
  signedOn: date('签订日期'),
  validFrom: date('协议开始日期'),
  validTo: date('协议结束日期'),
  unitDuties: optional('单位承诺事项', 2000),
  communityDuties: optional('村居承诺事项', 2000),
  unitSignatory: optional('单位签字人', 40),
  communitySignatory: optional('村居签字人', 40),
  note: optional('备注', 500),
  /** a new scanned copy; null removes the one kept; left out keeps it */
  scan: scan.nullable().optional()
}
const periodInOrder = (a: { validFrom: string; validTo: string }) => a.validTo >= a.validFrom
const periodError = { error: '协议结束日期不能早于开始日期', path: ['validTo'] }

export const pairingSchemas = {
  'pairing.list': z.object({ unitId: id('单位').optional(), communityId: id('村居').optional() }).refine((q) => q.unitId || q.communityId, { error: '请指定单位或村居' }),
  'pairing.add': obj({ unitId: id('单位'), communityId: id('结对村居'), startDate: date('报到日期'), note: optional('备注', 200) }),
  'pairing.end': obj({ id: id(), endedOn: date('结束日期'), reason: optional('结束原因', 200) }),
  /** corrects a pairing's dates (a typing mistake); ending it is pairing.end */
  'pairing.edit': obj({ id: id(), startDate: date('报到日期'), endedOn: optionalDate('结束日期'), note: optional('备注', 200) }).refine((q) => !q.endedOn || q.endedOn > q.startDate, {
    error: '结束日期应晚于报到日期',
    path: ['endedOn']
  }),
  'pairing.remove': z.object({ id: id() })
}

export const agreementSchemas = {
  'agreement.list': z.object({ unitId: id('单位').optional(), pairingId: id('结对记录').optional() }).refine((q) => q.unitId || q.pairingId, { error: '请指定单位或结对记录' }),
  'agreement.save': obj({ id: id().optional(), ...agreementFields }).refine(periodInOrder, periodError),
  'agreement.remove': z.object({ id: id() }),
  'agreement.scan': z.object({ id: id() }),
  /** agreements that end within `days` of asOf, and those already ended (with no later agreement under the same pairing) */
  'agreement.expiring': z.object({ asOf: date('统计日期'), days: z.number().int().min(1).max(366).optional().default(30) })
}

export const unitClaimSchemas = {
  'unitClaim.list': z.object({ needId: id('服务清单项目').optional(), unitId: id('单位').optional() }).refine((q) => q.needId || q.unitId, { error: '请指定服务清单项目或单位' }),
  'unitClaim.add': obj({ needId: id('服务清单项目'), unitId: id('单位'), claimedOn: optionalDate('认领日期'), overPlaces: z.boolean().optional().default(false) }),
  'unitClaim.update': obj({
    id: id(),
    status: z.enum(CLAIM_STATUSES, { error: '认领状态无效' }),
    finishedOn: optionalDate('完成日期'),
    note: optional('完成情况', 500),
    reason: optional('放弃原因', 200)
  }),
  /** the unit's members who served on it and their hours (the whole list, replacing the one kept) */
  'unitClaim.serve': obj({
    id: id(),
    members: z
      .array(z.object({ memberId: id('党员'), hours: z.number({ error: '服务时长应为数字' }).min(0, { error: '服务时长不能小于0' }).max(10000, { error: '服务时长过大' }) }), { error: '请选择参与服务的党员' })
      .max(500, { error: '一次最多登记500人' })
  })
}

export interface Pairing {
  id: number
  unitId: number
  unitName: string
  communityId: number
  communityName: string
  startDate: string
  /** the first day it no longer holds; null while in force */
  endedOn: string | null
  endReason: string
  note: string
  /** in force today */
  current: boolean
  agreements: number
  /** the latest agreement's end date, if any */
  agreementTo: string | null
}

export interface Agreement {
  id: number
  pairingId: number
  unitId: number
  unitName: string
  communityId: number
  communityName: string
  signedOn: string
  validFrom: string
  validTo: string
  unitDuties: string
  communityDuties: string
  unitSignatory: string
  communitySignatory: string
  note: string
  scanName: string
  scanType: string
  scanSize: number
}

export interface ExpiringAgreement extends Agreement {
  /** days from asOf to validTo; negative once it has ended */
  daysLeft: number
}

export interface UnitClaimMember {
  memberId: number
  name: string
  hours: number
}

export interface UnitClaim {
  id: number
  needId: number
  needTitle: string
  communityName: string
  unitId: number
  unitName: string
  status: (typeof CLAIM_STATUSES)[number]
  claimedOn: string
  finishedOn: string | null
  note: string
  reason: string
  overPlaces: boolean
  members: UnitClaimMember[]
  /** the members' hours added up */
  hours: number
}

export interface CobuildOutputs {
  'pairing.list': Pairing[]
  'pairing.add': Pairing
  'pairing.end': Pairing
  'pairing.edit': Pairing
  'pairing.remove': { removed: number }
  'agreement.list': Agreement[]
  'agreement.save': Agreement
  'agreement.remove': { removed: number }
  'agreement.scan': FileOut & { type: string }
  'agreement.expiring': ExpiringAgreement[]
  'unitClaim.list': UnitClaim[]
  'unitClaim.add': UnitClaim
  'unitClaim.update': UnitClaim
  'unitClaim.serve': UnitClaim
}
