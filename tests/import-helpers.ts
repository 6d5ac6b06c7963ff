import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as XLSX from 'xlsx'
import type { ImportKind, ImportPreview, ImportRowInput, Input } from '../src/shared/api'
import type { DB } from '../src/main/db/open'
import { apiAsync } from './helpers'

export const SAMPLES = join(__dirname, 'fixtures', 'samples')
export const FIXTURES = join(__dirname, 'fixtures', 'imports')
/** A file written by make.py / make.mjs in tests/fixtures/imports (see those scripts for how each was made). */
export const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name))
export const sample = (name: string): Buffer => readFileSync(join(SAMPLES, name))
export const truth = JSON.parse(readFileSync(join(SAMPLES, 'truth.json'), 'utf8')) as Record<string, Array<Record<string, string | boolean>>>

/** A workbook written by SheetJS from rows, as a spreadsheet program would save it. */
export function workbook(sheets: Record<string, unknown[][]>, opts: { merges?: XLSX.Range[]; bookType?: XLSX.BookType } = {}): Buffer {
  const wb = XLSX.utils.book_new()
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = XLSX.utils.aoa_to_sheet(rows)
    if (opts.merges) ws['!merges'] = opts.merges
    XLSX.utils.book_append_sheet(wb, ws, name)
  }
  return XLSX.write(wb, { type: 'buffer', bookType: opts.bookType ?? 'xlsx' }) as Buffer
}

export function read(db: DB, kind: ImportKind, fileName: string, buf: Buffer, extra: Partial<Input<'import.read'>> = {}): Promise<ImportPreview> {
  return apiAsync(db, 'import.read', { kind, fileName, fileBase64: buf.toString('base64'), ...extra })
}

/** Commits an import (it makes a checked backup first, so it answers asynchronously). */
export function commit(db: DB, kind: ImportKind, p: ImportPreview, eventId?: number, rows = p.rows, extra: Partial<Input<'import.commit'>> = {}) {
  return apiAsync(db, 'import.commit', { kind, eventId, fileName: p.fileName, fileHash: p.fileHash, headers: p.headers, mapping: p.mapping, rows, ...extra })
}

/** Re-checks rows as the wizard does after an edit. */
export function check(db: DB, kind: ImportKind, rows: ImportRowInput[], extra: Partial<Input<'import.check'>> = {}) {
  return apiAsync(db, 'import.check', { kind, rows, ...extra })
}

/** The registers only (not the import log), to compare before an import and after its undo. */
export function registers(db: DB): string {
  return JSON.stringify(['community', 'unit', 'member', 'attendance'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()))
}

export function fileHash(db: DB): string {
  db.pragma('wal_checkpoint(TRUNCATE)')
  return createHash('sha256').update(readFileSync(db.name)).digest('hex')
}
