/**
 * The exported reports as paper: 序号, 共 N 条, fonts, wrapping, number formats, the sign-off block, the page set-up
 * and per-sheet page numbers. Read back with ExcelJS and JSZip; where LibreOffice is installed the workbook is
 * also printed to PDF and its pages counted and read.
 */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import type { ReportColumn } from '../src/shared/api'
import {
  MIN_SCALE,
  PRINT_HEIGHT_PT,
  fitWidths,
  headerText,
  lineCount,
  reportWorkbook,
  signOffLines,
  widthBudget,
  type ReportSheet
} from '../src/main/excel/report'
import { api, apiAsync, tempDb, tempDir } from './helpers'

const job = { cancelled: false, progress: () => {} }

const LONG = '张三(已完成)、李四(进行中)、王五(已认领)、赵六(已完成)、钱七(进行中)、孙八(已认领)'
const COLUMNS: ReportColumn[] = [
  { key: 'community', title: '村居', width: 14 },
  { key: 'title', title: '项目名称', width: 30, wrap: true },
  { key: 'places', title: '需认领(人)', width: 11, numeric: true },
  { key: 'rate', title: '完成率(%)', width: 10, numeric: true, rate: true },
  { key: 'hours', title: '服务时长(小时)', width: 13, numeric: true, hours: true },
  { key: 'members', title: '认领党员', width: 30, wrap: true }
]

function sheet(over: Partial<ReportSheet> = {}): ReportSheet {
  const rows = [
    { community: '丽豪社区', title: '楼道清理', places: 2, rate: 83.3, hours: 7.5, members: '张三(已完成)' },
    { community: '湖景社区', title: '困难家庭和独居老人探访', places: 3, rate: 100, hours: 4, members: LONG },
    { community: '湖景社区', title: '纠纷调解', places: 1, rate: null, hours: 12.25, members: '' }
  ]
  return {
    name: '服务清单认领情况表',
    title: '石湾镇街道服务清单认领情况表',
    period: '统计时间:2020年4月1日至2020年6月2日',
    columns: COLUMNS,
    rows: () => rows,
    count: rows.length,
    sum: { community: '合计', title: null, places: 6, rate: 66.7, hours: 23.75, members: null },
    note: '截至日期已列出的服务清单项目。',
    ...over
  }
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  return wb
}

const texts = (ws: ExcelJS.Worksheet): string[] => {
  const out: string[] = []
  ws.eachRow((r) => r.eachCell((c) => typeof c.value === 'string' && out.push(c.value)))
  return out
}
const rowOf = (ws: ExcelJS.Worksheet, text: string): ExcelJS.Row => {
  let found: ExcelJS.Row | undefined
  ws.eachRow((r) => r.eachCell((c) => typeof c.value === 'string' && c.value.startsWith(text) && (found ??= r)))
  if (!found) throw new Error(`no row starting ${text}`)
  return found
}

