/** Every method of the contract, by name. Kept free of imports so the sandboxed preload can bundle it. */
export const METHODS = [
  'app.info',
  'settings.update',
  'demo.load',
  'community.list',
  'community.options',
  'community.get',
  'community.create',
  'community.update',
  'community.remove',
  'community.restore',
  'unit.list',
  'unit.options',
  'unit.get',
  'unit.create',
  'unit.update',
  'unit.remove',
  'unit.restore',
  'member.list',
  'member.get',
  'member.reveal',
  'member.create',
  'member.update',
  'member.remove',
  'member.restore',
  'member.attendance',
  'member.erase',
  'event.list',
  'event.get',
  'event.create',
  'event.update',
  'event.remove',
  'event.restore',
  'attendance.list',
  'attendance.add',
  'attendance.update',
  'attendance.remove',
  'import.read',
  'import.check',
  'import.commit',
  'import.list',
  'import.undo',
  'import.template',
  'import.rejects',
  'need.list',
  'need.get',
  'need.create',
  'need.update',
  'need.close',
  'need.reopen',
  'need.suggest',
  'claim.list',
  'claim.add',
  'claim.update',
  'suggestion.list',
  'suggestion.create',
  'suggestion.toNeed',
  'feedback.list',
  'feedback.create',
  'unit.record',
  'settings.needCategories',
  'report.get',
  'report.export',
  'report.cancel',
  'dashboard.get',
  'audit.list',
  'backup.list',
  'backup.create',
  'backup.download',
  'backup.restore',
  'backup.restoreFile'
] as const

export type Method = (typeof METHODS)[number]

/** The one IPC channel every call travels on. */
export const IPC_CHANNEL = 'redvest:call'

/** Where main reports the progress of long work (imports) to the page. */
export const PROGRESS_CHANNEL = 'redvest:progress'

export interface Progress {
  task: string
  done: number
  total: number
}
