/**
 * A 10,000-row roster's preview (import.read: read, detect, check every row against the registers) against a
 * bare SheetJS parse of the same file: the preview must stay within 1.5× of the parse. Alternating runs,
 * medians compared, both printed.
 */
import * as XLSX from 'xlsx'
import { expect, it } from 'vitest'
import { call } from '../src/main/api'
import { api, tempDb } from './helpers'

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

it('a 10,000-row roster previews within 1.5× of a bare SheetJS parse of the same file', async () => {
  const db = tempDb()
  const a = api(db)
  const communities = ['丽豪社区', '湖景社区', '鸿翔社区', '玫瑰社区', '金澜社区'].map((name) => a('community.create', { name, kind: '社区' }).name)
  const units = Array.from({ length: 200 }, (_, i) => `测试单位${i}`)
  const rows: unknown[][] = [['在职党员报到名册'], ['序号', '姓名', '性别', '手机号码', '工作单位', '居住社区', '报到时间', '特长', '是否退役军人']]
  for (let i = 0; i < 10_000; i++) {
    rows.push([i + 1, `测试${i}`, i % 2 ? '男' : '女', 16600000000 + i, units[i % units.length], communities[i % 5].replace(/社区$/, ''), `2021.${1 + (i % 12)}.${1 + (i % 28)}`, '法律咨询', i % 17 ? '否' : '是'])
  }
  const wb = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '名册')
  const buf = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer
  const fileBase64 = buf.toString('base64')
  const parse: number[] = []
  const preview: number[] = []
  for (let run = 0; run < 7; run++) {
    let t = performance.now()
    XLSX.read(buf, { type: 'buffer' })
    parse.push(performance.now() - t)
    t = performance.now()
    const r = await call(db, 'import.read', { kind: 'roster', fileName: '名册.xlsx', fileBase64 })
    preview.push(performance.now() - t)
    expect(r.ok && (r.data as { rows: unknown[] }).rows.length).toBe(10_000)
  }
  const ratio = median(preview) / median(parse)
  console.log(`10,000-row roster: bare SheetJS parse median ${median(parse).toFixed(0)} ms, preview (import.read) median ${median(preview).toFixed(0)} ms, ratio ${ratio.toFixed(2)}`)
  console.log(`  parse runs ${parse.map((x) => x.toFixed(0)).join(' ')}; preview runs ${preview.map((x) => x.toFixed(0)).join(' ')}`)
  expect(ratio).toBeLessThanOrEqual(1.5)
})
