/**
 * Reports as a superior expects them on paper: one formatted sheet each, streamed so 100k rows stay small in memory.
 *
 * Every sheet prints on A4 landscape, fitted to the page's width only: the columns are scaled to add up to the
 * printable width, so the print scale stays at about 100%. A sheet that would spill a few rows onto a second page
 * is written compactly and fitted onto one page (never below MIN_SCALE); a long list runs over as many pages as
 * it needs, its header row repeated on each. Streaming means no program will measure the rows for us, so each row's
 * height is worked out from its longest text as it is written.
 *
 * Page numbers: each sheet numbers its own pages from 1 (useFirstPageNumber), printed as "第 x 页". There is no
 * "共 y 页": in Excel, WPS and LibreOffice alike &N counts every page of the print job, so a one-page report printed
 * with the rest of the workbook read "第 1 页,共 25 页". The end of each report is marked on the paper instead by
 * its 共 N 条 line and the sign-off block.
 */
import ExcelJS from 'exceljs'
import { PassThrough } from 'node:stream'
import type { ReportCell, ReportColumn } from '../../shared/api'
import { AppError } from '../errors'

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
  /** how many rows there are, for progress, the 共 N line and the layout */
  count: number
  /** the 合计 row, if the report adds up */
  sum: Row | null
  /** how the numbers are counted */
  note: string
  /** a 序号 column first, the rows numbered 1..N (the 合计 row has none); default true */
  numbered?: boolean
  /** the line under the table, {n} the number of rows: '共 {n} 人'; default '共 {n} 条'; null for none */
  countLabel?: string | null
  /** the 填报单位(盖章)/填报人/审核人/联系电话/填报日期 lines at the end; default true */
  signOff?: boolean
  /**
   * a summary block between the period line and the table (反馈单位: the unit's 应报到, 已报到, 报到率 …): each item's
   * label over its value, bordered, the items spread evenly across the sheet's width
   */
  summary?: Array<{ label: string; value: ReportCell; rate?: boolean }>
}

/** How many of `width` columns each of `k` summary items spans: as even as whole columns allow. */
export const summarySpans = (width: number, k: number): number[] =>
  Array.from({ length: k }, (_, i) => Math.floor((width * (i + 1)) / k) - Math.floor((width * i) / k))

export interface ExportJob {
  cancelled: boolean
  progress(done: number, total: number, title: string): void
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r))
const cancelled = (): AppError => new AppError('invalid', '导出已取消,没有生成文件。')

// ---------- the page ----------

/** inches; the footer sits in the bottom margin */
export const MARGINS = { left: 0.4, right: 0.4, top: 0.35, bottom: 0.45, header: 0.15, footer: 0.2 }
const A4_LANDSCAPE_IN = { width: 11.69, height: 8.27 }
/** the page's printable height, in points */
export const PRINT_HEIGHT_PT = (A4_LANDSCAPE_IN.height - MARGINS.top - MARGINS.bottom) * 72
/** a column's width unit is the default font's digit, 7 pixels at 96 dpi (Calibri 11) */
const PX_PER_UNIT = 7
const PRINT_WIDTH_UNITS = ((A4_LANDSCAPE_IN.width - MARGINS.left - MARGINS.right) * 96) / PX_PER_UNIT
/** no sheet is fitted onto one page below this print scale */
export const MIN_SCALE = 0.85
/** no column is narrowed below this */
const MIN_WIDTH = 6

/** How many width units the columns of a sheet may add up to: the printable width less each column's rounding. */
export const widthBudget = (columns: number): number => Math.floor(PRINT_WIDTH_UNITS - 0.7 * columns - 2)

/** The widths scaled down proportionally to the budget when they add up to more, none below its minimum. */
export function fitWidths(widths: number[], budget: number, mins: number[]): number[] {
  const out = widths.slice()
  const fixed = new Set<number>()
  for (;;) {
    const total = out.reduce((t, w) => t + w, 0)
    if (total <= budget + 1e-9) break
    const free = widths.map((_, i) => i).filter((i) => !fixed.has(i))
    const freeWidth = free.reduce((t, i) => t + widths[i], 0)
    const room = budget - [...fixed].reduce((t, i) => t + out[i], 0)
    if (!free.length || room <= 0) break
    const f = room / freeWidth
    let pinned = false
    for (const i of free) {
      if (widths[i] * f < mins[i]) {
        out[i] = Math.min(widths[i], mins[i])
        fixed.add(i)
        pinned = true
      }
    }
    if (!pinned) {
      for (const i of free) out[i] = Math.floor(widths[i] * f * 10) / 10
      break
    }
  }
  return out
}

