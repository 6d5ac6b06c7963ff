import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import * as XLSX from 'xlsx'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findChromium, launch, settled, startWeb, type WebApp } from './browser'

const chromiumPath = findChromium()

describe.skipIf(!chromiumPath)('the dashboard and reports in a real browser', () => {
  let web: WebApp
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    web = await startWeb()
    browser = await launch(chromiumPath!)
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })
    await page.goto(web.url)
  })

  afterAll(async () => {
    await browser?.close()
    await web?.stop()
  })

  it('loads the demo from the empty home page and shows its totals on the dashboard', async () => {
    await page.getByRole('button', { name: '加载演示数据' }).click()
    await settled(page)
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '加载' }).click()
    await page.getByRole('heading', { name: '石湾镇街道工作台' }).waitFor()
    const seeded = (await web.api('dashboard.get', { asOf: new Date().toISOString().slice(0, 10) })).data
    expect(seeded.members).toBe(9741)
    await expect(page.getByTestId('stat-报到党员').locator('.ant-statistic-content-value').textContent()).resolves.toBe('9,741')
    await expect(page.getByTestId('stat-开展活动').locator('.ant-statistic-content-value').textContent()).resolves.toBe(seeded.events.toLocaleString('en-US'))
  })

  it('exports report 1 and the downloaded workbook holds every community and the total', async () => {
    await page.getByRole('menuitem', { name: '报表' }).click()
    await page.getByText('共 39 条').waitFor()
    await page.getByRole('button', { name: '导出' }).click()
    await settled(page)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('dialog').getByRole('button', { name: '导出', exact: true }).click()])
    expect(download.suggestedFilename()).toMatch(/^石湾镇街道_在职党员报到情况统计表_\d{4}年\.xlsx$|^石湾镇街道_在职党员报到情况统计表_\d{8}-\d{8}\.xlsx$/)
    const wb = XLSX.read(readFileSync((await download.path())!))
    const rows = XLSX.utils.sheet_to_json(wb.Sheets['在职党员报到情况统计表'], { header: 1, defval: null }) as unknown[][]
    expect(rows[0][0]).toBe('石湾镇街道在职党员报到情况统计表')
    expect(rows[2][0]).toBe('序号')
    expect(rows[2][1]).toBe('村居')
    const total = rows.find((r) => r[1] === '合计')!
    expect(rows.indexOf(total)).toBe(3 + 39)
    expect(total[2]).toBe(9741)
  })

  it('chooses 上季度 and exports the 单位反馈表 as one sheet per unit', async () => {
    await page.getByRole('combobox', { name: '报表' }).click()
    await settled(page)
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '单位反馈表' }).click()
    // (the report's dropdown closes first: an option of the closing one must not take the next click)
    await page.waitForURL(/kind=units/)
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' }).catch(() => {})
    await page.getByRole('combobox', { name: '快速选择期间' }).click()
    await settled(page)
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '上季度' }).click()
    await page.waitForURL(/kind=units.*from=\d{4}-\d{2}-01.*to=\d{4}-\d{2}-\d{2}/)
    const url = new URL(page.url().replace('#', ''))
    const [from, to] = [url.searchParams.get('from')!, url.searchParams.get('to')!]
    // the page states the range it counts
    await page.getByText(`统计时间：${+from.slice(0, 4)}年${+from.slice(5, 7)}月1日至`).waitFor()
    await page.getByRole('button', { name: '导出' }).click()
    const dialog = page.getByRole('dialog')
    await settled(page)
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: '导出', exact: true }).click()])
    expect(download.suggestedFilename()).toMatch(/^石湾镇街道_单位反馈表_\d{4}Q[1-4]\.xlsx$/)
    const wb = XLSX.read(readFileSync((await download.path())!))
    // one sheet per unit that had members registered in the quarter, each titled and counted on its own
    const names = new Set<string>()
    for (let p = 1, total = 1; (p - 1) * 200 < total; p++) {
      const page = (await web.api('report.get', { kind: 'units', from, to, page: p, pageSize: 200 })).data
      total = page.total
      for (const r of page.rows as Array<{ unit: string }>) names.add(r.unit)
    }
    expect(wb.SheetNames.length).toBe(names.size)
    expect(wb.SheetNames.length).toBeGreaterThan(1)
    for (const name of wb.SheetNames.slice(0, 5)) {
      const rows = XLSX.utils.sheet_to_json(wb.Sheets[name], { header: 1, defval: null }) as unknown[][]
      expect(rows[0][0]).toBe('石湾镇街道单位反馈表')
      expect(String(rows[1][0])).toContain('范围:')
      const unitCol = (rows[2] as string[]).findIndex((h) => String(h).replace(/\s+/g, '') === '单位')
      const people = rows.slice(3).filter((r) => typeof r[0] === 'number')
      expect(people.length).toBeGreaterThan(0)
      expect(new Set(people.map((r) => r[unitCol])).size).toBe(1)
      expect(String(rows[1][0])).toContain(String(people[0][unitCol]))
    }
  })
})
