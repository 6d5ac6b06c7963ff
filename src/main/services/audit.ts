/** The operation log (操作日志): every change, import, undo, export and reveal of a number, with who and when. */
import type { AuditEntry, Method, Page, Parsed } from '../../shared/api'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { likePattern, nowIso, toPage } from './common'
import { getSetting } from './settings'

const LABELS: Record<string, string> = {
  community: '村居', unit: '单位', member: '党员', event: '活动', need: '服务清单项目', claim: '认领', suggestion: '意见建议',
  feedback: '群众评价', attendance: '签到', pairing: '单位报到', agreement: '共建协议', unitClaim: '共建项目'
}
const TABLES: Record<string, string> = { community: 'community', unit: 'unit', member: 'member', event: 'event', need: 'need' }
const VERBS: Record<string, string> = { create: '新建', update: '修改', restore: '恢复', close: '关闭', reopen: '重新开放', add: '新建' }

type Any = Record<string, unknown> & { id?: number }

/** The name of the record a call is about, read before the call changes it. */
export function recordName(db: DB, method: Method, input: Any): string {
  const [feature] = method.split('.')
  const table = TABLES[feature]
  if (!table || typeof input.id !== 'number') return ''
  const row = db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(input.id) as Any | undefined
  return String(row?.name ?? row?.title ?? '')
}