// ---------- fonts and how much room text takes ----------

const SONG = '宋体'
const HEI = '黑体'
/** 五号: the body of Chinese official tables */
const BODY_PT = 10.5
const NOTE_PT = 9
const TITLE_PT = 16
const GB2312 = 134
const font = (size: number, opts: { bold?: boolean; name?: string; grey?: boolean } = {}): Partial<ExcelJS.Font> => ({
  name: opts.name ?? SONG,
  size,
  bold: !!opts.bold,
  charset: GB2312,
  ...(opts.grey ? { color: { argb: 'FF555555' } } : {})
})

/**
 * Units (digit widths) a piece of text takes at a font size: at 10.5 pt a Chinese character is 14 px, two units,
 * a Latin letter or digit one. Anything past U+2000 (CJK, full-width punctuation, dashes, quotes) counts as wide.
 */
const charUnits = (cp: number): number => (cp < 0x2000 || (cp >= 0xff61 && cp <= 0xff9f) ? 1 : 2)

/** How many lines text takes in `capacity` units, wrapped as Excel does: at spaces and around Chinese characters. */
export function lineCount(text: string, capacity: number, pt = BODY_PT, bold = false): number {
  const s = (pt / BODY_PT) * (bold ? 1.05 : 1)
  const cap = Math.max(capacity, 1)
  let lines = 0
  for (const para of text.split('\n')) {
    lines++
    let x = 0
    let word = 0
    const place = (w: number): void => {
      if (x + w <= cap) {
        x += w
        return
      }
      if (x > 0) {
        lines++
        x = 0
      }
      while (w > cap) {
        w -= cap
        lines++
      }
      x = w
    }
    for (const ch of para) {
      const cp = ch.codePointAt(0)!
      if (ch === ' ') {
        if (word) place(word)
        word = 0
        if (x + s <= cap) x += s
        else {
          lines++
          x = 0
        }
      } else if (charUnits(cp) === 2) {
        if (word) place(word)
        word = 0
        place(2 * s)
      } else word += s
    }
    if (word) place(word)
  }
  return lines
}

/** the height a line of text takes at a font size, in points */
const lineHeight = (pt: number): number => pt * 1.3
/** a cell's text keeps about one unit clear of its borders */
const capacityOf = (width: number): number => width - 1.2

// ---------- cell styles, built once per sheet and shared by every cell ----------

const THIN = { style: 'thin' as const }
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN }
const GREY = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFF2F2F2' } }

/** Row heights, in points, for a sheet written at its ordinary size or compactly; pad is added to each text's lines. */
const HEIGHTS = {
  normal: { row: 16.5, title: 30, period: 20, count: 18, signOff: 26, pad: 4 },
  compact: { row: 12.25, title: 22, period: 15, count: 14, signOff: 18, pad: 2 }
}
type Sizes = (typeof HEIGHTS)['normal']

type Kind = 'seq' | 'text' | 'date' | 'wrap' | 'int' | 'dec' | 'rate' | 'hours'

const numFmtOf: Record<Kind, string | undefined> = { seq: '0', text: undefined, date: undefined, wrap: undefined, int: '0', dec: '0.0#', rate: '0.0', hours: '0.0#' }

function cellStyle(kind: Kind, bold: boolean): Partial<ExcelJS.Style> {
  const numFmt = numFmtOf[kind]
  return {
    font: font(BODY_PT, { bold }),
    border: BORDER,
    alignment: {
      vertical: 'middle',
      horizontal: kind === 'seq' || kind === 'date' ? 'center' : kind === 'text' || kind === 'wrap' ? 'left' : 'right',
      ...(kind === 'wrap' ? { wrapText: true } : {})
    },
    ...(numFmt ? { numFmt } : {})
  }
}

