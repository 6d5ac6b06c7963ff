/** Workbooks we hand to clerks: blank templates to fill and print, and the rows an import could not take. */
import ExcelJS from 'exceljs'
import type { Event } from '../../shared/api'
import { zhDate } from '../../shared/text'

const THIN = { style: 'thin' as const }
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN }
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFF2F2F2' } }

function header(ws: ExcelJS.Worksheet, rowNo: number, titles: string[]): void {
  const row = ws.getRow(rowNo)
  titles.forEach((t, i) => {
    const cell = row.getCell(i + 1)
    cell.value = t
    cell.font = { bold: true }
    cell.border = BORDER
    cell.fill = HEADER_FILL
    cell.alignment = { horizontal: 'center', vertical: 'middle' }
  })
  row.height = 24
}

function title(ws: ExcelJS.Worksheet, rowNo: number, width: number, text: string, size: number, bold = true): void {
  ws.mergeCells(rowNo, 1, rowNo, width)
  const cell = ws.getCell(rowNo, 1)
  cell.value = text
  cell.font = { bold, size }
  cell.alignment = { horizontal: bold ? 'center' : 'left', vertical: 'middle' }
  ws.getRow(rowNo).height = bold ? 32 : 20
}

/** A blank sign-in sheet for one activity, A4 portrait, numbered rows and a signature column. */
export async function signinTemplate(org: string, event: Event): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = '红马甲'
  const ws = wb.addWorksheet('签到表', {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, printTitlesRow: '4:4', margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: '第 &P 页,共 &N 页' }
  })
  const cols = ['序号', '姓名', '工作单位', '手机号码', '签到时间', '本人签名']
  ws.columns = [{ width: 6 }, { width: 12 }, { width: 30 }, { width: 16 }, { width: 11 }, { width: 14 }]
  title(ws, 1, cols.length, `${event.communityName}在职党员志愿服务签到表`, 18)
  const time = event.startTime ? ` ${event.startTime}–${event.endTime}` : ''
  title(ws, 2, cols.length, `活动名称:${event.title}    活动时间:${zhDate(event.date)}${time}`, 11, false)
  title(ws, 3, cols.length, `活动地点:${event.place || '          '}    ${event.unitName ? `组织单位:${event.unitName}` : `组织者:${event.organiser || org}`}`, 11, false)
  header(ws, 4, cols)
  const n = Math.min(Math.max(event.plannedCount, 30), 300)
  for (let i = 0; i < n; i++) {
    const row = ws.getRow(5 + i)
    row.getCell(1).value = i + 1
    row.height = 24
    for (let c = 1; c <= cols.length; c++) {
      row.getCell(c).border = BORDER
      row.getCell(c).alignment = { vertical: 'middle', horizontal: c === 1 ? 'center' : 'left' }
    }
    row.getCell(4).numFmt = '@'
  }
  const foot = ws.getRow(6 + n)
  foot.getCell(1).value = '社区党委(盖章)'
  foot.getCell(3).value = '填表人:'
  foot.getCell(5).value = '审核人:'
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/**
 * A list to fill in, for the roster and unit-list templates: landscape A4, a title and a header row frozen above
 * `blank` bordered rows (returned, for each template's formats and dropdowns); the communities go in a hidden sheet
 * 村居 that a column's dropdown reads.
 */
function listSheet(wb: ExcelJS.Workbook, name: string, heading: string, cols: string[], widths: number[], communities: string[], blank: number): ExcelJS.Row[] {
  const ws = wb.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' },
    views: [{ state: 'frozen', ySplit: 2 }]
  })
  ws.columns = widths.map((width) => ({ width }))
  title(ws, 1, cols.length, heading, 16)
  header(ws, 2, cols)
  const list = wb.addWorksheet('村居', { state: 'hidden' })
  communities.forEach((c, i) => (list.getCell(i + 1, 1).value = c))
  return Array.from({ length: blank }, (_, i) => {
    const row = ws.getRow(3 + i)
    for (let c = 1; c <= cols.length; c++) row.getCell(c).border = BORDER
    return row
  })
}

