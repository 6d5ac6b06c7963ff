/**
 * 志愿服务证明 (民发〔2015〕149号): a certificate of a member's volunteer service over a chosen range, from the
 * statistics layer (sign-ins while registered, claims completed while registered, hours as recorded). Each
 * certificate takes the next number of its year's register (石湾〔2026〕第0001号), with no gaps: a void keeps
 * its number and its reason, a reprint (补发) keeps its number and is printed marked 补发. What was certified is
 * frozen at issue, so a reprint a year later says the same. The ID number is printed masked unless the clerk
 * chose the whole number at issue, which the log records.
 */
import type { Certificate, CertificateLine, CertificateList, CertificatePage, CertificatePreview, FileOut, Parsed, ReportColumn } from '../../shared/api'
import { reprintLine } from '../../shared/certificate'
import { maskIdCard, safeFileName, todayBeijing, zhDate } from '../../shared/text'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { AppError, notFound } from '../errors'
import { certificateWorkbook, type CertificatePrint } from '../excel/certificate'
import { reportWorkbook } from '../excel/report'
import { likePattern, notAfterToday, nowIso, toPage } from './common'
import { CLAIMS_DONE, MEMBER_SIGN_INS } from './figures'
import { getSetting, setSetting } from './settings'

interface Served {
  hoursX100: number
  activities: number
  claims: number
  content: CertificateLine[]
}

/** A member's service in a range, as the statistics layer counts it: while registered, hours as recorded. */
export function servedIn(db: DB, memberId: number, from: string, to: string): Served {
  const params = { from, to, community: null, unit: null, member: memberId }
  const acts = db
    .prepare(
      `SELECT e.category, COUNT(*) AS n, SUM(CAST(ROUND(s.hours * 100) AS INTEGER)) AS h FROM (${MEMBER_SIGN_INS}) s JOIN event e ON e.id = s.event_id
       WHERE s.member_id = @member GROUP BY e.category ORDER BY n DESC, e.category`
    )
    .all(params) as Array<{ category: string; n: number; h: number }>
  const claims = db
    .prepare(`SELECT COUNT(*) AS n, COALESCE(SUM(CAST(ROUND(COALESCE(k.hours, 0) * 100) AS INTEGER)), 0) AS h FROM (${CLAIMS_DONE}) k WHERE k.member_id = @member`)
    .get(params) as { n: number; h: number }
  const content: CertificateLine[] = acts.map((a) => ({ item: `${a.category}志愿服务活动`, count: a.n, hours: a.h / 100 }))
  if (claims.n) content.push({ item: '认领服务清单项目', count: claims.n, hours: claims.h / 100 })
  return {
    hoursX100: acts.reduce((s, a) => s + a.h, 0) + claims.h,
    activities: acts.reduce((s, a) => s + a.n, 0),
    claims: claims.n,
    content
  }
}

/** A certificate as stored: hours in hundredths, lines as JSON, the ID number whole (masked by `present`). */
type CertRow = Omit<Certificate, 'idCard' | 'hours' | 'content' | 'fullId'> & { idCard: string | null; hoursX100: number; content: string; fullId: number }

const SELECT = `
  SELECT k.id, k.number, k.year, k.seq, k.member_id AS memberId, COALESCE(m.name, k.name) AS name, COALESCE(m.gender, k.gender) AS gender, m.id_card AS idCard,
         COALESCE(c.name, k.community_name) AS communityName, COALESCE(u.name, NULLIF(k.unit_name, '')) AS unitName,
         k.from_date AS "from", k.to_date AS "to", k.hours_x100 AS hoursX100, k.activities, k.claims, k.content, k.issuer, k.person_in_charge AS personInCharge,
         k.issued_on AS issuedOn, k.full_id AS fullId, k.reprints, k.reprinted_on AS reprintedOn, k.voided_on AS voidedOn, k.void_reason AS voidReason
  FROM certificate k LEFT JOIN member m ON m.id = k.member_id LEFT JOIN community c ON c.id = m.community_id LEFT JOIN unit u ON u.id = m.unit_id`

