/**
 * Imports, round two: the rows real files hold that round one lost or took wrongly. Each fixture in
 * tests/fixtures/imports was written by an ordinary program (openpyxl, ExcelJS, LibreOffice, a GBK CSV) — see
 * make.py, make.mjs and convert.sh there — and each test states the exact rows it must give.
 */
import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import type { DB } from '../src/main/db/open'
import { setSetting } from '../src/main/services/settings'
import { normalizePhone } from '../src/shared/text'
import { apiAsync, rejection, smallRegister, tempDb } from './helpers'
import { check, commit, fixture, read, registers, workbook } from './import-helpers'

const phoneOf = (p: string | undefined): string => normalizePhone(p ?? '')
const attendance = (db: DB, eventId: number) =>
  db.prepare('SELECT m.name, a.hours, substr(a.signed_at, 12, 5) AS at FROM attendance a JOIN member m ON m.id = a.member_id WHERE a.event_id = ? ORDER BY a.id').all(eventId) as Array<{ name: string; hours: number; at: string }>

describe('1. a sheet printed in side-by-side blocks is read block by block', () => {
  const LEFT = ['林海峰', '黄思敏', '陈志远', '李晓燕', '张国华', '王丽萍', '刘振宇', '杨春梅', '赵建军', '周婷婷', '吴卫东', '徐慧', '孙立新', '马红霞', '朱宏伟', '胡晓峰', '郭秀英', '何建平', '高玉兰', '罗志刚', '郑丽娟', '梁伟强', '谢雪梅', '宋子豪', '唐佳琪']
  const RIGHT = ['韩明', '冯雅婷', '邓伟', '曹丽', '彭建华', '曾小红', '萧永康', '田甜', '董浩', '袁敏', '潘志明', '蔡琳']
  const expected = [
    ...LEFT.map((name, i) => [1, 4 + i, name, `138123400${String(i + 1).padStart(2, '0')}`]),
    ...RIGHT.map((name, i) => [2, 4 + i, name, `138123400${26 + i}`])
  ]

  for (const file of ['two-blocks.xlsx', 'two-blocks.xls']) {
    it(`${file}: the left block top to bottom, then the right; pre-numbered empty rows skipped silently`, async () => {
      const db = tempDb()
      const { event } = smallRegister(db)
      const p = await read(db, 'signin', file, fixture(file), { eventId: event.id })
      expect(p.mapping).toEqual([null, 'name', 'unit', 'phone', null, 'name', 'unit', 'phone'])
      expect(p.parts[0].blocks).toEqual([{ start: 0, end: 4 }, { start: 4, end: 8 }])
      expect(p.rows.map((r) => [r.block, r.index, r.values.name, phoneOf(r.values.phone)])).toEqual(expected)
      expect(p.leftOut.map((l) => [l.row.block, l.row.index, l.reason, l.text])).toEqual([
        [1, 29, '落款(填表人、审核人、签字盖章等)', '填表人:'],
        [2, 29, '落款(填表人、审核人、签字盖章等)', '审核人:']
      ])
      expect(p.summary).toMatchObject({ unregistered: 37, signIns: 37, blocking: 0, skipped: [] })
      const batch = await commit(db, 'signin', p, event.id)
      expect(batch).toMatchObject({ membersCreated: 37, attendance: 37, skipped: 0 })
      expect(attendance(db, event.id).map((a) => a.name)).toEqual([...LEFT, ...RIGHT])
    })
  }

  it('a problem in the right block names the block', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    const p = await read(db, 'signin', 's.xlsx', workbook({ s: [['序号', '姓名', '电话', '序号', '姓名', '电话'], [1, '甲一', 13800000001, 2, '乙二', 1380000000]] }), { eventId: event.id })
    expect(p.rows.map((r) => [r.block, r.values.name])).toEqual([[1, '甲一'], [2, '乙二']])
    expect((await rejection(commit(db, 'signin', p, event.id))).message).toContain('右栏第2行:手机号应为11位(现为10位)')
    // sent back to the community: one column per field, the row's block in the reason
    const out = await apiAsync(db, 'import.rejects', { kind: 'signin', eventId: event.id, fileName: p.fileName, headers: p.headers, mapping: p.mapping, rows: p.rows })
    const wb = XLSX.read(Buffer.from(out.base64, 'base64'))
    expect(XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1 })).toEqual([
      ['原表行号', '姓名', '电话', '问题'],
      [2, '乙二', '1380000000', '(右栏第2行)手机号:手机号应为11位(现为10位)']
    ])
  })

  it('two name columns that do not repeat a block are not blocks', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    const p = await read(db, 'signin', 's.xlsx', workbook({ s: [['姓名', '手机', '单位', '志愿者姓名'], ['甲一', 13800000001, '佛山供电局', '甲一']] }), { eventId: event.id })
    expect(p.mapping).toEqual(['name', 'phone', 'unit', null])
    expect(p.rows).toHaveLength(1)
  })
})