/** A blank roster with dropdowns for 性别, 居住社区 and 是否退役军人. */
export async function rosterTemplate(org: string, communities: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = '红马甲'
  const help = wb.addWorksheet('填表说明')
  help.getColumn(1).width = 90
  ;[
    '1. 请在"党员名册"工作表中每行填写一名党员,不要修改表头。',
    '2. 手机号码填写11位数字;身份证号码填写18位(已设为文本格式,不会被改成科学计数)。',
    '3. 居住社区、性别、是否退役军人请从下拉列表中选择;报到日期写成 2020-04-15 即可。',
    '4. 特长可填多个,用顿号分隔,如:法律咨询、摄影。'
  ].forEach((t, i) => (help.getCell(i + 1, 1).value = t))
  const cols = ['序号', '姓名', '性别', '手机号码', '身份证号码', '工作单位', '职务', '居住社区', '居住小区', '报到日期', '特长', '是否退役军人']
  const rows = listSheet(wb, '党员名册', `${org}在职党员报到名册`, cols, [6, 10, 6, 14, 21, 28, 10, 14, 14, 12, 20, 12], communities, 500)
  for (const row of rows) {
    row.getCell(4).numFmt = '@'
    row.getCell(5).numFmt = '@'
    row.getCell(3).dataValidation = { type: 'list', allowBlank: true, formulae: ['"男,女"'], showErrorMessage: true, error: '请选择 男 或 女' }
    row.getCell(12).dataValidation = { type: 'list', allowBlank: true, formulae: ['"是,否"'], showErrorMessage: true, error: '请选择 是 或 否' }
    if (communities.length) {
      row.getCell(8).dataValidation = { type: 'list', allowBlank: true, formulae: [`'村居'!$A$1:$A$${communities.length}`], showErrorMessage: true, error: '请从列表中选择居住社区' }
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** A blank 单位名单 (unit list) to fill in: the columns the unit import reads, 单位类型 and 结对村居 from lists. */
export async function unitTemplate(org: string, communities: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = '红马甲'
  const cols = ['序号', '单位名称', '单位类型', '党组织名称', '联系人', '联系电话', '结对村居', '报到日期']
  const rows = listSheet(wb, '单位名单', `${org}机关企事业单位党组织到村居报到名单`, cols, [6, 28, 12, 32, 10, 16, 14, 12], communities, 300)
  for (const row of rows) {
    row.getCell(6).numFmt = '@'
    row.getCell(3).dataValidation = { type: 'list', allowBlank: true, formulae: ['"机关,事业单位,国有企业,其他"'], showErrorMessage: true, error: '请选择 机关、事业单位、国有企业 或 其他' }
    if (communities.length) {
      row.getCell(7).dataValidation = { type: 'list', allowBlank: true, formulae: [`'村居'!$A$1:$A$${communities.length}`], showErrorMessage: true, error: '请从列表中选择结对村居' }
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/** The rows an import could not take, as they were, with the reason in the last column, to send back. */
export async function rejectedRows(headers: string[], rows: Array<{ index: number; values: string[]; reason: string }>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('未导入的行', { views: [{ state: 'frozen', ySplit: 1 }] })
  const cols = ['原表行号', ...headers, '问题']
  header(ws, 1, cols)
  ws.columns = cols.map((c, i) => ({ width: i === cols.length - 1 ? 50 : Math.max(10, c.length * 2 + 4) }))
  rows.forEach((r, i) => {
    const row = ws.getRow(2 + i)
    // string values are written as text cells, so "=1+1" stays text rather than becoming a formula
    row.values = [r.index, ...r.values, r.reason]
    row.getCell(cols.length).font = { color: { argb: 'FFC00000' } }
    row.getCell(cols.length).alignment = { wrapText: true }
  })
  return Buffer.from(await wb.xlsx.writeBuffer())
}
