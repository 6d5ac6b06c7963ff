import { Alert, Button, Checkbox, InputNumber, Segmented, Select, Space, Tag, Typography } from 'antd'
import { useState } from 'react'
import { IMPORT_KIND_FIELDS, importFieldLabel, type ImportField, type ImportKind, type ImportPreview, type ImportSheetPart } from '../../../../shared/api'
import { formatDateTime } from '../../format'
import type { ReadOptions } from './state'

const blockLabel = (j: number, n: number): string => (n === 2 ? (j === 0 ? '左栏' : '右栏') : `第${j + 1}栏`)

/**
 * Step 2: which sheets, which header row, and which column is which field; each change reads the file again.
 * Sheets that also hold people are named, and can be taken together; dated sign-in sheets can each go to
 * their own activity.
 */
export function MapColumns({
  kind,
  preview,
  opts,
  bySheetOffered,
  onRead
}: {
  kind: ImportKind
  preview: ImportPreview
  opts: ReadOptions
  /** each sheet into its own activity can be switched on here */
  bySheetOffered: boolean
  onRead: (opts: ReadOptions) => void
}) {
  const [active, setActive] = useState(preview.sheet)
  const part = preview.parts.find((p) => p.sheet === active) ?? preview.parts[0]
  const taken = preview.parts.map((p) => p.sheet)
  const others = preview.sheetInfo.map((s, i) => ({ ...s, i })).filter((s) => s.people > 0 && !taken.includes(s.i))
  const dated = preview.sheetInfo.filter((s) => s.people > 0 && s.date)
  const days = new Set(dated.map((s) => s.date))

  /** Reads again with this sheet's header row or mapping changed, keeping what was chosen for the others. */
  const change = (p: ImportSheetPart, patch: { headerRow?: number; mapping?: Array<ImportField | null> }): void => {
    const rest = (opts.overrides ?? []).filter((o) => o.sheet !== p.sheet)
    const mine = { sheet: p.sheet, headerRow: p.headerRow, mapping: p.mapping, ...patch }
    // a new header row means new columns: their mapping is guessed again
    if ('headerRow' in patch) delete (mine as { mapping?: unknown }).mapping
    onRead({ ...opts, headerRow: undefined, sheet: opts.sheet ?? preview.sheet, overrides: [...rest, mine] })
  }

  return (
    <>
      {preview.already && (
        <Alert style={{ marginBottom: 16 }} type="warning" showIcon title={`该文件已于 ${formatDateTime(preview.already.at)} 导入过（第 ${preview.already.batchId} 批），不会重复导入。如需重新导入，请先在导入记录中撤销那一批。`} />
      )}
      {kind === 'signin' && bySheetOffered && !preview.bySheet && days.size >= 2 && (
        <Alert
          style={{ marginBottom: 16 }}
          type="info"
          showIcon
          title={`这个工作簿有 ${dated.length} 个工作表是不同日期的签到表（${dated.map((s) => `${s.name}:${s.people}人`).join('、')}）。`}
          description="可以把每个工作表分别导入各自的活动：已有同一天的活动就导入该活动，没有就新建。"
          action={
            <Button type="primary" onClick={() => onRead({ bySheet: { communityId: opts.bySheet?.communityId } })}>
              每个工作表导入各自的活动
            </Button>
          }
        />
      )}
      {others.length > 0 && !preview.bySheet && (
        <Alert
          style={{ marginBottom: 16 }}
          type="info"
          showIcon
          title={`其他工作表中也有人员：${others.map((s) => `"${s.name}"（${s.people}人）`).join('、')}。`}
          description={
            <Space wrap>
              <span>一起导入：</span>
              <Checkbox.Group
                options={preview.sheetInfo.map((s, i) => ({ label: `${s.name}（${s.people}人）`, value: i, disabled: s.people === 0 || i === preview.sheet }))}
                value={taken}
                onChange={(v) => onRead({ ...opts, sheet: preview.sheet, sheets: [...new Set([preview.sheet, ...(v as number[])])] })}
                aria-label="一起导入的工作表"
              />
            </Space>
          }
        />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <span>工作表</span>
        <Select
          style={{ width: 180 }}
          value={preview.sheet}
          onChange={(sheet) => onRead({ sheet, bySheet: opts.bySheet })}
          options={preview.sheets.map((s, i) => ({ value: i, label: `${s}${preview.sheetInfo[i]?.people ? `（${preview.sheetInfo[i].people}人）` : ''}` }))}
          aria-label="工作表"
        />
        {taken.length > 1 && (
          <>
            <span>正在看</span>
            <Segmented value={part.sheet} onChange={(v) => setActive(v as number)} options={preview.parts.map((p) => ({ value: p.sheet, label: p.name }))} />
          </>
        )}
        {part.headerRow >= 0 && (
          <>
            <span>表头在第</span>
            <InputNumber min={1} max={20} value={part.headerRow + 1} onChange={(v) => v && change(part, { headerRow: Number(v) - 1 })} aria-label="表头行" />
            <span>行{part.headerRows > 1 ? `（共 ${part.headerRows} 行）` : ''}</span>
          </>
        )}
        <Checkbox checked={part.headerRow < 0} onChange={(e) => change(part, { headerRow: e.target.checked ? -1 : undefined })}>
          没有表头，第一行就是数据
        </Checkbox>
        {part.remembered && <Tag color="blue">已套用上次确认的列对应关系</Tag>}
      </Space>
      {part.guessed && (
        <Alert
          style={{ marginBottom: 12 }}
          type="warning"
          showIcon
          title="这个表格没有表头，看起来第一行就是数据。已按各列的内容猜测了列对应（下面标出），请核对后再导入。"
        />
      )}
      {part.blocks.length > 1 && (
        <Alert
          style={{ marginBottom: 12 }}
          type="info"
          showIcon
          title={`这个表格分成 ${part.blocks.length} 栏并排打印，将按栏依次读取：先${blockLabel(0, part.blocks.length)}从上到下，再${blockLabel(1, part.blocks.length)}${part.blocks.length > 2 ? '，依此类推' : ''}。`}
        />
      )}
      <div style={{ marginBottom: 12 }}>
        <Typography.Text strong>列对应：</Typography.Text>
        <Space wrap style={{ marginTop: 8 }}>
          {part.headers.map((h, c) => {
            const block = part.blocks.findIndex((b) => c >= b.start && c < b.end)
            const name = h || `第${c + 1}列`
            return (
              <Space.Compact key={c}>
                <Tag style={{ margin: 0, lineHeight: '30px' }}>
                  {part.blocks.length > 1 ? `${blockLabel(block, part.blocks.length)}·` : ''}
                  {name}
                </Tag>
                <Select
                  style={{ width: 130 }}
                  value={part.mapping[c] ?? ''}
                  aria-label={`"${name}"对应`}
                  onChange={(v) => {
                    const b = part.blocks[block]
                    // a field has one column within a block (blocks side by side each have their own)
                    const mapping = part.mapping.map((f, j) => (j === c ? v || null : f === v && (!b || (j >= b.start && j < b.end)) ? null : f)) as Array<ImportField | null>
                    change(part, { mapping })
                  }}
                  options={[{ value: '', label: '不导入' }, ...IMPORT_KIND_FIELDS[kind].map((f) => ({ value: f, label: importFieldLabel(kind, f) }))]}
                />
              </Space.Compact>
            )
          })}
        </Space>
      </div>
    </>
  )
}