describe('2. 签退时间: hours from sign-in to sign-out', () => {
  it('Excel times and text, across noon, on a 12-hour clock; a sign-out before the sign-in is an error on its cell', async () => {
    const db = tempDb()
    const { event } = smallRegister(db) // 09:00–12:00, 3 hours
    const p = await read(db, 'signin', 'signout.xlsx', fixture('signout.xlsx'), { eventId: event.id })
    expect(p.mapping).toEqual([null, 'name', 'phone', 'signedAt', 'signedOutAt', 'hours'])
    expect(p.rows.map((r) => [r.values.name, r.values.signedAt, r.values.signedOutAt, r.values.hours])).toEqual([
      ['周杰', '08:30', '11:30', undefined],
      ['吴敏', '8:30', '下午2:30', undefined],
      ['郑芳', '09:00', '2:30', undefined],
      ['孙磊', '10:15', '12:00', '半天'],
      ['马丽', '14:00', '13:00', undefined],
      ['朱琳', '08:00', undefined, '2.5h'],
      ['胡杨', undefined, undefined, undefined]
    ])
    expect(p.outcomes.map((o) => o.hours ?? o.problems)).toEqual([3, 6, 5.5, 1.75, { signedOutAt: '签退时间 13:00 不晚于签到时间 14:00,请核对' }, 2.5, 3])
    expect(p.outcomes[2].warnings.signedOutAt).toBe('按下午 14:30 计算')
    expect(p.outcomes[3].warnings.hours).toBe('按签到、签退时间计为 1.75 小时(表中写的是"半天")')
    const rows = p.rows.map((r) => (r.values.name === '马丽' ? { ...r, exclude: true } : r))
    await commit(db, 'signin', p, event.id, rows)
    expect(attendance(db, event.id)).toEqual([
      { name: '周杰', hours: 3, at: '08:30' },
      { name: '吴敏', hours: 6, at: '08:30' },
      { name: '郑芳', hours: 5.5, at: '09:00' },
      { name: '孙磊', hours: 1.75, at: '10:15' },
      { name: '朱琳', hours: 2.5, at: '08:00' },
      { name: '胡杨', hours: 3, at: '09:00' }
    ])
  })

  it('the words that head a sign-out column', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    for (const h of ['签退', '签退时间', '离开时间', '结束时间', '离场时间']) {
      const p = await read(db, 'signin', 's.xlsx', workbook({ s: [['姓名', '手机', '签到时间', h], ['甲一', 13800000001, '9:00', '11:15']] }), { eventId: event.id })
      expect(p.mapping, h).toEqual(['name', 'phone', 'signedAt', 'signedOutAt'])
      expect(p.outcomes[0].hours).toBe(2.25)
    }
  })
})

describe('3. hours in words', () => {
  it('what clerks write, with 半天 and 全天 from the settings; the unreadable stays an error on its cell', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    const p = await read(db, 'signin', 'hours-words.xlsx', fixture('hours-words.xlsx'), { eventId: event.id })
    expect(p.rows.map((r) => r.values.hours)).toEqual(['3小时', '2.5h', '两个半小时', '三小时', '半天', '全天', '一上午', '90分钟', '1小时30分', '3个半小时', '两小时', '很久'])
    expect(p.dayHours).toEqual({ half: 4, full: 8 })
    expect(p.outcomes.map((o) => o.hours ?? o.problems.hours)).toEqual([3, 2.5, 2.5, 3, 4, 8, 4, 1.5, 1.5, 3.5, 2, '服务时长无法识别:"很久",请写成 3、3.5小时、两个半小时、半天或全天'])
    expect(p.outcomes[4].warnings.hours).toBe('"半天"按半天 4 小时计(可在设置中修改)')
    setSetting(db, 'importHalfDayHours', '3.5')
    setSetting(db, 'importFullDayHours', '7.5')
    const again = await read(db, 'signin', 'hours-words.xlsx', fixture('hours-words.xlsx'), { eventId: event.id })
    expect(again.outcomes.slice(4, 7).map((o) => o.hours)).toEqual([3.5, 7.5, 3.5])
  })
})

