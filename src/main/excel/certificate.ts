/**
 * 志愿服务记录证明 as a print-ready workbook: one A4 portrait sheet per certificate, fitted to one page, in the
 * form 民发〔2015〕149号 asks for (who, identity, when, how long, what, issued by whom, signed, dated, numbered).
 */
import ExcelJS from 'exceljs'
import type { CertificatePage } from '../../shared/api'
import { certificateWording } from '../../shared/certificate'

/** A certificate as printed: the fields the print route shows too. */
export type CertificatePrint = Omit<CertificatePage, 'id'>

const THIN = { style: 'thin' as const }
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN }

export async function certificateWorkbook(certs: CertificatePrint[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = '红马甲'
  const used = new Set<string>()
  for (const c of certs) {
    let sheetName = c.number.replace(/[\\/?*[\]:]/g, '_').slice(0, 28)
    for (let i = 2; used.has(sheetName); i++) sheetName = `${c.number.slice(0, 25)}_${i}`
    used.add(sheetName)
    const ws = wb.addWorksheet(sheetName, {
      pageSetup: {
        paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 1, horizontalCentered: true,
        margins: { left: 0.8, right: 0.8, top: 0.9, bottom: 0.9, header: 0.3, footer: 0.3 }
      },
      views: [{ showGridLines: false }]
    })
    ws.columns = [{ width: 34 }, { width: 14 }, { width: 18 }]
    const merged = (text: string, opts: { size?: number; bold?: boolean; align?: 'left' | 'center' | 'right'; height?: number; wrap?: boolean } = {}): ExcelJS.Row => {
      const row = ws.addRow([text])
      ws.mergeCells(row.number, 1, row.number, 3)
      const cell = row.getCell(1)
      cell.font = { name: '宋体', size: opts.size ?? 12, bold: opts.bold ?? false }
      cell.alignment = { horizontal: opts.align ?? 'left', vertical: 'middle', wrapText: opts.wrap ?? false }
      if (opts.height) row.height = opts.height
      return row
    }
    const w = certificateWording(c)
    merged(w.title, { size: 20, bold: true, align: 'center', height: 48 })
    merged(w.number, { align: 'right', height: 22 })
    if (c.reprint) merged(c.reprint, { align: 'right', size: 10, height: 18 })
    merged('', { height: 10 })
    merged(`    ${w.body.map((part) => part.text).join('')}`, { wrap: true, height: 96 })
    merged(`    ${w.contentLine}`, { height: 24 })
    const header = ws.addRow([...w.headers])
    header.height = 22
    header.eachCell((cell) => {
      cell.font = { name: '宋体', size: 11, bold: true }
      cell.border = BORDER
      cell.alignment = { horizontal: 'center', vertical: 'middle' }
    })
    for (const line of c.content) {
      const row = ws.addRow([line.item, line.count, line.hours])
      row.height = 20
      row.eachCell((cell, i) => {
        cell.font = { name: '宋体', size: 11 }
        cell.border = BORDER
        cell.alignment = { horizontal: i === 1 ? 'left' : 'right', vertical: 'middle', wrapText: true }
      })
    }
    const sum = ws.addRow(['合计', c.activities + c.claims, c.hours])
    sum.height = 20
    sum.eachCell((cell, i) => {
      cell.font = { name: '宋体', size: 11, bold: true }
      cell.border = BORDER
      cell.alignment = { horizontal: i === 1 ? 'center' : 'right', vertical: 'middle' }
    })
    merged('', { height: 12 })
    merged(`    ${w.closing}`, { height: 24 })
    merged('', { height: 30 })
    for (const line of w.sign) merged(line, { align: 'right', height: 26 })
    merged('', { height: 24 })
    merged(w.note, { size: 9, wrap: true, height: 48 })
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
