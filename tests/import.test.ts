import { describe, expect, it } from 'vitest'
import { call } from '../src/main/api'
import type { DB } from '../src/main/db/open'
import type { Progress } from '../src/shared/api'
import { api, apiAsync, rejection, tempDb } from './helpers'
import { commit, read, registers, sample, truth, workbook } from './import-helpers'

function shiwan(db: DB) {
  const a = api(db)
  const communities = [...new Set(truth['sample-roster.xlsx'].map((r) => r.community as string))]
  const ids = Object.fromEntries(communities.map((name) => [name, a('community.create', { name, kind: '社区' }).id]))
  const event = a('event.create', { communityId: ids['福华社区'], title: '整理共享单车', category: '环境卫生', date: '2020-05-24', startTime: '08:00', endTime: '10:00' })
  return { a, ids, event }
}

/** The sample roster's registers, with 马琳 already known (older unit, one sign-in): sample-roster.xlsx updates her. */
function withMalin(db: DB) {
  const { a, ids, event } = shiwan(db)
  a('unit.create', { name: '旧单位', kind: '其他' })
  a('member.create', { name: '马琳', phone: '19104142261', communityId: ids['鸿翔社区'], registeredAt: '2019-01-01', unitId: 1 })
  a('attendance.add', { eventId: event.id, memberIds: [1] })
  return { a }
}

const memberRows = (db: DB) =>
  db.prepare('SELECT m.name, m.phone, m.id_card AS idCard, u.name AS unit, c.name AS community, m.registered_at AS registeredAt FROM member m LEFT JOIN unit u ON u.id = m.unit_id JOIN community c ON c.id = m.community_id ORDER BY m.id').all() as Array<Record<string, string | null>>

describe('the sample files import to exactly their rows', () => {
  for (const file of ['sample-signin.xlsx', 'sample-signin-gbk.csv']) {
    it(file, async () => {
      const db = tempDb()
      const { event } = shiwan(db)
      const p = await read(db, 'signin', file, sample(file), { eventId: event.id })
      expect(p.outcomes.map((o) => o.action)).toEqual(truth[file].map(() => 'create'))
      const batch = await commit(db, 'signin', p, event.id)
      expect(batch).toMatchObject({ membersCreated: truth[file].length, attendance: truth[file].length, skipped: 0 })
      expect(memberRows(db).map((m) => ({ name: m.name, phone: m.phone }))).toEqual(truth[file])
      // people not in the register are recorded as 未报到 where they signed in, with no invented 报到日期 and no span
      expect(new Set(memberRows(db).map((m) => `${m.community} ${m.registeredAt}`))).toEqual(new Set(['福华社区 ']))
      expect(db.prepare("SELECT COUNT(*) FROM member WHERE status != '未报到'").pluck().get()).toBe(0)
      expect(db.prepare('SELECT COUNT(*) FROM registration').pluck().get()).toBe(0)
    })
  }

  it('sample-roster.xlsx', async () => {
    const db = tempDb()
    shiwan(db)
    const p = await read(db, 'roster', 'sample-roster.xlsx', sample('sample-roster.xlsx'))
    expect(p.sheets).toEqual(['填表说明', '党员名册'])
    expect(p.sheet).toBe(1)
    expect(p.headerRow).toBe(1)
    const expected = truth['sample-roster.xlsx']
    expect(p.outcomes.map((o) => o.action)).toEqual(expected.map(() => 'create'))
    const flagged = p.outcomes.map((o, i) => [p.rows[i].values.name, o.warnings.idCard]).filter(([, w]) => w)
    expect(flagged).toEqual([['贺娟英', expect.stringContaining('身份证号已被Excel转为数字、末位丢失')]])
    await commit(db, 'roster', p)
    const rows = memberRows(db)
    expect(rows.map(({ idCard: _, ...m }) => m)).toEqual(expected.map(({ idCardValid: _, ...r }) => r))
    rows.forEach((m, i) => expect(m.idCard !== null, `${m.name} 的身份证号`).toBe(expected[i].idCardValid))
  })
})

