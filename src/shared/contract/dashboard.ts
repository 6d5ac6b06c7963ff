/** 工作台: the figures as of a date, by community and by month, and the latest imports. */
import { z } from 'zod'
import { date } from '../fields'
import type { ImportBatch } from './import'

export const dashboardSchemas = {
  'dashboard.get': z.object({ asOf: date('统计日期') })
}

/**
 * The figures as of a date: each card is the 合计 of the 在职党员报到情况统计表 from the first record to that date
 * (本月新报到: from the first of that month), so clicking a card opens that report with that range and the same count.
 */
export interface Dashboard {
  asOf: string
  /** 报到党员 on asOf */
  members: number
  /** 期间新报到 from the first of asOf's month */
  newThisMonth: number
  communities: number
  units: number
  /** 开展活动 */
  events: number
  /** 活动签到人次 (everyone who signed in, registered or not) */
  attendance: number
  /** 党员参与人次 (registered on the activity's date) */
  memberAttendance: number
  /** 党员参与人数 */
  participants: number
  /** 参与率 = participants / members, one decimal */
  rate: number | null
  /** 服务时长 = eventHours + claimHours */
  hours: number
  eventHours: number
  claimHours: number
  needs: { listed: number; claimed: number; completed: number }
  /** per community: 报到党员 and 本村居活动签到人次 */
  byCommunity: Array<{ id: number; name: string; members: number; attendance: number }>
  /** the 12 months ending with asOf's month, empty months as 0 */
  monthly: Array<{ month: string; events: number; attendance: number; memberAttendance: number }>
  /** the ranges the cards count over, for opening the matching report */
  ranges: { all: { from: string; to: string }; month: { from: string; to: string } }
  recentImports: ImportBatch[]
}

export interface DashboardOutputs {
  'dashboard.get': Dashboard
}