function describe(method: Method, input: Any, out: Any, before: string): { kind: string; record: string; summary: string } {
  const [feature, verb] = method.split('.')
  const label = LABELS[feature] ?? ''
  const id = (out?.id ?? input.id) as number | undefined
  const record = id ? `${label}#${id}` : label
  const name = String(out?.name ?? out?.title ?? before ?? '')
  switch (method) {
    case 'member.erase':
      return {
        kind: '注销个人信息',
        record,
        summary: `应本人要求注销党员#${id}的个人信息(统计数据保留;${out.backupsRewritten} 个备份已同步删除${(out.backupsFailed as string[]).length ? `,${(out.backupsFailed as string[]).length} 个备份未能改写,恢复时会再次注销` : ''})`
      }
    case 'member.reveal':
      return { kind: '查看号码', record, summary: `查看党员"${before}"的完整${{ phone: '手机号', idCard: '身份证号', both: '手机号和身份证号（编辑时）' }[input.field as string] ?? '手机号和身份证号'}` }
    case 'attendance.add':
      return { kind: '签到', record: `活动#${input.eventId}`, summary: `为活动#${input.eventId}签到 ${out.added} 人(已签到未重复 ${out.already} 人)` }
    case 'attendance.update':
      return { kind: '修改', record: `签到#${input.id}`, summary: `签到#${input.id}的服务时长改为 ${input.hours} 小时` }
    case 'attendance.remove':
      return { kind: '删除', record: '签到', summary: `移除签到 ${out.removed} 条` }
    case 'import.commit':
      if (input.kind === 'unit') {
        return { kind: '导入', record: `导入批次#${out.id}`, summary: `导入单位名单"${input.fileName}":新建单位 ${out.unitsCreated} 个,更新 ${out.unitsUpdated} 个,新增结对 ${out.pairingsCreated} 条,跳过 ${out.skipped} 行` }
      }
      return { kind: '导入', record: `导入批次#${out.id}`, summary: `导入${input.kind === 'roster' ? '名册' : '签到表'}"${input.fileName}":新增 ${out.membersCreated} 人,更新 ${out.membersUpdated} 人,签到 ${out.attendance} 人次,跳过 ${out.skipped} 行` }
    case 'import.undo':
      return { kind: '撤销导入', record: `导入批次#${input.id}`, summary: `撤销第 ${input.id} 批导入"${out.fileName}"` }
    case 'import.template':
      return { kind: '导出', record: '模板', summary: `下载模板"${out.fileName}"` }
    case 'import.rejects':
      return { kind: '导出', record: '未导入的行', summary: `导出未导入的行"${out.fileName}"` }
    case 'report.export':
      return {
        kind: input.full ? '完整导出' : '导出',
        record: '报表',
        summary: `${input.full ? '完整导出(含完整手机号)' : '导出'}"${out.fileName}":${input.from} 至 ${input.to}${input.communityId ? `,村居#${input.communityId}` : ''}${input.unitId ? `,单位#${input.unitId}` : ''},共 ${out.rows} 行`
      }
    case 'claim.add':
      return { kind: '认领', record: `服务清单项目#${input.needId}`, summary: `为"${(out.need as Any).title}"登记认领 ${out.added} 人${input.overPlaces ? '(超额认领)' : ''}` }
    case 'claim.update':
      return { kind: '修改', record, summary: `认领#${id}改为"${input.status}"${input.hours !== undefined ? `,服务时长 ${input.hours} 小时` : ''}` }
    case 'suggestion.toNeed':
      return { kind: '新建', record: `服务清单项目#${(out.need as Any).id}`, summary: `由座谈会意见建议新建服务清单项目"${(out.need as Any).title}"` }
    case 'settings.update':
    case 'settings.needCategories':
      return { kind: '设置', record: '设置', summary: method === 'settings.update' ? `单位名称设为"${input.orgName}",操作员设为"${input.operator}"${input.halfDayHours !== undefined ? `,半天按 ${input.halfDayHours} 小时、全天按 ${input.fullDayHours ?? '原值'} 小时计` : ''}` : `服务清单类别改为:${(input.categories as string[]).join('、')}` }
    case 'backup.create':
      return { kind: '备份', record: '备份', summary: `手动备份"${out.name}"` }
    case 'backup.download':
      return { kind: '备份', record: '备份', summary: `下载数据备份"${out.fileName}"` }
    case 'backup.restore':
    case 'backup.restoreFile':
      return { kind: '恢复', record: '数据库', summary: `从${method === 'backup.restore' ? '备份' : '文件'}"${out.restored}"恢复全部台账(恢复前已自动备份)${out.kept ? `;${out.kept}` : ''}` }
    case 'expected.add':
      return { kind: '修改', record: `单位#${input.unitId}`, summary: `${input.replace ? '更换' : '添加'}应报到名单:新增 ${out.added} 人${out.removed ? `,移除原名单 ${out.removed} 人` : ''}${out.skipped ? `,重复未加 ${out.skipped} 人` : ''}` }
    case 'expected.remove':
      return { kind: '删除', record: '应报到名单', summary: `从应报到名单移除 ${out.removed} 人` }
    case 'member.batch':
      return { kind: '修改', record: '党员', summary: `批量${input.action === 'transfer' ? '转出' : '迁居'} ${out.changed} 人(自 ${input.changedOn} 起)${(out.skipped as string[]).length ? `,${(out.skipped as string[]).length} 人未改动` : ''}` }
    case 'member.export':
      return { kind: '导出', record: '党员名单', summary: `导出所选党员名单"${out.fileName}"(手机号已隐藏),共 ${out.rows} 人` }
    case 'member.editSpan':
      return { kind: '修改', record: '报到记录', summary: `更正报到记录#${input.id}的日期:${input.startDate} 起${input.endedOn ? `,至 ${input.endedOn}` : ''}` }
    case 'backup.moveData':
      return { kind: '设置', record: '数据文件夹', summary: `数据迁移到"${out.folder}"(下次启动起使用新文件夹)` }
    case 'pairing.add':
      return { kind: '新建', record: `单位#${input.unitId}`, summary: `单位"${out.unitName}"自 ${out.startDate} 起与"${out.communityName}"结对(单位报到)` }
    case 'pairing.end':
      return { kind: '修改', record: `单位#${out.unitId}`, summary: `结束单位"${out.unitName}"与"${out.communityName}"的结对(自 ${out.endedOn} 起)${input.reason ? `,原因:${input.reason}` : ''}` }
    case 'pairing.edit':
      return { kind: '修改', record: `单位#${out.unitId}`, summary: `更正单位"${out.unitName}"与"${out.communityName}"的结对日期:${out.startDate} 起${out.endedOn ? `,至 ${out.endedOn}` : ''}` }
    case 'pairing.remove':
      return { kind: '删除', record: '单位报到', summary: `删除结对记录#${input.id}` }
    case 'agreement.save':
      return {
        kind: input.id ? '修改' : '新建',
        record: `单位#${out.unitId}`,
        summary: `${input.id ? '修改' : '登记'}"${out.unitName}"与"${out.communityName}"的共建协议(${out.validFrom} 至 ${out.validTo})${input.scan ? `,上传扫描件"${out.scanName}"` : input.scan === null ? ',删除扫描件' : ''}`
      }
    case 'agreement.remove':
      return { kind: '删除', record: '共建协议', summary: `删除共建协议#${input.id}` }
    case 'agreement.scan':
      return { kind: '导出', record: `共建协议#${input.id}`, summary: `查看共建协议扫描件"${out.fileName}"` }
    case 'unitClaim.add':
      return { kind: '认领', record: `服务清单项目#${input.needId}`, summary: `"${out.unitName}"认领共建项目"${out.needTitle}"${out.overPlaces ? '(超额认领)' : ''}` }
    case 'unitClaim.update':
      return { kind: '修改', record: `单位#${out.unitId}`, summary: `共建项目"${out.needTitle}"(${out.unitName})改为"${input.status}"` }
    case 'unitClaim.serve':
      return { kind: '修改', record: `单位#${out.unitId}`, summary: `登记共建项目"${out.needTitle}"的参与党员 ${(out.members as unknown[]).length} 人,共 ${out.hours} 小时` }
    case 'unit.ledger':
      return { kind: '导出', record: `单位#${input.id}`, summary: `导出"${out.fileName}":${input.from} 至 ${input.to}` }
    case 'demo.load':
      return { kind: '新建', record: '演示数据', summary: `加载演示数据:${out.communities} 个村居、${out.members} 名党员` }
  }
  if (feature === 'assessment' || feature === 'certificate' || feature === 'unitFeedback') return describeAssessment(method, input, out)
  if (verb === 'remove') {
    const archived = out?.outcome === 'archived'
    return { kind: archived ? '归档' : '删除', record, summary: `${archived ? '归档' : '删除'}${label}"${before}"` }
  }
  return { kind: VERBS[verb] === '关闭' || VERBS[verb] === '重新开放' ? '修改' : (VERBS[verb] ?? '修改'), record, summary: `${VERBS[verb] ?? '修改'}${label}${name ? `"${name}"` : ''}` }
}