describe('a report sheet on paper', () => {
  it('numbers its rows, says how many there are, and ends with the sign-off block', async () => {
    const { bytes } = await reportWorkbook([sheet({ countLabel: '共 {n} 项' })], job)
    const ws = (await load(bytes)).worksheets[0]
    expect(ws.getRow(3).getCell(1).value).toBe('序号')
    expect(ws.getRow(3).getCell(2).value).toBe('村居')
    expect([4, 5, 6].map((r) => ws.getRow(r).getCell(1).value)).toEqual([1, 2, 3])
    // the 合计 row has no number
    expect(ws.getRow(7).getCell(1).value).toBeNull()
    expect(ws.getRow(7).getCell(2).value).toBe('合计')
    expect(ws.getRow(8).getCell(1).value).toBe('共 3 项')
    expect(ws.getRow(9).getCell(1).value).toBe('说明:截至日期已列出的服务清单项目。')
    const sign = texts(ws).filter((t) => t.includes(':_') || t.includes('年'))
    const all = sign.join(' ')
    for (const label of ['填报单位(盖章):', '填报人:', '审核人:', '联系电话:', '填报日期:']) expect(all).toContain(label)
    expect(all).toMatch(/年 +月 +日/)
    // no borders around the sign-off
    const signRow = rowOf(ws, '填报单位')
    expect(signRow.number).toBeGreaterThan(9)
    expect(signRow.getCell(1).border?.top).toBeUndefined()
    const model = ws.model as unknown as { merges: string[] }
    expect(model.merges).toEqual(expect.arrayContaining(['A1:G1', 'A2:G2', 'A8:G8', 'A9:G9', `A${signRow.number}:G${signRow.number}`]))
  })

  it('counts in 条 by default; numbering, the count line and the sign-off can each be left off', async () => {
    const plain = (await load((await reportWorkbook([sheet()], job)).bytes)).worksheets[0]
    expect(plain.getRow(8).getCell(1).value).toBe('共 3 条')

    const bare = (await load((await reportWorkbook([sheet({ numbered: false, countLabel: null, signOff: false })], job)).bytes)).worksheets[0]
    expect(bare.getRow(3).getCell(1).value).toBe('村居')
    expect(bare.getRow(4).getCell(1).value).toBe('丽豪社区')
    expect(bare.getRow(7).getCell(1).value).toBe('合计')
    expect(bare.getRow(8).getCell(1).value).toBe('说明:截至日期已列出的服务清单项目。')
    expect(texts(bare).some((t) => t.includes('填报'))).toBe(false)
    expect(bare.rowCount).toBe(8)
  })

  it('names its font on every cell: 黑体 16 for the title, 宋体 for the rest, bold for the header and 合计', async () => {
    const { bytes } = await reportWorkbook([sheet()], job)
    const ws = (await load(bytes)).worksheets[0]
    // (ExcelJS reads a font's size as a whole number: 10.5 comes back as 10; the file's own sizes are checked below)
    expect(ws.getCell('A1').font).toMatchObject({ name: '黑体', size: 16 })
    expect(ws.getCell('A2').font).toMatchObject({ name: '宋体' })
    expect(ws.getCell('C3').font).toMatchObject({ name: '宋体', bold: true })
    expect(ws.getCell('B4').font).toMatchObject({ name: '宋体' })
    expect(ws.getCell('B4').font.bold).toBeFalsy()
    expect(ws.getCell('D4').font).toMatchObject({ name: '宋体' })
    expect(ws.getCell('D4').font.bold).toBeFalsy()
    expect(ws.getCell('B7').font).toMatchObject({ name: '宋体', bold: true })
    expect(ws.getCell('D7').font).toMatchObject({ name: '宋体', bold: true })
    expect(ws.getCell('A8').font).toMatchObject({ name: '宋体' })
    expect(ws.getCell('A9').font).toMatchObject({ name: '宋体', size: 9 })
    // and every other cell that was written, empty table cells included
    ws.eachRow((r) => r.eachCell({ includeEmpty: false }, (c) => expect(c.font?.name, c.address).toMatch(/^(宋体|黑体)$/)))
    for (let r = 3; r <= 7; r++) for (let c = 1; c <= 7; c++) expect(ws.getRow(r).getCell(c).font?.name, `${r}:${c}`).toBe('宋体')
    // the workbook's fonts: Excel's default (named by no cell written here), then only 黑体 16, 宋体 10.5 and the note's 宋体 9
    const styles = await (await JSZip.loadAsync(bytes)).file('xl/styles.xml')!.async('string')
    const fonts = [...styles.matchAll(/<font>(.*?)<\/font>/g)].map((m) => `${/<name val="([^"]+)"/.exec(m[1])![1]} ${/<sz val="([^"]+)"/.exec(m[1])![1]}${m[1].includes('<b/>') ? ' bold' : ''}`)
    expect(fonts[0]).toBe('Calibri 11')
    expect(new Set(fonts.slice(1))).toEqual(new Set(['黑体 16', '宋体 10.5', '宋体 10.5 bold', '宋体 9']))
  })

  it('wraps long text and makes its row tall enough; short rows stay one line high', async () => {
    const ws = (await load((await reportWorkbook([sheet()], job)).bytes)).worksheets[0]
    const long = ws.getRow(5)
    expect(long.getCell(7).value).toBe(LONG)
    expect(long.getCell(7).alignment?.wrapText).toBe(true)
    const width = ws.getColumn(7).width!
    const lines = lineCount(LONG, width - 1.2)
    expect(lines).toBeGreaterThanOrEqual(3)
    expect(long.height).toBeGreaterThanOrEqual(lines * 13)
    expect(ws.getRow(4).height).toBeLessThan(20)
    expect(ws.getRow(4).getCell(3).alignment?.wrapText).toBe(true) // a wrap column wraps even when short
    expect(ws.getRow(4).getCell(2).alignment?.wrapText).toBeFalsy()
  })

  it('prints rates with one decimal, hours with one or two, counts as whole numbers', async () => {
    const ws = (await load((await reportWorkbook([sheet()], job)).bytes)).worksheets[0]
    expect(ws.getCell('E4').value).toBe(83.3)
    expect(ws.getCell('E4').numFmt).toBe('0.0')
    expect(ws.getCell('E5').numFmt).toBe('0.0')
    expect(ws.getCell('E6').value).toBeNull()
    expect(ws.getCell('E7').numFmt).toBe('0.0')
    expect(ws.getCell('F4').numFmt).toBe('0.0#')
    expect(ws.getCell('F7').value).toBe(23.75)
    expect(ws.getCell('D4').numFmt).toBe('0')
    expect(ws.getCell('A4').numFmt).toBe('0')
    expect(ws.getCell('D4').alignment?.horizontal).toBe('right')
    expect(ws.getCell('A4').alignment?.horizontal).toBe('center')
  })

  it('centres dates, left-aligns other text', async () => {
    const columns: ReportColumn[] = [{ key: 'name', title: '姓名', width: 10 }, { key: 'date', title: '报到日期', width: 12 }]
    const ws = (await load((await reportWorkbook([sheet({ columns, rows: () => [{ name: '张三', date: '2020-04-15' }], count: 1, sum: null })], job)).bytes)).worksheets[0]
    expect(ws.getCell('B4').alignment?.horizontal).toBe('left')
    expect(ws.getCell('C4').alignment?.horizontal).toBe('center')
  })

  it('is set up for A4 landscape, fitted to the width only, header row on every page, its own page numbers', async () => {
    const { bytes } = await reportWorkbook([sheet(), sheet({ name: '第二张' })], job)
    const wb = await load(bytes)
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3' })
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 })
      expect(ws.headerFooter.oddFooter).toBe(`&C&"宋体,常规"&9${ws.name}    第 &P 页`)
    }
    const zip = await JSZip.loadAsync(bytes)
    for (const n of [1, 2]) {
      const xml = await zip.file(`xl/worksheets/sheet${n}.xml`)!.async('string')
      // each sheet numbers its own pages from 1, and prints no workbook-wide 共 &N 页
      expect(xml).toMatch(/<pageSetup [^>]*firstPageNumber="1"[^>]*useFirstPageNumber="1"/)
      expect(xml).not.toContain('&amp;N')
      expect(xml).toMatch(/<printOptions horizontalCentered="1"\/><pageMargins /)
    }
    expect(await zip.file('xl/workbook.xml')!.async('string')).toContain('_xlnm.Print_Titles')
  })

  it('escapes an & in a sheet name in the footer', async () => {
    const ws = (await load((await reportWorkbook([sheet({ name: 'A&B' })], job)).bytes)).worksheets[0]
    expect(ws.headerFooter.oddFooter).toBe('&C&"宋体,常规"&9A&&B    第 &P 页')
  })

  it('keeps the columns within the printable width, scaling a wide sheet down but no column below its minimum', async () => {
    const wide: ReportColumn[] = Array.from({ length: 12 }, (_, i) => ({ key: `c${i}`, title: `第${i}列`, width: i === 0 ? 40 : 14, numeric: i > 0 }))
    const ws = (await load((await reportWorkbook([sheet({ columns: wide, sum: null })], job)).bytes)).worksheets[0]
    const widths = Array.from({ length: 13 }, (_, i) => ws.getColumn(i + 1).width!)
    const total = widths.reduce((t, w) => t + w, 0)
    expect(total).toBeLessThanOrEqual(widthBudget(13))
    expect(widthBudget(13)).toBeGreaterThanOrEqual(135)
    expect(widthBudget(13)).toBeLessThanOrEqual(140)
    expect(total).toBeGreaterThan(widthBudget(13) - 2)
    // proportional: the wide column stays wide
    expect(widths[1] / widths[2]).toBeCloseTo(40 / 14, 1)
    expect(Math.min(...widths.slice(1))).toBeGreaterThanOrEqual(6)

    // a sheet that fits keeps its widths
    const narrow = (await load((await reportWorkbook([sheet()], job)).bytes)).worksheets[0]
    expect(Array.from({ length: 6 }, (_, i) => narrow.getColumn(i + 2).width)).toEqual(COLUMNS.map((c) => c.width))
  })

  it('fits widths: proportional, minimums kept, nothing changed when they fit', () => {
    expect(fitWidths([10, 20, 30], 100, [6, 6, 6])).toEqual([10, 20, 30])
    expect(fitWidths([10, 20, 30], 30, [6, 6, 6])).toEqual([6, 9.6, 14.4])
    const many = fitWidths(Array(30).fill(10), 100, Array(30).fill(6))
    expect(many.every((w) => w === 6)).toBe(true) // cannot fit: fitToWidth shrinks the rest
  })

  it('estimates lines as Excel wraps them: two units a Chinese character, one a digit, Latin words kept whole', () => {
    expect(lineCount('楼道清理', 10)).toBe(1)
    expect(lineCount('楼道清理楼道', 10)).toBe(2)
    expect(lineCount('13800138000', 12)).toBe(1)
    expect(lineCount('abc defgh', 6)).toBe(2)
    expect(lineCount('一\n二', 20)).toBe(2)
    expect(headerText('报到党员(人)', 11)).toBe('报到党员\n(人)')
    expect(headerText('参与人数', 11)).toBe('参与人数')
  })

  it('lays the sign-off out across the width: one line on a wide sheet, an even two on a narrow one, each within the width', () => {
    expect(signOffLines(138)).toHaveLength(1)
    const two = signOffLines(90)
    expect(two).toHaveLength(2)
    expect(two[0]).toMatch(/^填报单位\(盖章\):_+ +填报人:_+ +审核人:_+$/)
    expect(two[1]).toMatch(/^联系电话:_+ +填报日期: +年 +月 +日$/)
    for (const w of [40, 60, 90, 138, 200]) for (const line of signOffLines(w)) expect(lineCount(line, w - 1.2)).toBe(1)
  })

  it('writes 100,000 rows within 20 s, streaming', async () => {
    const n = 100_000
    const big = sheet({
      count: n,
      rows: function* () {
        for (let i = 0; i < n; i++) yield { community: '丽豪社区', title: i % 10 ? '楼道清理' : '困难家庭和独居老人探访及上门服务', places: i % 5, rate: 50, hours: (i % 7) / 2, members: i % 3 ? '张三' : LONG }
      }
    })
    const rss = process.memoryUsage().rss
    let peak = rss
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
    const t = performance.now()
    const { rows, bytes } = await reportWorkbook([big], job)
    clearInterval(timer)
    expect(rows).toBe(n)
    expect(performance.now() - t).toBeLessThan(20_000)
    expect(Math.max(peak, process.memoryUsage().rss)).toBeLessThan(500 * 1024 * 1024)
    expect(bytes.length).toBeGreaterThan(1_000_000)
  })
})

