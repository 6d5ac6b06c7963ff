/** 工作台: the figures as of a date, by community and by month, and the latest imports. */
import { z } from 'zod'
import { date } from '../fields'
import type { ImportBatch } from './import'

export const dashboardSchemas = {
  'dashboard.get': z.object({ asOf: date('统计日期') })
}

export interface Dashboard {
  asOf: string
  members: number
  newThisMonth: number
  communities: number
  units: number
  events: number
  attendance: number
  participants: number
  hours: number
  needs: { listed: number; claimed: number; completed: number }
  byCommunity: Array<{ id: number; name: string; members: number; attendance: number }>
  monthly: Array<{ month: string; events: number; attendance: number }>
  recentImports: ImportBatch[]
}

export interface DashboardOutputs {
  'dashboard.get': Dashboard
}
