/**
 * 考核 (the year's assessment) and 志愿服务证明 (volunteer service certificates).
 *
 * A 考核方案 is data: one JSON document per year, validated here, saved as a new version on every change. A
 * period's results are computed from the statistics layer (service counts only while registered), every point
 * traceable to the record it came from; once confirmed they are stored and stop following the data until the
 * period is reopened.
 */
import { z } from 'zod'
import { date, id, obj, optional, optionalDate, required, str, type FileOut, type Page } from '../fields'
import type { MaskedIdCard, MaskedPhone } from '../text'

// ---------- the scheme ----------

export const ASSESS_PERIODS = ['Y', 'H1', 'H2'] as const
export type AssessPeriod = (typeof ASSESS_PERIODS)[number]
export const PERIOD_LABELS: Record<AssessPeriod, string> = { Y: '全年', H1: '上半年', H2: '下半年' }

/** The first and last day of a period of a year. */
export function periodRange(year: number, period: AssessPeriod): { from: string; to: string } {
  if (period === 'H1') return { from: `${year}-01-01`, to: `${year}-06-30` }
  if (period === 'H2') return { from: `${year}-07-01`, to: `${year}-12-31` }
  return { from: `${year}-01-01`, to: `${year}-12-31` }
}

export const MINIMUM_WINDOWS = ['period', 'half', 'quarter'] as const
export const WINDOW_LABELS: Record<(typeof MINIMUM_WINDOWS)[number], string> = { period: '每个考核期', half: '每半年', quarter: '每季度' }

export const EVALUATION_RATINGS = ['满意', '基本满意', '不满意'] as const

/** What "re-registered in a half-year" means, printed with every scheme that uses the rule. */
export const REREPORT_DEFINITION =
  '"半年内已复报到":该半年(1月1日—6月30日或7月1日—12月31日)内,党员有一次报到开始(首次报到、转出后复报到或迁居到新村居),' +
  '或有一条"复报到确认"记录(由工作人员在考核页登记,登记日须在报到在册期间)。半年内一天也未报到在册的党员,该半年不作要求。'

/** How the fixed distribution treats equal scores at a grade boundary. */
export const TIE_RULES = { higher: '同分同档,就高', lower: '同分同档,就低' } as const