const STYLES = Object.fromEntries(
  (['seq', 'text', 'date', 'wrap', 'int', 'dec', 'rate', 'hours'] as Kind[]).map((k) => [k, { plain: cellStyle(k, false), bold: cellStyle(k, true) }])
) as Record<Kind, { plain: Partial<ExcelJS.Style>; bold: Partial<ExcelJS.Style> }>

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/** how a cell of a column is written: its style kind, from the column and (for plain numbers and dates) the value */
function kindOf(c: ReportColumn, v: ReportCell): Kind {
  if (typeof v === 'number') {
    if (c.rate) return 'rate'
    if (c.hours) return 'hours'
    return Number.isInteger(v) ? 'int' : 'dec'
  }
  if (c.wrap) return 'wrap'
  return typeof v === 'string' && ISO_DATE.test(v) ? 'date' : 'text'
}

// ---------- the sign-off block ----------

const SIGN_OFF: Array<{ label: string; blank: number; date?: boolean }> = [
  { label: '填报单位(盖章):', blank: 14 },
  { label: '填报人:', blank: 10 },
  { label: '审核人:', blank: 10 },
  { label: '联系电话:', blank: 13 },
  { label: '填报日期:', blank: 16, date: true }
]
const textUnits = (s: string): number => [...s].reduce((t, ch) => t + charUnits(ch.codePointAt(0)!), 0)

/**
 * The sign-off lines for a sheet `width` units wide: the items on as few lines as fit, spread evenly over them
 * (3 + 2 rather than 4 + 1), each line's spare room shared out among its blanks, none stretched past twice its size.
 */
export function signOffLines(width: number): string[] {
  const cap = Math.floor(capacityOf(width) * 0.97)
  const GAP = 3
  const need = SIGN_OFF.map((it) => textUnits(it.label) + it.blank)
  const lineWidth = (items: number[]): number => items.reduce((t, i) => t + need[i], 0) + GAP * (items.length - 1)
  // greedy first, for how many lines it takes
  let lines: number[][] = [[]]
  SIGN_OFF.forEach((_, i) => {
    const line = lines[lines.length - 1]
    if (line.length && lineWidth([...line, i]) > cap) lines.push([i])
    else line.push(i)
  })
  // then as even as that many lines allow
  const per = Math.ceil(SIGN_OFF.length / lines.length)
  const even = Array.from({ length: lines.length }, (_, k) => SIGN_OFF.map((_, i) => i).slice(k * per, (k + 1) * per)).filter((l) => l.length)
  if (even.every((l) => lineWidth(l) <= cap)) lines = even
  return lines.map((items) => {
    const each = Math.floor(Math.max(0, cap - lineWidth(items)) / items.length)
    return items
      .map((i) => {
        const it = SIGN_OFF[i]
        const room = it.blank + Math.min(each, it.blank)
        // 年 月 日 take 6 units and their gaps 8; the rest goes before the year
        return it.date ? `${it.label}${' '.repeat(Math.max(2, room - 14))}年    月    日` : `${it.label}${'_'.repeat(room)}`
      })
      .join(' '.repeat(GAP))
  })
}

// ---------- writing ----------

/** A header too long for its column breaks before its unit, 报到党员 / (人), rather than wherever it runs out. */
export function headerText(title: string, capacity: number): string {
  const at = Math.max(title.lastIndexOf('('), title.lastIndexOf('('))
  if (at <= 0 || title.includes('\n') || lineCount(title, capacity, BODY_PT, true) === 1) return title
  return `${title.slice(0, at)}\n${title.slice(at)}`
}

/**
 * ExcelJS's streaming writer (4.4.0) never writes <printOptions>, so pageSetup.horizontalCentered is lost: the
 * table is centred on the paper here, written just before the margins as the schema orders them.
 */
function centreOnPaper(ws: ExcelJS.Worksheet): void {
  const w = ws as unknown as { _writePageMargins?: () => void; stream: { write(s: string): void } }
  const margins = w._writePageMargins
  if (typeof margins !== 'function') return
  w._writePageMargins = function (this: typeof w): void {
    this.stream.write('<printOptions horizontalCentered="1"/>')
    margins.call(this)
  }
}

/** '&' starts a code in a header or footer: a name's own '&' is doubled */
const footerText = (s: string): string => s.replace(/&/g, '&&')

/** The footer: the sheet's name and its own page number, 第 x 页. */
export const footerOf = (name: string): string => `&C&"${SONG},常规"&9${footerText(name)}    第 &P 页`

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
    written += await writeSheet(wb, def, job)
  }
  await wb.commit()
  await done
  return { bytes: Buffer.concat(chunks), rows: written }
}

