/**
 * Every method of the contract, by name, with its policy: what the handler layer does around it. Kept free
 * of imports so the sandboxed preload can bundle it. A method exists only by being listed here, so a
 * method without a policy cannot be written.
 *
 * - read: answers from the database, writes nothing and is not logged (sync or async).
 * - write: a synchronous change; the change and its operation-log entry are one IMMEDIATE transaction.
 *   Revealing a number is a write: its log entry is the change.
 * - asyncWrite: an asynchronous change (backups, restores); logged once it has happened.
 * - file: produces a file for the clerk (export, template, download); logged once the file exists.
 *
 * backupFirst: a restore point exists before the change starts: for an import, its own undo record plus today's
 * checked daily backup (made first if today has none); for an undo, a whole checked copy.
 * then: an extra step after the change is committed.
 */
export interface Policy {
  kind: 'read' | 'write' | 'asyncWrite' | 'file'
  backupFirst?: { reason: 'import' | 'undo'; why: string }
  then?: { step: 'checkpoint' | 'readOnly'; why: string }
}

const read = { kind: 'read' } as const
const write = { kind: 'write' } as const
const asyncWrite = { kind: 'asyncWrite' } as const
const file = { kind: 'file' } as const

export const POLICIES = {
  'app.info': read,
  'settings.update': write,
  'settings.needCategories': write,
  'demo.load': write,

  'community.list': read,
  'community.options': read,
  'community.get': read,
  'community.create': write,
  'community.update': write,
  'community.remove': write,
  'community.restore': write,

  'unit.list': read,
  'unit.options': read,
  'unit.get': read,
  'unit.create': write,
  'unit.update': write,
  'unit.remove': write,
  'unit.restore': write,
  'unit.record': read,
  'unit.ledger': file,

  'pairing.list': read,
  'pairing.add': write,
  'pairing.end': write,
  'pairing.edit': write,
  'pairing.remove': write,

  'agreement.list': read,
  'agreement.save': write,
  'agreement.remove': write,
  'agreement.scan': file,
  'agreement.expiring': read,

  'unitClaim.list': read,
  'unitClaim.add': write,
  'unitClaim.update': write,
  'unitClaim.serve': write,

  'expected.list': read,
  'expected.add': write,
  'expected.remove': write,

  'member.list': read,
  'member.get': read,
  'member.reveal': write,
  'member.create': write,
  'member.update': write,
  'member.remove': write,
  'member.restore': write,
  'member.attendance': read,
  'member.history': read,
  'member.editSpan': write,
  'member.batch': write,
  'member.export': file,
  'member.erase': { kind: 'write', then: { step: 'checkpoint', why: 'erased personal data must not linger in the write-ahead log' } },

  'event.list': read,
  'event.get': read,
  'event.create': write,
  'event.update': write,
  'event.remove': write,
  'event.restore': write,

  'attendance.list': read,
  'attendance.add': write,
  'attendance.update': write,
  'attendance.remove': write,

  'import.read': read,
  'import.check': read,
  'import.commit': {
    kind: 'write',
    backupFirst: {
      reason: 'import',
      why: "an import can change thousands of records at once; its restore point is its own undo record, plus today's full checked backup, made first only if today has none (no whole copy per import)"
    }
  },
  'import.list': read,
  'import.undoCheck': read,
  'import.undo': {
    kind: 'write',
    backupFirst: { reason: 'undo', why: 'undoing an import removes and restores many records at once, over any hand edits made to them since; a whole copy keeps those' }
  },
  'import.template': file,
  'import.rejects': file,

  'need.list': read,
  'need.get': read,
  'need.create': write,
  'need.update': write,
  'need.close': write,
  'need.reopen': write,
  'need.suggest': read,

  'claim.list': read,
  'claim.add': write,
  'claim.update': write,

  'suggestion.list': read,
  'suggestion.create': write,
  'suggestion.toNeed': write,

  'feedback.list': read,
  'feedback.create': write,

  'report.get': read,
  'report.export': file,
  'report.cancel': read,

  'dashboard.get': read,

  'audit.list': read,

  'backup.list': read,
  'backup.create': asyncWrite,
  'backup.download': file,
  'backup.restore': asyncWrite,
  'backup.restoreFile': asyncWrite,
  'backup.moveData': { kind: 'asyncWrite', then: { step: 'readOnly', why: 'after the data moved, nothing may be typed into the old file before the restart' } },

  'assessment.scheme': read,
  'assessment.saveScheme': write,
  'assessment.results': read,
  'assessment.member': read,
  'assessment.atRisk': read,
  'assessment.summary': read,
  'assessment.confirm': write,
  'assessment.reopen': write,
  'assessment.adjust': write,
  'assessment.voidAdjustment': write,
  'assessment.rereport': write,
  'assessment.removeRereport': write,
  'assessment.export': file,

  'certificate.list': read,
  'certificate.preview': read,
  'certificate.issue': write,
  'certificate.reprint': write,
  'certificate.void': write,
  'certificate.print': file,
  'certificate.export': file,
  // the print route's pages show what is printed (a whole ID number where the clerk chose it): logged as a print is
  'certificate.pages': write,

  'unitFeedback.list': read,
  'unitFeedback.export': file,
  'unitFeedback.exportAll': file,
  'unitFeedback.mark': write
} as const satisfies Record<string, Policy>

export type Method = keyof typeof POLICIES
export const METHODS = Object.keys(POLICIES) as Method[]
export type PolicyOf<M extends Method> = (typeof POLICIES)[M]

/** The one IPC channel every call travels on. */
export const IPC_CHANNEL = 'redvest:call'

/** Where main reports the progress of long work (imports) to the page. */
export const PROGRESS_CHANNEL = 'redvest:progress'

export interface Progress {
  task: string
  done: number
  total: number
}
