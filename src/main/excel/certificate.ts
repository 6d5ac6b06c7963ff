/**
 * 志愿服务记录证明 as a print-ready workbook: one A4 portrait sheet per certificate, fitted to one page, in the
 * form 民发〔2015〕149号 asks for (who, identity, when, how long, what, issued by whom, signed, dated, numbered).
 */
import ExcelJS from 'exceljs'
import type { CertificatePage } from '../../shared/api'

/** A certificate as printed: the fields the print route shows too. */
export type CertificatePrint = Omit<CertificatePage, 'id'>

const THIN = { style: 'thin' as const }
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN }
const zhDate = (d: string): string => `${+d.slice(0, 4)}年${+d.slice(5, 7)}月${+d.slice(8, 10)}日`
export { zhDate as certificateDate }

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
    merged(`志愿服务记录证明${c.reprint ? '(补发)' : ''}`, { size: 20, bold: true, align: 'center', height: 48 })
    merged(`编号:${c.number}`, { align: 'right', height: 22 })
    if (c.reprint) merged(c.reprint, { align: 'right', size: 10, height: 18 })
    merged('', { height: 10 })
    const body =
      `    兹证明 ${c.name}(性别:${c.gender || '—'},公民身份号码:${c.idText}${c.unit ? `,工作单位:${c.unit}` : ''})于 ${c.period} 期间,` +
      `作为在职党员在${c.community ? ` ${c.community} ` : '居住地村居'}参加志愿服务,累计参加志愿服务活动 ${c.activities} 次` +
      `${c.claims ? `、完成服务清单认领 ${c.claims} 项` : ''},志愿服务时长累计 ${c.hours} 小时。`
    merged(body, { wrap: true, height: 96 })
    merged('    志愿服务内容如下:', { height: 24 })
    const header = ws.addRow(['服务内容', '次数(项)', '时长(小时)'])
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
    merged('    特此证明。', { height: 24 })
    merged('', { height: 30 })
    merged(`出具单位(盖章):${c.issuer}`, { align: 'right', height: 26 })
    merged(`负责人(签字):${c.personInCharge}`, { align: 'right', height: 26 })
    merged(`出具日期:${zhDate(c.issuedOn)}`, { align: 'right', height: 26 })
    merged('', { height: 24 })
    merged(
      '说明:本证明依据《志愿服务条例》和民政部《关于规范志愿服务记录证明工作的指导意见》(民发〔2015〕149号)出具,所载志愿服务时长以出具单位的志愿服务记录为准;' +
        '证明编号在出具单位登记簿中可查,补发的证明沿用原编号。',
      { size: 9, wrap: true, height: 48 }
    )
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
