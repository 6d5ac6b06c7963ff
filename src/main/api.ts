/**
 * The handler layer: validates every input against the contract's schema, runs the service, and turns
 * any failure into a Chinese message. Both transports (Electron IPC and browser mode) call `call`.
 */
import { z } from 'zod'
import { METHODS, schemas, type ApiError, type Method, type Output, type Parsed, type Progress, type Result } from '../shared/api'
import type { DB } from './db/open'
import * as attendance from './services/attendance'
import * as backup from './services/backup'
import { isAudited, listAudit, logCall, LOGGED_AFTER, recordName } from './services/audit'
import { AppError } from './services/common'
import * as community from './services/community'
import { seedDemo } from './services/demo'
import * as event from './services/event'
import * as feedback from './services/feedback'
import * as forum from './services/forum'
import * as importer from './services/importer'
import * as member from './services/member'
import * as need from './services/need'
import * as report from './services/report'
import { appInfo, updateNeedCategories, updateSettings } from './services/settings'
import * as unit from './services/unit'

z.config(z.locales.zhCN())

/** What a handler may use besides the database: a way to report progress on long work. */
export interface CallContext {
  progress(p: Progress): void
}
const QUIET: CallContext = { progress: () => {} }

type Handlers = { [M in Method]: (db: DB, input: Parsed<M>, ctx: CallContext) => Output<M> | Promise<Output<M>> }

export const handlers: Handlers = {
  'app.info': (db) => appInfo(db),
  'settings.update': updateSettings,
  'demo.load': (db) => seedDemo(db, 'shiwan'),

  'community.list': community.listCommunities,
  'community.options': (db) => community.communityOptions(db),
  'community.get': (db, { id }) => community.getCommunity(db, id),
  'community.create': community.createCommunity,
  'community.update': community.updateCommunity,
  'community.remove': (db, { id }) => community.removeCommunity(db, id),
  'community.restore': (db, { id }) => community.restoreCommunity(db, id),

  'unit.list': unit.listUnits,
  'unit.options': (db) => unit.unitOptions(db),
  'unit.get': (db, { id }) => unit.getUnit(db, id),
  'unit.create': unit.createUnit,
  'unit.update': unit.updateUnit,
  'unit.remove': (db, { id }) => unit.removeUnit(db, id),
  'unit.restore': (db, { id }) => unit.restoreUnit(db, id),

  'member.list': member.listMembers,
  'member.get': (db, { id }) => member.getMember(db, id),
  'member.reveal': (db, { id }) => member.revealMember(db, id),
  'member.create': member.createMember,
  'member.update': member.updateMember,
  'member.remove': (db, { id }) => member.removeMember(db, id),
  'member.restore': (db, { id }) => member.restoreMember(db, id),
  'member.attendance': member.memberAttendance,
  'member.erase': (db, { id }) => member.eraseMember(db, id),

  'event.list': event.listEvents,
  'event.get': (db, { id }) => event.getEvent(db, id),
  'event.create': event.createEvent,
  'event.update': event.updateEvent,
  'event.remove': (db, { id }) => event.removeEvent(db, id),
  'event.restore': (db, { id }) => event.restoreEvent(db, id),

  'attendance.list': attendance.listAttendance,
  'attendance.add': attendance.addAttendance,
  'attendance.update': attendance.updateAttendance,
  'attendance.remove': attendance.removeAttendance,

  'import.read': importer.readImport,
  'import.check': importer.checkImport,
  'import.commit': importer.commitImport,
  'import.list': importer.listImports,
  'import.undo': (db, { id }) => importer.undoImport(db, id),
  'import.template': importer.importTemplate,
  'import.rejects': importer.rejectedRowsFile,

  'need.list': need.listNeeds,
  'need.get': (db, { id }) => need.getNeed(db, id),
  'need.create': need.createNeed,
  'need.update': need.updateNeed,
  'need.close': need.closeNeed,
  'need.reopen': (db, { id }) => need.reopenNeed(db, id),
  'need.suggest': need.suggestMembers,
  'claim.list': need.listClaims,
  'claim.add': need.addClaims,
  'claim.update': need.updateClaim,
  'suggestion.list': (db, { eventId }) => forum.listSuggestions(db, eventId),
  'suggestion.create': forum.createSuggestion,
  'suggestion.toNeed': forum.suggestionToNeed,
  'feedback.list': feedback.listFeedback,
  'feedback.create': feedback.createFeedback,
  'unit.record': unit.unitRecord,
  'settings.needCategories': updateNeedCategories,
  'report.get': report.getReport,
  'report.export': report.exportReports,
  'report.cancel': (_db, { jobId }) => report.cancelExport(jobId),
  'dashboard.get': report.getDashboard,
  'audit.list': listAudit,
  'backup.list': (db) => ({ dir: backup.backupDir(db), backups: backup.listBackups(db) }),
  'backup.create': (db) => backup.createBackup(db, 'manual'),
  'backup.download': (db) => backup.downloadBackup(db),
  'backup.restore': (db, { name }) => backup.restoreBackup(db, name),
  'backup.restoreFile': (db, { fileName, base64 }) => backup.restoreFile(db, fileName, base64)
}

