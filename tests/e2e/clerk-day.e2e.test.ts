/** A clerk's day at 1366×768: search as you type and come back to it, dialogs that keep what was typed, a stale address explained, a printed sign-in sheet. */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findChromium, launch, openApp, settled, startWeb, type WebApp } from './browser'

const chromiumPath = findChromium()

describe.skipIf(!chromiumPath)("a clerk's day at 1366×768", () => {
  let web: WebApp
  let browser: Browser
  let page: Page & { errors: string[] }

  beforeAll(async () => {
    web = await startWeb()
    await web.api('demo.load', {})
    browser = await launch(chromiumPath!)
    page = await openApp(web, browser)
  })

  afterAll(async () => {
    await browser?.close()
    await web?.stop()
  })

  it('narrows the member list as a name is typed, without Enter, and Back from a member returns to the same search and page', async () => {
    const all = (await web.api('member.list', {})).data.total as number
    const total = (await web.api('member.list', { keyword: '陈' })).data.total as number
    expect(total).toBeGreaterThan(20)
    expect(total).toBeLessThan(all)
    await page.getByRole('menuitem', { name: '在职党员' }).click()
    await page.getByText(`共 ${all} 条`).waitFor()
    await page.getByLabel('查找党员').pressSequentially('陈')
    await page.getByText(`共 ${total} 条`).waitFor()

    const firstRow = page.locator('.ant-table-tbody .ant-table-row').first().getByRole('link')
    const onPage1 = (await firstRow.textContent())!
    await page.locator('.ant-pagination-item-2').click()
    await page.waitForURL(/page=2/)
    await expect.poll(() => firstRow.textContent(), { timeout: 15_000 }).not.toBe(onPage1)
    const name = (await firstRow.textContent())!
    expect(name).toContain('陈')
    // a member opened from low in the list: the page starts at its top, title in view
    const lastRow = page.locator('.ant-table-tbody .ant-table-row').last().getByRole('link')
    await lastRow.scrollIntoViewIfNeeded()
    expect(await page.evaluate('window.scrollY')).toBeGreaterThan(200)
    const lastName = (await lastRow.textContent())!
    await lastRow.click()
    await page.locator('.page-title', { hasText: lastName }).waitFor()
    expect(await page.evaluate('window.scrollY')).toBe(0)
    await page.goBack()
    await page.getByText(`共 ${total} 条`).waitFor()

    await firstRow.click()
    await page.locator('.page-title', { hasText: name }).waitFor()

    await page.goBack()
    await page.getByText(`共 ${total} 条`).waitFor()
    await expect(page.getByLabel('查找党员').inputValue()).resolves.toBe('陈')
    await expect(page.locator('.ant-pagination-item-active').textContent()).resolves.toBe('2')
    await expect(page.locator('.ant-table-tbody .ant-table-row').first().getByRole('link').textContent()).resolves.toBe(name)

    // and a reload keeps them too
    await page.reload()
    await page.getByText(`共 ${total} 条`).waitFor()
    await expect(page.getByLabel('查找党员').inputValue()).resolves.toBe('陈')
    await expect(page.locator('.ant-pagination-item-active').textContent()).resolves.toBe('2')
  })

  it('closes only the dropdown on Escape inside the member form, and asks before dropping what was typed', async () => {
    await page.goto(`${web.origin}/#/members`)
    await page.getByRole('button', { name: '新增党员' }).click()
    const dialog = page.getByRole('dialog', { name: '新增在职党员' })
    await dialog.getByLabel('姓名').fill('王小明')

    await settled(page)
    await dialog.getByLabel('工作单位').click()
    await page.locator('.ant-select-dropdown:visible').waitFor()
    await page.keyboard.press('Escape')
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' })

    await settled(page)
    await dialog.getByLabel('报到日期').click()
    await page.locator('.ant-picker-dropdown:visible').waitFor()
    await page.keyboard.press('Escape')
    await page.locator('.ant-picker-dropdown:visible').waitFor({ state: 'detached' })

    await page.waitForTimeout(300)
    await expect(dialog.isVisible()).resolves.toBe(true)
    await expect(dialog.getByLabel('姓名').inputValue()).resolves.toBe('王小明')

    // closing the dialog with something typed asks first, and 继续填写 keeps everything
    await settled(page)
    await dialog.getByRole('button', { name: 'Close' }).or(dialog.locator('.ant-modal-close')).first().click()
    const ask = page.locator('.ant-modal-confirm', { hasText: '放弃未保存的修改？' })
    await ask.waitFor()
    await settled(page)
    await ask.getByRole('button', { name: '继续填写' }).click()
    // the question's mask is gone before the form is used again
    await ask.waitFor({ state: 'detached' })
    await expect(dialog.getByLabel('姓名').inputValue()).resolves.toBe('王小明')
    await settled(page)
    await dialog.getByRole('button', { name: '取消' }).click()
    await settled(page)
    await ask.getByRole('button', { name: '放弃修改' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect((await web.api('member.list', { keyword: '王小明' })).data.total).toBe(0)
  })

  it('shows a full Chinese page, not a grey skeleton, when the address has a stale token or none', async () => {
    for (const address of [`${web.origin}/#/?token=${'0'.repeat(48)}`, `${web.origin}/`]) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } })
      const stale = await context.newPage()
      await stale.goto(address)
      await stale.getByRole('heading', { name: '访问令牌无效或已过期' }).waitFor()
      await stale.getByText('请使用启动红马甲时命令行打印的完整地址（以 #/?token= 结尾）重新打开；每次启动令牌都会改变。').waitFor()
      await expect(stale.locator('.ant-skeleton').count()).resolves.toBe(0)
      await context.close()
    }
  })

  it("prints an activity's sign-in list: every signed-in person on a print-ready page without the app's frame", async () => {
    const event = (await web.api('event.list', { sort: 'attendanceCount', order: 'desc', pageSize: 1 })).data.rows[0]
    expect(event.attendanceCount).toBeGreaterThan(50)
    const names: string[] = []
    for (let p = 1; names.length < event.attendanceCount; p++) names.push(...(await web.api('attendance.list', { eventId: event.id, page: p, pageSize: 50 })).data.rows.map((a: { memberName: string }) => a.memberName))

    const printing = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    // the print dialog would stop the test: count the calls instead
    await printing.addInitScript('window.printed = 0; window.print = () => { window.printed += 1 }')
    await printing.goto(web.url)
    await printing.goto(`${web.origin}/#/events/${event.id}`)
    await printing.getByRole('button', { name: '打印签到表' }).click()
    await printing.waitForURL(new RegExp(`#/print/event/${event.id}`))
    await printing.waitForFunction(() => (globalThis as unknown as { printed: number }).printed === 1)

    await printing.getByRole('heading', { name: `${event.title}签到表` }).waitFor()
    const rows = printing.locator('table.print-table tbody tr')
    await expect(rows.count()).resolves.toBe(event.attendanceCount)
    const printed = await printing.locator('table.print-table tbody tr td:nth-child(2)').allTextContents()
    expect(printed.sort()).toEqual([...names].sort())
    await expect(printing.locator('table.print-table thead th').allTextContents()).resolves.toEqual(expect.arrayContaining(['序号', '签名']))
    await expect(printing.locator('.ant-layout-sider, .app-top').count()).resolves.toBe(0)
    const css = await printing.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll: (s: string) => ArrayLike<{ textContent: string }> } }).document
      return Array.from(doc.querySelectorAll('style'), (s) => s.textContent).join('\n')
    })
    expect(css).toMatch(/@page\s*\{[^}]*size:\s*A4/)
    await printing.close()
    expect(page.errors).toEqual([])
  })
})
