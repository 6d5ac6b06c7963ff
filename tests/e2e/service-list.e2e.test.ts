import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { choose, findChromium, launch, openPage, saveDialog, settled, startWeb, type WebApp } from './browser'

const chromiumPath = findChromium()

describe.skipIf(!chromiumPath)('the service list in a real browser', () => {
  let web: WebApp
  let browser: Browser
  let page: Page
  let forumId = 0

  beforeAll(async () => {
    web = await startWeb()
    const lihao = (await web.api('community.create', { name: '丽豪社区', kind: '社区' })).data
    const li = (await web.api('member.create', { name: '李律师', phone: '13500135000', communityId: lihao.id, registeredAt: '2020-04-20', skills: ['调解纠纷'] })).data
    await web.api('member.create', { name: '张三', phone: '13800138000', communityId: lihao.id, registeredAt: '2020-04-21' })
    forumId = (await web.api('event.create', { communityId: lihao.id, title: '在职党员座谈会', category: '座谈会', date: '2020-05-10', startTime: '15:00', endTime: '17:00' })).data.id
    await web.api('attendance.add', { eventId: forumId, memberIds: [li.id] })
    browser = await launch(chromiumPath!)
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(web.url)
  })

  afterAll(async () => {
    await browser?.close()
    await web?.stop()
  })

  it('creates a need, claims it with a suggested member, completes it with hours, and sees them on the member', async () => {
    await openPage(page, '服务清单')
    await page.getByRole('button', { name: '新建项目' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('项目名称').fill('邻里纠纷调解')
    await choose(page, '村居', 'lhsq', '丽豪社区')
    await choose(page, '类别', '调解', '调解纠纷')
    await saveDialog(page)
    await page.locator('.page-title', { hasText: '邻里纠纷调解' }).waitFor()

    // the suggested member with the wanted skill is listed; claim with them
    const suggested = page.locator('.ant-card', { hasText: '推荐本村居党员' }).locator('tr', { hasText: '李律师' })
    await suggested.locator('input[type=checkbox]').check()
    await page.getByRole('button', { name: '认领 1 人' }).click()
    await page.getByText('已为 1 人登记认领').waitFor()
    await page.locator('.page-title').getByText('已满').waitFor()

    await page.getByRole('button', { name: '完成', exact: true }).click()
    await page.getByRole('dialog').getByLabel('服务时长（小时）').fill('3')
    await saveDialog(page)
    await page.locator('.page-title').getByText('已完成').waitFor()

    await page.locator('.ant-card', { hasText: '认领情况' }).getByRole('link', { name: '李律师' }).click()
    const stat = page.locator('.ant-statistic', { hasText: '认领服务时长' })
    await expect(stat.locator('.ant-statistic-content').textContent()).resolves.toBe('3.0小时')
  })

  it('records a forum suggestion, turns it into a need and has it claimed before leaving the page', async () => {
    await page.goto(`${web.origin}/#/events/${forumId}`)
    await page.getByLabel('意见建议内容').fill('3栋楼道堆放杂物,存在消防隐患')
    await page.getByLabel('提出的群众').fill('陈阿姨')
    await page.getByRole('button', { name: '记录' }).click()
    await page.getByText('提出人：陈阿姨').waitFor()
    await page.getByRole('button', { name: '转为服务清单项目' }).click()
    await settled(page)
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click()
    const claimDialog = page.getByRole('dialog', { name: /现场认领/ })
    await claimDialog.locator('tr', { hasText: '李律师' }).locator('input[type=checkbox]').check()
    await claimDialog.getByRole('button', { name: '认领 1 人' }).click()
    await page.getByText('已为 1 人登记认领').waitFor()
    await page.getByText(/已转为项目/).waitFor()
    await page.locator('.ant-list').getByText('已满').waitFor()

    const needs = (await web.api('need.list', { sort: 'createdAt', order: 'asc' })).data.rows
    expect(needs.map((n: { title: string; status: string; source: string }) => [n.status, n.source])).toEqual([
      ['已完成', '社区列出'],
      ['已满', '座谈会提出']
    ])
  })
})
