import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import { normalizeName, normalizePhone, idCardProblem, maskIdCard, maskPhone } from '../src/shared/text'
import { hoursBetween, parseDate, parseHours, parseTime, parseYesNo, sheetDate, titleInfo } from '../src/main/excel/values'
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

  it('reads the afternoon in words and half hours', () => {
    expect(['下午2:30', '2:30 PM', '下午2点半', '14:30', '14点30分'].map(parseTime)).toEqual(['14:30', '14:30', '14:30', '14:30', '14:30'])
    expect(['8点半', '上午8:30', '晚上7点', '中午12:10', '中午1点'].map(parseTime)).toEqual(['08:30', '08:30', '19:00', '12:10', '13:00'])
  })

  it('counts hours from a sign-in to a sign-out, reading a 12-hour sign-out after a morning sign-in as the afternoon', () => {
    expect(hoursBetween('08:30', '11:30')).toEqual({ hours: 3 })
    expect(hoursBetween('08:25', '11:30')).toEqual({ hours: 3.08 })
    expect(hoursBetween('11:30', '13:15')).toEqual({ hours: 1.75 })
    expect(hoursBetween('09:00', '02:30')).toEqual({ hours: 5.5, afternoon: '14:30' })
    expect(hoursBetween('09:00', '08:30')).toEqual({ problem: '签退时间 08:30 不晚于签到时间 09:00,请核对' })
    expect(hoursBetween('14:00', '13:00')).toEqual({ problem: '签退时间 13:00 不晚于签到时间 14:00,请核对' })
  })

  it('reads hours as clerks write them', () => {
    const day = { half: 4, full: 8 }
    const cases: Array<[string | number, number | null]> = [
      [3, 3], ['3', 3], ['3小时', 3], ['3.5h', 3.5], ['3.5H', 3.5], ['3.5 小时', 3.5], ['３小时', 3], ['3个小时', 3], ['约3小时', 3], ['3小时左右', 3],
      ['三小时', 3], ['两小时', 2], ['两个小时', 2], ['十小时', 10], ['十二小时', 12], ['半小时', 0.5], ['一个半小时', 1.5], ['两个半小时', 2.5],
      ['3个半小时', 3.5], ['1小时30分', 1.5], ['2小时15分钟', 2.25], ['90分钟', 1.5], ['半天', 4], ['上午', 4], ['下午', 4], ['一上午', 4],
      ['一下午', 4], ['全天', 8], ['一天', 8], ['整天', 8], ['很久', null], ['25小时', null], ['-1', null], ['', null]
    ]
    for (const [v, h] of cases) expect(parseHours(v, day), String(v)).toBe(h)
    expect(parseHours('半天', { half: 3.5, full: 7 })).toBe(3.5)
  })

  it('reads an activity from a sheet\'s title lines and a day from its name', () => {
    expect(titleInfo(['丽豪社区在职党员志愿服务签到表', '活动名称:垃圾分类宣传    活动时间:2020年6月6日 8:30-11:30'], '签到表', 2024)).toEqual({
      title: '垃圾分类宣传', date: '2020-06-06', startTime: '08:30', endTime: '11:30'
    })
    expect(titleInfo(['活动名称:关爱独居老人    活动时间:2020年6月13日 下午2:30-5:00'], 'x', 2024)).toMatchObject({ startTime: '14:30', endTime: '17:00' })
    expect(titleInfo(['湖景社区志愿服务签到表', '时间:6月20日(周六)上午9:00至11:00'], 'x', 2020)).toEqual({ title: '湖景社区志愿服务', date: '2020-06-20', startTime: '09:00', endTime: '11:00' })
    expect(titleInfo([], '6月13日', 2020)).toEqual({ title: '', date: '2020-06-13', startTime: '', endTime: '' })
    expect(['6月6日', '6.13', '6-20', '0606', '2021.6.6', '2021-06-06', 'Sheet1'].map((n) => sheetDate(n, 2020))).toEqual([
      '2020-06-06', '2020-06-13', '2020-06-20', '2020-06-06', '2021-06-06', '2021-06-06', null
    ])
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
