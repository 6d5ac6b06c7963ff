/** 志愿服务证明 (民发〔2015〕149号): content from the statistics layer, a gap-free yearly register across issue, reprint and void. */
import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import type { DB } from '../src/main/db/open'
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { MIGRATIONS } from '../src/main/db/migrate'
import { openDatabase } from '../src/main/db/open'
import { api, apiAsync, expectError, rejection, tempDb, tempDir } from './helpers'

/** A valid resident ID number (GB 11643) for a birth date and sequence. */
function idCard(birth: string, seq: number): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const body = `440604${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`
  const sum = [...body].reduce((s, c, i) => s + +c * w[i], 0)
  return body + '10X98765432'[sum % 11]
}

/**
 * 2025: 张三 signs in at 清积水 (环境卫生, 3 h), 疫情值守 (防疫, 2.5 h) and 垃圾分类 (环境卫生, 3 h), and completes a
 * claim (4 h) → 2 × 环境卫生 6 h, 1 × 防疫 2.5 h, 1 claim 4 h = 12.5 h. 李四: 清积水 3 h. 王五: 疫情值守 2.5 h; his
 * sign-in at 清积水 came before he reported (2025-04-01) and does not count. 赵六: 垃圾分类 3 h. 钱七: nothing.
 */
function register(db: DB) {
  const a = api(db)
  a('settings.update', { orgName: '石湾镇街道', operator: '李会计' })
  const lihao = a('community.create', { name: '丽豪社区', kind: '社区' })
  const gd = a('unit.create', { name: '佛山供电局', kind: '国有企业' })
  const m = (name: string, phone: string, registeredAt: string, id = '') => a('member.create', { name, phone, communityId: lihao.id, unitId: gd.id, registeredAt, idCard: id, gender: '男' })
  const zhang = m('张三', '13800138001', '2024-12-01', idCard('1980-05-06', 123))
  const li = m('李四', '13800138002', '2024-12-01', idCard('1975-01-02', 456))
  const wang = m('王五', '13800138003', '2025-04-01')
  const zhao = m('赵六', '13800138004', '2024-12-01')
  const qian = m('钱七', '13800138005', '2024-12-01')
  const ev = (title: string, category: string, date: string) => a('event.create', { communityId: lihao.id, title, category, date })
  const e1 = ev('清积水', '环境卫生', '2025-03-01')
  const e2 = ev('疫情值守', '防疫', '2025-05-01')
  const e3 = ev('垃圾分类', '环境卫生', '2025-08-01')
  a('attendance.add', { eventId: e1.id, memberIds: [zhang.id, li.id, wang.id], hours: 3 })
  a('attendance.add', { eventId: e2.id, memberIds: [zhang.id, wang.id], hours: 2.5 })
  a('attendance.add', { eventId: e3.id, memberIds: [zhang.id, zhao.id], hours: 3 })
  const need = a('need.create', { communityId: lihao.id, title: '独居老人探访', category: '帮扶慰问' })
  a('claim.add', { needId: need.id, memberIds: [zhang.id] })
  db.prepare("UPDATE claim SET claimed_on = '2025-06-01'").run()
  a('claim.update', { id: a('claim.list', { needId: need.id }).rows[0].id, status: '已完成', hours: 4, finishedOn: '2025-06-20' })
  return { a, zhang, li, wang, zhao, qian }
}

const idOf = (db: DB, id: number): string => db.prepare('SELECT id_card FROM member WHERE id = ?').pluck().get(id) as string
const YEAR = { from: '2025-01-01', to: '2025-12-31' }
const sheetRows = (base64: string, name?: string) => {
  const wb = XLSX.read(Buffer.from(base64, 'base64'))
  return XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[name ?? wb.SheetNames[0]], { header: 1, defval: '' })
}

