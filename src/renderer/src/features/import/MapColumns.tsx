import { Alert, InputNumber, Select, Space, Tag, Typography } from 'antd'
import { IMPORT_FIELD_LABELS, IMPORT_FIELDS, type ImportField, type ImportPreview } from '../../../../shared/api'
import { formatDateTime } from '../../format'
import type { ReadOptions } from './state'

/** Step 2: which sheet, which header row, and which column is which field; each change reads the file again. */
export function MapColumns({ preview, onRead }: { preview: ImportPreview; onRead: (opts: ReadOptions) => void }) {
  return (
    <>
      {preview.already && (
        <Alert style={{ marginBottom: 16 }} type="warning" showIcon message={`该文件已于 ${formatDateTime(preview.already.at)} 导入过（第 ${preview.already.batchId} 批），不会重复导入。如需重新导入，请先在导入记录中撤销那一批。`} />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <span>工作表</span>
        <Select style={{ width: 160 }} value={preview.sheet} onChange={(sheet) => onRead({ sheet })} options={preview.sheets.map((s, i) => ({ value: i, label: s }))} aria-label="工作表" />
        <span>表头在第</span>
        <InputNumber min={1} max={20} value={preview.headerRow + 1} onChange={(v) => v && onRead({ sheet: preview.sheet, headerRow: Number(v) - 1 })} aria-label="表头行" />
        <span>行</span>
        {preview.remembered && <Tag color="blue">已套用上次确认的列对应关系</Tag>}
      </Space>
      <div style={{ marginBottom: 12 }}>
        <Typography.Text strong>列对应：</Typography.Text>
        <Space wrap style={{ marginTop: 8 }}>
          {preview.headers.map((h, c) => (
            <Space.Compact key={c}>
              <Tag style={{ margin: 0, lineHeight: '30px' }}>{h || `第${c + 1}列`}</Tag>
              <Select
                style={{ width: 130 }}
                value={preview.mapping[c] ?? ''}
                aria-label={`“${h || `第${c + 1}列`}”对应`}
                onChange={(v) => {
                  const mapping = preview.mapping.map((f, j) => (j === c ? (v || null) : f === v ? null : f)) as Array<ImportField | null>
                  onRead({ sheet: preview.sheet, headerRow: preview.headerRow, mapping })
                }}
                options={[{ value: '', label: '不导入' }, ...IMPORT_FIELDS.map((f) => ({ value: f, label: IMPORT_FIELD_LABELS[f] }))]}
              />
            </Space.Compact>
          ))}
        </Space>
      </div>
    </>
  )
}
