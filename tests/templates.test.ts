import ExcelJS from 'exceljs'
import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import { apiAsync, smallRegister, tempDb } from './helpers'
import { read, workbook } from './import-helpers'

async function load(base64: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer)
  return wb
}

const save = async (wb: ExcelJS.Workbook): Promise<Buffer> => Buffer.from(await wb.xlsx.writeBuffer())

describe('templates', () => {
  it('a sign-in sheet for an activity is print-ready and, filled in, imports with no mapping step', async () => {
    const db = tempDb()
    const { a, event, zhang } = smallRegister(db)
    a('event.update', { ...event, plannedCount: 40, place: '丽豪社区文化广场' })
    const file = await apiAsync(db, 'import.template', { kind: 'signin', eventId: event.id })
    expect(file.fileName).toBe('登革热防控清积水_签到表_20200602.xlsx')
    const wb = await load(file.base64)
    const ws = wb.getWorksheet('签到表')!
    expect(ws.getCell('A1').value).toBe('丽豪社区在职党员志愿服务签到表')
    expect(String(ws.getCell('A2').value)).toContain('2020年6月2日 09:00–12:00')
    expect(String(ws.getCell('A3').value)).toContain('丽豪社区文化广场')
    // named as the activity page names it: 组织者 (the organiser's text, else the office), 组织单位 only for a unit
    expect(String(ws.getCell('A3').value)).toMatch(/组织者:\S+$/)
    const unitEvent = a('event.create', { communityId: event.communityId, title: '供电局清积水', category: '环境卫生', date: '2020-06-03', unitId: 1 })
    const unitSheet = (await load((await apiAsync(db, 'import.template', { kind: 'signin', eventId: unitEvent.id })).base64)).getWorksheet('签到表')!
    expect(String(unitSheet.getCell('A3').value)).toMatch(/组织单位:佛山供电局$/)
    expect((ws.model as unknown as { merges: string[] }).merges).toEqual(expect.arrayContaining(['A1:F1', 'A2:F2', 'A3:F3']))
    expect(ws.getRow(4).values).toEqual([undefined, '序号', '姓名', '工作单位', '手机号码', '签到时间', '本人签名'])
    expect([ws.getCell('A5').value, ws.getCell('A44').value, ws.getCell('A45').value]).toEqual([1, 40, null])
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToWidth: 1, printTitlesRow: '4:4' })

    // a clerk fills three rows and sends it back
    ws.getRow(5).getCell(2).value = '张三'
    ws.getRow(5).getCell(4).value = '13800138000'
    ws.getRow(6).getCell(2).value = '新来的'
    ws.getRow(6).getCell(3).value = '禅城区教育局'
    ws.getRow(6).getCell(4).value = '13600136000'
    ws.getRow(6).getCell(5).value = '9:05'
    const p = await read(db, 'signin', '回收.xlsx', await save(wb), { eventId: event.id })
    expect(p.headerRow).toBe(3)
    expect(p.mapping).toEqual([null, 'name', 'unit', 'phone', 'signedAt', null])
    expect(p.outcomes.map((o) => [o.action, o.memberId])).toEqual([
      ['match', zhang.id],
      ['create', undefined]
    ])
  })

  it('a roster template has dropdowns and imports with no mapping step', async () => {
    const db = tempDb()
    smallRegister(db)
    const file = await apiAsync(db, 'import.template', { kind: 'roster' })
    const wb = await load(file.base64)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填表说明', '党员名册', '村居'])
    const ws = wb.getWorksheet('党员名册')!
    expect(ws.getCell('C3').dataValidation).toMatchObject({ type: 'list', formulae: ['"男,女"'] })
    expect(ws.getCell('L3').dataValidation).toMatchObject({ type: 'list', formulae: ['"是,否"'] })
    expect(ws.getCell('H3').dataValidation).toMatchObject({ type: 'list', formulae: ["'村居'!$A$1:$A$2"] })
    expect(wb.getWorksheet('村居')!.getColumn(1).values.slice(1)).toEqual(['湖景社区', '丽豪社区'])
    ws.getRow(3).values = [1, '陈大文', '男', '13500135000', '11010519491231002X', '禅城区教育局', '科员', '丽豪社区', '', '2020-04-15', '法律咨询', '否']
    const p = await read(db, 'roster', '名册.xlsx', await save(wb))
    expect(p.sheet).toBe(1)
    expect(p.mapping).toEqual([null, 'name', 'gender', 'phone', 'idCard', 'unit', 'position', 'community', 'estate', 'registeredAt', 'skills', 'veteran'])
    expect(p.rows).toHaveLength(1)
    expect(p.outcomes[0]).toMatchObject({ action: 'create', problems: {} })
  })
})

describe('rejected rows', () => {
  it('go back to the community as .xlsx with the reason in the last column', async () => {
    const db = tempDb()
    smallRegister(db)
    const p = await read(db, 'roster', '石湾名册.xlsx', workbook({ s: [['姓名', '手机号码', '居住社区', '报到时间'], ['甲', '1380013800', '丽豪社区', '2020-04-15'], ['乙', '13900139001', '丽豪社区', '2020-04-15'], ['=HYPERLINK("x")', '13700137001', '火星社区', '2020-04-15']] }))
    const out = await apiAsync(db, 'import.rejects', { kind: 'roster', fileName: p.fileName, headers: p.headers, mapping: p.mapping, rows: p.rows })
    expect(out.fileName).toBe('石湾名册_未导入的行.xlsx')
    const wb = XLSX.read(Buffer.from(out.base64, 'base64'))
    const rows = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1 }) as unknown[][]
    expect(rows).toEqual([
      ['原表行号', '姓名', '手机号码', '居住社区', '报到时间', '问题'],
      [2, '甲', '1380013800', '丽豪社区', '2020-04-15', '手机号:手机号应为11位(现为10位)'],
      [4, '=HYPERLINK("x")', '13700137001', '火星社区', '2020-04-15', '居住社区:未找到社区"火星社区",请先在村居中新建,或改为已有的村居名称']
    ])
    // the formula-looking name stays text
    expect(wb.Sheets[wb.SheetNames[0]].B3.f).toBeUndefined()
  })
})
