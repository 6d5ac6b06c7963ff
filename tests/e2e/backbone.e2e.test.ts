import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { choose, findChromium, launch, openPage, saveDialog, settled, startWeb, type WebApp } from './browser'

const chromiumPath = findChromium()

async function fillTime(page: Page, label: string, value: string): Promise<void> {
  const input = page.getByRole('dialog').getByLabel(label, { exact: true })
  await input.click()
  await input.fill(value)
  await input.press('Enter')
}

describe.skipIf(!chromiumPath)('the backbone in a real browser', () => {
  let web: WebApp
  let browser: Browser
  let page: Page
  const pageErrors: string[] = []

  beforeAll(async () => {
    web = await startWeb()
    browser = await launch(chromiumPath!)
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    page.on('pageerror', (e) => pageErrors.push(e.message))
    await page.goto(web.url)
  })

  afterAll(async () => {
    await browser?.close()
    await web?.stop()
  })

  it('creates a community, a unit, a member and an activity, signs the member in and sees the hours', async () => {
    await page.getByText('台账还是空的').waitFor()
    await page.getByRole('button', { name: '从录入村居开始' }).click()

    // 村居
    await page.getByRole('button', { name: '新建村居' }).click()
    await page.getByRole('dialog').getByLabel('村居名称').fill('丽豪社区')
    await page.getByRole('dialog').getByLabel('党组织书记').fill('李书记')
    await saveDialog(page)
    // a new record opens on its own page
    await page.locator('.page-title', { hasText: '丽豪社区' }).waitFor()

    // 报到单位, paired with the community
    await openPage(page, '报到单位')
    await page.getByRole('button', { name: '新建单位' }).click()
    await page.getByRole('dialog').getByLabel('单位名称').fill('佛山供电局')
    await choose(page, '结对村居（单位报到）', 'lihao', '丽豪社区')
    await saveDialog(page)
    await page.locator('.page-title', { hasText: '佛山供电局' }).waitFor()

    // 在职党员: a bad phone is refused on the page and nothing is saved
    await openPage(page, '在职党员')
    await page.getByRole('button', { name: '新增党员' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('姓名').fill('张三')
    await dialog.getByLabel('手机号').fill('1381234567')
    await choose(page, '工作单位', '供电', '佛山供电局')
    await choose(page, '居住村居（报到村居）', '丽豪', '丽豪社区')
    await settled(page)
    await dialog.getByRole('button', { name: '保存' }).click()
    await dialog.getByText('手机号应为11位数字（以1开头）').waitFor()
    expect((await web.api('member.list')).data.total).toBe(0)
    await dialog.getByLabel('手机号').fill('13812345678')
    await saveDialog(page)
    await page.locator('.page-title', { hasText: '张三' }).waitFor()
    await expect(page.getByText('138****5678').count()).resolves.toBe(1)

    // 活动, 09:00–12:00
    await openPage(page, '活动', '志愿服务活动')
    await page.getByRole('button', { name: '新建活动' }).click()
    await page.getByRole('dialog').getByLabel('活动名称').fill('登革热防控清积水')
    await choose(page, '举办村居', '丽豪', '丽豪社区')
    await choose(page, '活动类别', '环境', '环境卫生')
    await fillTime(page, '开始时间', '09:00')
    await fillTime(page, '结束时间', '12:00')
    await saveDialog(page)
    await page.locator('.page-title', { hasText: '登革热防控清积水' }).waitFor()

    // 签到 by pinyin initials
    await page.getByLabel('添加签到').click()
    await page.keyboard.type('zs')
    await settled(page)
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '张三' }).click()
    await page.getByRole('button', { name: '签到 1 人' }).click()
    await page.getByText('已签到 1 人').waitFor()
    await expect(page.getByLabel('张三的服务时长').inputValue()).resolves.toBe('3.0')

    // the member's page shows the hours
    await page.locator('.ant-table-row').getByRole('link', { name: '张三' }).click()
    await expect(page.getByTestId('member-hours').textContent()).resolves.toBe('3 小时')

    // a reload keeps everything
    await page.reload()
    await expect(page.getByTestId('member-hours').textContent()).resolves.toBe('3 小时')
    const info = (await web.api('app.info')).data
    expect(info.counts).toEqual({ communities: 1, units: 1, members: 1, events: 1, attendance: 1 })
  })

  it('gives no two elements of a page one id, hidden dialogs included (a label must focus its own field)', async () => {
    const first = async (method: string): Promise<number> => (await web.api(method, {})).data.rows[0].id
    const paths = [
      '/#/communities', `/#/communities/${await first('community.list')}`, '/#/units', `/#/units/${await first('unit.list')}`,
      '/#/members', `/#/members/${await first('member.list')}`, '/#/events', `/#/events/${await first('event.list')}`, '/#/needs', '/#/settings'
    ]
    for (const path of paths) {
      await page.goto(`${web.origin}${path}`)
      await page.locator('.page-title, .ant-card').first().waitFor()
      const ids = (await page.evaluate("[...document.querySelectorAll('[id]')].map((el) => el.id)")) as string[]
      const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))]
      expect({ path, repeated }).toEqual({ path, repeated: [] })
    }
  })

  it('reveals a masked phone on request and finds a community by pinyin initials', async () => {
    await openPage(page, '在职党员')
    // the list has settled (a reveal made while it still refetches would be drawn over)
    await page.getByText('共 1 条').waitFor()
    await page.waitForLoadState('networkidle')
    await page.getByRole('button', { name: '显示手机号' }).first().click()
    await page.getByText('13812345678').waitFor()

    await openPage(page, '村居')
    await page.getByRole('button', { name: '新建村居' }).click()
    await page.getByRole('dialog').getByLabel('村居名称').fill('湖景社区')
    await saveDialog(page)
    await page.locator('.page-title', { hasText: '湖景社区' }).waitFor()
    await openPage(page, '村居')
    await page.getByPlaceholder('名称、书记或拼音首字母（如 lhsq）').fill('lhsq')
    await page.getByPlaceholder('名称、书记或拼音首字母（如 lhsq）').press('Enter')
    await page.getByText('共 1 条').waitFor()
    await expect(page.getByRole('link', { name: '湖景社区' }).count()).resolves.toBe(0)
    await expect(page.getByRole('link', { name: '丽豪社区' }).count()).resolves.toBe(1)
  })

  it('archives, rather than deletes, a member with sign-ins, and says so before doing it', async () => {
    await openPage(page, '在职党员')
    await page.getByRole('button', { name: '归档' }).click()
    await page.getByText('该党员有 1 条签到记录，不会被删除，而是归档').waitFor()
    await settled(page)
    await page.locator('.ant-popconfirm').getByRole('button', { name: '归档' }).click()
    await page.getByText('已归档', { exact: true }).first().waitFor()
    const all = (await web.api('member.list', { archived: 'all' })).data
    expect(all.total).toBe(1)
    expect(all.rows[0].archivedAt).not.toBeNull()
    expect(pageErrors).toEqual([])
  })
})