// ---------- printed by LibreOffice, where it is installed ----------

const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' }).status === 0
const poppler = spawnSync('pdfinfo', ['-v'], { encoding: 'utf8' }).error === undefined
if (!soffice) console.warn('report-format: LibreOffice (soffice) is not installed: the printed-page checks are skipped')

/** The workbook printed to PDF by LibreOffice: its pages' text, one string a page. */
function print(bytes: Buffer): { pdf: string; pages: string[] } {
  const dir = tempDir()
  const file = join(dir, 'report.xlsx')
  writeFileSync(file, bytes)
  const profile = tempDir()
  const r = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file], { encoding: 'utf8', timeout: 180_000 })
  if (r.status !== 0) throw new Error(`soffice failed: ${r.stderr}`)
  const pdf = join(dir, 'report.pdf')
  const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout ?? ''
  return { pdf, pages: text.split('\f').filter((p) => p.trim()) }
}

const pageCount = (pdf: string): number => Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)![1])

describe('the 报到情况统计表 of 39 communities', () => {
  it('fits on one A4 landscape page, at no less than the minimum scale', async () => {
    const db = tempDb()
    const a = api(db)
    a('demo.load', {})
    const range = db.prepare('SELECT MIN(date) AS "from", MAX(date) AS "to" FROM event').get() as { from: string; to: string }
    const file = await apiAsync(db, 'report.export', { kinds: ['registration'], ...range, jobId: 'fit-1' })
    const bytes = Buffer.from(file.base64, 'base64')
    const ws = (await load(bytes)).worksheets[0]
    expect(ws.getRow(3 + 39).getCell(1).value).toBe(39)
    // written to fit one page: its rows add up to no more than a page at the minimum scale
    expect(ws.pageSetup).toMatchObject({ fitToWidth: 1, fitToHeight: 1 })
    let height = 0
    ws.eachRow({ includeEmpty: true }, (r) => (height += r.height ?? 15))
    expect(height).toBeGreaterThan(PRINT_HEIGHT_PT)
    expect(height).toBeLessThanOrEqual(PRINT_HEIGHT_PT / MIN_SCALE)
    if (!soffice) return
    const { pdf, pages } = print(bytes)
    expect(pages).toHaveLength(1)
    if (poppler) expect(pageCount(pdf)).toBe(1)
    expect(pages[0]).toContain('合计')
    expect(pages[0]).toContain('填报单位')
    expect(pages[0]).toMatch(/第 1 页/)
  }, 240_000)
})

describe('page numbers', () => {
  it.skipIf(!soffice || !poppler)('restart on each sheet when the whole workbook is printed', async () => {
    const rowsOf = (n: number) => sheet({ count: n, rows: () => Array.from({ length: n }, (_, i) => ({ community: `社区${i}`, title: '楼道清理', places: 1, rate: 50, hours: 1, members: '张三' })) })
    const one = { ...rowsOf(5), name: '一页表' }
    const three = { ...rowsOf(75), name: '三页表' }
    const two = { ...rowsOf(45), name: '两页表' }
    const { pdf, pages } = print((await reportWorkbook([one, three, two], job)).bytes)
    const footers = pages.map((p) => /(\S+)\s+第 (\d+) 页/.exec(p)?.slice(1, 3).join(' '))
    expect(footers).toEqual(['一页表 1', '三页表 1', '三页表 2', '三页表 3', '两页表 1', '两页表 2'])
    expect(pageCount(pdf)).toBe(6)
  }, 240_000)
})
