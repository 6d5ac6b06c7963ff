import dayjs, { type Dayjs } from 'dayjs'
import { beijingIso } from '../../shared/text'

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false
})

/** An ISO time shown as Beijing time: 2020/06/02 08:00. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d)
}

/** 2020-06-02 → 2020年6月2日 */
export function formatDate(date: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '')
  return m ? `${m[1]}年${+m[2]}月${+m[3]}日` : (date ?? '')
}

export const formatHours = (h: number): string => `${Math.round(h * 100) / 100} 小时`

export function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** Today as the clerk's calendar has it (Beijing), whatever zone the PC is set to: main dates claims the same way. */
export function today(): Dayjs {
  return dayjs(beijingIso().slice(0, 10))
}