describe('4. rows that are not people are left out, listed with the reason, and can be brought back', () => {
  const PEOPLE = ['何志强', '罗美玲', '梁家辉', '宋雨桐', '唐国栋', '韩冰', '冯晓东', '曹静', '邓超然', '许晴']
  const LEFT_OUT = [
    [4, '表头的第2行(与上面的表头合起来才是列名)', '序号 | 姓名 | 工作单位 | 手机 | 座机 | 签到时间'],
    [10, '备注', '备注:以下为第二批到场人员'],
    [14, '标题行(表格内重复打印的标题)', '湖景社区在职党员志愿服务签到表'],
    [15, '活动信息行(表格内重复打印的标题)', '活动名称:社区义诊 活动时间:2020年5月24日'],
    [16, '重复的表头', '序号 | 姓名 | 工作单位 | 联系方式 | 签到时间'],
    [17, '重复的表头', '序号 | 姓名 | 工作单位 | 手机 | 座机 | 签到时间'],
    [21, '表格下方的说明文字', '请用正楷签名'],
    [22, '落款(填表人、审核人、签字盖章等)', '活动负责人: | 王主任'],
    [23, '落款(填表人、审核人、签字盖章等)', '填表人: 审核人:']
  ]

  for (const file of ['not-people.xlsx', 'not-people.xls']) {
    it(`${file}: a second header row under 联系方式, a merged 备注 row, the title block printed twice, a note, footers`, async () => {
      const db = tempDb()
      const { event } = smallRegister(db)
      const p = await read(db, 'signin', file, fixture(file), { eventId: event.id })
      expect(p.parts[0]).toMatchObject({ headerRow: 2, headerRows: 2 })
      expect(p.headers).toEqual(['序号', '姓名', '工作单位', '联系方式/手机', '联系方式/座机', '签到时间'])
      expect(p.mapping).toEqual([null, 'name', 'unit', 'phone', null, 'signedAt'])
      expect(p.rows.map((r) => [r.index, r.values.name, phoneOf(r.values.phone)])).toEqual(
        PEOPLE.map((name, i) => [[5, 6, 7, 8, 9, 11, 12, 18, 19, 20][i], name, String(13802220001 + i)])
      )
      expect(p.leftOut.map((l) => [l.row.index, l.reason, l.text])).toEqual(LEFT_OUT)
      expect(p.outcomes.every((o) => o.action === 'create')).toBe(true)

      // the clerk brings the 活动负责人 row back: it is checked like any other row, and says what is wrong
      const back = p.leftOut.find((l) => l.row.index === 22)!.row
      const { outcomes } = await check(db, 'signin', [...p.rows, back], { eventId: event.id })
      expect(outcomes.at(-1)).toMatchObject({ action: 'error', problems: { phone: '手机号应为11位数字' } })
    })
  }

  it('a header over three rows: 服务情况 over 签到时间 | 签退时间 | 服务时长, over their units', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    const p = await read(db, 'signin', 'three-row-header.xlsx', fixture('three-row-header.xlsx'), { eventId: event.id })
    expect(p.parts[0]).toMatchObject({ headerRow: 1, headerRows: 3 })
    expect(p.mapping).toEqual([null, 'name', 'phone', 'signedAt', 'signedOutAt', 'hours'])
    expect(p.rows.map((r) => [r.index, r.values.name])).toEqual([[5, '钟丽'], [6, '陆毅'], [7, '石磊'], [8, '龙婷']])
    expect(p.leftOut.map((l) => [l.row.index, l.reason])).toEqual([
      [3, '表头的第2行(与上面的表头合起来才是列名)'],
      [4, '表头的第3行(与上面的表头合起来才是列名)']
    ])
    expect(p.outcomes.map((o) => o.hours)).toEqual([3, 3.75, 2.5, 3])
  })

  it('a 合计 row and a footer under the phone column are left out; a pre-numbered empty row is not listed', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    const file = workbook({ s: [['序号', '姓名', '手机'], [1, '甲一', 13800000001], [2, null, null], [3, null, null], ['合计', '1人', null], [null, null, '填表人:王五']] })
    const p = await read(db, 'signin', 's.xlsx', file, { eventId: event.id })
    expect(p.rows.map((r) => r.values.name)).toEqual(['甲一'])
    expect(p.leftOut.map((l) => [l.row.index, l.reason])).toEqual([[5, '合计行'], [6, '落款(填表人、审核人、签字盖章等)']])
  })
})

