/**
 * Imports, round two, in a real browser: a sign-in sheet printed in two blocks side by side, and a workbook of
 * three dated sign-in sheets that becomes three activities (hours from sign-in to sign-out) and is undone whole.
 */
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findChromium, launch, settled, startWeb, type WebApp } from './browser'

const chromiumPath = findChromium()
const FIXTURES = join(__dirname, '../fixtures/imports')

describe.skipIf(!chromiumPath)('imports, round two, in a real browser', () => {
  let web: WebApp
  let browser: Browser
  let page: Page
  let communityId: number

  beforeAll(async () => {
    web = await startWeb()
    communityId = (await web.api('community.create', { name: '丽豪社区', kind: '社区' })).data.id
    await web.api('event.create', { communityId, title: '清理楼道小广告', category: '环境卫生', date: '2020-05-24', startTime: '08:00', endTime: '10:00' })
    browser = await launch(chromiumPath!)
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(web.url)
  })

  afterAll(async () => {
    if (process.env.E2E_SHOT) await page?.screenshot({ path: process.env.E2E_SHOT, fullPage: true })
    await browser?.close()
    await web?.stop()
  })

  it('a sheet in two blocks: both blocks are read, the footer is listed as left out, the summary is confirmed before writing', async () => {
    await page.goto(`${web.origin}/#/events/1`)
    await page.getByRole('button', { name: '导入签到表' }).click()
    await page.locator('input[type=file]').setInputFiles(join(FIXTURES, 'two-blocks.xlsx'))
    await page.getByText('新增未报到人员 37', { exact: true }).waitFor()
    await page.getByText('这个表格分成 2 栏并排打印，将按栏依次读取：先左栏从上到下，再右栏。').waitFor()
    // the right block's rows say where they are
    await page.getByText('右栏第15行').waitFor()
    await page.getByText('未作为人员导入的 2 行', { exact: false }).click()
    await page.getByText('左栏第29行:落款(填表人、审核人、签字盖章等)').waitFor()

    await page.getByRole('button', { name: '导入', exact: true }).click()
    const dialog = page.locator('.ant-modal-confirm')
    await dialog.getByText('新增未报到人员 37 人').waitFor()
    await dialog.getByText('签到 37 人次').waitFor()
    await dialog.getByText('跳过 0 行').waitFor()
    await settled(page)
    await dialog.getByRole('button', { name: '确认导入' }).click()
    await page.getByText('新增 37 人，更新 0 人，签到 37 人次，跳过 0 行').waitFor()
    expect((await web.api('event.get', { id: 1 })).data.attendanceCount).toBe(37)
    const right = (await web.api('member.list', { keyword: '蔡琳' })).data.rows[0]
    expect(right).toMatchObject({ name: '蔡琳', status: '未报到', communityName: '丽豪社区' })
  })

  it('a workbook of three dated sheets: three activities created with hours from sign-in to sign-out, and undone whole', async () => {
    await page.goto(`${web.origin}/#/imports`)
    await page.getByRole('button', { name: '导入多日签到表（每个工作表一个活动）' }).click()
    await page.getByText('活动所属社区：').waitFor()
    await page.locator('.ant-select').filter({ hasText: '请选择社区' }).click()
    await settled(page)
    await page.locator('.ant-select-item-option').filter({ hasText: '丽豪社区' }).click()
    await page.locator('input[type=file]').setInputFiles(join(FIXTURES, 'three-days.xlsx'))
    const targets = page.locator('.ant-table').first()
    await targets.getByText('6月6日（3人）').waitFor()
    await targets.getByText('6月13日（2人）').waitFor()
    await targets.getByText('6月20日（3人）').waitFor()
    await expect(page.getByLabel('工作表"6月6日"活动名称').inputValue()).resolves.toBe('垃圾分类宣传')
    await expect(page.getByLabel('工作表"6月20日"开始时间').inputValue()).resolves.toBe('07:30')
    // 王建国 signed in on all three days: created once, signed in three times
    await page.getByText('与第1个工作表第4行为同一新增人员,签到').first().waitFor()

    await page.getByRole('button', { name: '导入', exact: true }).click()
    const dialog = page.locator('.ant-modal-confirm')
    await dialog.getByText('新建活动 3 个').waitFor()
    await dialog.getByText('新增未报到人员 5 人').waitFor()
    await dialog.getByText('签到 8 人次').waitFor()
    await settled(page)
    await dialog.getByRole('button', { name: '确认导入' }).click()
    await page.getByText('新增 5 人，更新 0 人，签到 8 人次，跳过 0 行，新建活动 3 个').waitFor()

    const events = (await web.api('event.list', { sort: 'date', order: 'asc' })).data.rows as Array<{ title: string; date: string; startTime: string; endTime: string; attendanceCount: number; hours: number }>
    expect(events.map((e) => [e.title, e.date, e.startTime, e.endTime, e.attendanceCount, e.hours])).toEqual([
      ['清理楼道小广告', '2020-05-24', '08:00', '10:00', 37, 74],
      ['垃圾分类宣传', '2020-06-06', '08:30', '11:30', 3, 8.41],
      ['关爱独居老人', '2020-06-13', '14:30', '17:00', 2, 4.5],
      ['文明交通劝导', '2020-06-20', '07:30', '10:00', 3, 6.5]
    ])

    await page.getByRole('button', { name: '查看导入记录' }).click()
    await page.getByRole('link', { name: '06-13 关爱独居老人' }).waitFor()
    await page.getByRole('button', { name: '撤销导入' }).first().click()
    await settled(page)
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '撤销导入' }).click()
    await page.getByText('3 个活动（已随撤销删除）').waitFor()
    expect((await web.api('event.list', {})).data.total).toBe(1)
    expect((await web.api('member.list', { keyword: '王建国', archived: 'all' })).data.total).toBe(0)
    expect((await web.api('member.list', { archived: 'all' })).data.total).toBe(37)
  })
})
