import dayjs, { type Dayjs } from 'dayjs'
import { todayBeijing } from '../../shared/text'

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
  return dayjs(todayBeijing())
}

export const QUICK_RANGES = ['本月', '上月', '本季度', '上季度', '上半年', '下半年', '本年', '上年'] as const
export type QuickRange = (typeof QUICK_RANGES)[number]

/** A named period around today (Beijing): 本月 … 上年. The current period ends today, a past one on its last day. */
export function quickRange(name: QuickRange, now = today()): [Dayjs, Dayjs] {
  const y = now.year()
  const quarterStart = now.month() - (now.month() % 3)
  // a period not yet begun means the last one of its kind (下半年 in March is last year's)
  const upTo = (a: Dayjs, b: Dayjs): [Dayjs, Dayjs] => (a.isAfter(now) ? [a.subtract(1, 'year'), b.subtract(1, 'year')] : [a, b.isAfter(now) ? now : b])
  switch (name) {
    case '本月':
      return upTo(now.startOf('month'), now.endOf('month').startOf('day'))
    case '上月': {
      const m = now.subtract(1, 'month')
      return [m.startOf('month'), m.endOf('month').startOf('day')]
    }
    case '本季度':
      return upTo(now.month(quarterStart).startOf('month'), now.month(quarterStart + 2).endOf('month').startOf('day'))
    case '上季度': {
      const start = now.month(quarterStart).startOf('month').subtract(3, 'month')
      return [start, start.add(2, 'month').endOf('month').startOf('day')]
    }
    case '上半年':
      return upTo(dayjs(`${y}-01-01`), dayjs(`${y}-06-30`))
    case '下半年':
      return upTo(dayjs(`${y}-07-01`), dayjs(`${y}-12-31`))
    case '本年':
      return upTo(dayjs(`${y}-01-01`), dayjs(`${y}-12-31`))
    case '上年':
      return [dayjs(`${y - 1}-01-01`), dayjs(`${y - 1}-12-31`)]
  }
}
