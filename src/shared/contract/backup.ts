/** 备份与恢复: checked copies of the database, and restoring one. */
import { z } from 'zod'
import { empty, required, type FileOut } from '../fields'

export const backupSchemas = {
  'backup.list': empty,
  'backup.create': empty,
  'backup.download': empty,
  'backup.restore': z.object({ name: z.string({ error: '请选择备份' }).regex(/^redvest-\d{8}-\d{6}-[a-z]+\.sqlite$/, { error: '备份名称无效' }) }),
  /** an absolute folder on this PC to move the data to; the app opens it from the next start */
  'backup.moveData': z.object({ folder: required('新的数据文件夹', 260) }),
  'backup.restoreFile': z.object({
    fileName: required('文件名', 200),
    base64: z.string({ error: '缺少文件内容' }).min(1, { error: '文件是空的' }).max(Math.ceil((500 * 1024 * 1024) / 3) * 4, { error: '文件超过 500 MB' })
  })
}

export interface Backup {
  name: string
  reason: 'daily' | 'migration' | 'import' | 'undo' | 'restore' | 'manual'
  /** Beijing time, YYYY-MM-DD HH:mm:ss */
  at: string
  bytes: number
}

export interface BackupOutputs {
  'backup.list': { dir: string; backups: Backup[] }
  'backup.create': Backup
  'backup.download': FileOut
  /** kept: what the restore kept of the present data (the certificate register), for the clerk; '' when nothing */
  'backup.restore': { restored: string; kept: string }
  'backup.restoreFile': { restored: string; kept: string }
  'backup.moveData': { folder: string; bytes: number }
}