describe('志愿服务证明', () => {
  it('certifies a member’s service over a range as the statistics layer counts it', () => {
    const db = tempDb()
    const { a, zhang, wang } = register(db)
    const p = a('certificate.preview', { memberId: zhang.id, ...YEAR })
    expect([p.hours, p.activities, p.claims, p.idCard]).toEqual([12.5, 3, 1, '4406**********1234'.replace('1234', p.idCard.slice(-4))])
    expect(p.content).toEqual([
      { item: '环境卫生志愿服务活动', count: 2, hours: 6 },
      { item: '防疫志愿服务活动', count: 1, hours: 2.5 },
      { item: '认领服务清单项目', count: 1, hours: 4 }
    ])
    // only while registered: 王五's 03-01 sign-in came before he reported
    expect(a('certificate.preview', { memberId: wang.id, ...YEAR })).toMatchObject({ hours: 2.5, activities: 1, content: [{ item: '防疫志愿服务活动', count: 1, hours: 2.5 }] })
    expect(a('certificate.preview', { memberId: zhang.id, from: '2025-04-01', to: '2025-07-31' })).toMatchObject({ hours: 6.5, activities: 1, claims: 1 })
  })

  it('numbers without gaps across issue, void and reprint; prints one A4 page each, 补发 marked, IDs masked unless chosen', async () => {
    const db = tempDb()
    const { a, zhang, li, wang, zhao, qian } = register(db)
    const list0 = a('certificate.list', { year: 2025 })
    expect(list0.defaults).toEqual({ issuer: '石湾镇街道', prefix: '石湾', personInCharge: '' })
    expect(list0.register).toEqual({ year: 2025, issued: 0, voided: 0, next: '石湾〔2025〕第0001号' })

    const issued = a('certificate.issue', { memberIds: [zhang.id, li.id, wang.id], ...YEAR, personInCharge: '王主任', prefix: '石湾', issuedOn: '2025-12-31' })
    expect(issued.numbers).toEqual(['石湾〔2025〕第0001号', '石湾〔2025〕第0002号', '石湾〔2025〕第0003号'])
    expect(a('audit.list', {}).rows[0]).toMatchObject({ kind: '出具证明', summary: '出具志愿服务证明 3 份(石湾〔2025〕第0001号至石湾〔2025〕第0003号),服务期间 2025-01-01 至 2025-12-31' })
    // a member with no service gets none, and no number is used up
    const none = expectError(() => a('certificate.issue', { memberIds: [zhao.id, qian.id], ...YEAR, personInCharge: '王主任', prefix: '石湾', issuedOn: '2025-12-31' }))
    expect(none.message).toBe('钱七在 2025-01-01 至 2025-12-31 报到在册期间没有志愿服务记录,不能出具证明。请调整服务期间,或取消选择这些党员后再出具。')
    expect(a('certificate.list', { year: 2025 }).register.next).toBe('石湾〔2025〕第0004号')

    // a void keeps its number and its reason; the next certificate takes the next number
    const [c1, c2, c3] = issued.ids
    const voided = a('certificate.void', { id: c2, reason: '姓名打印错误' })
    expect([voided.number, voided.voidReason, !!voided.voidedOn]).toEqual(['石湾〔2025〕第0002号', '姓名打印错误', true])
    expect(expectError(() => a('certificate.void', { id: c2, reason: '再次作废' })).code).toBe('conflict')
    const c4 = a('certificate.issue', { memberIds: [zhao.id], ...YEAR, personInCharge: '王主任', prefix: '石湾', issuedOn: '2025-12-31' })
    expect(c4.numbers).toEqual(['石湾〔2025〕第0004号'])

    // a reprint keeps its number and says 补发
    const again = a('certificate.reprint', { id: c1, reason: '原件遗失' })
    expect([again.number, again.reprints]).toEqual(['石湾〔2025〕第0001号', 1])
    expect(a('audit.list', {}).rows[0]).toMatchObject({ kind: '补发', record: '证明石湾〔2025〕第0001号', summary: `补发志愿服务证明石湾〔2025〕第0001号(党员#${zhang.id}),原因:原件遗失` })
    expect(expectError(() => a('certificate.reprint', { id: c2, reason: '补' })).message).toBe('证明石湾〔2025〕第0002号已作废,不能补发。')

    const file = await apiAsync(db, 'certificate.print', { ids: [c3, c1] })
    const wb = XLSX.read(Buffer.from(file.base64, 'base64'))
    expect(wb.SheetNames).toEqual(['石湾〔2025〕第0001号', '石湾〔2025〕第0003号'])
    const first = sheetRows(file.base64, '石湾〔2025〕第0001号').map((r) => r.filter((x) => x !== '').join('|')).filter(Boolean)
    expect(first.slice(0, 3)).toEqual(['志愿服务记录证明（补发）', '编号：石湾〔2025〕第0001号', expect.stringMatching(/^补发日期：\d{4}年\d+月\d+日（原出具日期：2025年12月31日）$/)])
    expect(first[3]).toBe(
      '    兹证明 张三（性别：男，公民身份号码：4406**********1232，工作单位：佛山供电局）于 2025年1月1日至2025年12月31日 期间，作为在职党员在 丽豪社区 参加志愿服务，累计参加志愿服务活动 3 次、完成服务清单认领 1 项，志愿服务时长累计 12.5 小时。'.replace('1232', idOf(db, zhang.id).slice(-4))
    )
    expect(first.slice(5, 10)).toEqual(['服务内容|次数（项）|时长（小时）', '环境卫生志愿服务活动|2|6', '防疫志愿服务活动|1|2.5', '认领服务清单项目|1|4', '合计|4|12.5'])
    expect(first).toContain('出具单位（盖章）：石湾镇街道')
    expect(first).toContain('负责人（签字）：王主任')
    expect(first).toContain('出具日期：2025年12月31日')
    expect(JSON.stringify(first)).not.toContain(idOf(db, zhang.id))
    expect(sheetRows(file.base64, '石湾〔2025〕第0003号')[0][0]).toBe('志愿服务记录证明')
    expect(a('audit.list', {}).rows[0]).toMatchObject({ kind: '打印', summary: '打印志愿服务证明 2 份:石湾〔2025〕第0001号、石湾〔2025〕第0003号' })
    expect((await rejection(apiAsync(db, 'certificate.print', { ids: [c2] }))).message).toBe('石湾〔2025〕第0002号已作废,不能打印。')

    // the whole ID number only when the clerk chose it, and the log says so; a new year starts at 0001
    const full = a('certificate.issue', { memberIds: [li.id], ...YEAR, personInCharge: '王主任', prefix: '石湾', issuedOn: '2026-01-05', showFullId: true })
    expect(full.numbers).toEqual(['石湾〔2026〕第0001号'])
    expect(a('audit.list', {}).rows[0].summary).toBe('出具志愿服务证明 1 份(石湾〔2026〕第0001号),服务期间 2025-01-01 至 2025-12-31,选择打印完整身份证号')
    const fullFile = await apiAsync(db, 'certificate.print', { ids: full.ids })
    expect(JSON.stringify(sheetRows(fullFile.base64))).toContain(idOf(db, li.id))
    expect(a('audit.list', {}).rows[0].summary).toBe('打印志愿服务证明 1 份:石湾〔2026〕第0001号;其中 1 份含完整身份证号')

    // the register: every number of the year, none missing; the 公示 list leaves the void out and shows no ID
    expect(db.prepare('SELECT seq FROM certificate WHERE year = 2025 ORDER BY seq').pluck().all()).toEqual([1, 2, 3, 4])
    expect(a('certificate.list', { year: 2025 }).register).toEqual({ year: 2025, issued: 4, voided: 1, next: '石湾〔2025〕第0005号' })
    const reg = await apiAsync(db, 'certificate.export', { year: 2025, kind: 'register' })
    expect(reg.fileName).toBe('石湾镇街道_志愿服务证明登记簿_2025年.xlsx')
    const regRows = sheetRows(reg.base64)
    expect(regRows.slice(3, 7).map((r) => [r[1], r[3], r[7], r[9], r[10]])).toEqual([
      ['石湾〔2025〕第0001号', '张三', 12.5, '已补发', expect.stringMatching(/^补发1次，最近\d{4}-\d\d-\d\d$/)],
      ['石湾〔2025〕第0002号', '李四', 3, '已作废', expect.stringMatching(/^\d{4}-\d\d-\d\d作废：姓名打印错误$/)],
      ['石湾〔2025〕第0003号', '王五', 2.5, '有效', ''],
      ['石湾〔2025〕第0004号', '赵六', 3, '有效', '']
    ])
    const pub = await apiAsync(db, 'certificate.export', { year: 2025, kind: 'publicity' })
    const pubRows = sheetRows(pub.base64)
    expect(pubRows[2].map((h) => String(h).replace(/\s+/g, ''))).toEqual(['序号', '姓名', '工作单位', '报到村居', '服务期间', '服务时长(小时)', '证明编号'])
    expect(pubRows.slice(3, 6).map((r) => [r[0], r[1], r[6]])).toEqual([[1, '张三', '石湾〔2025〕第0001号'], [2, '王五', '石湾〔2025〕第0003号'], [3, '赵六', '石湾〔2025〕第0004号']])
    expect(JSON.stringify(pubRows)).not.toMatch(/4406\d{12}/)

    // what was certified is frozen: a later correction of the hours does not change a reprint
    db.prepare('UPDATE attendance SET hours = 1').run()
    expect(a('certificate.list', { year: 2025, keyword: '0001' }).rows.map((c) => [c.number, c.hours])).toEqual([['石湾〔2025〕第0001号', 12.5]])
  })

  it('refuses an issue without an issuer, dated in the future, or covering days after its date', () => {
    const db = tempDb()
    const { a, zhang } = register(db)
    const q = { memberIds: [zhang.id], ...YEAR, personInCharge: '王主任', prefix: '石湾' }
    expect(expectError(() => a('certificate.issue', { ...q, issuedOn: '2025-06-30' })).message).toBe('证明的服务期间不能晚于出具日期。')
    expect(expectError(() => a('certificate.issue', { ...q, issuedOn: '2999-01-01' })).message).toBe('出具日期不能晚于今天。')
    expect(expectError(() => a('certificate.issue', { ...q, prefix: '石湾〔' })).fields).toMatchObject({ prefix: '编号前缀不能含数字或〔〕' })
    db.prepare("UPDATE setting SET value = '' WHERE key = 'orgName'").run()
    expect(expectError(() => a('certificate.issue', q)).message).toBe('请先在"设置"中填写单位名称:它是证明的出具单位。')
  })
})

