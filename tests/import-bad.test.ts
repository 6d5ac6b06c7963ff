import JSZip from 'jszip'
import { deflateRawSync } from 'node:zlib'
import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import { rejection, smallRegister, tempDb } from './helpers'
import { fileHash, read, registers, sample, workbook } from './import-helpers'

/** A zip with one part that inflates far beyond its packed size. */
function zipBomb(): Buffer {
  const name = Buffer.from('xl/worksheets/sheet1.xml')
  const data = deflateRawSync(Buffer.alloc(150 * 1024 * 1024, 0x20))
  const local = Buffer.alloc(30)
  local.writeUInt32LE(0x04034b50, 0)
  local.writeUInt16LE(8, 8)
  local.writeUInt32LE(data.length, 18)
  local.writeUInt32LE(150 * 1024 * 1024, 22)
  local.writeUInt16LE(name.length, 26)
  const central = Buffer.alloc(46)
  central.writeUInt32LE(0x02014b50, 0)
  central.writeUInt16LE(8, 10)
  central.writeUInt32LE(data.length, 20)
  central.writeUInt32LE(150 * 1024 * 1024, 24)
  central.writeUInt16LE(name.length, 28)
  const cdOffset = 30 + name.length + data.length
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(1, 8)
  end.writeUInt16LE(1, 10)
  end.writeUInt32LE(46 + name.length, 12)
  end.writeUInt32LE(cdOffset, 16)
  return Buffer.concat([local, name, data, central, name, end])
}

async function withDoctype(): Promise<Buffer> {
  const zip = await JSZip.loadAsync(sample('sample-signin.xlsx'))
  const xml = await zip.file('xl/workbook.xml')!.async('string')
  const doctype = '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
  zip.file('xl/workbook.xml', doctype + xml.replace(/^<\?xml[^>]*\?>/, ''))
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
}

/** An OLE container like the one Excel writes for a workbook with an opening password. */
function passwordProtected(): Buffer {
  const cfb = XLSX.CFB.utils.cfb_new()
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]))
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(4096, 7))
  return Buffer.from(XLSX.CFB.write(cfb, { type: 'buffer' }) as Uint8Array)
}

describe('bad files get one clear Chinese message and leave the database byte-for-byte unchanged', () => {
  const cases: Array<[string, string, () => Buffer | Promise<Buffer>, RegExp]> = [
    ['a text file renamed .xlsx', '签到表.xlsx', () => Buffer.from('这不是表格,只是一段文字\n姓名,电话\n'), /不是 Excel 工作簿/],
    ['an empty file', '空.xlsx', () => Buffer.alloc(0), /文件是空的/],
    ['a CSV of two bytes', '签到.csv', () => Buffer.from('姓'.slice(0, 1), 'utf8').subarray(0, 2), /没有找到表头/],
    ['a truncated workbook', '半截.xlsx', () => sample('sample-roster.xlsx').subarray(0, 3000), /不完整或已损坏/],
    ['a password-protected workbook', '加密.xlsx', passwordProtected, /设置了打开密码/],
    ['a file over the size limit', '巨大.csv', () => Buffer.alloc(21 * 1024 * 1024, 0x41), /超过 20 MB/],
    ['a zip bomb', '炸弹.xlsx', zipBomb, /压缩炸弹/],
    ['workbook XML with a DOCTYPE', '实体.xlsx', withDoctype, /DOCTYPE/],
    ['a sheet with no recognisable header', '无表头.xlsx', () => workbook({ s: [['甲', '乙'], [1, 2], [3, 4]] }), /没有找到表头/]
  ]
  for (const [what, fileName, make, message] of cases) {
    it(what, async () => {
      const db = tempDb()
      const { event } = smallRegister(db)
      const buf = await make()
      const before = [registers(db), fileHash(db)]
      const e = (await rejection(read(db, 'signin', fileName, buf, { eventId: event.id })))
      expect(e.message).toMatch(message)
      expect(e.message).toMatch(/^[^a-zA-Z]*[\u4e00-\u9fff]/)
      expect([registers(db), fileHash(db)]).toEqual(before)
    })
  }

  it('a crafted file cannot pollute Object.prototype', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    const wb = XLSX.utils.book_new()
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['姓名', '__proto__', 'constructor', '手机号'], ['张三', '{"polluted":1}', 'x', '13800138000']]), '__proto__')
    const file = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer
    const p = await read(db, 'signin', 'proto.xlsx', file, { eventId: event.id })
    expect(p.rows).toHaveLength(1)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.keys(Object.prototype)).toEqual([])
  })
})