function present(r: CertRow): Certificate {
  const { idCard, hoursX100, content, fullId, ...rest } = r
  return { ...rest, idCard: maskIdCard(idCard), hours: hoursX100 / 100, content: JSON.parse(content) as CertificateLine[], fullId: fullId === 1 }
}

function certRow(db: DB, id: number): CertRow {
  const row = db.prepare(`${SELECT} WHERE k.id = ?`).get(id) as CertRow | undefined
  if (!row) throw notFound('该证明')
  return row
}

/** 石湾镇街道 → 石湾: the short name the numbers start with, until the clerk sets one. */
function defaultPrefix(org: string): string {
  return org.replace(/(镇街道办事处|街道办事处|镇街道|街道|办事处|镇|乡)$/, '').slice(0, 10) || '志愿'
}

const numberOf = (prefix: string, year: number, seq: number): string => `${prefix}〔${year}〕第${String(seq).padStart(4, '0')}号`

function register(db: DB, year: number, prefix: string): CertificateList['register'] {
  const r = db.prepare('SELECT COUNT(*) AS issued, COALESCE(SUM(voided_on IS NOT NULL), 0) AS voided, COALESCE(MAX(seq), 0) AS last FROM certificate WHERE year = ?').get(year) as {
    issued: number
    voided: number
    last: number
  }
  return { year, issued: r.issued, voided: r.voided, next: numberOf(prefix, year, r.last + 1) }
}

function defaults(db: DB): CertificateList['defaults'] {
  const issuer = getSetting(db, 'orgName') ?? ''
  return { issuer, prefix: getSetting(db, 'certificatePrefix') ?? defaultPrefix(issuer), personInCharge: getSetting(db, 'certificatePersonInCharge') ?? '' }
}

