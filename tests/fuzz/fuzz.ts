/** Mutated spreadsheets fed to the importer: it must answer every one (a result or a Chinese refusal), in time. */
import JSZip from 'jszip'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { call } from '../../src/main/api'
import type { DB } from '../../src/main/db/open'

const SAMPLES = fileURLToPath(new URL('../fixtures/samples/', import.meta.url))
const seeds: Array<[string, Buffer]> = ['sample-signin.xlsx', 'sample-roster.xlsx', 'sample-signin-gbk.csv'].map((f) => [f, readFileSync(join(SAMPLES, f))])

function rand(n: number): number {
  return Math.floor(Math.random() * n)
}

async function mutate(): Promise<[string, Buffer, string]> {
  const [name, seed] = seeds[rand(seeds.length)]
  const kind = rand(6)
  const buf = Buffer.from(seed)
  if (kind === 0) {
    for (let i = 0; i < 1 + rand(20); i++) buf[rand(buf.length)] = rand(256)
    return [name, buf, 'byte flips']
  }
  if (kind === 1) return [name, buf.subarray(0, rand(buf.length)), 'truncated']
  if (!name.endsWith('.xlsx')) return [name, Buffer.concat([buf, Buffer.from('\n"未闭合的引号,'.repeat(1 + rand(50)))]), 'broken csv']
  const zip = await JSZip.loadAsync(seed)
  const sheets = Object.keys(zip.files).filter((f) => /worksheets\/sheet\d+\.xml$/.test(f))
  const target = sheets[rand(sheets.length)]
  const xml = await zip.file(target)!.async('string')
  if (kind === 2) zip.file(target, xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>').replace('</sheetData>', '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'))
  else if (kind === 3) zip.file(target, `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>${xml.replace(/^<\?xml[^>]*\?>/, '')}`)
  else if (kind === 4) zip.file(target, xml.slice(0, rand(xml.length)))
  else zip.file(target, xml.replace(/<t[^>]*>[^<]*<\/t>/, '<t>__proto__</t>').replace(/<v>[^<]*<\/v>/, '<v>constructor</v>'))
  return [name, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }), ['', '', 'huge dimension', 'DOCTYPE', 'truncated part', '__proto__ cells'][kind]]
}

export interface FuzzReport {
  cases: number
  slowest: { ms: number; what: string }
  peakRssMb: number
  failures: string[]
}

/** Feeds mutations for `seconds`; returns what went wrong (nothing, if all is well). */
export async function fuzzImporter(db: DB, eventId: number, seconds: number): Promise<FuzzReport> {
  const end = Date.now() + seconds * 1000
  const report: FuzzReport = { cases: 0, slowest: { ms: 0, what: '' }, peakRssMb: 0, failures: [] }
  while (Date.now() < end) {
    const [name, bytes, what] = await mutate()
    // REDVEST_FUZZ_TRACE=<file>: each case is written there before it runs, so a hang leaves its input behind
    if (process.env.REDVEST_FUZZ_TRACE) writeFileSync(process.env.REDVEST_FUZZ_TRACE, bytes)
    const t = performance.now()
    let r: Awaited<ReturnType<typeof call>>
    try {
      r = await call(db, 'import.read', { kind: name.includes('roster') ? 'roster' : 'signin', eventId, fileName: name, fileBase64: bytes.toString('base64') })
    } catch (e) {
      report.failures.push(`${what} on ${name}: threw ${(e as Error).message}`)
      continue
    }
    const ms = performance.now() - t
    report.cases++
    if (ms > report.slowest.ms) report.slowest = { ms, what: `${what} on ${name}` }
    report.peakRssMb = Math.max(report.peakRssMb, process.memoryUsage().rss / 1048576)
    if (ms > 10_000) report.failures.push(`${what} on ${name}: took ${ms.toFixed(0)} ms`)
    if (!r.ok && (r.error.code === 'internal' || !/[\u4e00-\u9fff]/.test(r.error.message))) report.failures.push(`${what} on ${name}: ${r.error.message}`)
    if (Object.keys(Object.prototype).length || ({} as Record<string, unknown>).polluted !== undefined) report.failures.push(`${what} on ${name}: Object.prototype changed`)
  }
  return report
}
