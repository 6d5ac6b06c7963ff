/**
 * Demo data: a fictional sub-district shaped like Shiwan in 2020 (39 communities, 9,741 members, 60+
 * activities) or a whole city (780 communities, 100k members, 10k activities, 1M sign-ins). All names,
 * units and numbers are made up; the generator is seeded so every run gives the same data.
 */
import type { AppInfo } from '../../shared/api'
import { durationHours, todayBeijing } from '../../shared/text'
import type { DB } from '../db/open'
import type { HandlersOf } from '../handler'
import { AppError } from '../errors'
import { memberKeys, nowIso, searchKey, sortKey } from './common'
import { counts, getSetting, setSetting } from './settings'

export type Scale = 'shiwan' | 'city'

const SIZES = {
  shiwan: { communities: 39, units: 150, members: 9741, events: 64, perEvent: [20, 120] },
  city: { communities: 780, units: 1500, members: 100_000, events: 10_000, perEvent: [100, 104] }
} as const

const SHIWAN_COMMUNITIES = [
  '丽豪社区', '湖景社区', '鸿翔社区', '金澜社区', '丽银社区', '玫瑰社区', '石湾社区', '依云社区', '环湖社区', '红卫社区',
  '榴苑社区', '陶城社区', '公仔社区', '福华社区', '泷景社区', '建设社区', '城南社区', '江湾社区', '绿景社区', '美林社区',
  '凤凰社区', '东平社区', '澜石社区', '深村社区', '泥窝村', '下朗村', '石头村', '沙岗村', '新风社区', '佛陶社区',
  '大雾岗社区', '朝东社区', '岭南社区', '华远社区', '雍景社区', '聚龙社区', '海口村', '奇槎村', '惠景社区'
]
const SYLLABLES = '丽湖鸿金玫石东南红陶中太建城江绿美凤澜深泥下沙新佛朝岭华雍聚海奇惠安和平兴福德宝龙祥瑞康泰盛荣嘉'
const STREETS = ['陶瓷路', '江湾路', '南风路', '石湾大道', '绿景路', '澜石大道', '东平路', '岭南大道']

