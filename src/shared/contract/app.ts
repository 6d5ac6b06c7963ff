/** The app itself: its settings (org name, operator, categories) and the demo data. */
import { z } from 'zod'
import { empty, obj, optional, required } from '../fields'

const hoursSetting = (label: string) =>
  z.number({ error: `${label}应为数字` }).min(0.5, { error: `${label}至少0.5小时` }).max(24, { error: `${label}不能超过24小时` })

export const DEFAULT_EVENT_CATEGORIES = ['防疫', '环境卫生', '交通护畅', '帮扶慰问', '宣传', '座谈会', '其他']
export const DEFAULT_NEED_CATEGORIES = [
  '小区环境和综合服务提升', '加装电梯', '出租屋人口管理', '无物业管理楼宇服务', '疫情防控', '防控登革热', '交通护畅',
  '调解纠纷', '化解矛盾', '帮扶慰问', '业委换届', '支部建设', '农村党建', '其他'
]

export const appSchemas = {
  'app.info': empty,
  'settings.update': obj({
    orgName: required('单位名称', 50),
    operator: optional('操作员姓名', 20),
    /** the hours a sign-in sheet's 半天 / 全天 stand for when the row gives no times */
    halfDayHours: hoursSetting('半天按多少小时计').optional(),
    fullDayHours: hoursSetting('全天按多少小时计').optional()
  }),
  'settings.needCategories': z.object({ categories: z.array(required('类别', 30)).min(1, { error: '至少保留一个类别' }).max(50) }),
  'demo.load': empty
}

export interface AppInfo {
  orgName: string
  operator: string
  eventCategories: string[]
  needCategories: string[]
  dbPath: string
  dbBytes: number
  schemaVersion: number
  /** hours for 半天 and 全天 on sign-in sheets without times */
  dayHours: { half: number; full: number }
  counts: { communities: number; units: number; members: number; events: number; attendance: number }
}

export interface AppOutputs {
  'app.info': AppInfo
  'settings.update': AppInfo
  'settings.needCategories': AppInfo
  'demo.load': AppInfo['counts']
}