export function logCall(db: DB, method: Method, input: Any, out: Any, before: string): void {
  const d = describe(method, input, out, before)
  appendLog(db, d.kind, method, d.record, d.summary)
}

/** One entry in the operation log, now, by the operator set in 设置. */
export function appendLog(db: DB, kind: string, method: string, record: string, summary: string): void {
  db.prepare('INSERT INTO audit (at, operator, kind, method, record, summary) VALUES (?, ?, ?, ?, ?, ?)').run(nowIso(), getSetting(db, 'operator') ?? '', kind, method, record, summary)
}

const BY_LABEL = Object.fromEntries(Object.entries(LABELS).filter(([k]) => TABLES[k]).map(([k, label]) => [label, TABLES[k]]))

/** 党员#12 → 党员 张三: the record's name as it is now, so the log shows names without storing them twice. */
function liveName(db: DB, record: string): string {
  const m = /^(.+)#(\d+)$/.exec(record)
  const table = m && BY_LABEL[m[1]]
  if (!table) return record
  const row = db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(Number(m[2])) as Any | undefined
  const name = row?.name ?? row?.title
  return name ? `${m[1]} ${String(name)}` : `${m[1]}(已删除)`
}

/**
 * A log entry carried over from a damaged file by the start-up restore: a record the restored data does not hold is
 * named as not recovered, because ids are reused and the next record created would otherwise lend it its name.
 */
export function carriedRecord(db: DB, record: string): string {
  const m = /^(.+)#(\d+)$/.exec(record)
  const table = m && BY_LABEL[m[1]]
  if (!table) return record
  return db.prepare(`SELECT 1 FROM main.${table} WHERE id = ?`).get(Number(m[2])) ? record : `${m[1]}(未能恢复)`
}

export function listAudit(db: DB, q: Parsed<'audit.list'>): Page<AuditEntry> & { kinds: string[]; operators: string[] } {
  const where: string[] = []
  const params: unknown[] = []
  const add = (cond: string, v: unknown): void => {
    if (v === '' || v === undefined) return
    where.push(cond)
    params.push(v)
  }
  add('at >= ?', q.from && new Date(`${q.from}T00:00:00+08:00`).toISOString())
  add('at < ?', q.to && new Date(new Date(`${q.to}T00:00:00+08:00`).getTime() + 86_400_000).toISOString())
  add('operator = ?', q.operator)
  add('kind = ?', q.kind)
  add("(summary LIKE ? ESCAPE '\\' OR record LIKE ? ESCAPE '\\')", q.keyword && likePattern(q.keyword))
  if (q.keyword) params.push(likePattern(q.keyword))
  const w = where.length ? `WHERE ${where.join(' AND ')}` : ''
  const total = db.prepare(`SELECT COUNT(*) FROM audit ${w}`).pluck().get(...params) as number
  const rows = db.prepare(`SELECT id, at, operator, kind, method, record, summary FROM audit ${w} ORDER BY id DESC LIMIT ? OFFSET ?`).all(...params, q.pageSize, (q.page - 1) * q.pageSize) as Array<Omit<AuditEntry, 'recordName'>>
  return {
    ...toPage(rows.map((r) => ({ ...r, recordName: liveName(db, r.record) })), total, q.page, q.pageSize),
    kinds: db.prepare('SELECT DISTINCT kind FROM audit ORDER BY kind').pluck().all() as string[],
    operators: db.prepare("SELECT DISTINCT operator FROM audit WHERE operator != '' ORDER BY operator").pluck().all() as string[]
  }
}

export const handlers: HandlersOf<'audit'> = {
  'audit.list': listAudit
}