async function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, def: ReportSheet, job: ExportJob): Promise<number> {
  const numbered = def.numbered ?? true
  const countLabel = def.countLabel === undefined ? '共 {n} 条' : def.countLabel
  const signOff = def.signOff ?? true
  const cols = def.columns
  const lead = numbered ? 1 : 0
  const width = cols.length + lead

  // widths: 序号 as wide as its largest number, the rest scaled into the page
  const seqWidth = Math.max(5.5, String(Math.max(def.count, 1)).length + 2.5)
  const given = [...(numbered ? [seqWidth] : []), ...cols.map((c) => c.width)]
  const mins = [...(numbered ? [seqWidth] : []), ...cols.map((c) => Math.min(c.width, MIN_WIDTH))]
  const widths = fitWidths(given, widthBudget(width), mins)
  const sheetWidth = widths.reduce((t, w) => t + w, 0)
  const caps = widths.map(capacityOf)
  const summary = def.summary?.length ? def.summary.slice(0, width) : null
  const spans = summary ? summarySpans(width, summary.length) : []
  const spanCaps = spans.map((n, i) => {
    const first = spans.slice(0, i).reduce((t, x) => t + x, 0)
    return capacityOf(widths.slice(first, first + n).reduce((t, w) => t + w, 0))
  })
  const summaryLines = (labels: boolean): number =>
    summary ? Math.max(1, ...summary.map((it, i) => lineCount(labels ? it.label : String(it.value ?? '—'), spanCaps[i], BODY_PT, labels))) : 0
  /** the table's header row: after the title, the period line and the summary block */
  const headerRow = 3 + (summary ? 2 : 0)

  const ws = wb.addWorksheet(def.name, {
    views: [{ state: 'frozen', ySplit: headerRow }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: `${headerRow}:${headerRow}`,
      firstPageNumber: 1,
      margins: MARGINS
    },
    headerFooter: { oddFooter: footerOf(def.name) }
  })
  ws.columns = widths.map((w) => ({ width: w }))
  centreOnPaper(ws)

  // the fixed rows' heights, known before any data row is written
  const headerTitles = [...(numbered ? ['序号'] : []), ...cols.map((c) => c.title)].map((t, i) => headerText(t, caps[i]))
  const headerLines = Math.max(1, ...headerTitles.map((t, i) => lineCount(t, caps[i], BODY_PT, true)))
  const titleLines = lineCount(def.title, capacityOf(sheetWidth), TITLE_PT)
  const periodLines = lineCount(def.period, capacityOf(sheetWidth))
  const note = def.note ? `说明:${def.note}` : ''
  const noteLines = note ? lineCount(note, capacityOf(sheetWidth), NOTE_PT) : 0
  const signLayout = signOff ? signOffLines(sheetWidth) : []
  /** every row's height but the data rows', at a size */
  const rowHeights = (z: Sizes) => ({
    title: Math.max(z.title, titleLines * lineHeight(TITLE_PT) + 2 * z.pad),
    period: Math.max(z.period, periodLines * lineHeight(BODY_PT) + z.pad),
    header: Math.max(20, headerLines * lineHeight(BODY_PT) + z.pad),
    summary: summary ? Math.max(20, summaryLines(true) * lineHeight(BODY_PT) + z.pad) + Math.max(20, summaryLines(false) * lineHeight(BODY_PT) + z.pad) : 0,
    count: countLabel === null ? 0 : z.count,
    note: note ? noteLines * lineHeight(NOTE_PT) + z.pad : 0,
    signOff: z.signOff
  })
  const fixedHeight = (z: Sizes): number => {
    const h = rowHeights(z)
    return h.title + h.period + h.summary + h.header + h.count + h.note + signLayout.length * h.signOff
  }
  const tableRows = def.count + (def.sum ? 1 : 0)
  // a sheet just over one page is written compactly, to be fitted onto one page at MIN_SCALE or more
  const onePage = fixedHeight(HEIGHTS.normal) + tableRows * HEIGHTS.normal.row <= PRINT_HEIGHT_PT
  const squeeze = !onePage && fixedHeight(HEIGHTS.compact) + tableRows * HEIGHTS.compact.row <= PRINT_HEIGHT_PT / MIN_SCALE
  const z = squeeze ? HEIGHTS.compact : HEIGHTS.normal
  const h = rowHeights(z)
  let height = 0

  const fullWidthRow = (text: string, style: Partial<ExcelJS.Style>, rowHeight: number): ExcelJS.Row => {
    const r = ws.addRow([text])
    r.height = rowHeight
    height += rowHeight
    r.getCell(1).style = style
    if (width > 1) ws.mergeCells(r.number, 1, r.number, width)
    return r
  }

  fullWidthRow(def.title, { font: font(TITLE_PT, { name: HEI }), alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } }, h.title).commit()
  fullWidthRow(def.period, { font: font(BODY_PT), alignment: { horizontal: 'left', vertical: 'middle', wrapText: true } }, h.period).commit()
  if (summary) {
    for (const labels of [true, false]) {
      const r = ws.addRow([])
      r.height = Math.max(20, summaryLines(labels) * lineHeight(BODY_PT) + z.pad)
      height += r.height
      let col = 1
      summary.forEach((it, i) => {
        const cell = r.getCell(col)
        cell.value = labels ? it.label : it.value
        const style: Partial<ExcelJS.Style> = {
          font: font(BODY_PT, { bold: labels }),
          border: BORDER,
          alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
          ...(labels ? { fill: GREY } : typeof it.value === 'number' ? { numFmt: it.rate ? '0.0' : '0' } : {})
        }
        for (let c = col; c < col + spans[i]; c++) r.getCell(c).style = style
        if (spans[i] > 1) ws.mergeCells(r.number, col, r.number, col + spans[i] - 1)
        col += spans[i]
      })
      r.commit()
    }
  }

  const header = ws.addRow(headerTitles)
  header.height = h.header
  height += header.height
  const headerStyle: Partial<ExcelJS.Style> = {
    font: font(BODY_PT, { bold: true }),
    border: BORDER,
    fill: GREY,
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true }
  }
  for (let i = 1; i <= width; i++) header.getCell(i).style = headerStyle
  header.commit()

  let n = 0
  const write = (row: Row, seq: number | null, bold: boolean): void => {
    const values: ReportCell[] = numbered ? [seq] : []
    for (const c of cols) {
      const v = row[c.key]
      values.push(v === '' || v === undefined ? null : v)
    }
    const r = ws.addRow(values)
    let lines = 1
    for (let i = 0; i < width; i++) {
      const v = values[i]
      const c = i < lead ? null : cols[i - lead]
      let kind: Kind = c ? kindOf(c, v) : 'seq'
      if (typeof v === 'string' && v) {
        const l = lineCount(v, caps[i], BODY_PT, bold)
        if (l > 1) {
          kind = 'wrap'
          if (l > lines) lines = l
        }
      }
      r.getCell(i + 1).style = bold ? STYLES[kind].bold : STYLES[kind].plain
    }
    r.height = lines > 1 ? lines * lineHeight(BODY_PT) + z.pad : z.row
    height += r.height
    r.commit()
  }
  for (const row of def.rows()) {
    n++
    write(row, n, false)
    if (n % 2000 === 0) {
      job.progress(n, def.count, def.name)
      await tick()
      if (job.cancelled) throw cancelled()
    }
  }
  if (def.sum) write(def.sum, null, true)

  if (countLabel !== null) {
    fullWidthRow(countLabel.replace(/\{n\}/g, String(n)), { font: font(BODY_PT), alignment: { horizontal: 'left', vertical: 'middle' } }, h.count).commit()
  }
  if (note) {
    fullWidthRow(note, { font: font(NOTE_PT, { grey: true }), alignment: { horizontal: 'left', vertical: 'top', wrapText: true } }, h.note).commit()
  }
  const signStyle: Partial<ExcelJS.Style> = { font: font(BODY_PT), alignment: { horizontal: 'left', vertical: 'bottom' } }
  for (const line of signLayout) fullWidthRow(line, signStyle, h.signOff).commit()

  // fitted onto one page only if it really fits there at MIN_SCALE, long rows and all
  if (squeeze && height <= PRINT_HEIGHT_PT / MIN_SCALE) ws.pageSetup.fitToHeight = 1
  job.progress(def.count, def.count, def.name)
  ws.commit()
  return n
}

const csvCell = (v: ReportCell): string => {
  if (v === null || v === undefined) return ''
  // text that a spreadsheet would run as a formula is kept as text
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** One report as CSV with a UTF-8 BOM, so Excel and WPS open it in Chinese. Data only: no 序号, title or sign-off. */
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
