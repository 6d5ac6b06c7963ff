/**
 * 从文件恢复 in a real browser: a backup saved to a USB stick, or an older compressed copy taken out of the backups
 * folder (.sqlite.br), picked on 设置 and restored; a file that is not a backup is refused with nothing changed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findChromium, launch, openApp, settled, startWeb, type WebApp } from './browser'

const chromiumPath = findChromium()

describe.skipIf(!chromiumPath)('从文件恢复 in a real browser', () => {
  let web: WebApp
  let browser: Browser
  let page: Page & { errors: string[] }
  const files = mkdtempSync(join(tmpdir(), 'redvest-usb-'))
  const communities = async () => ((await web.api('community.list', {})).data.rows as Array<{ name: string }>).map((c) => c.name).sort()

  beforeAll(async () => {
    web = await startWeb()
    await web.api('community.create', { name: '丽豪社区', kind: '社区' })
    browser = await launch(chromiumPath!)
    page = await openApp(web, browser, { route: '/settings' })
  })

  afterAll(async () => {
    await browser?.close()
    await web?.stop()
    rmSync(files, { recursive: true, force: true })
  })

  async function pick(file: string): Promise<void> {
    await page.locator('.ant-upload', { hasText: '从文件恢复' }).locator('input[type=file]').setInputFiles(file)
    const ask = page.locator('.ant-modal-confirm', { hasText: `用文件“${file.split('/').at(-1)}”恢复全部台账？` })
    await ask.waitFor()
    await settled(page)
    await ask.getByRole('button', { name: '恢复' }).click()
    await ask.waitFor({ state: 'detached' })
  }

  it('restores a compressed copy (.sqlite.br) as the clerk saved it, and refuses a file that is not a backup', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载备份（存到U盘）' }).click()])
    const saved = readFileSync((await download.path())!)
    // what the backups folder holds for an older copy: the same file, Brotli-compressed
    const br = join(files, `${download.suggestedFilename()}.br`)
    writeFileSync(br, brotliCompressSync(saved))
    await web.api('community.create', { name: '备份之后的社区', kind: '社区' })
    expect(await communities()).toEqual(['丽豪社区', '备份之后的社区'].sort())

    const junk = join(files, '不是备份.sqlite.br')
    writeFileSync(junk, brotliCompressSync(Buffer.from('一份名单，不是数据库。'.repeat(100))))
    await pick(junk)
    await page.getByText('无法读取该文件:它不是红马甲的数据备份,或已损坏。请换一个备份文件。').waitFor()
    expect(await communities()).toEqual(['丽豪社区', '备份之后的社区'].sort())

    // a file that is plainly not a database is turned away at once, without the restore question
    const sheet = join(files, '名单.sqlite')
    writeFileSync(sheet, 'PK\u0003\u0004 这是一个改了扩展名的表格')
    await page.locator('.ant-upload', { hasText: '从文件恢复' }).locator('input[type=file]').setInputFiles(sheet)
    await page.getByText('“名单.sqlite”不是红马甲的数据备份，没有恢复。', { exact: false }).waitFor()
    await expect(page.locator('.ant-modal-confirm').count()).resolves.toBe(0)
    expect(await communities()).toEqual(['丽豪社区', '备份之后的社区'].sort())

    await pick(br)
    await page.getByText('已恢复，页面数据已刷新。').waitFor()
    expect(await communities()).toEqual(['丽豪社区'])
    const log = (await web.api('audit.list', { pageSize: 1 })).data.rows as Array<{ kind: string; summary: string }>
    expect(log[0].kind).toBe('恢复')
    expect(page.errors).toEqual([])
  })
})
