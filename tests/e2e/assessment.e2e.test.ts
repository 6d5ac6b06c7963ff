import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import * as XLSX from 'xlsx'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findChromium, launch, openTab, settled, startWeb, type WebApp } from './browser'

const chromiumPath = findChromium()

/**
 * 张三 (reported 2024-12-01) signs in at three activities in 2025 for 3, 1.2 and 2.5 hours. Under a Hailin-like scheme
 * (1 hour = 1 point, hours rounded to 0.5, at most 2 hours an activity) they count 2, 1 and 2 hours: 5 points.
 */
describe.skipIf(!chromiumPath)('the assessment in a real browser', () => {
  let web: WebApp
  let browser: Browser
  let page: Page
  let memberId = 0
  const pageErrors: string[] = []

  beforeAll(async () => {
    web = await startWeb()
    browser = await launch(chromiumPath!)
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })
    page.on('pageerror', (e) => pageErrors.push(e.message))
    // the print dialog would stop the test: count the calls instead
    await page.addInitScript('window.printed = 0; window.print = () => { window.printed += 1 }')
    const ok = async (method: string, input: unknown) => {
      const r = await web.api(method, input)
      if (!r.ok) throw new Error(`${method}: ${r.error?.message}`)
      return r.data
    }
    await ok('settings.update', { orgName: '石湾镇街道', operator: '李会计' })
    const lihao = await ok('community.create', { name: '丽豪社区', kind: '社区' })
    const gd = await ok('unit.create', { name: '佛山供电局', kind: '国有企业' })
    const zhang = await ok('member.create', { name: '张三', phone: '13812345678', communityId: lihao.id, unitId: gd.id, registeredAt: '2024-12-01' })
    memberId = zhang.id
    const events: Array<[string, string, number]> = [['清积水', '2025-03-01', 3], ['反诈宣传', '2025-05-10', 1.2], ['走访慰问', '2025-09-09', 2.5]]
    for (const [title, date, hours] of events) {
      const e = await ok('event.create', { communityId: lihao.id, title, category: '环境卫生', date })
      await ok('attendance.add', { eventId: e.id, memberIds: [zhang.id], hours })
    }
    await page.goto(web.url)
  })

  afterAll(async () => {
    await browser?.close()
    await web?.stop()
  })

  it('sets a scheme from a template, then shows a member’s 考核 page with every point traced', async () => {
    await page.getByRole('menuitem', { name: '考核' }).click()
    await openTab(page, '考核方案')
    const year = page.getByLabel('年度')
    await year.fill('2025')
    await year.press('Tab')
    await page.getByText('2025年尚未保存方案').waitFor()
    await page.getByLabel('从模板开始').click()
    await settled(page)
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '海林式' }).click()
    await expect(page.getByLabel('方案名称').inputValue()).resolves.toBe('2025年度在职党员进社区积分方案')
    await page.getByRole('button', { name: '保存为新版本' }).first().click()
    await page.getByText('已保存为第 1 版').waitFor()
    const saved = (await web.api('assessment.scheme', { year: 2025 })).data
    expect([saved.version, saved.scheme.hours.perHour, saved.scheme.hours.capPerActivity, saved.versions[0].note]).toEqual([1, 1, 2, '按模板"海林式"'])

    // the results list links to the member's page
    const results = await openTab(page, '考核结果')
    await results.getByText('共 1 人').waitFor()
    await results.locator('.ant-table-row').getByRole('link', { name: '张三' }).click()
    await page.getByText('张三 · 考核').waitFor()
    await expect(page.getByTestId('assess-points').textContent()).resolves.toBe('5 分')
    await expect(page.getByTestId('lines-sum').textContent()).resolves.toBe('5')
    const rows = page.getByTestId('point-lines').locator('.ant-table-row')
    await expect(rows.count()).resolves.toBe(3)
    await expect(rows.nth(0).textContent()).resolves.toContain('清积水(环境卫生)')
    await expect(rows.nth(0).textContent()).resolves.toContain('时长3小时,单次最多计2小时,计2小时')
    await expect(rows.nth(1).textContent()).resolves.toContain('时长1.2小时,按0.5小时四舍五入为1小时,计1小时')
    await expect(page.getByTestId('assess-grade').textContent()).resolves.toBe('不合格')

    // a manual bonus with its reason becomes a traced line too
    await page.getByRole('button', { name: '登记加减分' }).click()
    await page.getByLabel('加减分日期').fill('2025-10-01')
    await page.getByLabel('加减分日期').press('Enter')
    await page.getByLabel('分值').fill('3.5')
    await page.getByLabel('加减分理由').fill('社区表彰')
    await settled(page)
    await page.getByRole('dialog').getByRole('button', { name: '登记' }).click()
    await page.getByText('已登记').waitFor()
    await expect(page.getByTestId('assess-points').textContent()).resolves.toBe('8.5 分')
    await expect(page.getByTestId('lines-sum').textContent()).resolves.toBe('8.5')
    await expect(page.getByTestId('assess-grade').textContent()).resolves.toBe('合格')
    await expect(rows.nth(3).textContent()).resolves.toContain('加分:社区表彰')

    // the member page has the way in
    await page.getByText('← 返回党员页面').click()
    await page.getByRole('button', { name: '考核' }).click()
    await page.getByText('张三 · 考核').waitFor()
    expect(page.url()).toContain(`/assessment/members/${memberId}`)
    expect(pageErrors).toEqual([])
  })

  it('issues a certificate from the member’s page and opens it to print; the register gives it as a workbook too, one page, numbered', async () => {
    const number = `石湾〔${new Date().getFullYear()}〕第0001号`
    // the member's 考核 page for 2025 (the dialog takes its service period from the page)
    await page.goto(`${web.origin}/#/assessment/members/${memberId}?year=2025`)
    await page.getByText('张三 · 考核').waitFor()
    await page.getByRole('button', { name: '出具志愿服务证明' }).click()
    const dialog = page.getByRole('dialog')
    // the member asked for shows by name, and the service period is the page's (2025全年), not a default
    await dialog.locator('.ant-select-selection-item', { hasText: '张三' }).waitFor()
    await expect(dialog.getByLabel('服务期间').first().inputValue()).resolves.toBe('2025-01-01')
    await dialog.getByLabel('负责人').fill('王主任')
    await dialog.getByText('张三：期间内参加活动 3 次').waitFor()
    await settled(page)
    await page.evaluate('window.printed = 0')
    await dialog.getByRole('button', { name: '出具并打印 1 份' }).click()
    // 出具并打印 opens the same print page as 打印 in the register
    await page.waitForURL(/#\/print\/certificate\?ids=\d+$/)
    await page.getByTestId('certificate-page').first().waitFor()
    await page.waitForFunction(() => (globalThis as unknown as { printed: number }).printed === 1)
    await expect(page.getByTestId('certificate-page').textContent()).resolves.toContain(`编号：${number}`)
    await expect(page.getByTestId('certificate-page').textContent()).resolves.toContain('志愿服务时长累计 6.7 小时')

    await page.goto(web.url)
    await page.getByRole('menuitem', { name: '考核' }).click()
    const register = await openTab(page, '志愿服务证明')
    const row = register.locator('.ant-table-row', { hasText: number })
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Excel', exact: true }).click()])
    expect(download.suggestedFilename()).toBe(`志愿服务记录证明_张三_${number}.xlsx`)
    const wb = XLSX.read(readFileSync((await download.path())!))
    expect(wb.SheetNames).toEqual([number])
    const text = JSON.stringify(XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1 }))
    expect(text).toContain('志愿服务时长累计 6.7 小时')
    expect(pageErrors).toEqual([])
  })

  it('prints certificates from the register, each on its own A4 page with every 149号 field; a reprint is marked 补发', async () => {
    const number = `石湾〔${new Date().getFullYear()}〕第0001号`
    await page.getByRole('menuitem', { name: '考核' }).click()
    const register = await openTab(page, '志愿服务证明')
    const row = register.locator('.ant-table-row', { hasText: number })
    // counted from here, whatever printed before in this document
    await page.evaluate('window.printed = 0')
    await row.getByRole('button', { name: '打印', exact: true }).click()
    await page.waitForURL(/#\/print\/certificate\?ids=\d+$/)
    const cert = page.getByTestId('certificate-page')
    await cert.first().waitFor()
    await page.waitForFunction(() => (globalThis as unknown as { printed: number }).printed === 1)
    await expect(cert.count()).resolves.toBe(1)
    const text = (await cert.textContent())!
    for (const field of [
      '志愿服务记录证明', `编号：${number}`, '兹证明 张三', '公民身份号码：未登记', '工作单位：佛山供电局', '2025年1月1日至2025年12月31日', '丽豪社区',
      '志愿服务时长累计 6.7 小时', '环境卫生志愿服务活动', '出具单位（盖章）：石湾镇街道', '负责人（签字）：王主任', '出具日期：', '盖章处', '民发〔2015〕149号'
    ]) expect(text).toContain(field)
    expect(text).not.toContain('（补发）')
    expect(text).not.toContain('补发日期')
    await expect(page.locator('.ant-layout-sider, .app-top').count()).resolves.toBe(0)
    // printed on A4 portrait, one certificate a page
    const css = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll: (s: string) => ArrayLike<{ textContent: string }> } }).document
      return Array.from(doc.querySelectorAll('style'), (s) => s.textContent).join('\n')
    })
    expect(css).toContain('size: A4 portrait')

    // a reprint (补发) keeps the number and is marked
    await page.getByRole('button', { name: '返回' }).click()
    await row.getByRole('button', { name: '补发' }).click()
    await page.getByLabel('补发原因（如：原件遗失）').fill('原件遗失')
    await settled(page)
    await page.getByRole('dialog').getByRole('button', { name: '确定' }).click()
    await page.waitForURL(/#\/print\/certificate\?ids=\d+$/)
    await page.getByText('志愿服务记录证明（补发）').waitFor()
    await expect(page.getByTestId('certificate-page').textContent()).resolves.toContain(`编号：${number}`)
    await expect(page.getByTestId('certificate-page').textContent()).resolves.toMatch(/补发日期：\d{4}年\d+月\d+日/)
    const log = (await web.api('audit.list', { pageSize: 5 })).data.rows.map((e: { summary: string }) => e.summary)
    expect(log).toContain(`打开打印页:打印志愿服务证明 1 份:${number}`)
    await page.getByRole('button', { name: '返回' }).click()
    expect(pageErrors).toEqual([])
  })

  it('exports one unit’s 表现反馈表 and reads it back, then marks it sent', async () => {
    await page.getByRole('menuitem', { name: '考核' }).click()
    const feedback = await openTab(page, '反馈单位')
    const year = page.getByLabel('年度')
    await year.fill('2025')
    await year.press('Tab')
    const row = feedback.locator('.ant-table-row', { hasText: '佛山供电局' })
    await row.waitFor()
    await expect(row.textContent()).resolves.toContain('未发送')
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: '反馈表' }).click()])
    expect(download.suggestedFilename()).toBe('石湾镇街道_表现反馈表_佛山供电局_2025年全年.xlsx')
    const wb = XLSX.read(readFileSync((await download.path())!))
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]], { header: 1, defval: '' })
    expect(rows[0][0]).toBe('石湾镇街道2025年全年在职党员进社区表现反馈表')
    // no 应报到名单: 已报到 is the unit's one registered member; 张三 met no minimum under 海林式 (none set): 完成率 100%
    expect(rows[3].filter((v) => v !== '')).toEqual(['未录入名单', 1, '—', 1, 1, 100, '不作要求'])
    // 张三: 3 activities, 3 + 1.2 + 2.5 = 6.7 hours, 8.5 points (5 + the 3.5 bonus), 合格
    expect(rows[5].slice(0, 13)).toEqual([1, '张三', '丽豪社区', 3, 6.7, 0, 0, 6.7, 0, 0, 0, 8.5, '合格'])

    await row.getByRole('button', { name: '登记发送' }).click()
    const dialog = page.getByRole('dialog')
    await settled(page)
    await dialog.getByLabel('发送日期').click()
    await dialog.getByLabel('发送日期').fill('2026-01-10')
    await dialog.getByLabel('发送日期').press('Enter')
    await settled(page)
    await dialog.getByRole('button', { name: '登记' }).click()
    await page.getByText('已登记发送：1 个单位').waitFor()
    await expect(row.textContent()).resolves.toContain('发送 2026-01-10')
    const list = (await web.api('unitFeedback.list', { year: 2025, period: 'Y' })).data
    expect(list.rows.map((r: { unitName: string; status: string; sentOn: string }) => [r.unitName, r.status, r.sentOn])).toEqual([['佛山供电局', 'sent', '2026-01-10']])
    const log = (await web.api('audit.list', { pageSize: 3 })).data.rows.map((e: { summary: string }) => e.summary)
    expect(log).toContain('2025年全年表现反馈表:佛山供电局登记已发送(2026-01-10),改动 1 个')
    expect(pageErrors).toEqual([])
  })
})
