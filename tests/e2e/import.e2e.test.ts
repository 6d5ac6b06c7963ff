import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as XLSX from 'xlsx'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findChromium, launch, openPage, settled, startWeb, type WebApp } from './browser'

const chromiumPath = findChromium()

describe.skipIf(!chromiumPath)('importing a sign-in sheet in a real browser', () => {
  let web: WebApp
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    web = await startWeb()
    const community = (await web.api('community.create', { name: '福华社区', kind: '社区' })).data
    await web.api('event.create', { communityId: community.id, title: '整理共享单车', category: '环境卫生', date: '2020-05-24', startTime: '08:00', endTime: '10:00' })
    browser = await launch(chromiumPath!)
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(web.url)
  })

  afterAll(async () => {
    await browser?.close()
    await web?.stop()
  })

  it('previews sample-signin.xlsx, takes a fixed cell, imports, and undoes it', async () => {
    await page.goto(`${web.origin}/#/events/1`)
    await page.getByRole('button', { name: '导入签到表' }).click()
    await page.locator('input[type=file]').setInputFiles(join(__dirname, '../fixtures/samples/sample-signin.xlsx'))
    await page.getByText('新增未报到人员 40', { exact: true }).waitFor()

    // fix one cell: a wrong phone is flagged on its cell, then corrected
    const phone = page.getByLabel('第4行手机号')
    await phone.fill('1801815908')
    await phone.blur()
    await page.getByText('手机号应为11位(现为10位)').waitFor()
    await expect(page.getByRole('button', { name: '导入', exact: true }).isDisabled()).resolves.toBe(true)
    // the problem row can go back to the community as a workbook
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出有问题的行（退回社区）' }).click()])
    expect(download.suggestedFilename()).toBe('sample-signin_未导入的行.xlsx')
    const sheet = XLSX.read(readFileSync((await download.path())!))
    const back = XLSX.utils.sheet_to_json(sheet.Sheets[sheet.SheetNames[0]], { header: 1 }) as unknown[][]
    expect(back[1]).toEqual([4, '杜思', '佛山市生态环境局', '1801815908', '08:35', '', '手机号:手机号应为11位(现为10位)'])
    await page.getByLabel('第4行手机号').fill('18018159084')
    await page.getByLabel('第4行手机号').blur()
    await page.getByText('新增未报到人员 40', { exact: true }).waitFor()

    // what the import will do is shown, and confirmed, before anything is written
    await page.getByRole('button', { name: '导入', exact: true }).click()
    await page.locator('.ant-modal-confirm').getByText('签到 40 人次').waitFor()
    await settled(page)
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认导入' }).click()
    await page.getByText('新增 40 人，更新 0 人，签到 40 人次，跳过 0 行').waitFor()
    const du = (await web.api('member.list', { keyword: '杜思' })).data.rows[0]
    expect((await web.api('member.reveal', { id: du.id })).data.phone).toBe('18018159084')

    await page.getByRole('button', { name: '查看活动签到' }).click()
    await page.getByText('共 40 条').waitFor()

    // a hand edit after the import: the undo names it and asks before taking it back
    const m = (await web.api('member.get', { id: du.id })).data
    const edit = { id: du.id, name: m.name, phone: '18018159084', communityId: m.communityId, unitId: m.unitId, status: m.status, registeredAt: m.registeredAt ?? '', estate: '丽豪花园' }
    expect((await web.api('member.update', edit)).error).toBeUndefined()
    await openPage(page, '导入')
    await page.getByRole('button', { name: '撤销导入' }).click()
    const ask = page.locator('.ant-modal-confirm')
    await ask.getByText('导入之后，有 1 条记录又被修改过').waitFor()
    await ask.getByText('党员杜思', { exact: true }).waitFor()
    await settled(page)
    await ask.getByRole('button', { name: '取消' }).click()
    expect((await web.api('event.get', { id: 1 })).data.attendanceCount).toBe(40)
    // asked without the answer, main refuses too
    const refused = await web.api('import.undo', { id: 1 })
    expect(refused.error?.message).toMatch(/有 1 条记录又被修改过（党员杜思）/)
    await settled(page)
    await page.getByRole('button', { name: '撤销导入' }).click()
    await settled(page)
    await ask.getByRole('button', { name: '仍然撤销（撤回这些修改）' }).click()
    await page.getByText('已撤销', { exact: true }).waitFor()
    expect((await web.api('event.get', { id: 1 })).data.attendanceCount).toBe(0)
    expect((await web.api('member.list', { archived: 'all' })).data.total).toBe(0)
  })
})