describe('5. nobody is dropped: the same person only by name and phone, ID, or unit', () => {
  it('a placeholder phone for 11 people and a family phone are kept and flagged; true repeats are skipped with the row they repeat', async () => {
    const db = tempDb()
    const { a, lihao, event } = smallRegister(db)
    const school = a('unit.create', { name: '佛山市第一中学', kind: '事业单位' })
    a('member.create', { name: '刘洋', phone: '13500000001', communityId: lihao.id, unitId: school.id, registeredAt: '2020-01-01' })
    const p = await read(db, 'signin', 'shared-phone.xlsx', fixture('shared-phone.xlsx'), { eventId: event.id })
    expect(p.rows.map((r) => [r.values.name, phoneOf(r.values.phone)])).toEqual([
      ...['张伟', '李娜', '王芳', '刘强', '陈静', '杨洋', '赵磊', '黄敏', '周涛', '吴霞', '徐鹏'].map((n) => [n, '13800000000']),
      ['陈建国', '13902221111'], ['陈晓明', '13902221111'], ['刘洋', ''], ['刘洋', ''], ['张伟', '13800000000'], ['黄丽', '13712345678'], ['黄丽', '13712345678']
    ])
    expect(p.outcomes.map((o) => o.action)).toEqual([...Array(13).fill('create'), 'match', 'confirm', 'duplicate', 'create', 'duplicate'])
    expect(p.outcomes.map((o) => o.label).slice(-3)).toEqual(['文件内重复(同第2行),跳过', '新增未报到人员并签到', '文件内重复(同第18行),跳过'])
    expect(p.outcomes[1].warnings.phone).toBe('多人使用同一手机号:第2行"张伟"、第4行"王芳"等10人也用此号,已按不同的人处理,请核对')
    expect(p.outcomes[12].warnings.phone).toBe('多人使用同一手机号:第13行"陈建国"也用此号,已按不同的人处理,请核对')
    expect(p.outcomes[14].candidates?.map((c) => [c.name, c.unitName, c.communityName, c.phone])).toEqual([['刘洋', '佛山市第一中学', '丽豪社区', '135****0001']])
    expect(p.outcomes[14].warnings.name).toBe('文件中另有同名的人(第15行),手机号或单位不同,已按不同的人处理,请核对')
    expect(p.summary).toEqual({
      unregistered: 14, created: 0, updated: 0, reported: 0, signIns: 15, skipped: [{ reason: '文件内重复', rows: 2 }], blocking: 1, sharedPhones: 13,
      activitiesCreated: 0, activitiesExisting: 0
    })
    // the clerk skips the 刘洋 nobody can place: every other person goes in
    const rows = p.rows.map((r, i) => (p.outcomes[i].action === 'confirm' ? { ...r, exclude: true } : r))
    const batch = await commit(db, 'signin', p, event.id, rows)
    expect(batch).toMatchObject({ membersCreated: 14, attendance: 15, skipped: 3, skippedReasons: [{ reason: '已排除', rows: 1 }, { reason: '文件内重复', rows: 2 }] })
    expect(db.prepare("SELECT COUNT(*) FROM member WHERE phone = '13800000000' AND status = '未报到'").pluck().get()).toBe(11)
  })

  it('on a roster two people cannot share a phone: the second is an error on the phone cell, not a silent skip', async () => {
    const db = tempDb()
    smallRegister(db)
    const file = workbook({ s: [['姓名', '手机号码', '居住社区', '报到日期'], ['甲一', 13800000001, '丽豪', '2020-04-01'], ['乙二', 13800000001, '丽豪', '2020-04-01'], ['甲一', 13800000001, '丽豪', '2020-04-01']] })
    const p = await read(db, 'roster', 'r.xlsx', file)
    expect(p.outcomes.map((o) => [o.action, o.problems.phone])).toEqual([
      ['create', undefined],
      ['error', '与第2行"甲一"的手机号相同;在册党员的手机号不能重复,请改为本人手机号'],
      ['duplicate', undefined]
    ])
  })

  it('a phone in the register under another name asks who this is, and may be someone new', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    const p = await read(db, 'signin', 's.xlsx', workbook({ s: [['姓名', '手机'], ['张三丰', 13800138000]] }), { eventId: event.id })
    expect(p.outcomes[0]).toMatchObject({ action: 'confirm', label: '号码属于名册中的"张三",请确认' })
    expect(p.outcomes[0].candidates?.map((c) => c.name)).toEqual(['张三'])
    const { outcomes } = await check(db, 'signin', [{ ...p.rows[0], choice: 'new' }], { eventId: event.id })
    expect(outcomes[0]).toMatchObject({ action: 'create', label: '新增未报到人员并签到' })
  })
})

