/** Cell values as clerks type them, to the forms the registers store. */
import { toHalfWidth } from '../../shared/text'
import type { Cell } from './read'

const pad = (n: number): string => String(n).padStart(2, '0')

function ymd(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d))
  if (y < 1950 || y > 2100 || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null
  return `${y}-${pad(m)}-${pad(d)}`
}

/** Excel's day number (1900 system) to YYYY-MM-DD. */
export function excelSerialDate(serial: number): string | null {
  if (!(serial > 0 && serial < 2958466)) return null
  const t = new Date(Math.round((serial - 25569) * 86400) * 1000)
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())
}

/**
 * A date in any spelling seen in rosters: an Excel serial, 2020.4.15, 2020年4月16日, 2020/4/17, 2020-04-17,
 * 20200417, or 4月16日 / 4.16 with the year supplied (the activity's year).
 */
export function parseDate(v: Cell, defaultYear?: number): string | null {
  if (v === null || v === '' || typeof v === 'boolean') return null
  if (typeof v === 'number') return excelSerialDate(v)
  const s = toHalfWidth(v).trim().replace(/\s+/g, '')
  if (/^\d{4}-\d{2}-\d{2}T/.test(s)) return s.slice(0, 10)
  let m = /^(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})日?$/.exec(s)
  if (m) return ymd(+m[1], +m[2], +m[3])
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s)
  if (m) return ymd(+m[1], +m[2], +m[3])
  m = /^(\d{1,2})[.\-/月](\d{1,2})日?$/.exec(s)
  if (m && defaultYear) return ymd(defaultYear, +m[1], +m[2])
  if (/^\d+(\.\d+)?$/.test(s)) return excelSerialDate(+s)
  return null
}

/**
 * A time of day as HH:MM: an Excel fraction of a day (or a date-time serial), 8:30, 08:30:15, 8点30, 8时30分,
 * 8点半, and the afternoon said in words (下午2:30, 2:30 PM, 晚上7点).
 */
export function parseTime(v: Cell): string | null {
  if (v === null || v === '' || typeof v === 'boolean') return null
  if (typeof v === 'number') {
    if (!(v >= 0)) return null
    const mins = Math.round((v - Math.floor(v)) * 1440) % 1440
    return `${pad(Math.floor(mins / 60))}:${pad(mins % 60)}`
  }
  const s = toHalfWidth(v).trim()
  const m = /(\d{1,2})\s*[:时点]\s*(半|\d{1,2})?/.exec(s)
  if (!m) return /^\d+(\.\d+)?$/.test(s) ? parseTime(+s) : null
  let h = +m[1]
  const min = m[2] === '半' ? 30 : m[2] ? +m[2] : 0
  if (h < 12 && /下午|晚上|傍晚|pm|p\.m/i.test(s)) h += 12
  else if (h < 6 && /中午/.test(s)) h += 12
  else if (h === 12 && /凌晨|am|a\.m/i.test(s)) h = 0
  return h < 24 && min < 60 ? `${pad(h)}:${pad(min)}` : null
}

const minutesOf = (t: string): number => +t.slice(0, 2) * 60 + +t.slice(3, 5)

/**
 * Hours between a sign-in and a sign-out (HH:MM each), rounded as an activity's hours are (to 0.01 h). A sign-out
 * written on a 12-hour clock after a morning sign-in (9:00 → 2:30) is read as the afternoon, and said so; a
 * sign-out that is still not after the sign-in is a problem.
 */