const UNIT_FIXED: Array<[string, string]> = [
  ['佛山供电局', '国有企业'], ['佛山农商银行石湾支行', '国有企业'], ['禅城区教育局', '机关'], ['禅城区人民法院', '机关'],
  ['禅城区税务局', '机关'], ['石湾镇街道办事处', '机关'], ['佛山市第二人民医院', '事业单位'], ['石湾中学', '事业单位'],
  ['佛山市燃气集团', '国有企业'], ['佛山水业集团', '国有企业'], ['中国移动佛山分公司', '国有企业'],
  ['佛山市人民医院', '事业单位'], ['佛山市公安局禅城分局', '机关'], ['佛山市生态环境局', '机关'], ['佛山市第一中学', '事业单位'],
  ['石湾镇街道社区卫生服务中心', '事业单位'], ['石湾镇街道综合行政执法办', '机关'], ['禅城区住房城乡建设和水务局', '机关'],
  ['禅城区市场监督管理局', '机关'], ['禅城区应急管理局石湾镇分局', '机关']
]
const UNIT_CORES: Array<[string, string[]]> = [
  ['机关', ['财政局', '民政局', '司法局', '人社局', '卫健局', '城管局', '文广旅体局', '市场监管局', '应急管理局', '自然资源局', '交通运输局', '统计局', '退役军人事务局', '信访局', '档案馆', '住建局', '教育局', '税务局']],
  ['事业单位', ['第一小学', '第二小学', '第三小学', '实验学校', '中心幼儿园', '社区卫生服务中心', '图书馆', '文化馆', '疾控中心', '职业技术学校', '妇幼保健院', '人民医院']],
  ['国有企业', ['建设银行支行', '工商银行支行', '邮政分公司', '公交公司', '电信分公司', '陶瓷集团', '投资控股公司', '城建集团', '供水公司', '燃气公司']],
  ['其他', ['律师事务所', '会计师事务所', '物业服务公司', '科技公司', '物流公司', '软件公司']]
]
const UNIT_PLACES = {
  shiwan: ['禅城区', '佛山市', '石湾镇街道', '石湾', '澜石'],
  city: ['禅城区', '南海区', '顺德区', '高明区', '三水区', '佛山市', '石湾', '张槎', '祖庙', '南庄', '桂城', '九江', '西樵', '丹灶', '狮山', '大沥', '里水', '大良', '容桂', '伦教', '勒流', '陈村', '北滘', '乐从', '龙江', '杏坛', '均安', '荷城', '杨和', '明城', '西南', '白坭', '乐平', '芦苞', '大塘', '云东海']
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁郑谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN = '伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红鹏辉斌文婷建国志宇浩欣怡晨子涵雅琳健思梓豪振德彬俊琪嘉慧颖凯翔'
const POSITIONS = ['科员', '副科长', '科长', '主任', '副主任', '教师', '医生', '护士', '工程师', '会计', '职员', '经理', '技术员', '办事员']
const SKILLS = ['法律咨询', '医疗护理', '心理疏导', '文艺宣传', '电脑维修', '家电维修', '教育辅导', '调解纠纷', '摄影', '驾驶', '书法', '外语', '财务', '水电维修']
const ESTATES = ['花园', '新村', '小区', '雅苑', '名苑', '华庭']
const EVENT_KINDS: Array<[string, string[], string, string]> = [
  ['防疫', ['疫情防控值守', '核酸检测秩序维护', '疫苗接种引导'], '08:00', '12:00'],
  ['环境卫生', ['登革热防控清积水大行动', '共享单车整治', '小区环境大扫除', '垃圾分类督导'], '14:30', '17:30'],
  ['交通护畅', ['开学交通护畅', '上下班高峰路口文明劝导'], '07:00', '09:00'],
  ['帮扶慰问', ['走访慰问困难群众', '关爱独居老人上门服务'], '09:00', '11:30'],
  ['宣传', ['反诈宣传进社区', '文明创建入户宣传', '垃圾分类宣传'], '19:00', '21:00'],
  ['座谈会', ['在职党员座谈会', '服务清单认领座谈会'], '15:00', '17:00']
]

/** Mulberry32: a small, fast, seeded PRNG so demo data is the same on every machine. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[xs[i], xs[j]] = [xs[j], xs[i]]
  }
  return xs
}

const PHONE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '177', '180', '181', '185', '186', '187', '188', '189', '191', '199']

/** The i-th demo phone: distinct for every i below 26 × 10^8. */
function demoPhone(i: number): string {
  const p = PHONE_PREFIXES[i % PHONE_PREFIXES.length]
  const body = (Math.floor(i / PHONE_PREFIXES.length) * 7919 + 1234567) % 100_000_000
  return p + String(body).padStart(8, '0')
}

function idCardFor(birth: string, seq: number, female: boolean): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const s3 = (seq * 2 + (female ? 0 : 1)) % 1000
  const body = `440604${birth.replace(/-/g, '')}${String(s3).padStart(3, '0')}`
  const sum = [...body].reduce((acc, c, i) => acc + +c * w[i], 0)
  return body + '10X98765432'[sum % 11]
}