describe('6. the summary before writing', () => {
  it('counts what the commit will do, and rows needing a choice can be decided all at once', async () => {
    const db = tempDb()
    const { a, lihao, event } = smallRegister(db)
    a('member.create', { name: '李四', phone: '13700000001', communityId: lihao.id, registeredAt: '2020-01-01' })
    a('member.create', { name: '李四', phone: '13700000002', communityId: lihao.id, registeredAt: '2020-01-01' })
    const file = workbook({ s: [['姓名', '手机'], ['张三', 13800138000], ['李四', null], ['李四', null], ['新人', 13600000001]] })
    const p = await read(db, 'signin', 's.xlsx', file, { eventId: event.id })
    expect(p.outcomes.map((o) => o.action)).toEqual(['match', 'confirm', 'duplicate', 'create'])
    expect(p.summary).toMatchObject({ unregistered: 1, signIns: 2, blocking: 1, skipped: [{ reason: '文件内重复', rows: 1 }] })
    // 全部跳过 for the rows needing a choice
    const skipped = p.rows.map((r, i) => (p.outcomes[i].action === 'confirm' ? { ...r, exclude: true } : r))
    expect((await check(db, 'signin', skipped, { eventId: event.id })).summary).toMatchObject({ blocking: 0, skipped: [{ reason: '已排除', rows: 1 }, { reason: '文件内重复', rows: 1 }] })
    // 全部登记为未报到人员: without a phone that cannot be done, and says so on the cell
    const asNew = p.rows.map((r, i) => (p.outcomes[i].action === 'confirm' ? { ...r, choice: 'new' as const } : r))
    expect((await check(db, 'signin', asNew, { eventId: event.id })).outcomes[1]).toMatchObject({ action: 'error', problems: { phone: '登记未报到人员需要手机号' } })
  })

  it('an import that would write nothing is refused, and so is one of zero rows', async () => {
    const db = tempDb()
    const { a, event, zhang } = smallRegister(db)
    a('attendance.add', { eventId: event.id, memberIds: [zhang.id] })
    const p = await read(db, 'signin', 's.xlsx', workbook({ s: [['姓名', '手机'], ['张三', 13800138000]] }), { eventId: event.id })
    expect(p.outcomes[0].action).toBe('already')
    const before = registers(db)
    expect((await rejection(commit(db, 'signin', p, event.id))).message).toBe('没有需要写入的记录:1 行都将跳过(已签到过 1 行)。没有导入任何内容。')
    expect((await rejection(commit(db, 'signin', p, event.id, []))).message).toBe('没有要导入的行:这个表格里没有人员记录。请确认选对了文件和工作表。')
    expect(registers(db)).toBe(before)
  })
})