const PERIOD_WORDS: Record<string, string> = { Y: '全年', H1: '上半年', H2: '下半年' }

/** The log's wording for 考核 and 志愿服务证明. */
function describeAssessment(method: Method, input: Any, out: Any): { kind: string; record: string; summary: string } {
  const period = `${input.year}年${PERIOD_WORDS[String(input.period)] ?? ''}`
  const points = (n: number): string => `${n > 0 ? '加' : '扣'} ${Math.abs(n)} 分`
  switch (method) {
    case 'assessment.saveScheme':
      return { kind: '设置', record: `考核方案${input.year}`, summary: `保存${input.year}年考核方案第 ${out.version} 版"${out.name}"${input.note ? `:${input.note}` : ''}` }
    case 'assessment.confirm':
      return { kind: '确认', record: `考核${period}`, summary: `确认${period}考核结果:${out.members} 名党员(方案第 ${out.schemeVersion} 版),此后数据变动不再改变该期结果` }
    case 'assessment.reopen':
      return { kind: '重新打开', record: `考核${period}`, summary: `重新打开${period}考核结果,原因:${input.reason};结果重新按当前数据计算` }
    case 'assessment.adjust':
      return { kind: '加减分', record: `党员#${out.memberId}`, summary: `为党员"${out.name}"登记${points(out.points as number)}(${out.date}):${out.reason}` }
    case 'assessment.voidAdjustment':
      return { kind: '加减分', record: `党员#${out.memberId}`, summary: `作废党员"${out.name}"的加减分#${out.id}(${out.date},${points(out.points as number)}),原因:${input.reason}` }
    case 'assessment.rereport':
      return { kind: '复报到', record: '复报到', summary: `登记 ${out.date} 复报到 ${out.added} 人${out.already ? `(已登记过 ${out.already} 人)` : ''}` }
    case 'assessment.removeRereport':
      return { kind: '复报到', record: `党员#${out.memberId}`, summary: `删除党员#${out.memberId}在 ${out.date} 的复报到确认` }
    case 'assessment.export':
      return { kind: '导出', record: '考核', summary: `导出"${out.fileName}",共 ${out.rows} 行` }
    case 'certificate.issue': {
      const numbers = out.numbers as string[]
      return {
        kind: '出具证明',
        record: '志愿服务证明',
        summary: `出具志愿服务证明 ${numbers.length} 份(${numbers.length > 1 ? `${numbers[0]}至${numbers[numbers.length - 1]}` : numbers[0]}),服务期间 ${input.from} 至 ${input.to}${out.fullId ? ',选择打印完整身份证号' : ''}`
      }
    }
    case 'certificate.reprint':
      return { kind: '补发', record: `证明${out.number}`, summary: `补发志愿服务证明${out.number}(党员#${out.memberId}),原因:${input.reason}` }
    case 'certificate.void':
      return { kind: '作废', record: `证明${out.number}`, summary: `作废志愿服务证明${out.number}(党员#${out.memberId}),原因:${input.reason};编号保留` }
    case 'certificate.print':
    case 'certificate.pages': {
      const numbers = out.numbers as string[]
      return {
        kind: '打印',
        record: '志愿服务证明',
        summary: `${method === 'certificate.pages' ? '打开打印页:' : ''}打印志愿服务证明 ${numbers.length} 份:${numbers.slice(0, 5).join('、')}${numbers.length > 5 ? ' 等' : ''}${out.fullIds ? `;其中 ${out.fullIds} 份含完整身份证号` : ''}`
      }
    }
    case 'certificate.export':
      return { kind: '导出', record: '志愿服务证明', summary: `导出"${out.fileName}",共 ${out.rows} 份` }
    case 'unitFeedback.export':
      return { kind: '导出', record: `单位#${input.unitId}`, summary: `导出${period}表现反馈表"${out.fileName}"(${out.unitName}),共 ${out.rows} 人` }
    case 'unitFeedback.exportAll':
      return { kind: '导出', record: '反馈单位', summary: `导出${period}表现反馈表"${out.fileName}":${out.units} 个单位,共 ${out.rows} 人` }
    case 'unitFeedback.mark': {
      const units = out.units as string[]
      const which = `${units.slice(0, 5).join('、')}${units.length > 5 ? ` 等 ${units.length} 个单位` : ''}`
      const what = { sent: `登记已发送(${out.date})`, receipted: `登记已回执(${out.date})`, unsent: '撤销发送登记', unreceipted: '撤销回执登记' }[out.what as string]
      return { kind: '反馈单位', record: `反馈单位${period}`, summary: `${period}表现反馈表:${which}${what},改动 ${out.changed} 个` }
    }
  }
  return { kind: '修改', record: '考核', summary: method }
}
