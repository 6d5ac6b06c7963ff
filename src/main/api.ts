/**
 * The handler layer: validates every input against the contract's schema, runs the handler under its
 * method's policy (methods.ts), and turns any failure into a Chinese message. Both transports (Electron
 * IPC and browser mode) call `call`.
 */
import { z } from 'zod'
import { POLICIES, schemas, type Method, type Result } from '../shared/api'
import type { DB } from './db/open'
import { QUIET, invalid, toApiError, type CallContext } from './errors'
import type { Handlers } from './handler'
import { handlers as attendance } from './services/attendance'
import { handlers as audit, logCall, recordName } from './services/audit'
import { createBackup, handlers as backup } from './services/backup'
import { handlers as claim } from './services/claim'
import { handlers as community } from './services/community'
import { handlers as dashboard } from './services/dashboard'
import { handlers as demo } from './services/demo'
import { handlers as event } from './services/event'
import { handlers as expected } from './services/expected'
import { handlers as feedback } from './services/feedback'
import { handlers as importer, refuseUndo } from './services/import'
import { handlers as member } from './services/member'
import { handlers as need } from './services/need'
import { handlers as report } from './services/report'
import { handlers as settings } from './services/settings'
import { handlers as suggestion } from './services/suggestion'
import { handlers as unit } from './services/unit'
import { handlers as agreement } from './services/agreement'
import { handlers as pairing } from './services/pairing'
import { handlers as unitClaim } from './services/unitclaim'
import { handlers as assessment } from './services/assessment'
import { handlers as certificate } from './services/certificate'
import { handlers as unitFeedback } from './services/unitFeedback'

z.config(z.locales.zhCN())

export const handlers: Handlers = {
  ...settings, ...demo, ...community, ...unit, ...pairing, ...agreement, ...unitClaim, ...expected, ...member, ...event, ...attendance, ...importer, ...need, ...claim,
  ...suggestion, ...feedback, ...report, ...dashboard, ...audit, ...backup, ...assessment, ...certificate, ...unitFeedback
}

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(POLICIES, name)
}

type Args = Record<string, unknown>
const fail = (err: unknown): Result<never> => ({ ok: false, error: toApiError(err) })

/** Checks that refuse a change before its restore point is made, so a refused change leaves no copy behind. */
const REFUSE_BEFORE_BACKUP: Partial<Record<Method, (db: DB, args: Args) => void>> = {
  'import.undo': (db, a) => refuseUndo(db, a.id as number, a.overwriteEdits as boolean)
}

/** Validates and runs one call; a handler that writes a file or a backup answers asynchronously. */
export function call(db: DB, method: unknown, input: unknown, ctx: CallContext = QUIET): Result<unknown> | Promise<Result<unknown>> {
  if (!isMethod(method)) return { ok: false, error: { code: 'invalid', message: `未知的操作:${typeof method === 'string' ? method.slice(0, 60) : typeof method}` } }
  try {
    const parsed = schemas[method].safeParse(input)
    if (!parsed.success) return { ok: false, error: invalid(parsed.error) }
    const run = handlers[method] as (db: DB, input: unknown, ctx: CallContext) => unknown
    const args = parsed.data as Args
    const policy: { kind: string; backupFirst?: { reason: 'import' | 'undo' }; then?: { step: 'checkpoint' | 'readOnly' } } = POLICIES[method]

    if (policy.kind === 'read') {
      const data = run(db, args, ctx)
      if (data instanceof Promise) return data.then((d: unknown) => ({ ok: true, data: d }), fail)
      return { ok: true, data }
    }

    const before = recordName(db, method, args)
    const afterwards = (): void => {
      if (policy.then?.step === 'checkpoint') db.pragma('wal_checkpoint(TRUNCATE)')
      if (policy.then?.step === 'readOnly') db.pragma('query_only = ON')
    }
    if (policy.kind === 'asyncWrite' || policy.kind === 'file') {
      // logged once the change or the file exists
      return (run(db, args, ctx) as Promise<unknown>)
        .then((d: unknown) => {
          logCall(db, method, args, d as Args, before)
          afterwards()
          return { ok: true as const, data: d }
        })
        .catch(fail)
    }

    // a change and its log entry are written together, or not at all
    const changeAndLog = (): unknown => {
      const out = db
        .transaction(() => {
          const out = run(db, args, ctx)
          logCall(db, method, args, out as Args, before)
          return out
        })
        .immediate()
      afterwards()
      return out
    }
    if (policy.backupFirst) {
      REFUSE_BEFORE_BACKUP[method]?.(db, args)
      // the restore point exists, checked, before the change starts (for an import: its undo record plus today's daily copy)
      return createBackup(db, policy.backupFirst.reason)
        .then(() => ({ ok: true as const, data: changeAndLog() }))
        .catch(fail)
    }
    return { ok: true, data: changeAndLog() }
  } catch (err) {
    return fail(err)
  }
}

/** For callers that know the method answers at once (the bench, most tests). */
export function callNow(db: DB, method: unknown, input: unknown): Result<unknown> {
  const r = call(db, method, input)
  if (r instanceof Promise) throw new Error(`${String(method)} 是异步方法,请改用 await call()`)
  return r
}

