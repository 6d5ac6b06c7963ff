/**
 * The unit side of 双报到 in a real browser: a unit reports to a community, signs an agreement (uploading its scan),
 * adopts a need and has its members' service recorded, organises an activity, and its 工作台账 is exported and read back.
 * With UNIT_SHOTS=<dir> it saves screenshots of the unit page and the agreement dialog at 1366×768.
 */
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import * as XLSX from 'xlsx'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { choose, findChromium, launch, saveDialog, startWeb, type WebApp } from './browser'

const chromiumPath = findChromium()
const SHOTS = process.env.UNIT_SHOTS
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

describe.skipIf(!chromiumPath)('a unit’s 双报到 in a real browser', () => {
  let web: WebApp
  let browser: Browser
  let page: Page
  let unitId = 0
  let zhangId = 0

  beforeAll(async () => {
    web = await startWeb()
    await web.api('settings.update', { orgName: '石湾镇街道', operator: '' })
    const lihao = (await web.api('community.create', { name: '丽豪社区', kind: '社区' })).data
    unitId = (await web.api('unit.create', { name: '佛山供电局', kind: '国有企业', partyOrg: '中共佛山供电局委员会', contact: '陈志强', phone: '0757-82701111' })).data.id
    zhangId = (await web.api('member.create', { name: '张三', phone: '13800138000', communityId: lihao.id, unitId, registeredAt: '2020-04-15' })).data.id
    await web.api('member.create', { name: '李四', phone: '13800138001', communityId: lihao.id, unitId, registeredAt: '2020-04-15' })
    await web.api('need.create', { communityId: lihao.id, title: '老旧楼宇加装电梯协调', category: '加装电梯', places: 2 })
    browser = await launch(chromiumPath!)
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true })
    await page.goto(web.url)
    await page.getByRole('menuitem', { name: '工作台' }).waitFor()
    await page.goto(`${web.origin}/#/units/${unitId}`)
    await page.locator('.page-title', { hasText: '佛山供电局' }).waitFor()
  })

  afterAll(async () => {
    await browser?.close()
    await web?.stop()
  })

  it('reports to a community and signs an agreement with its scan', async () => {
    const card = page.locator('.ant-card', { hasText: '单位报到（结对村居）与共建协议' })
    await card.getByRole('button', { name: '新增结对' }).click()
    await choose(page, '结对村居', 'lhsq', '丽豪社区')
    await saveDialog(page)
    await card.locator('tr', { hasText: '丽豪社区' }).getByText('结对中').waitFor()

    await card.getByRole('button', { name: '登记协议' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('单位承诺事项').fill('每季度组织党员进社区服务不少于一次;认领服务清单项目')
    await dialog.getByLabel('村居承诺事项').fill('提供服务清单和活动场地;每季度反馈党员服务情况')
    await dialog.getByLabel('单位签字人').fill('陈局长')
    await dialog.getByLabel('村居签字人').fill('李书记')
    await dialog.locator('input[type=file]').setInputFiles({ name: '共建协议.pdf', mimeType: 'application/pdf', buffer: PDF })
    await dialog.getByTestId('scan-name').getByText(/共建协议\.pdf/).waitFor()
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'agreement-dialog.png') })
    await saveDialog(page)
    // the dialog's 已保存, not a second message beside it
    await page.locator('.ant-message-notice', { hasText: '已保存' }).last().waitFor()
    await expect(page.getByText('共建协议已保存').count()).resolves.toBe(0)
    await card.locator('tr', { hasText: '陈局长、李书记' }).getByText('查看').waitFor()
    const [agreement] = (await web.api('agreement.list', { unitId })).data
    expect(agreement).toMatchObject({ communityName: '丽豪社区', scanName: '共建协议.pdf', scanType: 'application/pdf', scanSize: PDF.length })
  })

  it('adopts a need and records its members’ service under it, then completes it', async () => {
    const card = page.locator('.ant-card', { hasText: '共建项目（单位认领的服务清单项目）' })
    await card.getByRole('button', { name: '认领服务清单项目' }).click()
    await choose(page, '服务清单项目', '电梯', '老旧楼宇加装电梯协调')
    await saveDialog(page)
    const row = card.locator('tr', { hasText: '老旧楼宇加装电梯协调' })
    await row.getByText('已认领').waitFor()

    await row.getByRole('button', { name: '登记参与党员' }).click()
    const dialog = page.getByRole('dialog')
    await choose(page, '参与党员', '张三')
    await dialog.getByLabel('服务时长').fill('3')
    await saveDialog(page)
    await row.getByText('张三 3小时').waitFor()
    await row.getByRole('button', { name: '完成', exact: true }).click()
    await saveDialog(page)
    await row.getByText('已完成').waitFor()
    const need = (await web.api('need.list', {})).data.rows[0]
    expect(need).toMatchObject({ status: '认领中', done: 1 })
  })

  it('organises an activity whose sign-ins count for the unit, and exports its 工作台账', async () => {
    const card = page.locator('.ant-card', { hasText: '组织活动（组织单位为本单位的活动）' })
    await card.getByRole('button', { name: '新建活动' }).click()
    await page.getByRole('dialog').getByLabel('活动名称').fill('供电局党员进社区清积水')
    await choose(page, '举办村居', 'lhsq', '丽豪社区')
    await choose(page, '活动类别', '环境', '环境卫生')
    await saveDialog(page)
    // a new activity opens on its own page
    await page.locator('.page-title', { hasText: '供电局党员进社区清积水' }).waitFor()
    await page.locator('.ant-descriptions-item', { hasText: '组织单位' }).getByRole('link', { name: '佛山供电局' }).waitFor()
    const event = (await web.api('event.list', { unitId })).data.rows[0]
    expect(event).toMatchObject({ title: '供电局党员进社区清积水', unitName: '佛山供电局' })
    expect((await web.api('attendance.add', { eventId: event.id, memberIds: [zhangId], hours: 2 })).ok).toBe(true)

    await page.goto(`${web.origin}/#/units/${unitId}`)
    await page.locator('.ant-card', { hasText: '组织活动（组织单位为本单位的活动）' }).getByRole('link', { name: '供电局党员进社区清积水' }).waitFor()
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'unit-page.png'), fullPage: true })
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'unit-page-top.png') })
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出单位双报到工作台账' }).click()])
    expect(download.suggestedFilename()).toMatch(/^石湾镇街道_单位双报到工作台账_佛山供电局_\d{4}Q[1-4]\.xlsx$/)
    const wb = XLSX.read(readFileSync((await download.path())!))
    if (SHOTS) copyFileSync((await download.path())!, join(SHOTS, 'ledger.xlsx'))
    expect(wb.SheetNames).toEqual(['概况', '单位报到与共建协议', '共建项目', '组织活动', '党员服务'])
    const text = (name: string): string =>
      (XLSX.utils.sheet_to_json(wb.Sheets[name], { header: 1, defval: '' }) as unknown[][]).map((r) => r.map(String).join('|')).join('\n')
    expect(text('概况')).toMatch(/共建项目\|1\|1/)
    expect(text('概况')).toMatch(/组织活动\|1\|1/)
    expect(text('单位报到与共建协议')).toMatch(/丽豪社区\|\d{4}-\d{2}-\d{2}\|.*陈局长、李书记\|已上传/)
    expect(text('共建项目')).toMatch(/老旧楼宇加装电梯协调\|丽豪社区\|.*已完成\|.*张三 3\|3/)
    expect(text('组织活动')).toMatch(/丽豪社区\|供电局党员进社区清积水\|环境卫生\|1\|1/)
    expect(text('党员服务')).toMatch(/张三\|丽豪社区/)
    expect((page as Page & { errors?: string[] }).errors ?? []).toEqual([])
  })
})
