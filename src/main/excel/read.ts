/**
 * Reading a spreadsheet someone else typed: refuse what is unsafe or unreadable with a Chinese message,
 * decode CSV text ourselves, and hand back each sheet as rows of raw cell values with merged cells filled.
 */
import iconv from 'iconv-lite'
import { crc32 as zlibCrc32, inflateRawSync } from 'node:zlib'
import * as XLSX from 'xlsx'
import { AppError } from '../errors'

export const MAX_FILE_BYTES = 20 * 1024 * 1024
const MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
const MAX_RATIO = 100
const MAX_ROWS = 100_000
const MAX_COLS = 200

export type Cell = string | number | boolean | null
export interface Sheet {
  name: string
  rows: Cell[][]
}

const unreadable = (why: string): AppError => new AppError('invalid', `${why}请在 Excel 或 WPS 中打开该文件,另存为 .xlsx 后再导入。`)

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(b: Buffer): number {
  // Node's own (zlib, native) where it has one: the sheets of a large roster are megabytes of XML
  if (typeof zlibCrc32 === 'function') return zlibCrc32(b) >>> 0
  let c = 0xffffffff
  for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/**
 * Reads a zip (xlsx, ods) from its central directory — checking what each part claims before inflating it,
 * inflating with Node's zlib under a size cap, refusing DOCTYPE/ENTITY in XML — and rewrites it with every
 * part stored uncompressed, so the spreadsheet parser never runs its own inflater on hostile bytes (a damaged
 * deflate stream could make it loop forever).
 */
function storedZip(buf: Buffer): Buffer {
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw unreadable('文件不完整或已损坏(可能下载或拷贝时中断)。')
  const count = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  let total = 0
  const parts: Array<{ name: Buffer; data: Buffer }> = []
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw unreadable('文件不完整或已损坏。')
    const method = buf.readUInt16LE(p + 10)
    const packed = buf.readUInt32LE(p + 20)
    const size = buf.readUInt32LE(p + 24)
    const nameLen = buf.readUInt16LE(p + 28)
    const local = buf.readUInt32LE(p + 42)
    const name = buf.subarray(p + 46, p + 46 + nameLen)
    total += size
    if (total > MAX_UNZIPPED_BYTES || (size > 1024 * 1024 && size > packed * MAX_RATIO)) {
      throw new AppError('invalid', '文件解压后异常巨大(疑似"压缩炸弹"),为保护电脑已拒绝导入。请向发送方核实文件来源。')
    }
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw unreadable('文件不完整或已损坏。')
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const raw = buf.subarray(start, start + packed)
    let data: Buffer
    try {
      if (method === 0) data = raw
      else if (method === 8) data = inflateRawSync(raw, { maxOutputLength: Math.min(size + 1024, MAX_UNZIPPED_BYTES) })
      else throw new Error('unsupported method')
    } catch {
      throw unreadable('文件不完整或已损坏。')
    }
    if (/\.(xml|rels)$/i.test(name.toString('utf8')) && /<!(DOCTYPE|ENTITY)/i.test(data.toString('latin1'))) {
      throw new AppError('invalid', '文件中含有不安全的内容(DOCTYPE 声明),已拒绝导入。请在 Excel 或 WPS 中另存为 .xlsx 后再导入。')
    }
    parts.push({ name, data })
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32)
  }
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const { name, data } of parts) {
    const crc = crc32(data)
    const lh = Buffer.alloc(30)
    lh.writeUInt32LE(0x04034b50, 0)
    lh.writeUInt16LE(20, 4)
    lh.writeUInt16LE(0x800, 6)
    lh.writeUInt32LE(crc, 14)
    lh.writeUInt32LE(data.length, 18)
    lh.writeUInt32LE(data.length, 22)
    lh.writeUInt16LE(name.length, 26)
    const ch = Buffer.alloc(46)
    ch.writeUInt32LE(0x02014b50, 0)
    ch.writeUInt16LE(20, 4)
    ch.writeUInt16LE(20, 6)
    ch.writeUInt16LE(0x800, 8)
    ch.writeUInt32LE(crc, 16)
    ch.writeUInt32LE(data.length, 20)
    ch.writeUInt32LE(data.length, 24)
    ch.writeUInt16LE(name.length, 28)
    ch.writeUInt32LE(offset, 42)
    locals.push(lh, name, data)
    centrals.push(ch, name)
    offset += 30 + name.length + data.length
  }
  const central = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(central.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, central, end])
}