export function listCertificates(db: DB, q: Parsed<'certificate.list'>): CertificateList {
  const where: string[] = []
  const params: unknown[] = []
  if (q.year !== undefined) {
    where.push('k.year = ?')
    params.push(q.year)
  }
  if (q.memberId !== undefined) {
    where.push('k.member_id = ?')
    params.push(q.memberId)
  }
  if (q.keyword) {
    where.push("(k.number LIKE ? ESCAPE '\\' OR COALESCE(m.name, k.name) LIKE ? ESCAPE '\\' OR m.search LIKE ? ESCAPE '\\')")
    params.push(likePattern(q.keyword), likePattern(q.keyword), likePattern(q.keyword))
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : ''
  const total = db.prepare(`SELECT COUNT(*) FROM certificate k LEFT JOIN member m ON m.id = k.member_id ${w}`).pluck().get(...params) as number
  const rows = db.prepare(`${SELECT} ${w} ORDER BY k.year DESC, k.seq DESC LIMIT ? OFFSET ?`).all(...params, q.pageSize, (q.page - 1) * q.pageSize) as CertRow[]
  const d = defaults(db)
  return { ...toPage(rows.map(present), total, q.page, q.pageSize), defaults: d, register: register(db, q.year ?? +todayBeijing().slice(0, 4), d.prefix) }
}

export function previewCertificate(db: DB, q: Parsed<'certificate.preview'>): CertificatePreview {
  const m = db.prepare('SELECT id, name, id_card FROM member WHERE id = ?').get(q.memberId) as { id: number; name: string; id_card: string | null } | undefined
  if (!m) throw notFound('该党员')
  const s = servedIn(db, q.memberId, q.from, q.to)
  const issued = db
    .prepare('SELECT id, number, from_date AS "from", to_date AS "to", voided_on IS NOT NULL AS voided FROM certificate WHERE member_id = ? ORDER BY year, seq')
    .all(q.memberId) as Array<{ id: number; number: string; from: string; to: string; voided: number }>
  return {
    memberId: m.id, name: m.name, idCard: maskIdCard(m.id_card), from: q.from, to: q.to, hours: s.hoursX100 / 100, activities: s.activities, claims: s.claims, content: s.content,
    issued: issued.map((i) => ({ ...i, voided: i.voided === 1 }))
  }
}

/** Issues one certificate per member, numbered on from the year's register (the write's transaction keeps it gap-free). */
export function issueCertificates(db: DB, q: Parsed<'certificate.issue'>): { ids: number[]; numbers: string[]; fullId: boolean } {
  const today = todayBeijing()
  const issuedOn = q.issuedOn || today
  notAfterToday(issuedOn, '出具日期', 'issuedOn', today)
  if (q.to > issuedOn) throw new AppError('invalid', '证明的服务期间不能晚于出具日期。', { to: '不能晚于出具日期' })
  const issuer = getSetting(db, 'orgName') ?? ''
  if (!issuer) throw new AppError('invalid', '请先在"设置"中填写单位名称:它是证明的出具单位。')
  const ids = [...new Set(q.memberIds)]
  const served = ids.map((id) => {
    const m = db
      .prepare('SELECT m.name, m.gender, COALESCE(u.name, \'\') AS unit, COALESCE(c.name, \'\') AS community FROM member m LEFT JOIN unit u ON u.id = m.unit_id LEFT JOIN community c ON c.id = m.community_id WHERE m.id = ?')
      .get(id) as { name: string; gender: string; unit: string; community: string } | undefined
    if (!m) throw new AppError('invalid', '所选党员中有人已被删除,请刷新后重新选择。', { memberIds: '有党员不存在' })
    return { id, name: m.name, m, s: servedIn(db, id, q.from, q.to) }
  })
  const none = served.filter((x) => x.s.hoursX100 === 0 && x.s.activities + x.s.claims === 0)
  if (none.length) {
    throw new AppError('invalid', `${none.slice(0, 10).map((x) => x.name).join('、')}${none.length > 10 ? ` 等 ${none.length} 人` : ''}在 ${q.from} 至 ${q.to} 报到在册期间没有志愿服务记录,不能出具证明。请调整服务期间,或取消选择这些党员后再出具。`, {
      memberIds: '有党员没有服务记录'
    })
  }
  const year = +issuedOn.slice(0, 4)
  let seq = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM certificate WHERE year = ?').pluck().get(year) as number
  const ins = db.prepare(
    `INSERT INTO certificate (year, seq, number, member_id, name, gender, unit_name, community_name, from_date, to_date, hours_x100, activities, claims, content, issuer,
                              person_in_charge, issued_on, full_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const now = nowIso()
  const out = { ids: [] as number[], numbers: [] as string[], fullId: q.showFullId }
  for (const x of served) {
    seq++
    const number = numberOf(q.prefix, year, seq)
    out.ids.push(
      ins.run(year, seq, number, x.id, x.m.name, x.m.gender, x.m.unit, x.m.community, q.from, q.to, x.s.hoursX100, x.s.activities, x.s.claims, JSON.stringify(x.s.content), issuer, q.personInCharge, issuedOn, q.showFullId ? 1 : 0, now)
        .lastInsertRowid as number
    )
    out.numbers.push(number)
  }
  setSetting(db, 'certificatePrefix', q.prefix)
  setSetting(db, 'certificatePersonInCharge', q.personInCharge)
  return out
}

export function reprintCertificate(db: DB, q: Parsed<'certificate.reprint'>): Certificate {
  const c = certRow(db, q.id)
  if (c.voidedOn) throw new AppError('invalid', `证明${c.number}已作废,不能补发。`)
  db.prepare('UPDATE certificate SET reprints = reprints + 1, reprinted_on = ?, reprint_reason = ? WHERE id = ?').run(todayBeijing(), q.reason, q.id)
  return present(certRow(db, q.id))
}

export function voidCertificate(db: DB, q: Parsed<'certificate.void'>): Certificate {
  const c = certRow(db, q.id)
  if (c.voidedOn) throw new AppError('conflict', `证明${c.number}已经作废。`)
  db.prepare('UPDATE certificate SET voided_on = ?, void_reason = ? WHERE id = ?').run(todayBeijing(), q.reason, q.id)
  return present(certRow(db, q.id))
}

const period = (from: string, to: string): string => `${zhDate(from)}至${zhDate(to)}`

/** The certificates asked for, in register order, as printed; a voided one is refused. */
function printable(db: DB, ids: number[]): { rows: CertRow[]; pages: CertificatePage[] } {
  const rows = [...new Set(ids)].map((id) => certRow(db, id)).sort((a, b) => a.year - b.year || a.seq - b.seq)
  const voided = rows.filter((r) => r.voidedOn)
  if (voided.length) throw new AppError('invalid', `${voided.map((r) => r.number).join('、')}已作废,不能打印。`)
  const pages: CertificatePage[] = rows.map((r) => ({
    id: r.id,
    number: r.number,
    reprint: r.reprints ? reprintLine(r.reprintedOn!, r.issuedOn) : null,
    name: r.name,
    gender: r.gender,
    idText: r.idCard ? (r.fullId ? r.idCard : maskIdCard(r.idCard)) : '未登记',
    unit: r.unitName ?? '',
    community: r.communityName,
    period: period(r.from, r.to),
    hours: r.hoursX100 / 100,
    activities: r.activities,
    claims: r.claims,
    content: JSON.parse(r.content) as CertificateLine[],
    issuer: r.issuer,
    personInCharge: r.personInCharge,
    issuedOn: r.issuedOn
  }))
  return { rows, pages }
}

const fullIdsOf = (rows: CertRow[]): number => rows.filter((r) => r.fullId && r.idCard).length

export async function printCertificates(db: DB, q: Parsed<'certificate.print'>): Promise<FileOut & { numbers: string[]; fullIds: number }> {
  const { rows, pages } = printable(db, q.ids)
  const bytes = await certificateWorkbook(pages satisfies CertificatePrint[])
  const who = rows.length === 1 ? `${rows[0].name}_${rows[0].number}` : `${rows.length}份`
  return {
    fileName: safeFileName(`志愿服务记录证明_${who}.xlsx`),
    base64: bytes.toString('base64'),
    rows: rows.length,
    numbers: rows.map((r) => r.number),
    fullIds: fullIdsOf(rows)
  }
}

/** The print route's pages (#/print/certificate?ids=…): the same fields as the workbook, logged as a print. */
export function certificatePages(db: DB, q: Parsed<'certificate.pages'>): { pages: CertificatePage[]; numbers: string[]; fullIds: number } {
  const { rows, pages } = printable(db, q.ids)
  return { pages, numbers: rows.map((r) => r.number), fullIds: fullIdsOf(rows) }
}

const col = (key: string, title: string, width: number, numeric = false): ReportColumn => ({ key, title, width, ...(numeric ? { numeric } : {}) })

export async function exportCertificates(db: DB, q: Parsed<'certificate.export'>): Promise<FileOut> {
  const org = getSetting(db, 'orgName') ?? ''
  const all = db.prepare(`${SELECT} WHERE k.year = ? ORDER BY k.seq`).all(q.year) as CertRow[]
  const publicity = q.kind === 'publicity'
  const rows = publicity ? all.filter((r) => !r.voidedOn) : all
  const title = publicity ? '志愿服务证明公示名单' : '志愿服务证明登记簿'
  const { bytes, rows: n } = await reportWorkbook(
    [
      {
        name: title,
        title: `${org}${q.year}年${title}`,
        period: `${q.year}年出具的证明${publicity ? '(已作废的不列入)' : ',按编号排列,作废的保留编号并注明原因'}`,
        columns: publicity
          ? [col('name', '姓名', 10), col('unit', '工作单位', 26), col('community', '报到村居', 14), col('period', '服务期间', 26), col('hours', '服务时长(小时)', 10, true), col('number', '证明编号', 22)]
          : [
              col('number', '证明编号', 22), col('issuedOn', '出具日期', 11), col('name', '姓名', 10), col('unit', '工作单位', 24), col('community', '报到村居', 14),
              col('period', '服务期间', 24), col('hours', '服务时长(小时)', 10, true), col('personInCharge', '负责人', 9), col('status', '状态', 8), col('remark', '备注', 28)
            ],
        rows: function* () {
          for (const r of rows) {
            const common = { name: r.name, unit: r.unitName, community: r.communityName, period: `${r.from}至${r.to}`, hours: r.hoursX100 / 100, number: r.number }
            if (publicity) yield common
            else
              yield {
                ...common,
                issuedOn: r.issuedOn,
                personInCharge: r.personInCharge,
                status: r.voidedOn ? '已作废' : r.reprints ? '已补发' : '有效',
                remark: [r.voidedOn ? `${r.voidedOn}作废：${r.voidReason}` : '', r.reprints ? `补发${r.reprints}次，最近${r.reprintedOn}` : '', r.fullId ? '打印完整身份证号' : ''].filter(Boolean).join('；')
              }
          }
        },
        count: rows.length,
        sum: null,
        countLabel: '共 {n} 份',
        note: publicity
          ? '公示期间如有异议,请向出具单位反映。本名单不含身份证号和手机号。'
          : '编号按年度连续编排,不留空号:作废的证明保留编号并注明原因,补发的证明沿用原编号。'
      }
    ],
    { cancelled: false, progress: () => {} }
  )
  return { fileName: safeFileName(`${[org, title, `${q.year}年`].filter(Boolean).join('_')}.xlsx`), base64: bytes.toString('base64'), rows: n }
}

export const handlers: HandlersOf<'certificate'> = {
  'certificate.list': listCertificates,
  'certificate.preview': previewCertificate,
  'certificate.issue': issueCertificates,
  'certificate.reprint': reprintCertificate,
  'certificate.void': voidCertificate,
  'certificate.print': printCertificates,
  'certificate.export': exportCertificates,
  'certificate.pages': certificatePages
}

// ---------- the register across restores ----------

/**
 * Adds the certificates `bk` holds and main lacks (by number, or year and seq), unlinking members main does not hold:
 * a restore's merge, and the start-up restore's recovery of the certificates issued after its backup (backup.ts).
 */
export function addMissingFromBk(db: DB): number {
  const cols = (db.prepare("SELECT name FROM pragma_table_info('certificate', 'main') WHERE name != 'id'").pluck().all() as string[]).map((c) => `"${c}"`).join(', ')
  const added = db
    .prepare(
      `INSERT INTO main.certificate (${cols}) SELECT ${cols} FROM bk.certificate b
       WHERE NOT EXISTS (SELECT 1 FROM main.certificate k WHERE k.number = b.number OR (k.year = b.year AND k.seq = b.seq)) ORDER BY b.year, b.seq`
    )
    .run().changes
  db.prepare('UPDATE main.certificate SET member_id = NULL WHERE member_id IS NOT NULL AND member_id NOT IN (SELECT id FROM main.member)').run()
  return added
}

/**
 * Keeps the certificate register across a restore, as the log and the erasure register are kept: called inside
 * the restore's transaction, after the registers were replaced by the backup's (`bk` attached), with the
 * `certificate` table left as it was. Certificates the backup holds and the register lacks (lost by a restore
 * made before the register was kept) are added back; certificates whose member the restored data no longer holds
 * stay, as certified (name, unit, community), without the link. So a restore never lowers the next number and
 * never forgets an issued or voided certificate. Returns what the clerk is told.
 */
export function keepRegisterAcrossRestore(db: DB): { kept: number; later: number; added: number; unlinked: number; message: string } {
  const later = db.prepare('SELECT COUNT(*) FROM main.certificate k WHERE NOT EXISTS (SELECT 1 FROM bk.certificate b WHERE b.number = k.number)').pluck().get() as number
  const added = addMissingFromBk(db)
  const unlinked = db.prepare('SELECT COUNT(*) FROM main.certificate WHERE member_id IS NULL').pluck().get() as number
  const kept = db.prepare('SELECT COUNT(*) FROM main.certificate').pluck().get() as number
  const message = kept
    ? `志愿服务证明登记簿未随备份回退:共保留 ${kept} 份证明${later ? `(其中 ${later} 份是在该备份之后出具的)` : ''}${added ? `,并补回备份中的 ${added} 份` : ''},编号继续接续,不会重复。` +
      (unlinked ? `其中 ${unlinked} 份的党员不在恢复后的数据中,按出具时的姓名和单位保留。` : '')
    : ''
  return { kept, later, added, unlinked, message }
}