describe('the certificate register across restores', () => {
  it('restoring an older backup keeps every issued and voided certificate, and the next number continues', async () => {
    const db = tempDb()
    const { a, zhang, li } = register(db)
    const issue = (memberIds: number[]) => a('certificate.issue', { memberIds, ...YEAR, issuedOn: '2026-01-05', personInCharge: '王主任', prefix: '石湾' })
    expect(issue([zhang.id]).numbers).toEqual(['石湾〔2026〕第0001号'])
    const backup = await apiAsync(db, 'backup.create', {})
    // after the backup: 李四's certificate (then voided), a member the backup never held and his certificate, 张三's reprint
    const second = issue([li.id])
    const gd = db.prepare("SELECT id FROM unit WHERE name = '佛山供电局'").pluck().get() as number
    const lihao = db.prepare("SELECT id FROM community WHERE name = '丽豪社区'").pluck().get() as number
    const sun = a('member.create', { name: '孙八', phone: '13800138008', communityId: lihao, unitId: gd, registeredAt: '2024-12-01', gender: '女' })
    a('attendance.add', { eventId: db.prepare("SELECT id FROM event WHERE title = '垃圾分类'").pluck().get() as number, memberIds: [sun.id], hours: 3 })
    const third = issue([sun.id])
    expect([...second.numbers, ...third.numbers]).toEqual(['石湾〔2026〕第0002号', '石湾〔2026〕第0003号'])
    a('certificate.void', { id: second.ids[0], reason: '信息有误' })
    a('certificate.reprint', { id: a('certificate.list', { year: 2026 }).rows.find((c) => c.seq === 1)!.id, reason: '原件遗失' })

    const restored = await apiAsync(db, 'backup.restore', { name: backup.name })
    expect(restored.kept).toBe('志愿服务证明登记簿未随备份回退:共保留 3 份证明(其中 2 份是在该备份之后出具的),编号继续接续,不会重复。其中 1 份的党员不在恢复后的数据中,按出具时的姓名和单位保留。')
    // the registers went back (孙八 is gone), the certificate register did not
    expect(db.prepare("SELECT COUNT(*) FROM member WHERE name = '孙八'").pluck().get()).toBe(0)
    const list = a('certificate.list', { year: 2026 })
    expect(list.rows.map((c) => [c.number, c.name, c.memberId === null, c.unitName, c.hours, c.voidedOn !== null, c.voidReason, c.reprints])).toEqual([
      ['石湾〔2026〕第0003号', '孙八', true, '佛山供电局', 3, false, '', 0],
      ['石湾〔2026〕第0002号', '李四', false, '佛山供电局', 3, true, '信息有误', 0],
      ['石湾〔2026〕第0001号', '张三', false, '佛山供电局', 12.5, false, '', 1]
    ])
    expect(list.register).toMatchObject({ issued: 3, voided: 1, next: '石湾〔2026〕第0004号' })
    expect(issue([zhang.id]).numbers).toEqual(['石湾〔2026〕第0004号'])
    // a certificate whose member the restored data lacks still prints, as certified
    const page = a('certificate.pages', { ids: [third.ids[0]] }).pages[0]
    expect([page.number, page.name, page.gender, page.idText, page.unit, page.community, page.hours]).toEqual(['石湾〔2026〕第0003号', '孙八', '女', '未登记', '佛山供电局', '丽豪社区', 3])
    expect(db.pragma('foreign_key_check')).toEqual([])
    const log = a('audit.list', { pageSize: 20 }).rows.find((e) => e.kind === '恢复')!
    expect(log.summary).toContain('志愿服务证明登记簿未随备份回退:共保留 3 份证明')

    // a second restore of the same backup changes nothing in the register
    const again = await apiAsync(db, 'backup.restore', { name: backup.name })
    expect(again.kept).toBe('志愿服务证明登记簿未随备份回退:共保留 4 份证明(其中 3 份是在该备份之后出具的),编号继续接续,不会重复。其中 1 份的党员不在恢复后的数据中,按出具时的姓名和单位保留。')
    expect(a('certificate.list', { year: 2026 }).register.next).toBe('石湾〔2026〕第0005号')
  })
})