function dayPlus(start: string, days: number): string {
  const d = new Date(`${start}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

export interface SeedProgress {
  step: string
  done: number
  total: number
}

export function seedDemo(db: DB, scale: Scale, onProgress: (p: SeedProgress) => void = () => {}): AppInfo['counts'] {
  const existing = counts(db)
  if (existing.communities + existing.members + existing.units + existing.events > 0) {
    throw new AppError('conflict', '数据库中已有数据。演示数据只能加载到空数据库中,以免与真实台账混在一起。')
  }
  const size = SIZES[scale]
  const rand = rng(scale === 'shiwan' ? 20200602 : 440600)
  // the demo lives in the present: shiwan's story (9,741 reported within two months, then activities and
  // needs) starts 18 months before today; the city's six years end today
  const today = todayBeijing()
  const origin = dayPlus(today, scale === 'shiwan' ? -545 : -365 * 6)
  const notAfterToday = (d: string): string => (d > today ? today : d)
  const pick = <T,>(xs: ArrayLike<T>): T => xs[Math.floor(rand() * xs.length)]
  const now = nowIso()
  const keyCache = new Map<string, ReturnType<typeof memberKeys>>()
  const personKeys = (name: string): ReturnType<typeof memberKeys> => {
    let k = keyCache.get(name)
    if (!k) keyCache.set(name, (k = memberKeys(name)))
    return k
  }

  db.transaction(() => {
    // the sign-in tallies (migration sign_in_tally) are built once at the end rather than kept row by row
    db.prepare('DELETE FROM tally_ready').run()
    // communities
    const names = scale === 'shiwan' ? SHIWAN_COMMUNITIES : cityCommunityNames(size.communities)
    const insC = db.prepare(
      'INSERT INTO community (name, kind, secretary, phone, address, note, pinyin, search, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
    )
    const communityIds: number[] = []
    for (const name of names) {
      const secretary = pick(SURNAMES) + pick(GIVEN) + (rand() < 0.5 ? pick(GIVEN) : '')
      const phone = `0757-8${String(Math.floor(rand() * 10_000_000)).padStart(7, '0')}`
      const address = `${pick(STREETS)}${1 + Math.floor(rand() * 300)}号`
      const kind = name.endsWith('村') ? '村' : '社区'
      communityIds.push(insC.run(name, kind, secretary, phone, address, '', sortKey(name), searchKey([name, secretary]), now, now).lastInsertRowid as number)
    }
    onProgress({ step: '村居', done: names.length, total: names.length })

    // units
    const insU = db.prepare(
      'INSERT INTO unit (name, kind, party_org, contact, phone, community_id, note, pinyin, search, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
    )
    const unitIds: number[] = []
    const combos = UNIT_PLACES[scale].flatMap((place) => UNIT_CORES.flatMap(([kind, cores]) => cores.map((core): [string, string] => [place + core, kind])))
    const fixedNames = new Set(UNIT_FIXED.map(([n]) => n))
    const unitList = [...UNIT_FIXED, ...shuffle(combos.filter(([n]) => !fixedNames.has(n)), rand)].slice(0, size.units)
    for (const [name, kind] of unitList) {
      const partyOrg = `中共${name}${kind === '机关' ? '机关' : ''}支部委员会`
      const contact = pick(SURNAMES) + pick(GIVEN) + pick(GIVEN)
      const communityId = rand() < 0.7 ? pick(communityIds) : null
      unitIds.push(
        insU.run(name, kind, partyOrg, contact, `0757-8${String(Math.floor(rand() * 10_000_000)).padStart(7, '0')}`, communityId, '', sortKey(name), searchKey([name, partyOrg, contact]), now, now)
          .lastInsertRowid as number
      )
    }
    onProgress({ step: '单位', done: unitIds.length, total: unitIds.length })

    // members
    const insM = db.prepare(
      `INSERT INTO member (name, gender, phone, id_card, unit_id, position, branch, community_id, estate, registered_at, skills, veteran, status, note, pinyin, search, initials, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    const byCommunity = new Map<number, number[]>()
    const usedIds = new Set<string>()
    const insSpan = db.prepare('INSERT INTO registration (member_id, community_id, start_date, ended_on, end_reason, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    const regStart = origin
    const regDays = scale === 'shiwan' ? 62 : 365 * 6
    // `members` are 在册; another 2% have transferred out (已转出) and keep their history
    const everyone = Math.round(size.members * 1.02)
    for (let i = 0; i < everyone; i++) {
      const female = rand() < 0.45
      const name = pick(SURNAMES) + pick(GIVEN) + (rand() < 0.6 ? pick(GIVEN) : '')
      const phone = demoPhone(i)
      let idCard: string | null = null
      if (rand() < 0.6) {
        const birth = dayPlus('1962-01-01', Math.floor(rand() * 365 * 36))
        for (let seq = Math.floor(rand() * 500); !idCard || usedIds.has(idCard); seq++) idCard = idCardFor(birth, seq, female)
        usedIds.add(idCard)
      }
      const unitId = pick(unitIds)
      const communityId = pick(communityIds)
      const skills = rand() < 0.5 ? [pick(SKILLS)] : rand() < 0.5 ? [pick(SKILLS), pick(SKILLS)] : []
      const estate = `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(ESTATES)}`
      const registeredAt = dayPlus(regStart, Math.floor(rand() * rand() * regDays))
      const status = i < size.members ? '在册' : '已转出'
      const keys = personKeys(name)
      const id = insM.run(
        name, female ? '女' : '男', phone, idCard, unitId, pick(POSITIONS), '', communityId, estate, registeredAt,
        JSON.stringify([...new Set(skills)]), rand() < 0.06 ? 1 : 0, status, '', keys.pinyin, keys.search, keys.initials, now, now
      ).lastInsertRowid as number
      if (status === '在册') {
        const list = byCommunity.get(communityId) ?? []
        list.push(id)
        byCommunity.set(communityId, list)
        // about one in a hundred moved home here from another community some months after reporting
        const moved = rand() < 0.01 ? dayPlus(registeredAt, 30 + Math.floor(rand() * 200)) : null
        if (moved && moved < today) {
          insSpan.run(id, pick(communityIds.filter((c) => c !== communityId)), registeredAt, moved, '迁居', now)
          insSpan.run(id, communityId, moved, null, '', now)
          db.prepare('UPDATE member SET registered_at = ? WHERE id = ?').run(moved, id)
        } else insSpan.run(id, communityId, registeredAt, null, '', now)
      } else {
        insSpan.run(id, communityId, registeredAt, notAfterToday(dayPlus(registeredAt, 60 + Math.floor(rand() * 300))), '转出', now)
      }
      if (i % 5000 === 4999) onProgress({ step: '党员', done: i + 1, total: everyone })
    }
    onProgress({ step: '党员', done: everyone, total: everyone })

    // events and sign-ins
    const insE = db.prepare(
      `INSERT INTO event (community_id, title, category, date, start_time, end_time, place, organiser, planned_count, description, search, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
    )
    const insA = db.prepare('INSERT INTO attendance (event_id, member_id, signed_at, hours, source, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    const evStart = dayPlus(origin, 9)
    const evDays = scale === 'shiwan' ? 535 : 365 * 6 - 9
    // people who signed in without having reported (未报到): a few per community, found by the sign-in sheets
    const unregistered = new Map<number, number[]>()
    communityIds.forEach((communityId, c) => {
      const list: number[] = []
      for (let k = 0; k < (scale === 'shiwan' ? 2 : 0); k++) {
        const name = pick(SURNAMES) + pick(GIVEN) + pick(GIVEN)
        const keys = personKeys(name)
        list.push(
          insM.run(name, rand() < 0.5 ? '女' : '男', demoPhone(everyone + c * 10 + k), null, pick(unitIds), '', '', communityId, '', '', '[]', 0, '未报到', '', keys.pinyin, keys.search, keys.initials, now, now)
            .lastInsertRowid as number
        )
      }
      unregistered.set(communityId, list)
    })
    let signIns = 0
    const forums: Array<{ id: number; communityId: number; date: string; attendees: number[] }> = []
    for (let i = 0; i < size.events; i++) {
      const communityId = communityIds[i % communityIds.length]
      const cname = names[i % names.length]
      const [category, titles, start, end] = EVENT_KINDS[i % EVENT_KINDS.length]
      const title = `${cname}${pick(titles)}`
      const date = dayPlus(evStart, Math.floor(rand() * evDays))
      const place = `${cname}${pick(['党群服务中心', '文化广场', '居委会', '主干道路口', '小区门口'])}`
      const [lo, hi] = size.perEvent
      const want = lo + Math.floor(rand() * (hi - lo + 1))
      const eventId = insE.run(communityId, title, category, date, start, end, place, `${cname}党委`, want, '', searchKey([title, place, `${cname}党委`, category]), now, now)
        .lastInsertRowid as number
      const pool = byCommunity.get(communityId) ?? []
      const hours = durationHours(start, end)
      const signedAt = `${date}T${start}:00+08:00`
      // a partial Fisher-Yates shuffle picks `want` distinct members of the community
      const n = Math.min(want, pool.length)
      for (let k = 0; k < n; k++) {
        const j = k + Math.floor(rand() * (pool.length - k))
        ;[pool[k], pool[j]] = [pool[j], pool[k]]
        insA.run(eventId, pool[k], signedAt, hours, '导入', now)
      }
      signIns += n
      for (const p of unregistered.get(communityId) ?? []) if (rand() < 0.15) insA.run(eventId, p, signedAt, hours, '导入', now)
      if (category === '座谈会') forums.push({ id: eventId, communityId, date, attendees: pool.slice(0, n) })
      if (i % 500 === 499) onProgress({ step: '活动与签到', done: i + 1, total: size.events })
    }
    onProgress({ step: '活动与签到', done: size.events, total: size.events })
    seedServiceList(db, rand, communityIds, names, byCommunity, forums, now, { from: dayPlus(origin, 30), today })
    onProgress({ step: '服务清单', done: 1, total: 1 })
    seedCobuilding(db, rng(15), { origin, today }, now)
    onProgress({ step: '单位报到与共建', done: 1, total: 1 })
    if (!getSetting(db, 'orgName')) setSetting(db, 'orgName', scale === 'shiwan' ? '石湾镇街道' : '佛山市')
    db.prepare('INSERT INTO tally_ready (one) VALUES (1)').run()
  }).immediate()
  return counts(db)
}

function cityCommunityNames(n: number): string[] {
  const out: string[] = [...SHIWAN_COMMUNITIES]
  const seen = new Set(out)
  for (let i = 0; out.length < n; i++) {
    const a = SYLLABLES[i % SYLLABLES.length]
    const b = SYLLABLES[Math.floor(i / SYLLABLES.length) % SYLLABLES.length]
    const name = `${a}${b}${i % 5 === 0 ? '村' : '社区'}`
    if (a === b || seen.has(name)) continue
    seen.add(name)
    out.push(name)
  }
  return out
}

const NEED_TEMPLATES: Array<[string, string, number, string[]]> = [
  ['加装电梯', '老旧楼宇加装电梯协调', 3, ['调解纠纷', '法律咨询']],
  ['出租屋人口管理', '出租屋流动人口信息核查', 4, []],
  ['无物业管理楼宇服务', '无物业楼宇公共卫生清理', 5, ['水电维修']],
  ['调解纠纷', '邻里噪音纠纷调解', 2, ['调解纠纷', '法律咨询']],
  ['帮扶慰问', '困难家庭和独居老人探访', 3, ['心理疏导', '医疗护理']],
  ['小区环境和综合服务提升', '小区环境卫生整治', 6, []],
  ['业委换届', '业主委员会换届选举协助', 2, ['法律咨询']],
  ['支部建设', '小区党支部组建', 2, []],
  ['防控登革热', '清积水灭蚊专项行动', 8, []],
  ['交通护畅', '学校周边上下学交通护畅', 4, ['驾驶']]
]
const SUGGESTIONS: Array<[string, string, string]> = [
  ['楼道堆放杂物,存在消防隐患,建议组织清理', '楼道杂物清理', '小区环境和综合服务提升'],
  ['小区路灯损坏多处,夜间出行不便', '小区路灯报修跟进', '无物业管理楼宇服务'],
  ['独居老人较多,希望定期上门探望', '独居老人定期探访', '帮扶慰问'],
  ['放学时段校门口拥堵,建议安排护导', '放学时段校门口护导', '交通护畅'],
  ['希望为居民开展免费法律咨询', '居民法律咨询日', '调解纠纷']
]

/** A few needs per community, about half claimed, and suggestions raised at the forums. */
function seedServiceList(
  db: DB,
  rand: () => number,
  communityIds: number[],
  names: string[],
  byCommunity: Map<number, number[]>,
  forums: Array<{ id: number; communityId: number; date: string; attendees: number[] }>,
  now: string,
  dates: { from: string; today: string }
): void {
  const insNeed = db.prepare(
    `INSERT INTO need (community_id, title, category, description, places, skills, period_start, period_end, source, search, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
  )
  const insClaim = db.prepare(
    'INSERT INTO claim (need_id, member_id, status, claimed_on, finished_on, hours, note, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
  )
  const insFeedback = db.prepare("INSERT INTO feedback (member_id, claim_id, rating, comment, date, created_at) VALUES (?, ?, ?, '', ?, ?)")
  const insSuggestion = db.prepare('INSERT INTO suggestion (event_id, text, member_id, resident, need_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
  const need = (communityId: number, cname: string, [category, title, places, skills]: [string, string, number, string[]], source: string, start: string): number =>
    insNeed.run(communityId, `${cname}${title}`, category, '', places, JSON.stringify(skills), start, '', source, searchKey([`${cname}${title}`, category]), `${start}T01:00:00.000Z`, now)
      .lastInsertRowid as number
  const claim = (needId: number, members: number[], start: string): void => {
    for (const memberId of members) {
      const r = rand()
      let status = r < 0.35 ? '已完成' : r < 0.7 ? '进行中' : r < 0.92 ? '已认领' : '已放弃'
      let finished = status === '已完成' || status === '已放弃' ? dayPlus(start, 10 + Math.floor(rand() * 60)) : null
      // nothing finishes in the future
      if (finished && finished > dates.today) [status, finished] = ['进行中', null]
      const hours = status === '已完成' ? 2 + Math.floor(rand() * 12) : null
      const id = insClaim.run(needId, memberId, status, start, finished, hours, status === '已完成' ? '已按计划完成' : '', status === '已放弃' ? '工作调动,时间冲突' : '', now, now).lastInsertRowid as number
      if (status === '已完成' && rand() < 0.6) insFeedback.run(memberId, id, rand() < 0.8 ? '满意' : rand() < 0.7 ? '基本满意' : '不满意', finished, now)
    }
  }
  communityIds.forEach((communityId, i) => {
    const pool = byCommunity.get(communityId) ?? []
    const picked = new Set<number>()
    const count = 3 + Math.floor(rand() * 2)
    while (picked.size < count) picked.add(Math.floor(rand() * NEED_TEMPLATES.length))
    for (const t of picked) {
      const template = NEED_TEMPLATES[t]
      const start = dayPlus(dates.from, Math.floor(rand() * 400))
      const id = need(communityId, names[i], template, rand() < 0.85 ? '社区列出' : '群众诉求', start)
      if (rand() < 0.5 && pool.length) {
        const n = Math.min(pool.length, 1 + Math.floor(rand() * template[2]))
        const members = new Set<number>()
        while (members.size < n) members.add(pool[Math.floor(rand() * pool.length)])
        claim(id, [...members], start)
      }
    }
  })
  for (const f of forums) {
    const cname = names[communityIds.indexOf(f.communityId)]
    const k = 2 + Math.floor(rand() * 2)
    for (let j = 0; j < k; j++) {
      const [text, title, category] = SUGGESTIONS[Math.floor(rand() * SUGGESTIONS.length)]
      const by = f.attendees.length && rand() < 0.7 ? f.attendees[Math.floor(rand() * f.attendees.length)] : null
      let needId: number | null = null
      if (j === 0) {
        needId = need(f.communityId, cname, [category, title, 2, []], '座谈会提出', f.date)
        if (by) claim(needId, [by], f.date)
      }
      insSuggestion.run(f.id, text, by, by ? '' : '居民代表', needId, now)
    }
  }
}

/** A one-page PDF, as a scanned agreement stands in the demo (its text says it is a demo). */
const DEMO_SCAN = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n' +
    '4 0 obj<</Length 60>>stream\nBT /F1 24 Tf 72 760 Td (Co-building agreement - demo scan) Tj ET\nendstream endobj\n' +
    '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'
)

/**
 * The unit side of 双报到 in the demo: every unit with a 结对村居 reported to it within the first two months (a dated
 * pairing); about a third signed a 共建协议 (one with a scanned copy; a few ending within 30 days, two lapsed), a
 * dozen adopted a need of their community (共建项目) served by their members, and a quarter of the activities were
 * organised by a unit paired with the host community.
 */
function seedCobuilding(db: DB, rand: () => number, dates: { origin: string; today: string }, now: string): void {
  const paired = db.prepare('SELECT id, community_id AS communityId FROM unit WHERE community_id IS NOT NULL ORDER BY id').all() as Array<{ id: number; communityId: number }>
  const insP = db.prepare('INSERT INTO unit_pairing (unit_id, community_id, start_date, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
  const insG = db.prepare(
    `INSERT INTO agreement (pairing_id, signed_on, valid_from, valid_to, unit_duties, community_duties, unit_signatory, community_signatory, note, scan_name, scan_type, scan_size, scan, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?)`
  )
  const unitDuties = '每季度组织在职党员进社区开展志愿服务不少于1次;认领社区服务清单项目不少于1项;在重大活动和应急任务中派员支援。'
  const communityDuties = '提供服务清单和活动场地;及时发布活动信息;每季度向单位反馈党员参与服务情况。'
  const byCommunity = new Map<number, number[]>()
  paired.forEach((u, i) => {
    const start = dayPlus(dates.origin, 10 + Math.floor(rand() * 50))
    const pairingId = insP.run(u.id, u.communityId, start, '', now, now).lastInsertRowid as number
    byCommunity.set(u.communityId, [...(byCommunity.get(u.communityId) ?? []), u.id])
    if (i % 3 !== 0) return
    // most run two years from the pairing; a few end within the month, two have lapsed
    const k = i / 3
    const to = k < 3 ? dayPlus(dates.today, 5 + k * 8) : k < 5 ? dayPlus(dates.today, -10 - k) : dayPlus(start, 730)
    const scan = k === 0
    insG.run(pairingId, start, start, to, unitDuties, communityDuties, '单位党组织书记', '村居党组织书记', scan ? '共建协议(扫描件).pdf' : '', scan ? 'application/pdf' : '', scan ? DEMO_SCAN.length : 0, scan ? DEMO_SCAN : null, now, now)
  })
  // 共建项目: a need of the unit's community with a free place, served by two or three of its members
  const insK = db.prepare('INSERT INTO unit_claim (need_id, unit_id, status, claimed_on, finished_on, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
  const insS = db.prepare('INSERT INTO unit_claim_member (unit_claim_id, member_id, hours, created_at) VALUES (?, ?, ?, ?)')
  const freeNeed = db.prepare(
    `SELECT n.id, n.period_start AS start FROM need n JOIN need_state s ON s.id = n.id
     WHERE n.community_id = ? AND n.closed_at IS NULL AND s.open + s.done < n.places AND NOT EXISTS (SELECT 1 FROM unit_claim k WHERE k.need_id = n.id) ORDER BY n.id LIMIT 1`
  )
  const members = db.prepare("SELECT id FROM member WHERE unit_id = ? AND status = '在册' AND archived_at IS NULL ORDER BY id LIMIT 3")
  let projects = 0
  for (const u of paired) {
    if (projects >= 12) break
    const need = freeNeed.get(u.communityId) as { id: number; start: string } | undefined
    const served = members.all(u.id) as Array<{ id: number }>
    if (!need || served.length < 2) continue
    const claimed = dayPlus(need.start || dates.origin, 5 + Math.floor(rand() * 30))
    if (claimed > dates.today) continue
    const finished = dayPlus(claimed, 20 + Math.floor(rand() * 40))
    const done = projects % 2 === 0 && finished <= dates.today
    const id = insK.run(need.id, u.id, done ? '已完成' : '进行中', claimed, done ? finished : null, done ? '已按协议完成' : '', now, now).lastInsertRowid as number
    for (const m of served) insS.run(id, m.id, 2 + Math.floor(rand() * 6), now)
    projects++
  }
  // 组织活动: every fourth activity was organised by a unit paired with its community
  const events = db.prepare('SELECT id, community_id AS communityId FROM event ORDER BY id').all() as Array<{ id: number; communityId: number }>
  const setUnit = db.prepare('UPDATE event SET unit_id = ? WHERE id = ?')
  events.forEach((e, i) => {
    const units = byCommunity.get(e.communityId)
    if (i % 4 === 1 && units?.length) setUnit.run(units[Math.floor(rand() * units.length)], e.id)
  })
}

export const handlers: HandlersOf<'demo'> = {
  'demo.load': (db) => seedDemo(db, 'shiwan')
}
