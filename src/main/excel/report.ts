/** Reports as a superior expects them on paper: one formatted sheet each, streamed so 100k rows stay small in memory. */
import ExcelJS from 'exceljs'
import { PassThrough } from 'node:stream'
import type { ReportCell, ReportColumn } from '../../shared/api'
import { AppError } from '../errors'

const THIN = { style: 'thin' as const }
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN }

type Row = Record<string, ReportCell>

/** One report as a sheet: what to print, and its rows read one at a time when the sheet is written. */
export interface ReportSheet {
  /** the sheet's name and the footer's title */
  name: string
  /** the merged title line (with the org's name) */
  title: string
  /** the line under the title: the period and the scope */
  period: string
  columns: ReportColumn[]
  /** a fresh iterator over the rows, opened when this sheet is written */
  rows: () => Iterable<Row>
  /** how many rows there are, for progress */
  count: number
  /** the 合计 row, if the report adds up */
  sum: Row | null
  /** the line under the list, with {n} for the number of rows (共 {n} 人) */
  countLabel?: string
  /** how the numbers are counted */
  note: string
}

export interface ExportJob {
  cancelled: boolean
  progress(done: number, total: number, title: string): void
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r))
const cancelled = (): AppError => new AppError('invalid', '导出已取消,没有生成文件。')

export async function reportWorkbook(sheets: ReportSheet[], job: ExportJob): Promise<{ bytes: Buffer; rows: number }> {
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
  for (const def of sheets) {
    const width = def.columns.length
    const ws = wb.addWorksheet(def.name, {
      views: [{ state: 'frozen', ySplit: 3 }],
      pageSetup: {
        paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, printTitlesRow: '1:3',
        margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 }
      },
      headerFooter: { oddFooter: `&C${def.name}  第 &P 页,共 &N 页` }
    })
    ws.columns = def.columns.map((c) => ({ key: c.key, width: c.width }))
    const titleRow = ws.addRow([def.title])
    titleRow.height = 30
    titleRow.getCell(1).font = { bold: true, size: 16 }
    titleRow.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' }
    ws.mergeCells(1, 1, 1, width)
    titleRow.commit()
    const period = ws.addRow([def.period])
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
    for (const row of def.rows()) {
      write(row)
      if (++n % 2000 === 0) {
        job.progress(n, def.count, def.name)
        await tick()
        if (job.cancelled) throw cancelled()
      }
    }
    if (def.sum) write(def.sum, true)
    const note = ws.addRow([`说明:${def.note}`])
    note.height = 36
    note.getCell(1).font = { size: 9, color: { argb: 'FF666666' } }
    note.getCell(1).alignment = { wrapText: true, vertical: 'top' }
    ws.mergeCells(note.number, 1, note.number, width)
    note.commit()
    job.progress(def.count, def.count, def.name)
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
export async function reportCsv(def: ReportSheet, job: ExportJob): Promise<{ bytes: Buffer; rows: number }> {
  const lines = [def.columns.map((c) => csvCell(c.title)).join(',')]
  let n = 0
  for (const r of def.rows()) {
    lines.push(def.columns.map((c) => csvCell(r[c.key])).join(','))
    if (++n % 5000 === 0) {
      await tick()
      if (job.cancelled) throw cancelled()
    }
  }
  const sum = def.sum
  if (sum) lines.push(def.columns.map((c) => csvCell(sum[c.key])).join(','))
  return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]), rows: n }
}
