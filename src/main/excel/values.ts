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

/** A time of day as HH:MM: an Excel fraction of a day (or a date-time serial), 8:30, 08:30:15, 8点30, 8时30分. */
export function parseTime(v: Cell): string | null {
  if (v === null || v === '' || typeof v === 'boolean') return null
  if (typeof v === 'number') {
    const mins = Math.round((v - Math.floor(v)) * 1440) % 1440
    return `${pad(Math.floor(mins / 60))}:${pad(mins % 60)}`
  }
  const s = toHalfWidth(v).trim()
  const m = /(\d{1,2})[:时点](\d{1,2})?/.exec(s)
  if (!m) return /^\d+(\.\d+)?$/.test(s) ? parseTime(+s) : null
  const h = +m[1]
  const min = m[2] ? +m[2] : 0
  return h < 24 && min < 60 ? `${pad(h)}:${pad(min)}` : null
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