const num = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}应为数字` })
    .min(min, { error: `${label}不能小于${min}` })
    .max(max, { error: `${label}不能大于${max}` })
    .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, { error: `${label}最多保留两位小数` })

const int = (label: string, min: number, max: number) =>
  z.number({ error: `${label}应为数字` }).int({ error: `${label}应为整数` }).min(min, { error: `${label}不能小于${min}` }).max(max, { error: `${label}不能大于${max}` })

/** An optional limit: a number, or null for none. */
const limit = (label: string, max: number) => z.union([num(label, 0, max), z.null()], { error: `${label}应为数字或留空` }).optional().default(null)

const levelSchema = obj({
  name: required('等次名称', 10),
  /** thresholds: the lowest score for this grade (the last grade takes every score below: leave empty) */
  min: z.union([num('分数线', -1000, 100000), z.null()], { error: '分数线应为数字或留空' }).optional().default(null),
  /** distribution: this grade's share of the members rated, in percent */
  share: z.union([int('比例', 0, 100), z.null()], { error: '比例应为0—100的整数或留空' }).optional().default(null)
})

export const schemeSchema = obj({
  name: required('方案名称', 60),
  description: optional('方案说明', 2000),
  /** the periods graded: the whole year, or each half-year on its own */
  period: z.enum(['year', 'halves'], { error: '考核周期应为 全年 或 每半年' }),
  /** members registered fewer days than this in a period are not rated (不参评) that period */
  minDays: int('参评最少报到天数', 0, 366).optional().default(0),
  /** 基础分: every rated member starts with it */
  base: num('基础分', -1000, 1000).optional().default(0),
  minimums: z
    .array(
      obj({
        per: z.enum(MINIMUM_WINDOWS, { error: '最低要求的周期应为 考核期/半年/季度' }),
        activities: int('最少活动次数', 0, 500).optional().default(0),
        hours: num('最少服务时长', 0, 5000).optional().default(0)
      })
    )
    .max(6, { error: '最低要求最多6条' })
    .optional()
    .default([]),
  /** Foshan: members re-report every six months */
  rereportEachHalf: z.boolean({ error: '每半年复报到应为 是 或 否' }).optional().default(false),
  activity: obj({
    /** points for each activity signed in at, unless its category has its own */
    points: num('每次活动分', -100, 1000).optional().default(0),
    byCategory: z
      .array(obj({ category: required('活动类别', 30), points: num('类别分值', -100, 1000) }))
      .max(50)
      .optional()
      .default([]),
    /** the most one activity can give (activity points plus hour points), or null */
    cap: limit('单次活动最高分', 10000)
  }),
  hours: obj({
    /** counted hours are rounded to this step (0: as recorded) */
    step: z.union([z.literal(0), z.literal(0.25), z.literal(0.5), z.literal(1)], { error: '时长取整应为 不取整/0.25/0.5/1 小时' }).optional().default(0.5),
    mode: z.enum(['nearest', 'down', 'up'], { error: '取整方式应为 四舍五入/向下/向上' }).optional().default('nearest'),
    perHour: num('每小时分值', -100, 1000).optional().default(0),
    /** the most hours counted for one activity, or null */
    capPerActivity: limit('单次活动最多计入时长', 24),
    /** completed claims' hours count toward hour points and the hour minimum */
    includeClaims: z.boolean().optional().default(true),
    capPerClaim: limit('单项认领最多计入时长', 10000)
  }),
  claim: obj({
    /** points per completed claim */
    points: num('每项完成认领分', -100, 1000).optional().default(0),
    /** a completed claim counts as an activity toward the activity minimum */
    countsAsActivity: z.boolean().optional().default(false)
  }),
  /** points per forum suggestion turned into a need (采纳) */
  suggestion: num('每条被采纳建议分', -100, 1000).optional().default(0),
  evaluation: obj({
    满意: num('满意评价分', -100, 100).optional().default(0),
    基本满意: num('基本满意评价分', -100, 100).optional().default(0),
    不满意: num('不满意评价分', -100, 100).optional().default(0)
  }),
  /** the highest score (null: no upper limit) */
  totalCap: limit('总分上限', 100000),
  grading: obj({
    method: z.enum(['thresholds', 'distribution'], { error: '评定方式应为 按分数线 或 按比例' }),
    /** best first */
    levels: z.array(levelSchema).min(2, { error: '至少需要两个等次' }).max(8, { error: '等次最多8个' }),
    /** distribution: ranked within the whole office, each community or each unit */
    pool: z.enum(['all', 'community', 'unit'], { error: '排名范围应为 全部/村居/单位' }).optional().default('all'),
    tie: z.enum(['higher', 'lower'], { error: '同分规则应为 就高 或 就低' }).optional().default('higher')
  }),
  /** overriding rules: whatever the score, at most this grade */
  caps: z
    .array(obj({ when: z.enum(['minimum', 'rereport'], { error: '封顶条件应为 未达最低要求 或 未按期复报到' }), atMost: required('最高等次', 10) }))
    .max(4)
    .optional()
    .default([]),
  /** Xingtai: a unit under these rates loses its 考核资格 (shown in the summary) */
  unitRule: obj({
    minRegistrationRate: limit('单位报到率下限', 100),
    minCompletionRate: limit('单位服务完成率下限', 100)
  })
    .optional()
    .default({ minRegistrationRate: null, minCompletionRate: null })
}).superRefine((s, ctx) => {
  const issue = (path: Array<string | number>, message: string): void => ctx.addIssue({ code: 'custom', path, message })
  const names = s.grading.levels.map((l) => l.name)
  names.forEach((n, i) => names.indexOf(n) !== i && issue(['grading', 'levels', i, 'name'], `等次"${n}"重复`))
  if (s.grading.method === 'thresholds') {
    const last = s.grading.levels.length - 1
    s.grading.levels.forEach((l, i) => {
      if (i < last && l.min === null) issue(['grading', 'levels', i, 'min'], `请填写"${l.name}"的分数线`)
      if (i === last && l.min !== null) issue(['grading', 'levels', i, 'min'], `最后一个等次"${l.name}"是其余所有分数,分数线应留空`)
      const prev = s.grading.levels[i - 1]?.min
      if (i > 0 && i < last && l.min !== null && prev !== null && prev !== undefined && l.min >= prev) issue(['grading', 'levels', i, 'min'], `"${l.name}"的分数线应低于"${s.grading.levels[i - 1].name}"的 ${prev}`)
    })
  } else {
    s.grading.levels.forEach((l, i) => l.share === null && issue(['grading', 'levels', i, 'share'], `请填写"${l.name}"的比例`))
    const total = s.grading.levels.reduce((a, l) => a + (l.share ?? 0), 0)
    if (total !== 100) issue(['grading', 'levels'], `各等次比例之和应为100%,现为${total}%`)
  }
  s.caps.forEach((c, i) => !names.includes(c.atMost) && issue(['caps', i, 'atMost'], `最高等次"${c.atMost}"不在等次列表中`))
  if (s.caps.some((c) => c.when === 'rereport') && !s.rereportEachHalf) issue(['caps'], '"未按期复报到"封顶需要先开启"每半年须复报到"')
  const cats = s.activity.byCategory.map((c) => c.category)
  cats.forEach((c, i) => cats.indexOf(c) !== i && issue(['activity', 'byCategory', i, 'category'], `活动类别"${c}"重复`))
  s.minimums.forEach((m, i) => {
    if (m.activities === 0 && m.hours === 0) issue(['minimums', i], '最低要求应至少填写活动次数或服务时长之一')
    if (m.per === 'half' && s.period === 'halves') issue(['minimums', i, 'per'], '考核周期已是每半年,请选"每个考核期"')
  })
})

export type Scheme = z.output<typeof schemeSchema>
export type SchemeInput = z.input<typeof schemeSchema>

/** The scheme a year starts from until one is saved. */
export function defaultScheme(year: number): Scheme {
  return {
    name: `${year}年度在职党员进社区考核方案`,
    description:
      '按全年考核:全年至少参加4次活动、服务12小时;每次活动计2分,另按服务时长每小时计1分(时长四舍五入到0.5小时,单次活动最多计4小时);' +
      '完成一项认领计3分;座谈会建议被采纳计2分;群众评价满意加1分、不满意扣2分;可由工作人员登记加减分并写明理由。' +
      '60分及以上为优秀,30分及以上为合格,15分及以上为基本合格,其余为不合格;未达最低要求的最高评为基本合格。',
    period: 'year',
    minDays: 0,
    base: 0,
    minimums: [{ per: 'period', activities: 4, hours: 12 }],
    rereportEachHalf: false,
    activity: { points: 2, byCategory: [], cap: null },
    hours: { step: 0.5, mode: 'nearest', perHour: 1, capPerActivity: 4, includeClaims: true, capPerClaim: null },
    claim: { points: 3, countsAsActivity: false },
    suggestion: 2,
    evaluation: { 满意: 1, 基本满意: 0, 不满意: -2 },
    totalCap: null,
    grading: {
      method: 'thresholds',
      levels: [
        { name: '优秀', min: 60, share: null },
        { name: '合格', min: 30, share: null },
        { name: '基本合格', min: 15, share: null },
        { name: '不合格', min: null, share: null }
      ],
      pool: 'all',
      tie: 'higher'
    },
    caps: [{ when: 'minimum', atMost: '基本合格' }],
    unitRule: { minRegistrationRate: null, minCompletionRate: null }
  }
}

/** Schemes shaped like published local rules, to start from in the editor. */
export const SCHEME_PRESETS: Array<{ key: string; label: string; make: (year: number) => Scheme }> = [
  {
    key: 'xingtai',
    label: '邢台桥西式:全年至少50小时,60分合格,不设上限',
    make: (year) => ({
      ...defaultScheme(year),
      name: `${year}年度在职党员进社区考核方案(按时长计分)`,
      description: '全年服务不少于50小时;每小时计1分(时长四舍五入到0.5小时),不设上限;60分及以上合格,90分及以上优秀;未满50小时的不合格。单位报到率或服务完成率低于95%的,取消单位考核资格。',
      minimums: [{ per: 'period', activities: 0, hours: 50 }],
      activity: { points: 0, byCategory: [], cap: null },
      hours: { step: 0.5, mode: 'nearest', perHour: 1, capPerActivity: null, includeClaims: true, capPerClaim: null },
      claim: { points: 0, countsAsActivity: false },
      suggestion: 0,
      evaluation: { 满意: 0, 基本满意: 0, 不满意: 0 },
      grading: { method: 'thresholds', levels: [{ name: '优秀', min: 90, share: null }, { name: '合格', min: 60, share: null }, { name: '不合格', min: null, share: null }], pool: 'all', tie: 'higher' },
      caps: [{ when: 'minimum', atMost: '不合格' }],
      unitRule: { minRegistrationRate: 95, minCompletionRate: 95 }
    })
  },
  {
    key: 'shexian',
    label: '涉县式:60—100分折算一至五星',
    make: (year) => ({
      ...defaultScheme(year),
      name: `${year}年度在职党员星级评定方案`,
      description: '基础分60分,每次活动加4分,满分100分;92分及以上五星,84分及以上四星,76分及以上三星,68分及以上二星,60分及以上一星。',
      minimums: [],
      base: 60,
      activity: { points: 4, byCategory: [], cap: null },
      hours: { step: 0.5, mode: 'nearest', perHour: 0, capPerActivity: null, includeClaims: false, capPerClaim: null },
      claim: { points: 4, countsAsActivity: false },
      suggestion: 2,
      evaluation: { 满意: 1, 基本满意: 0, 不满意: -2 },
      totalCap: 100,
      grading: {
        method: 'thresholds',
        levels: [
          { name: '五星', min: 92, share: null }, { name: '四星', min: 84, share: null }, { name: '三星', min: 76, share: null },
          { name: '二星', min: 68, share: null }, { name: '一星', min: 60, share: null }, { name: '不评星', min: null, share: null }
        ],
        pool: 'all',
        tie: 'higher'
      },
      caps: []
    })
  },
  {
    key: 'hejing',
    label: '和静式:五个星级按10/30/30/20/10%比例评定',
    make: (year) => ({
      ...defaultScheme(year),
      name: `${year}年度在职党员星级评定方案(按比例)`,
      description: `按得分排名,五星10%、四星30%、三星30%、二星20%、一星10%;各档人数按累计比例四舍五入;${TIE_RULES.higher}(同分的人评同一星级,取其中较高者)。`,
      minimums: [],
      caps: [],
      grading: {
        method: 'distribution',
        levels: [
          { name: '五星', min: null, share: 10 }, { name: '四星', min: null, share: 30 }, { name: '三星', min: null, share: 30 },
          { name: '二星', min: null, share: 20 }, { name: '一星', min: null, share: 10 }
        ],
        pool: 'all',
        tie: 'higher'
      }
    })
  },
  {
    key: 'foshan',
    label: '佛山式:每半年复报到,未复报到不得评为合格及以上',
    make: (year) => ({
      ...defaultScheme(year),
      name: `${year}年度在职党员进社区考核方案(每半年复报到)`,
      description: `党员每半年复报到一次;半年内未复报到的,不得评为合格及以上等次。${REREPORT_DEFINITION}`,
      period: 'halves',
      minimums: [{ per: 'period', activities: 2, hours: 0 }],
      rereportEachHalf: true,
      grading: {
        method: 'thresholds',
        levels: [{ name: '优秀', min: 30, share: null }, { name: '合格', min: 15, share: null }, { name: '基本合格', min: 5, share: null }, { name: '不合格', min: null, share: null }],
        pool: 'all',
        tie: 'higher'
      },
      caps: [{ when: 'rereport', atMost: '基本合格' }, { when: 'minimum', atMost: '基本合格' }]
    })
  },
  {
    key: 'suiling',
    label: '绥棱式:每季度至少2次、全年至少4次活动',
    make: (year) => ({
      ...defaultScheme(year),
      name: `${year}年度在职党员进社区考核方案(按季度)`,
      description: '每季度至少参加(联系)2次、全年至少参加4次活动,未达到的最高评为基本合格。',
      minimums: [{ per: 'quarter', activities: 2, hours: 0 }, { per: 'period', activities: 4, hours: 0 }]
    })
  },
  {
    key: 'hailin',
    label: '海林式:1小时计1分,每次活动最多计2小时',
    make: (year) => ({
      ...defaultScheme(year),
      name: `${year}年度在职党员进社区积分方案`,
      description: '服务1小时计1分,每次活动最多计2小时;时长四舍五入到0.5小时。',
      activity: { points: 0, byCategory: [], cap: null },
      hours: { step: 0.5, mode: 'nearest', perHour: 1, capPerActivity: 2, includeClaims: true, capPerClaim: null },
      claim: { points: 0, countsAsActivity: false },
      suggestion: 0,
      evaluation: { 满意: 0, 基本满意: 0, 不满意: 0 },
      minimums: [],
      grading: { method: 'thresholds', levels: [{ name: '优秀', min: 20, share: null }, { name: '合格', min: 8, share: null }, { name: '不合格', min: null, share: null }], pool: 'all', tie: 'higher' },
      caps: []
    })
  }
]

// ---------- inputs ----------

const year = int('年度', 2000, 2100)
const period = z.enum(ASSESS_PERIODS, { error: '考核期应为 全年/上半年/下半年' })
const page = { page: int('页码', 1, 1_000_000).optional().default(1), pageSize: int('每页条数', 1, 200).optional().default(20) }
const scope = { communityId: id('村居').optional(), unitId: id('单位').optional() }
const reason = (label: string) => required(label, 200)

export const RESULT_SORTS = ['community', 'unit', 'name', 'points'] as const

export const assessmentSchemas = {
  'assessment.scheme': obj({ year }),
  'assessment.saveScheme': obj({ year, scheme: schemeSchema, note: optional('修改说明', 200) }),
  'assessment.results': obj({
    year,
    period,
    ...scope,
    ...page,
    grade: str('等次', 10).optional(),
    keyword: str('关键词', 50).optional().default(''),
    onlyShort: z.boolean().optional().default(false),
    sort: z.enum(RESULT_SORTS, { error: '不支持按该列排序' }).optional().default('community'),
    order: z.enum(['asc', 'desc']).optional().default('asc')
  }),
  'assessment.member': obj({ memberId: id('党员'), year, period }),
  'assessment.atRisk': obj({ asOf: optionalDate('截至日期'), ...scope, ...page, keyword: str('关键词', 50).optional().default('') }),
  'assessment.summary': obj({ year, period }),
  'assessment.confirm': obj({ year, period }),
  'assessment.reopen': obj({ year, period, reason: reason('重新打开的原因') }),
  'assessment.adjust': obj({
    memberId: id('党员'),
    date: date('日期'),
    points: num('分值', -1000, 1000).refine((n) => n !== 0, { error: '分值不能为0' }),
    reason: reason('加减分理由')
  }),
  'assessment.voidAdjustment': obj({ id: id('加减分记录'), reason: reason('作废原因') }),
  'assessment.rereport': obj({
    memberIds: z.array(id('党员')).min(1, { error: '请选择党员' }).max(5000, { error: '一次最多登记5000人' }),
    date: date('复报到日期'),
    note: optional('备注', 200)
  }),
  'assessment.removeRereport': obj({ id: id('复报到记录') }),
  'assessment.export': obj({
    kind: z.enum(['summary', 'results', 'atRisk'], { error: '导出类型无效' }),
    year: year.optional(),
    period: period.optional(),
    asOf: optionalDate('截至日期'),
    ...scope
  }).refine((q) => q.kind === 'atRisk' || (q.year !== undefined && q.period !== undefined), { error: '请选择年度和考核期', path: ['year'] }),

  'certificate.list': obj({ year: year.optional(), memberId: id('党员').optional(), keyword: str('关键词', 50).optional().default(''), ...page }),
  'certificate.preview': obj({ memberId: id('党员'), from: date('开始日期'), to: date('截至日期') }).refine((q) => q.to >= q.from, { error: '截至日期不能早于开始日期', path: ['to'] }),
  'certificate.issue': obj({
    memberIds: z.array(id('党员')).min(1, { error: '请选择党员' }).max(1000, { error: '一次最多出具1000份' }),
    from: date('开始日期'),
    to: date('截至日期'),
    personInCharge: required('负责人', 20),
    prefix: required('编号前缀', 10).refine((s) => !/[〔〕\d]/.test(s), { error: '编号前缀不能含数字或〔〕' }),
    /** the whole ID number printed: a deliberate choice, logged */
    showFullId: z.boolean().optional().default(false),
    issuedOn: optionalDate('出具日期')
  }).refine((q) => q.to >= q.from, { error: '截至日期不能早于开始日期', path: ['to'] }),
  'certificate.reprint': obj({ id: id('证明'), reason: reason('补发原因') }),
  'certificate.void': obj({ id: id('证明'), reason: reason('作废原因') }),
  'certificate.print': obj({ ids: z.array(id('证明')).min(1, { error: '请选择要打印的证明' }).max(1000, { error: '一次最多打印1000份' }) }),
  'certificate.export': obj({ year, kind: z.enum(['register', 'publicity'], { error: '导出类型无效' }) }),
  'certificate.pages': obj({ ids: z.array(id('证明')).min(1, { error: '请选择要打印的证明' }).max(1000, { error: '一次最多打印1000份' }) })
}

// ---------- outputs ----------

export interface SchemeVersionInfo {
  id: number
  version: number
  createdAt: string
  operator: string
  note: string
  /** confirmed periods (current or reopened) that used this version */
  usedBy: number
}

export interface SchemeInfo {
  year: number
  /** the scheme in force: the newest saved version, or the default when none is saved (version 0) */
  scheme: Scheme
  version: number
  versionId: number | null
  versions: SchemeVersionInfo[]
  rereportDefinition: string
}

export type PointSource = '基础分' | '活动' | '认领' | '建议' | '评价' | '加减分' | '封顶'

/** One line of a member's score: the record it came from and how it was counted. */
export interface PointLine {
  source: PointSource
  /** the record: attendance, claim, suggestion, feedback or adjustment id (null for 基础分/封顶) */
  sourceId: number | null
  /** the activity or need the record belongs to, for a link */
  ref: { kind: 'event' | 'need'; id: number } | null
  date: string
  label: string
  /** hours as recorded, and as counted (rounded, capped) */
  hours: number | null
  countedHours: number | null
  points: number
  /** how the points were counted, in words */
  detail: string
}

export interface MinimumCheck {
  /** 全年, 上半年, 第二季度 */
  window: string
  from: string
  to: string
  activities: { need: number; done: number }
  hours: { need: number; done: number }
  /** not registered on any day of the window, or it has not started: no requirement */
  waived: boolean
  notStarted: boolean
  met: boolean
  /** 差 1 次活动、差 6 小时 */
  shortfall: string
}

export interface RereportCheck {
  half: string
  from: string
  to: string
  /** not registered on any day of the half: no requirement */
  waived: boolean
  done: boolean
  /** what satisfied it: 2026-03-02 复报到确认 / 2026-02-01 报到(丽豪社区) */
  how: string
}

export interface AssessResult {
  memberId: number
  name: string
  phone: MaskedPhone
  communityId: number
  communityName: string
  unitId: number | null
  unitName: string | null
  activities: number
  hours: number
  points: number
  /** '' when not rated */
  grade: string
  rated: boolean
  /** every minimum met */
  met: boolean
  shortfall: string
  /** null when the scheme has no re-registration rule */
  rereported: boolean | null
  /** why the grade is capped, or why not rated */
  note: string
}

export interface AssessRun {
  id: number
  confirmedAt: string
  operator: string
  schemeVersion: number
  members: number
  reopenedAt: string | null
  reopenReason: string
}

export interface PeriodStatus {
  year: number
  period: AssessPeriod
  label: string
  from: string
  to: string
  /** the period exists in this year's scheme */
  applies: boolean
  /** the period has ended (it can be confirmed) */
  ended: boolean
  /** the confirmed results in force, or null while results follow the data */
  confirmed: AssessRun | null
  /** every confirmation, newest first (reopened ones included) */
  runs: AssessRun[]
  schemeName: string
  schemeVersion: number
  grades: string[]
}

export interface AssessResults extends Page<AssessResult> {
  status: PeriodStatus
  /** members rated per grade, in the scheme's order */
  counts: Array<{ grade: string; count: number }>
  rated: number
  notRated: number
  average: number
}

export interface AdjustmentInfo {
  id: number
  date: string
  points: number
  reason: string
  createdAt: string
  voidedAt: string | null
  voidReason: string
}

export interface RereportInfo {
  id: number
  date: string
  note: string
  createdAt: string
}

export interface MemberAssessment {
  status: PeriodStatus
  member: { id: number; name: string; communityName: string; unitName: string | null }
  /** null when the member was not registered on any day of the period */
  result: AssessResult | null
  lines: PointLine[]
  minimums: MinimumCheck[]
  rereport: RereportCheck[]
  /** how the grade was reached, in sentences */
  explain: string[]
  adjustments: AdjustmentInfo[]
  rereports: RereportInfo[]
}

export interface AtRiskRow {
  memberId: number
  name: string
  phone: MaskedPhone
  communityName: string
  unitName: string | null
  activities: number
  hours: number
  /** 本期差 1 次活动 / 第一季度差 2 次活动(已过) / 上半年未复报到 */
  missing: string[]
  /** some shortfall can no longer be made up (its window has ended) */
  lost: boolean
}

export interface AtRiskList extends Page<AtRiskRow> {
  asOf: string
  year: number
  period: AssessPeriod
  periodLabel: string
  from: string
  to: string
}

export interface AssessSummaryRow {
  id: number | null
  name: string
  rated: number
  notRated: number
  counts: Record<string, number>
  /** members short of a minimum (at risk while the period runs) */
  short: number
  average: number
  /** units only: 应报到 (entries of the unit's 应报到名单, null without one) and how many of them are registered */
  expected?: number | null
  listedRegistered?: number | null
  registrationRate?: number | null
  completionRate?: number | null
  qualified?: boolean | null
}

export interface AssessSummary {
  status: PeriodStatus
  grades: string[]
  byCommunity: AssessSummaryRow[]
  byUnit: AssessSummaryRow[]
  total: AssessSummaryRow
  /** how the unit columns are counted */
  note: string
}

export interface CertificateLine {
  /** 环境卫生 / 认领服务清单 */
  item: string
  count: number
  hours: number
}

/** The service a certificate attests: totals over its range and the lines they are made of. */
export interface CertificateService {
  hours: number
  activities: number
  claims: number
  content: CertificateLine[]
}

export interface Certificate extends CertificateService {
  id: number
  number: string
  year: number
  seq: number
  /** null when a restored backup no longer holds the member it was issued to (the register keeps it, as certified) */
  memberId: number | null
  name: string
  gender: string
  idCard: MaskedIdCard
  communityName: string
  unitName: string | null
  from: string
  to: string
  issuer: string
  personInCharge: string
  issuedOn: string
  fullId: boolean
  reprints: number
  reprintedOn: string | null
  voidedOn: string | null
  voidReason: string
}

export interface CertificatePreview extends CertificateService {
  memberId: number
  name: string
  idCard: MaskedIdCard
  from: string
  to: string
  /** certificates already issued to this member */
  issued: Array<{ id: number; number: string; from: string; to: string; voided: boolean }>
}

export interface CertificateList extends Page<Certificate> {
  defaults: { prefix: string; personInCharge: string; issuer: string }
  /** the year's register: numbers used, voided */
  register: { year: number; issued: number; voided: number; next: string }
}

/** One certificate as printed (民发〔2015〕149号 fields), for the print route and the workbook alike. */
export interface CertificatePage extends CertificateService {
  id: number
  number: string
  /** 补发 and its date, for a reprint; null for the original */
  reprint: string | null
  name: string
  gender: string
  /** the ID number as printed: masked unless the clerk chose the whole number at issue, or 未登记 */
  idText: string
  unit: string
  community: string
  /** 2025年1月1日至2025年12月31日 */
  period: string
  issuer: string
  personInCharge: string
  issuedOn: string
}

export interface AssessmentOutputs {
  'assessment.scheme': SchemeInfo
  'assessment.saveScheme': SchemeInfo
  'assessment.results': AssessResults
  'assessment.member': MemberAssessment
  'assessment.atRisk': AtRiskList
  'assessment.summary': AssessSummary
  'assessment.confirm': PeriodStatus
  'assessment.reopen': PeriodStatus
  'assessment.adjust': AdjustmentInfo & { memberId: number; name: string }
  'assessment.voidAdjustment': AdjustmentInfo & { memberId: number; name: string }
  'assessment.rereport': { added: number; already: number; date: string }
  'assessment.removeRereport': { memberId: number; date: string }
  'assessment.export': FileOut
  'certificate.list': CertificateList
  'certificate.preview': CertificatePreview
  'certificate.issue': { ids: number[]; numbers: string[]; fullId: boolean }
  'certificate.reprint': Certificate
  'certificate.void': Certificate
  'certificate.print': FileOut & { numbers: string[]; fullIds: number }
  'certificate.export': FileOut
  'certificate.pages': { pages: CertificatePage[]; numbers: string[]; fullIds: number }
}