describe('the certificate register, upgraded and erased', () => {
  it('an older database keeps its certificates through the upgrade, each with the person as certified', () => {
    const dir = tempDir()
    const old = new Database(join(dir, 'redvest.sqlite'))
    for (const sql of MIGRATIONS.slice(0, 7)) old.exec(sql)
    old.pragma('user_version = 7')
    const now = '2026-01-05T00:00:00.000Z'
    old.prepare("INSERT INTO community (id, name, kind, created_at, updated_at) VALUES (1, '丽豪社区', '社区', ?, ?)").run(now, now)
    old.prepare("INSERT INTO unit (id, name, kind, created_at, updated_at) VALUES (1, '佛山供电局', '国有企业', ?, ?)").run(now, now)
    old.prepare("INSERT INTO member (id, name, gender, phone, unit_id, community_id, registered_at, created_at, updated_at) VALUES (1, '张三', '男', '13800138001', 1, 1, '2024-12-01', ?, ?)").run(now, now)
    old.prepare(
      `INSERT INTO certificate (year, seq, number, member_id, from_date, to_date, hours_x100, activities, claims, content, issuer, person_in_charge, issued_on, created_at)
       VALUES (2026, 1, '石湾〔2026〕第0001号', 1, '2025-01-01', '2025-12-31', 1250, 3, 1, '[]', '石湾镇街道', '王主任', '2026-01-05', ?)`
    ).run(now)
    old.close()
    const db = openDatabase(dir)
    try {
      expect(db.prepare('SELECT number, member_id, name, gender, unit_name, community_name, hours_x100 FROM certificate').all()).toEqual([
        { number: '石湾〔2026〕第0001号', member_id: 1, name: '张三', gender: '男', unit_name: '佛山供电局', community_name: '丽豪社区', hours_x100: 1250 }
      ])
      expect(db.pragma('foreign_key_check')).toEqual([])
    } finally {
      db.close()
    }
  })

  it('erasing a member blanks their name on the certificates too; the number and the hours stay', () => {
    const db = tempDb()
    const { a, li } = register(db)
    const issued = a('certificate.issue', { memberIds: [li.id], ...YEAR, issuedOn: '2026-01-05', personInCharge: '王主任', prefix: '石湾' })
    a('member.update', { ...a('member.get', { id: li.id }), ...a('member.reveal', { id: li.id }), id: li.id, status: '已转出', changedOn: '2026-02-01' })
    a('member.erase', { id: li.id })
    expect(db.prepare('SELECT number, name, gender, hours_x100 FROM certificate WHERE id = ?').get(issued.ids[0])).toEqual({ number: '石湾〔2026〕第0001号', name: `已注销党员${li.id}`, gender: '', hours_x100: 300 })
  })
})