export function hoursBetween(signedAt: string, signedOutAt: string): { hours: number; afternoon?: string } | { problem: string } {
  let out = minutesOf(signedOutAt)
  const start = minutesOf(signedAt)
  let afternoon: string | undefined
  if (out <= start && out >= 60 && out < 7 * 60 && out + 720 > start) {
    out += 720
    afternoon = `${pad(Math.floor(out / 60))}:${pad(out % 60)}`
  }
  if (out <= start) return { problem: `签退时间 ${signedOutAt} 不晚于签到时间 ${signedAt},请核对` }
  return { hours: Math.round(((out - start) / 60) * 100) / 100, ...(afternoon ? { afternoon } : {}) }
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 俩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

/** 3, 3.5, 三, 两, 十, 十二, 二十 → the number; null for anything else. */
function smallNumber(s: string): number | null {
  if (/^\d+(\.\d+)?$/.test(s)) return +s
  if (s.length === 1 && s in CN_DIGITS) return CN_DIGITS[s]
  const m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(s)
  if (m) return (m[1] ? CN_DIGITS[m[1]] : 1) * 10 + (m[2] ? CN_DIGITS[m[2]] : 0)
  return null
}

export interface DayHours {
  half: number
  full: number
}

const NUM = '(\\d+(?:\\.\\d+)?|[零〇一二两俩三四五六七八九十]{1,3})'
const HOURS = '(?:个)?(?:小时|钟头|钟|h|hr|hrs|hour|hours)'
const HOURS_RE = [
  // 3, 3.5, 3小时, 3.5h, 三小时, 两个小时
  [new RegExp(`^${NUM}(?:${HOURS})?$`), (m: string[]) => smallNumber(m[1])],
  // 两个半小时, 3个半小时, 一个半钟头
  [new RegExp(`^${NUM}个?半(?:小时|钟头|钟|h)?$`), (m: string[]) => add(smallNumber(m[1]), 0.5)],
  // 半小时, 半个小时
  [/^半个?(?:小时|钟头)$/, () => 0.5],
  // 1小时30分, 2小时15分钟
  [new RegExp(`^${NUM}${HOURS}${NUM}分(?:钟)?$`), (m: string[]) => add(smallNumber(m[1]), (smallNumber(m[2]) ?? NaN) / 60)],
  // 90分钟, 30分
  [new RegExp(`^${NUM}分(?:钟)?$`), (m: string[]) => ((n) => (n === null ? null : n / 60))(smallNumber(m[1]))]
] as Array<[RegExp, (m: string[]) => number | null]>

function add(a: number | null, b: number): number | null {
  return a === null || Number.isNaN(b) ? null : a + b
}

const HALF_DAY = /^(?:半天|半日|半个?白天|(?:一|整个?)?(?:上午|下午|早上|晚上))$/
const FULL_DAY = /^(?:全天|一天|1天|整天|一整天|全日|一日|上下午|上午和下午|上午下午|上午\+下午)$/

/** Whether hours were written as a half day (半天, 上午, 一下午) or a whole one (全天, 一天). */
export function dayWord(v: string): 'half' | 'full' | null {
  const s = toHalfWidth(v).replace(/[\s\u00a0]/g, '').toLowerCase()
  return HALF_DAY.test(s) || s === '0.5天' ? 'half' : FULL_DAY.test(s) ? 'full' : null
}

/**
 * Hours as clerks write them: 3, 3小时, 3.5h, 三个半小时, 两小时, 1小时30分, 90分钟; 半天 / 上午 / 一下午 take the
 * half-day setting and 全天 / 一天 the full-day one. Null when it cannot be read (or is outside 0–24).
 */
export function parseHours(v: Cell, day: DayHours): number | null {
  if (v === null || v === '' || typeof v === 'boolean') return null
  if (typeof v === 'number') return v >= 0 && v <= 24 ? v : null
  const s = toHalfWidth(v).replace(/[\s\u00a0]/g, '').toLowerCase().replace(/左右$|约/g, '')
  let hours: number | null = null
  if (HALF_DAY.test(s) || s === '0.5天') hours = day.half
  else if (FULL_DAY.test(s)) hours = day.full
  else {
    for (const [re, read] of HOURS_RE) {
      const m = re.exec(s)
      if (m) {
        hours = read(m)
        break
      }
    }
  }
  return hours !== null && Number.isFinite(hours) && hours >= 0 && hours <= 24 ? Math.round(hours * 100) / 100 : null
}

/** What a sheet's title lines say about its activity: the title, the date and the start and end times. */
export interface TitleInfo {
  title: string
  date: string | null
  startTime: string
  endTime: string
}

const TIME_TEXT = '(?:上午|下午|中午|晚上|早上)?\\s*\\d{1,2}\\s*[:时点]\\s*(?:半|\\d{1,2})?\\s*分?'

/**
 * Reads the lines above a sheet's header ("XX社区在职党员志愿服务签到表", "活动名称:…  活动时间:2020年6月6日
 * 8:30-11:30") and the sheet's own name (6月6日). The year, where none is written, is `year`.
 */
export function titleInfo(lines: string[], sheetName: string, year: number): TitleInfo {
  const text = lines.map((l) => toHalfWidth(l)).join('\n')
  let date: string | null = null
  const full = /(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?/.exec(text)
  if (full) date = ymd(+full[1], +full[2], +full[3])
  if (!date) {
    const short = /(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/.exec(text)
    if (short) date = ymd(year, +short[1], +short[2])
  }
  if (!date) date = sheetDate(sheetName, year)
  const range = new RegExp(`(${TIME_TEXT})\\s*(?:-|—|–|~|～|至|到|－)+\\s*(${TIME_TEXT})`).exec(text)
  let startTime = ''
  let endTime = ''
  if (range) {
    startTime = parseTime(range[1]) ?? ''
    const prefix = /下午|晚上/.test(range[1]) && !/上午|中午|下午|晚上|早上/.test(range[2]) ? '下午' : ''
    endTime = parseTime(prefix + range[2]) ?? ''
    if (startTime && endTime && endTime <= startTime) {
      const h = hoursBetween(startTime, endTime)
      endTime = 'hours' in h && h.afternoon ? h.afternoon : ''
    }
  }
  const named = /活动(?:名称|主题|内容|项目)\s*[:：]\s*(.+?)(?=\s{2,}|\s*活动(?:时间|日期|地点)|\s*(?:时间|日期|地点)\s*[:：]|\n|$)/.exec(text)
  const titleLine = lines.map((l) => l.trim()).find((l) => /签到|活动/.test(l) && !/[:：]/.test(l))
  const title = (named?.[1] ?? titleLine?.replace(/(?:签到|签名|登记)(?:表|册|簿|单)?$/, '') ?? '').trim().slice(0, 100)
  return { title, date, startTime, endTime }
}

/** A sheet named for its day: 6月6日, 6.13, 6-20, 0606, 2020.6.6, 2020-06-06. */
export function sheetDate(name: string, year: number): string | null {
  const s = toHalfWidth(name).replace(/\s/g, '')
  const withYear = /(\d{4})[年.\-/](\d{1,2})[月.\-/](\d{1,2})/.exec(s)
  if (withYear) return ymd(+withYear[1], +withYear[2], +withYear[3])
  const md = /(?:^|\D)(\d{1,2})(?:月|\.|-|\/)(\d{1,2})(?:日|号)?(?:\D|$)/.exec(s)
  if (md) return ymd(year, +md[1], +md[2])
  const packed = /^(\d{2})(\d{2})$/.exec(s)
  return packed ? ymd(year, +packed[1], +packed[2]) : null
}

/** 是/否 and the like; null when blank or unclear. */
export function parseYesNo(v: Cell): boolean | null {
  if (typeof v === 'boolean') return v
  const s = String(v ?? '').trim()
  if (/^(是|有|√|✓|y|yes|true|1)$/i.test(s)) return true
  if (/^(否|无|不是|×|n|no|false|0)?$/i.test(s)) return s === '' ? null : false
  return null
}

/** A cell as the text a clerk would see and edit. Whole numbers print without exponent (phones stored as numbers). */
export function cellText(v: Cell): string {
  if (v === null) return ''
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v).toString() : String(v)
  return String(v)
}