describe('7. a list without a header', () => {
  it('a column plainly of names: the first row is data, the other columns guessed for the clerk to confirm', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    const p = await read(db, 'signin', 'no-header.csv', fixture('no-header.csv'), { eventId: event.id })
    expect(p.parts[0]).toMatchObject({ headerRow: -1, headerRows: 0, guessed: true })
    expect(p.mapping).toEqual(['name', 'phone', 'unit'])
    expect(p.rows.map((r) => [r.index, r.values.name, r.values.phone, r.values.unit])).toEqual([
      [1, '江涛', '13633330001', '佛山供电局'], [2, '白雪', '13633330002', '禅城区教育局'], [3, '欧阳明', '13633330003', '佛山市第一人民医院'],
      [4, '严冬', '13633330004', '禅城区税务局'], [5, '范冰', '13633330005', '中国银行佛山分行']
    ])
    await commit(db, 'signin', p, event.id)
    // a sheet with no header leaves nothing to recognise it by: no mapping is remembered
    expect(db.prepare('SELECT COUNT(*) FROM import_mapping').pluck().get()).toBe(0)
  })

  it('the same choice by hand, when nothing could be guessed', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    const file = workbook({ s: [['张三丰', 13800000001], ['李四海', 13800000002]] })
    expect((await rejection(read(db, 'signin', 's.xlsx', file, { eventId: event.id }))).message).toContain('请选择"第一行就是数据"')
    const p = await read(db, 'signin', 's.xlsx', file, { eventId: event.id, headerRow: -1 })
    expect(p.parts[0]).toMatchObject({ headerRow: -1, guessed: false })
    expect(p.outcomes.map((o) => o.problems.row)).toEqual(['请指定"姓名"所在的列', '请指定"姓名"所在的列'])
    const mapped = await read(db, 'signin', 's.xlsx', file, { eventId: event.id, headerRow: -1, mapping: ['name', 'phone'] })
    expect(mapped.rows.map((r) => r.values.name)).toEqual(['张三丰', '李四海'])
    expect(mapped.outcomes.map((o) => o.action)).toEqual(['create', 'create'])
  })
})

describe('8. empty is said plainly; other sheets with people are named', () => {
  it('an empty sheet and an unfilled template: 这个表格里没有人员记录', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    expect((await rejection(read(db, 'signin', 'empty-sheet.xlsx', fixture('empty-sheet.xlsx'), { eventId: event.id }))).message).toBe(
      '这个表格里没有人员记录:工作表"Sheet1"是空的。请确认选对了文件。'
    )
    expect((await rejection(read(db, 'signin', 'empty-template.xlsx', fixture('empty-template.xlsx'), { eventId: event.id }))).message).toBe(
      '这个表格里没有人员记录:工作表"签到表"只有表头,没有填写人员(表头以下只有落款),可能是空白模板。请确认选对了文件,填好人员后再导入。'
    )
  })

  it('two sheets with people: the other is named, and both can be taken at once', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    const p = await read(db, 'signin', 'tie-sheets.xlsx', fixture('tie-sheets.xlsx'), { eventId: event.id })
    expect(p.sheetInfo).toEqual([{ name: '第一组', people: 3, date: null }, { name: '第二组', people: 3, date: null }, { name: '说明', people: 0, date: null }])
    expect(p.sheet).toBe(0)
    expect(p.rows.map((r) => r.values.name)).toEqual(['方志成', '石慧', '姚远'])
    const both = await read(db, 'signin', 'tie-sheets.xlsx', fixture('tie-sheets.xlsx'), { eventId: event.id, sheets: [0, 1] })
    expect(both.rows.map((r) => [r.sheet, r.index, r.values.name, r.values.unit])).toEqual([
      [0, 2, '方志成', '佛山供电局'], [0, 3, '石慧', '禅城区教育局'], [0, 4, '姚远', '佛山海关'],
      [1, 2, '谭晶', '佛山日报社'], [1, 3, '廖凯', '禅城区人民法院'], [1, 4, '邹静', '佛山市图书馆']
    ])
    expect(both.parts.map((x) => x.name)).toEqual(['第一组', '第二组'])
    expect(await commit(db, 'signin', both, event.id)).toMatchObject({ membersCreated: 6, attendance: 6 })
  })

  it('an empty sheet chosen by hand names the sheets that hold people', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    expect((await rejection(read(db, 'signin', 'tie-sheets.xlsx', fixture('tie-sheets.xlsx'), { eventId: event.id, sheet: 2 }))).message).toContain('工作表"第一组"(3人)、"第二组"(3人)中有人员')
  })

  it('unit synonyms: 企业名称, 用工公司, 所在学校, 学校', async () => {
    const db = tempDb()
    const { event } = smallRegister(db)
    for (const h of ['企业名称', '用工公司', '所在学校', '学校']) {
      const p = await read(db, 'signin', 's.xlsx', workbook({ s: [['姓名', '手机', h], ['甲一', 13800000001, '佛山市第一中学']] }), { eventId: event.id })
      expect(p.mapping, h).toEqual(['name', 'phone', 'unit'])
    }
  })
})

