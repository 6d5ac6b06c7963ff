/**
 * Chinese typography in the renderer: next to a Chinese character, punctuation is full-width
 * (，：？（）！；), never the half-width ,:?();! of English text. Scans every string literal, template
 * part and JSX text under src/renderer/src and lists each offence as file:line.
 *
 * An exception needs a reason on the same line or the line above: `// ui-text-ok: <reason>`
 * (e.g. a URL, code shown to the clerk, or a time like 08:00).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '../src/renderer/src')
/** the certificate's wording, which the workbook prints too */
const CERTIFICATE = join(__dirname, '../src/shared/certificate.ts')
const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/
const HALF = /[,:?();!]/g

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    if (e.isDirectory()) return files(p)
    return /\.(ts|tsx)$/.test(e.name) ? [p] : []
  })
}

/** The half-width marks in `text` that sit next to a Chinese character, end a Chinese sentence, or wrap Chinese text in (…). */
export function offences(text: string): string[] {
  const flagged = new Set<number>()
  for (const m of text.matchAll(HALF)) {
    const i = m.index!
    if (CJK.test(text[i - 1] ?? '') || CJK.test(text[i + 1] ?? '')) flagged.add(i)
  }
  // "确定删除${what}?": the question mark ends a Chinese sentence even where a placeholder stands before it
  const end = /[?!:]$/.exec(text)
  if (end && CJK.test(text)) flagged.add(text.length - 1)
  // "(如 lhsq)", "党员(${n})": a half-width pair is wrong on both sides when either side is, or when it holds Chinese
  // and "（…)" mixes the two
  const open: number[] = []
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(' || text[i] === '（') open.push(i)
    else if ((text[i] === ')' || text[i] === '）') && open.length) {
      const o = open.pop()!
      const pair = [o, i].filter((j) => text[j] === '(' || text[j] === ')')
      if (pair.length && (pair.length === 1 || flagged.has(o) || flagged.has(i) || CJK.test(text.slice(o + 1, i)))) pair.forEach((j) => flagged.add(j))
    }
  }
  return [...flagged].sort((a, b) => a - b).map((i) => `"${text[i]}" in ${JSON.stringify(text.slice(Math.max(0, i - 8), i + 9))}`)
}

function scan(file: string): string[] {
  const source = readFileSync(file, 'utf8')
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const lines = source.split('\n')
  const problems: string[] = []
  const allowed = (line: number): boolean => /ui-text-ok:\s*\S/.test(lines[line] ?? '') || /ui-text-ok:\s*\S/.test(lines[line - 1] ?? '')
  const check = (node: ts.Node, text: string): void => {
    if (!CJK.test(text)) return
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line
    if (allowed(line)) return
    for (const o of offences(text)) problems.push(`${relative(join(__dirname, '..'), file)}:${line + 1}: ${o}`)
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) check(node, node.text)
    else if (ts.isTemplateExpression(node)) check(node, node.head.text + node.templateSpans.map((s) => `X${s.literal.text}`).join(''))
    else if (ts.isJsxText(node)) check(node, node.text)
    ts.forEachChild(node, visit)
  }
  visit(sf)
  return problems
}

describe('Chinese typography in the renderer', () => {
  it('knows what it is looking for', () => {
    expect(offences('统计时间:')).toHaveLength(1)
    expect(offences('开始,也可以')).toHaveLength(1)
    expect(offences('加载演示数据?')).toHaveLength(1)
    expect(offences('名称、书记或拼音首字母(如 lhsq)')).toHaveLength(2)
    expect(offences('备注(选填)')).toHaveLength(2)
    expect(offences('(如 lhsq)')).toHaveLength(2)
    expect(offences('党员(X)')).toHaveLength(2)
    expect(offences('党员（X)')).toHaveLength(1)
    expect(offences('确定删除X?')).toHaveLength(1)
    expect(offences('统计时间：08:00')).toEqual([])
    expect(offences('0757-82701234, 13800138000')).toEqual([])
    expect(offences('已加载，共 3 个（含归档）')).toEqual([])
  })

  it('uses full-width punctuation next to Chinese in every string and JSX text', () => {
    const problems = [...files(ROOT), CERTIFICATE].flatMap(scan)
    expect(problems, `半角标点紧挨着中文（改为全角，或在该行注明 // ui-text-ok: 原因）：\n${problems.join('\n')}`).toEqual([])
  })
})