describe('importing', () => {
  it('re-importing the same file adds nothing and says it was already imported', async () => {
    const db = tempDb()
    const { event } = shiwan(db)
    const file = sample('sample-signin.xlsx')
    await commit(db, 'signin', await read(db, 'signin', 'a.xlsx', file, { eventId: event.id }), event.id)
    const before = registers(db)
    const again = await read(db, 'signin', '签到表(副本).xlsx', file, { eventId: event.id })
    expect(again.already?.batchId).toBe(1)
    expect(again.outcomes.every((o) => o.action === 'already')).toBe(true)
    expect((await rejection(commit(db, 'signin', again, event.id))).message).toContain('已于')
    expect(registers(db)).toBe(before)
  })

  it('undo removes exactly what an import added and restores what it changed', async () => {
    const db = tempDb()
    const { a } = withMalin(db)
    const before = registers(db)
    const p = await read(db, 'roster', 'sample-roster.xlsx', sample('sample-roster.xlsx'))
    expect(p.outcomes[0]).toMatchObject({ action: 'update', memberName: '马琳' })
    const batch = await commit(db, 'roster', p)
    expect(batch).toMatchObject({ membersCreated: 59, membersUpdated: 1 })
    expect(batch.unitsCreated).toBeGreaterThan(10)
    expect(a('member.get', { id: 1 })).toMatchObject({ unitName: '佛山供电局', registeredAt: '2020-04-29' })
    await apiAsync(db, 'import.undo', { id: batch.id })
    expect(registers(db)).toBe(before)
    expect(a('import.list', {}).rows[0].undoneAt).not.toBeNull()
    expect((await rejection(apiAsync(db, 'import.undo', { id: batch.id }))).message).toContain('撤销过')
  })

  it('undo names the records changed after the import and takes those changes back only when told to', async () => {
    const db = tempDb()
    const { a } = withMalin(db)
    const beforeImport = registers(db)
    const batch = await commit(db, 'roster', await read(db, 'roster', 'sample-roster.xlsx', sample('sample-roster.xlsx')))
    expect(a('import.undoCheck', { id: batch.id })).toEqual({ edited: [], total: 0 })

    // by hand, after the import: 马琳 (whom it updated) gets an estate, and a member it created a corrected phone
    const edit = (id: number, changes: Record<string, unknown>) =>
      a('member.update', { ...a('member.get', { id }), ...a('member.reveal', { id }), id, ...changes })
    edit(1, { estate: '鸿翔花园' })
    const created = a('member.list', { sort: 'createdAt', order: 'desc', pageSize: 1 }).rows[0]
    edit(created.id, { phone: '13912345678' })
    const check = a('import.undoCheck', { id: batch.id })
    expect(check.total).toBe(2)
    expect(check.edited.sort()).toEqual(['党员马琳', `党员${created.name}`].sort())

    // without the clerk's say-so the undo is refused, in Chinese, naming them, and nothing changes (nor is a copy made)
    const afterEdits = registers(db)
    const copies = a('backup.list', {}).backups.map((b) => b.name)
    const refused = await rejection(apiAsync(db, 'import.undo', { id: batch.id }))
    expect(refused).toMatchObject({ code: 'conflict' })
    expect(refused.message).toContain('有 2 条记录又被修改过')
    expect(refused.message).toContain('党员马琳')
    expect(registers(db)).toBe(afterEdits)
    expect(a('backup.list', {}).backups.map((b) => b.name)).toEqual(copies)
    expect(a('import.list', {}).rows[0].undoneAt).toBeNull()

    // told, it takes the import and the later edits back: the registers are as before the import
    await apiAsync(db, 'import.undo', { id: batch.id, overwriteEdits: true })
    expect(registers(db)).toBe(beforeImport)
  })

  it('an undo that would reopen a span a later move closed is refused in Chinese, naming the member, with nothing changed', async () => {
    const db = tempDb()
    const { a } = withMalin(db)
    const batch = await commit(db, 'roster', await read(db, 'roster', 'sample-roster.xlsx', sample('sample-roster.xlsx')))
    // 马琳's span (its 报到日期 changed by the import) is closed by a move on a later day, which opens a new one
    const fuhua = a('community.list', {}).rows.find((c) => c.name === '福华社区')!
    a('member.batch', { ids: [1], action: 'move', communityId: fuhua.id, changedOn: '2026-01-05' })
    expect(a('import.undoCheck', { id: batch.id }).edited).toContain('党员马琳的报到记录')
    const afterMove = registers(db)
    const refused = await rejection(apiAsync(db, 'import.undo', { id: batch.id, overwriteEdits: true }))
    expect(refused).toMatchObject({ code: 'conflict' })
    expect(refused.message).toContain('马琳')
    expect(refused.message).toContain('报到记录')
    expect(registers(db)).toBe(afterMove)
    expect(a('import.list', {}).rows[0].undoneAt).toBeNull()
  })

  it('counts someone who signed twice once, skips who is already signed in, and never matches on a name alone', async () => {
    const db = tempDb()
    const { a, ids, event } = shiwan(db)
    const unit = a('unit.create', { name: '佛山供电局', kind: '国有企业' })
    a('member.create', { name: '张三', phone: '13800138000', communityId: ids['福华社区'], registeredAt: '2020-04-01' })
    a('member.create', { name: '李四', phone: '13900139000', communityId: ids['福华社区'], registeredAt: '2020-04-01', unitId: unit.id })
    a('member.create', { name: '王五', phone: '13700137000', communityId: ids['福华社区'], registeredAt: '2020-04-01' })
    a('attendance.add', { eventId: event.id, memberIds: [3] })
    const file = workbook({
      签到: [
        ['姓名', '单位', '手机'],
        ['张三', '', ''],
        ['李四', '佛山供电局', ''],
        ['李四', '佛山供电局', ''],
        ['王五', '', '13700137000'],
        ['赵六', '', '13600136000']
      ]
    })
    const p = await read(db, 'signin', 's.xlsx', file, { eventId: event.id })
    expect(p.outcomes.map((o) => o.action)).toEqual(['confirm', 'match', 'duplicate', 'already', 'create'])
    expect(p.outcomes[0].candidates?.map((c) => [c.name, c.phone])).toEqual([['张三', '138****8000']])
    const before = registers(db)
    expect((await rejection(commit(db, 'signin', p, event.id))).message).toContain('第2行:请确认是哪位党员')
    expect(registers(db)).toBe(before)
    const rows = p.rows.map((r, i) => (i === 0 ? { ...r, choice: 1 } : r))
    const batch = await commit(db, 'signin', p, event.id, rows)
    expect(batch).toMatchObject({ attendance: 3, membersCreated: 1, skipped: 2 })
    expect(a('event.get', { id: event.id }).attendanceCount).toBe(4)
  })

  it('normalises what people type: full-width digits, odd spaces, dates in any spelling, community suffixes, merged units', async () => {
    const db = tempDb()
    const { a } = shiwan(db)
    const file = workbook(
      {
        名册: [
          ['石湾镇街道报到名册'],
          ['序号', '姓  名', '联系电话', '所在单位', '所在社区', '报到日期', '是否退役军人', '特长'],
          [1, '陈\u3000大文', '１３８－００１３－８０００', '禅城区教育局', '丽豪', '2020.4.15', '是', '法律咨询、摄影'],
          [2, '\u200b林小\u00a0红 ', 13900139000, null, '湖景社区居委会', '2020年4月16日', '否', ''],
          [3, '周 强', '137 0013 7000', '佛山供电局', '玫瑰社区', 43938, '', ''],
          [4, '吴敏', '+86 136-0013-6000', null, '鸿翔', '2020/4/17', '', ''],
          [5, '郑芳', '13500135000', '佛山供电局', '金澜社区', '20200418', '', ''],
          [6, null, null, null, null, null, null, null],
          [7, '', '', '', '', '', '', ''],
          ['填表人:', null, null, '审核人:']
        ]
      },
      { merges: [{ s: { r: 2, c: 3 }, e: { r: 3, c: 3 } }, { s: { r: 0, c: 0 }, e: { r: 0, c: 7 } }] }
    )
    const p = await read(db, 'roster', 'r.xlsx', file)
    expect(p.outcomes.map((o) => o.action)).toEqual(['create', 'create', 'create', 'create', 'create'])
    await commit(db, 'roster', p)
    const rows = a('member.list', { sort: 'createdAt', pageSize: 10 }).rows
    expect(rows.map((m) => [m.name, m.unitName, m.communityName, m.registeredAt, m.veteran])).toEqual([
      ['陈大文', '禅城区教育局', '丽豪社区', '2020-04-15', true],
      ['林小红', '禅城区教育局', '湖景社区', '2020-04-16', false],
      ['周强', '佛山供电局', '玫瑰社区', '2020-04-17', false],
      ['吴敏', null, '鸿翔社区', '2020-04-17', false],
      ['郑芳', '佛山供电局', '金澜社区', '2020-04-18', false]
    ])
    expect(rows.map((m) => a('member.reveal', { id: m.id }).phone)).toEqual(['13800138000', '13900139000', '13700137000', '13600136000', '13500135000'])
    expect(rows[0].skills).toEqual(['法律咨询', '摄影'])
  })

  it('puts each problem on the cell it concerns, in Chinese, and imports nothing until fixed or excluded', async () => {
    const db = tempDb()
    shiwan(db)
    const file = workbook({
      名册: [
        ['姓名', '手机号码', '居住社区', '报到时间', '身份证号码', '性别'],
        ['甲', '1380013800', '丽豪社区', '2020-04-15', '', '男'],
        ['乙', '13900139000', '鸿祥社区', '2020-04-15', '', ''],
        ['丙', '13700137000', '湖景社区', '四月中旬', '', ''],
        ['丁', '13600136000', '湖景社区', '2020-04-15', '110105194912310021', '男性']
      ]
    })
    const p = await read(db, 'roster', 'bad.xlsx', file)
    expect(p.outcomes.map((o) => o.problems)).toEqual([
      { phone: '手机号应为11位(现为10位)' },
      { community: '未找到社区"鸿祥社区"(是否指"鸿翔社区"?)' },
      { registeredAt: '日期无法识别:"四月中旬",请写成 2020-04-15' },
      { gender: '性别应为"男"或"女"' }
    ])
    expect(p.outcomes[3].warnings.idCard).toBe('身份证校验位不符,请核对号码,该身份证号不会导入')
    const before = registers(db)
    expect((await rejection(commit(db, 'roster', p))).message).toContain('还有 4 行需要处理')
    expect(registers(db)).toBe(before)
    // fix one cell, exclude the rest
    const rows = p.rows.map((r, i) => (i === 0 ? { ...r, values: { ...r.values, phone: '13800138000' } } : { ...r, exclude: true }))
    expect(api(db)('import.check', { kind: 'roster', rows }).outcomes.map((o) => o.action)).toEqual(['create', 'excluded', 'excluded', 'excluded'])
    expect(await commit(db, 'roster', p, undefined, rows)).toMatchObject({ membersCreated: 1, skipped: 3 })
  })

  it('remembers a confirmed mapping for the next file with the same headers', async () => {
    const db = tempDb()
    const { event } = shiwan(db)
    const rows = [['人员', '号码'], ['张三', '13800138000']]
    expect((await rejection(read(db, 'signin', 'x.xlsx', workbook({ s: rows }), { eventId: event.id }))).message).toContain('没有找到表头')
    const p = await read(db, 'signin', 'x.xlsx', workbook({ s: rows }), { eventId: event.id, headerRow: 0 })
    expect(p.outcomes[0]).toMatchObject({ action: 'error', problems: { row: '请指定"姓名"所在的列' } })
    const mapped = await read(db, 'signin', 'x.xlsx', workbook({ s: rows }), { eventId: event.id, headerRow: 0, mapping: ['name', 'phone'] })
    expect(mapped.outcomes[0].action).toBe('create')
    await commit(db, 'signin', mapped, event.id)
    const next = await read(db, 'signin', 'y.xlsx', workbook({ s: [['人员', '号码'], ['李四', '13900139000']] }), { eventId: event.id })
    expect(next.remembered).toBe(true)
    expect(next.mapping).toEqual(['name', 'phone'])
  })
})

describe('progress', () => {
  it('a preview reports reading the file, then checking rows, up to the last row', async () => {
    const db = tempDb()
    shiwan(db)
    const seen: Progress[] = []
    const r = await call(db, 'import.read', { kind: 'roster', fileName: 'sample-roster.xlsx', fileBase64: sample('sample-roster.xlsx').toString('base64') }, { progress: (p) => seen.push(p) })
    expect(r.ok).toBe(true)
    expect(seen[0]).toEqual({ task: '读取文件', done: 0, total: 1 })
    expect(seen.at(-1)).toEqual({ task: '核对每一行', done: 60, total: 60 })
  })
})