describe('9. one sheet per activity', () => {
  const ROWS = [
    [0, 4, '王建国'], [0, 5, '李秀兰'], [0, 6, '陈明'],
    [1, 4, '王建国'], [1, 5, '赵雪'],
    [2, 4, '王建国'], [2, 5, '李秀兰'], [2, 6, '孙浩']
  ]

  for (const file of ['three-days.xlsx', 'three-days.ods']) {
    it(`${file}: each dated sheet into its own activity, created from its title lines, in one preview, one commit and one undo`, async () => {
      const db = tempDb()
      const { lihao } = smallRegister(db)
      const before = registers(db)
      const p = await read(db, 'signin', file, fixture(file), { bySheet: { communityId: lihao.id } })
      expect(p.sheetInfo.map((s) => [s.name, s.people, s.date])).toEqual([['6月6日', 3, '2020-06-06'], ['6月13日', 2, '2020-06-13'], ['6月20日', 3, '2020-06-20']])
      expect(p.bySheet?.targets.map(({ sheet, eventId, title, date, startTime, endTime, rows }) => ({ sheet, eventId, title, date, startTime, endTime, rows }))).toEqual([
        { sheet: 0, eventId: null, title: '垃圾分类宣传', date: '2020-06-06', startTime: '08:30', endTime: '11:30', rows: 3 },
        { sheet: 1, eventId: null, title: '关爱独居老人', date: '2020-06-13', startTime: '14:30', endTime: '17:00', rows: 2 },
        // no times in its title lines: from the first sign-in to the last sign-out
        { sheet: 2, eventId: null, title: '文明交通劝导', date: '2020-06-20', startTime: '07:30', endTime: '10:00', rows: 3 }
      ])
      expect(p.rows.map((r) => [r.sheet, r.index, r.values.name])).toEqual(ROWS)
      expect(p.outcomes.map((o) => o.action)).toEqual(['create', 'create', 'create', 'match', 'create', 'match', 'match', 'create'])
      expect(p.outcomes[3].label).toBe('与第1个工作表第4行为同一新增人员,签到')
      expect(p.outcomes.map((o) => o.hours)).toEqual([3.08, 2.5, 2.83, 2.5, 2, 2, 2.5, 2])
      expect(p.summary).toMatchObject({ unregistered: 5, signIns: 8, activitiesCreated: 3, activitiesExisting: 0 })

      const targets = p.bySheet!.targets.map(({ sheet, eventId, title, date, startTime, endTime }) => ({ sheet, eventId, title, date, startTime, endTime }))
      const batch = await commit(db, 'signin', p, undefined, p.rows, { bySheet: { communityId: lihao.id, targets } })
      expect(batch).toMatchObject({ eventId: null, membersCreated: 5, attendance: 8, eventsCreated: 3 })
      expect(batch.events.map((e) => [e.title, e.date])).toEqual([['垃圾分类宣传', '2020-06-06'], ['关爱独居老人', '2020-06-13'], ['文明交通劝导', '2020-06-20']])
      const events = db.prepare("SELECT title, category, date, start_time AS startTime, end_time AS endTime, community_id AS communityId FROM event WHERE date LIKE '2020-06-%' AND id > 1 ORDER BY date").all()
      expect(events).toEqual([
        { title: '垃圾分类宣传', category: '宣传', date: '2020-06-06', startTime: '08:30', endTime: '11:30', communityId: lihao.id },
        { title: '关爱独居老人', category: '其他', date: '2020-06-13', startTime: '14:30', endTime: '17:00', communityId: lihao.id },
        { title: '文明交通劝导', category: '其他', date: '2020-06-20', startTime: '07:30', endTime: '10:00', communityId: lihao.id }
      ])
      expect(db.prepare("SELECT COUNT(*) FROM member WHERE name = '王建国'").pluck().get()).toBe(1)
      const hours = db.prepare('SELECT e.date, m.name, a.hours FROM attendance a JOIN event e ON e.id = a.event_id JOIN member m ON m.id = a.member_id ORDER BY a.id').all()
      expect(hours).toEqual([
        { date: '2020-06-06', name: '王建国', hours: 3.08 }, { date: '2020-06-06', name: '李秀兰', hours: 2.5 }, { date: '2020-06-06', name: '陈明', hours: 2.83 },
        { date: '2020-06-13', name: '王建国', hours: 2.5 }, { date: '2020-06-13', name: '赵雪', hours: 2 },
        { date: '2020-06-20', name: '王建国', hours: 2 }, { date: '2020-06-20', name: '李秀兰', hours: 2.5 }, { date: '2020-06-20', name: '孙浩', hours: 2 }
      ])
      // undo takes all of it back, the activities it created too
      await apiAsync(db, 'import.undo', { id: batch.id })
      expect(registers(db)).toBe(before)
      expect(db.prepare('SELECT COUNT(*) FROM event').pluck().get()).toBe(1)
    })
  }

  it('an activity of that community on that day is used rather than created', async () => {
    const db = tempDb()
    const { a, lihao } = smallRegister(db)
    const existing = a('event.create', { communityId: lihao.id, title: '关爱独居老人', category: '帮扶慰问', date: '2020-06-13', startTime: '14:00', endTime: '17:00' })
    const p = await read(db, 'signin', 'three-days.xlsx', fixture('three-days.xlsx'), { bySheet: { communityId: lihao.id } })
    expect(p.bySheet?.targets.map((t) => [t.eventId, t.title, t.candidates.map((c) => c.id)])).toEqual([
      [null, '垃圾分类宣传', []],
      [existing.id, '关爱独居老人', [existing.id]],
      [null, '文明交通劝导', []]
    ])
    expect(p.summary).toMatchObject({ activitiesCreated: 2, activitiesExisting: 1 })
    const targets = p.bySheet!.targets.map(({ sheet, eventId, title, date, startTime, endTime }) => ({ sheet, eventId, title, date, startTime, endTime }))
    const batch = await commit(db, 'signin', p, undefined, p.rows, { bySheet: { communityId: lihao.id, targets } })
    expect(batch).toMatchObject({ eventsCreated: 2, attendance: 8 })
    expect(a('event.get', { id: existing.id }).attendanceCount).toBe(2)
  })

  it('an undo that would remove an activity someone signed in to since is refused and changes nothing', async () => {
    const db = tempDb()
    const { a, lihao, zhang } = smallRegister(db)
    const p = await read(db, 'signin', 'three-days.xlsx', fixture('three-days.xlsx'), { bySheet: { communityId: lihao.id } })
    const targets = p.bySheet!.targets.map(({ sheet, eventId, title, date, startTime, endTime }) => ({ sheet, eventId, title, date, startTime, endTime }))
    const batch = await commit(db, 'signin', p, undefined, p.rows, { bySheet: { communityId: lihao.id, targets } })
    a('attendance.add', { eventId: batch.events[0].id, memberIds: [zhang.id] })
    const before = registers(db)
    expect((await rejection(apiAsync(db, 'import.undo', { id: batch.id }))).message).toContain('本批新建的活动在导入后又有了其他记录')
    expect(registers(db)).toBe(before)
  })

  it('without a community the new activities cannot be made, and every row says so', async () => {
    const db = tempDb()
    smallRegister(db)
    const p = await read(db, 'signin', 'three-days.xlsx', fixture('three-days.xlsx'), { bySheet: {} })
    expect(new Set(p.outcomes.map((o) => o.problems.row))).toEqual(new Set(['请先选择这些活动所属的社区']))
  })
})