/** Changes that could lose much at once get a backup first. */
const BACKUP_FIRST: Partial<Record<Method, 'import' | 'undo'>> = { 'import.commit': 'import', 'import.undo': 'undo' }

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && (METHODS as readonly string[]).includes(name)
}

function invalid(error: z.ZodError): ApiError {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_'
    fields[key] ??= issue.message
  }
  const messages = [...new Set(Object.values(fields))]
  return { code: 'invalid', message: `请检查:${messages.join(';')}`, fields }
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof AppError) return { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) }
  if (err instanceof z.ZodError) return invalid(err)
  const code = (err as { code?: string }).code ?? ''
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return { code: 'conflict', message: '这条记录与已有记录冲突(重复或仍被引用),未保存。请刷新后核对再试。' }
  }
  if (code === 'SQLITE_BUSY') return { code: 'internal', message: '数据库正忙,请稍后再试。' }
  console.error(err)
  return { code: 'internal', message: `操作未完成,数据未改动。请重试;如反复出现,请联系技术支持(${String((err as Error)?.message ?? err).slice(0, 200)})。` }
}

/** Validates and runs one call; a handler that writes a file answers asynchronously. */
export function call(db: DB, method: unknown, input: unknown, ctx: CallContext = QUIET): Result<unknown> | Promise<Result<unknown>> {
  if (!isMethod(method)) return { ok: false, error: { code: 'invalid', message: `未知的操作:${typeof method === 'string' ? method.slice(0, 60) : typeof method}` } }
  try {
    const parsed = schemas[method].safeParse(input)
    if (!parsed.success) return { ok: false, error: invalid(parsed.error) }
    const run = handlers[method] as (db: DB, input: unknown, ctx: CallContext) => unknown
    const args = parsed.data as Record<string, unknown>
    if (!isAudited(method)) {
      const data = run(db, args, ctx)
      if (data instanceof Promise) return data.then((d: unknown) => ({ ok: true, data: d }), (err: unknown) => ({ ok: false, error: toApiError(err) }))
      return { ok: true, data }
    }
    const before = recordName(db, method, args)
    // a change and its log entry are written together, or not at all
    const changeAndLog = (): unknown =>
      db.transaction(() => {
        const out = run(db, args, ctx)
        logCall(db, method, args, out as Record<string, unknown>, before)
        return out
      }).immediate()
    const backupReason = BACKUP_FIRST[method]
    if (backupReason) {
      // the backup is checked before the change starts
      return backup
        .createBackup(db, backupReason)
        .then(() => ({ ok: true as const, data: changeAndLog() }))
        .catch((err: unknown) => ({ ok: false as const, error: toApiError(err) }))
    }
    if (LOGGED_AFTER.has(method)) {
      return (run(db, args, ctx) as Promise<unknown>).then(
        (d: unknown) => (logCall(db, method, args, d as Record<string, unknown>, before), { ok: true, data: d }),
        (err: unknown) => ({ ok: false, error: toApiError(err) })
      )
    }
    const data = changeAndLog()
    // erased personal data must not linger in the write-ahead log either
    if (method === 'member.erase') db.pragma('wal_checkpoint(TRUNCATE)')
    return { ok: true, data }
  } catch (err) {
    return { ok: false, error: toApiError(err) }
  }
}

/** For callers that know the method answers at once (the bench, most tests). */
export function callNow(db: DB, method: unknown, input: unknown): Result<unknown> {
  const r = call(db, method, input)
  if (r instanceof Promise) throw new Error(`${String(method)} 是异步方法,请改用 await call()`)
  return r
}
