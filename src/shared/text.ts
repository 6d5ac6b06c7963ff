/** Pure helpers shared by main and renderer: normalising what clerks type or paste, and masking. */

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g
/** Direction overrides and isolates: they can make a name or a file name display as something it is not. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g
/** Half of a surrogate pair with no other half: not a character, and SQLite would store it as invalid UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Text as typed or pasted, minus what is not text: lone surrogates and bidi controls. Spacing kept. */
export function safeText(s: string): string {
  return s.replace(LONE_SURROGATE, '').replace(BIDI, '')
}

/** A file name the clerk's PC accepts and shows as it is: no path or reserved characters, no controls. */
export function safeFileName(s: string): string {
  return safeText(s)
    .replace(/[\u0000-\u001F\u007F\\/:*?"<>|]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 150)
}
const ANY_SPACE = /[\s\u00A0\u3000]+/g

/** Full-width ASCII (０-９, Ａ-Ｚ, －) to half-width, ideographic space to a plain space. */
export function toHalfWidth(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
}

/** Trim every kind of space (including U+3000, NBSP and zero-width) and collapse inner runs. */
export function cleanText(s: string): string {
  return safeText(s).replace(INVISIBLE, '').replace(ANY_SPACE, ' ').trim()
}

/** A person's name: spaces between Chinese characters are padding, not part of the name. */
export function normalizeName(s: string): string {
  const t = cleanText(s)
  return /[\u4e00-\u9fff]/.test(t) ? t.replace(/ /g, '') : t
}

/** Digits only: full-width digits, spaces, dashes, dots and a +86 prefix removed. */
export function normalizePhone(s: string): string {
  let t = toHalfWidth(s).replace(INVISIBLE, '').replace(/[\s\u00A0\-–—.()（）]/g, '')
  if (/^\+?86\d{11}$/.test(t)) t = t.replace(/^\+?86/, '')
  return t
}

export function isMobile(s: string): boolean {
  return /^1[3-9]\d{9}$/.test(s)
}

/** Upper-case, half-width, no spaces. */
export function normalizeIdCard(s: string): string {
  return toHalfWidth(s).replace(INVISIBLE, '').replace(/[\s\u00A0]/g, '').toUpperCase()
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** What is wrong with an 18-digit resident ID number (GB 11643), or null when it is valid. */
export function idCardProblem(id: string): string | null {
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为18位(前17位为数字,末位为数字或X)'
  const y = +id.slice(6, 10)
  const m = +id.slice(10, 12)
  const d = +id.slice(12, 14)
  const birth = new Date(Date.UTC(y, m - 1, d))
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth.getTime() > Date.now()) {
    return '身份证号中的出生日期不正确'
  }
  let sum = 0
  for (let i = 0; i < 17; i++) sum += +id[i] * ID_WEIGHTS[i]
  if (ID_CHECK[sum % 11] !== id[17]) return '身份证校验位不符,请核对号码'
  return null
}

declare const MASKED: unique symbol
/**
 * A person's phone number with its middle digits hidden (138****1234). Only `maskPhone` makes one, so an
 * output type that says MaskedPhone cannot be handed a full number by mistake.
 */
export type MaskedPhone = string & { readonly [MASKED]: 'phone' }
/** A person's ID number with all but the first and last four characters hidden; only `maskIdCard` makes one. */
export type MaskedIdCard = string & { readonly [MASKED]: 'idCard' }

export function maskPhone(p: string | null | undefined): MaskedPhone {
  if (!p) return '' as MaskedPhone
  return (p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : p.replace(/./g, '*')) as MaskedPhone
}

export function maskIdCard(id: string | null | undefined): MaskedIdCard {
  if (!id) return '' as MaskedIdCard
  return (id.length > 8 ? `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}` : '*'.repeat(id.length)) as MaskedIdCard
}

/** Hours between two HH:MM times on the same day (0 when either is missing or the end is not later). */
export function durationHours(start: string, end: string): number {
  if (!/^\d{2}:\d{2}$/.test(start) || !/^\d{2}:\d{2}$/.test(end)) return 0
  const mins = (+end.slice(0, 2) * 60 + +end.slice(3)) - (+start.slice(0, 2) * 60 + +start.slice(3))
  return mins > 0 ? Math.round((mins / 60) * 100) / 100 : 0
}

/** An instant as Beijing-time ISO text without zone (2020-06-02T08:00:00.000), the clerk's clock. */
export function beijingIso(d = new Date()): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 23)
}

/** Today on the clerk's calendar (Beijing), YYYY-MM-DD, whatever zone the computer is set to. */
export const todayBeijing = (): string => beijingIso().slice(0, 10)

/** 2025-06-02 → 2025年6月2日, as official documents write a date. */
export const zhDate = (d: string): string => `${+d.slice(0, 4)}年${+d.slice(5, 7)}月${+d.slice(8, 10)}日`