/** CSV bytes to text: a BOM decides; otherwise strict UTF-8, falling back to GB18030 (Excel/WPS on Chinese Windows). */
export function decodeText(buf: Buffer): string {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8')
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf)
  } catch {
    return iconv.decode(buf, 'gb18030')
  }
}

function isOle(buf: Buffer): boolean {
  return buf.length > 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1
}

export function readWorkbook(fileName: string, buf: Buffer): Sheet[] {
  if (buf.length === 0) throw new AppError('invalid', '文件是空的(0 字节),请确认选对了文件。')
  if (buf.length > MAX_FILE_BYTES) {
    throw new AppError('invalid', `文件有 ${(buf.length / 1024 / 1024).toFixed(1)} MB,超过 ${MAX_FILE_BYTES / 1024 / 1024} MB 的上限。请删去无关的工作表或图片后再导入,或分成几个文件。`)
  }
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? ''
  const zip = buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50
  let wb: XLSX.WorkBook
  try {
    if (zip) {
      wb = XLSX.read(storedZip(buf), { type: 'buffer', dense: true, cellFormula: false, cellHTML: false, cellStyles: false })
    } else if (isOle(buf)) {
      if (buf.includes(Buffer.from('EncryptedPackage', 'utf16le'))) throw new AppError('invalid', '文件设置了打开密码,无法读取。请在 Excel 或 WPS 中取消密码后另存,再导入。')
      wb = XLSX.read(buf, { type: 'buffer', dense: true, cellFormula: false, cellHTML: false, cellStyles: false })
    } else if (ext === 'csv' || ext === 'txt') {
      wb = XLSX.read(decodeText(buf), { type: 'string', raw: true, dense: true })
    } else {
      throw unreadable(`文件扩展名是 .${ext || '(无)'},但内容不是 Excel 工作簿(可能是改了扩展名的其他文件)。`)
    }
  } catch (e) {
    if (e instanceof AppError) throw e
    const msg = String((e as Error)?.message ?? e)
    if (/password|encrypt/i.test(msg)) throw new AppError('invalid', '文件设置了打开密码,无法读取。请在 Excel 或 WPS 中取消密码后另存,再导入。')
    throw unreadable('无法读取该文件(格式不受支持或文件已损坏)。')
  }
  try {
    return wb.SheetNames.map((name) => ({ name, rows: wb.Sheets[name] ? sheetRows(wb.Sheets[name]) : [] }))
  } catch {
    throw unreadable('无法读取该文件(格式不受支持或文件已损坏)。')
  }
}

/** Rows of raw values over the cells actually present (a forged dimension cannot make us walk a million rows). */
function sheetRows(ws: XLSX.WorkSheet): Cell[][] {
  const data = (ws['!data'] ?? []) as Array<Array<XLSX.CellObject | undefined> | undefined>
  const height = Math.min(data.length, MAX_ROWS)
  const rows: Cell[][] = []
  let width = 0
  for (let r = 0; r < height; r++) {
    const src = data[r] ?? []
    const row: Cell[] = []
    for (let c = 0; c < Math.min(src.length, MAX_COLS); c++) {
      const cell = src[c]
      const v = cell?.v
      row.push(v === undefined || v === null || v instanceof Date ? (v instanceof Date ? v.toISOString() : null) : (v as Cell))
    }
    width = Math.max(width, row.length)
    rows.push(row)
  }
  for (const row of rows) while (row.length < width) row.push(null)
  // merged cells: every cell of the range takes the top-left value (a unit merged down over its members)
  for (const m of (ws['!merges'] ?? []) as XLSX.Range[]) {
    const v = rows[m.s.r]?.[m.s.c] ?? null
    for (let r = m.s.r; r <= Math.min(m.e.r, rows.length - 1); r++) {
      for (let c = m.s.c; c <= Math.min(m.e.c, width - 1); c++) if (rows[r][c] === null) rows[r][c] = v
    }
  }
  return rows
}
