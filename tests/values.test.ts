import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import { normalizeName, normalizePhone, idCardProblem, maskIdCard, maskPhone } from '../src/shared/text'
import { parseDate, parseTime, parseYesNo } from '../src/main/excel/values'
import { smallRegister, tempDb } from './helpers'
import { read, sample, truth } from './import-helpers'

describe('normalising cell values', () => {
  it('reads dates in every spelling seen in rosters', () => {
    // 43937 is Excel's day number for 2020-04-16 (days since 1899-12-30)
    expect(parseDate(43937)).toBe('2020-04-16')
    for (const s of ['２０２０.４.１５', '2020.4.15', '2020年4月15日', '2020/4/15', '2020/04/15', '2020-04-15', '20200415', ' 2020 年 4 月 15 日 ']) expect(parseDate(s), s).toBe('2020-04-15')
    expect(parseDate('4月16日', 2020)).toBe('2020-04-16')
    expect(parseDate('4月16日')).toBeNull()
    expect(parseDate('2020-02-30')).toBeNull()
    expect(parseDate('四月中旬')).toBeNull()
  })

  it('reads sign-in times as Excel fractions of a day or as text', () => {
    expect(parseTime(0.35)).toBe('08:24')
    expect(parseTime(43975.35763888889)).toBe('08:35')
    expect(parseTime('8:30')).toBe('08:30')
    expect(parseTime('08:30:15')).toBe('08:30')
    expect(parseTime('8点30')).toBe('08:30')
    expect(parseTime('８：０５')).toBe('08:05')
    expect(parseTime('25:00')).toBeNull()
  })

  it('cleans names, phones and ID numbers, and masks them', () => {
    expect(normalizeName('\u200b 王\u3000 小\u00a0明 ')).toBe('王小明')
    expect(normalizeName(' John  Smith ')).toBe('John Smith')
    expect(normalizePhone('１３８-0013　8000')).toBe('13800138000')
    expect(normalizePhone('+86 138 0013 8000')).toBe('13800138000')
    expect(idCardProblem('11010519491231002X')).toBeNull()
    expect(idCardProblem('110105194912310021')).toBe('身份证校验位不符,请核对号码')
    expect(idCardProblem('110105194902300021')).toBe('身份证号中的出生日期不正确')
    expect(maskPhone('13812341234')).toBe('138****1234')
    expect(maskIdCard('11010519491231002X')).toBe('1101**********002X')
    expect([parseYesNo('是'), parseYesNo('否'), parseYesNo(''), parseYesNo('也许')]).toEqual([true, false, null, null])
  })
})

describe('old and other spreadsheet formats', () => {
  for (const bookType of ['xls', 'ods'] as const) {
    it(`the sample sign-in sheet saved as .${bookType} reads the same rows`, async () => {
      const db = tempDb()
      const { event } = smallRegister(db)
      const wb = XLSX.read(sample('sample-signin.xlsx'))
      const converted = XLSX.write(wb, { type: 'buffer', bookType: bookType === 'xls' ? 'biff8' : 'ods' }) as Buffer
      const p = await read(db, 'signin', `签到表.${bookType}`, converted, { eventId: event.id })
      expect(p.rows.map((r) => ({ name: normalizeName(r.values.name ?? ''), phone: normalizePhone(r.values.phone ?? '') }))).toEqual(truth['sample-signin.xlsx'])
    })
  }
})
