/** Reports as a superior expects them on paper: one formatted sheet each, streamed so 100k rows stay small in memory. */
import ExcelJS from 'exceljs'
import { PassThrough } from 'node:stream'
import { REPORT_TITLES, type ReportCell, type ReportKind } from '../../shared/api'
import type { DB } from '../db/open'
import { AppError } from '../services/common'
import { presentRow, REPORTS, reportRows, reportTotals, type Scope } from '../services/report'

const THIN = { style: 'thin' as const }
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN }
const zhDate = (d: string): string => `${+d.slice(0, 4)}年${+d.slice(5, 7)}月${+d.slice(8, 10)}日`

export const EVER = '2000-01-01'

/** "统计时间:2020年4月1日至2020年6月2日", or "截至2020年6月2日" when the range has no real start. */
export function periodLine(scope: Scope, scopeName: string): string {
  const period = scope.from <= EVER ? `截至${zhDate(scope.to)}` : `统计时间:${zhDate(scope.from)}至${zhDate(scope.to)}`
  return scopeName ? `${period}    范围:${scopeName}` : period
}

export interface ExportJob {
  cancelled: boolean
  progress(done: number, total: number, title: string): void
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r))

export async function reportWorkbook(db: DB, kinds: ReportKind[], scope: Scope, opts: { org: string; scopeName: string; full: boolean; job: ExportJob }): Promise<{ bytes: Buffer; rows: number }> {
  let written = 0
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((ok, fail) => {
    out.on('end', ok)
    out.on('error', fail)
  })
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  wb.creator = '红马甲'
  for (const kind of kinds) {
    const def = REPORTS[kind]
    const width = def.columns.length
    const title = `${opts.org}${REPORT_TITLES[kind]}`
    const ws = wb.addWorksheet(REPORT_TITLES[kind], {
      views: [{ state: 'frozen', ySplit: 3 }],
      pageSetup: {
        paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, printTitlesRow: '1:3',
        margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }
      },
      headerFooter: { oddFooter: `&C${REPORT_TITLES[kind]}  第 &P 页,共 &N 页` }
    })
    ws.columns = def.columns.map((c) => ({ key: c.key, width: c.width }))
    const titleRow = ws.addRow([title])
    titleRow.height = 30
    titleRow.getCell(1).font = { bold: true, size: 16 }
    titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' }
    ws.mergeCells(1, 1, 1, width)
    titleRow.commit()
    const period = ws.addRow([periodLine(scope, opts.scopeName)])
    period.getCell(1).alignment = { horizontal: 'left', vertical: 'middle' }
    ws.mergeCells(2, 1, 2, width)
    period.commit()
    const header = ws.addRow(def.columns.map((c) => c.title))
    header.height = 30
    header.eachCell((cell) => {
      cell.font = { bold: true }
      cell.border = BORDER
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } }
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true }
    })
    header.commit()

    const { count: total, sum } = reportTotals(db, kind, scope)
    let n = 0
    const write = (row: Record<string, ReportCell>, bold = false): void => {
      const r = ws.addRow(def.columns.map((c) => (row[c.key] === '' ? null : (row[c.key] ?? null))))
      r.eachCell({ includeEmpty: true }, (cell, i) => {
        cell.border = BORDER
        if (bold) cell.font = { bold: true }
        cell.alignment = { vertical: 'middle', horizontal: def.columns[i - 1]?.numeric ? 'right' : 'left' }
      })
      r.commit()
    }
    for (const row of reportRows(db, kind, scope)) {
      write(presentRow(row, opts.full))
      if (++n % 2000 === 0) {
        opts.job.progress(n, total, REPORT_TITLES[kind])
        await tick()
        if (opts.job.cancelled) throw new AppError('invalid', '导出已取消,没有生成文件。')
      }
    }
    if (sum) write(sum, true)
    const note = ws.addRow([`说明:${def.note}`])
    note.height = 36
    note.getCell(1).font = { size: 9, color: { argb: 'FF666666' } }
    note.getCell(1).alignment = { wrapText: true, vertical: 'top' }
    ws.mergeCells(note.number, 1, note.number, width)
    note.commit()
    opts.job.progress(total, total, REPORT_TITLES[kind])
    written += n
    ws.commit()
  }
  await wb.commit()
  await done
  return { bytes: Buffer.concat(chunks), rows: written }
}

const csvCell = (v: ReportCell): string => {
  if (v === null || v === undefined) return ''
  // text that a spreadsheet would run as a formula is kept as text
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** One report as CSV with a UTF-8 BOM, so Excel and WPS open it in Chinese. */
export async function reportCsv(db: DB, kind: ReportKind, scope: Scope, opts: { full: boolean; job: ExportJob }): Promise<{ bytes: Buffer; rows: number }> {
  const def = REPORTS[kind]
  const lines = [def.columns.map((c) => csvCell(c.title)).join(',')]
  let n = 0
  for (const row of reportRows(db, kind, scope)) {
    const r = presentRow(row, opts.full)
    lines.push(def.columns.map((c) => csvCell(r[c.key])).join(','))
    if (++n % 5000 === 0) {
      await tick()
      if (opts.job.cancelled) throw new AppError('invalid', '导出已取消,没有生成文件。')
    }
  }
  const { sum } = reportTotals(db, kind, scope)
  if (sum) lines.push(def.columns.map((c) => csvCell(sum[c.key])).join(','))
  return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]), rows: n }
}
