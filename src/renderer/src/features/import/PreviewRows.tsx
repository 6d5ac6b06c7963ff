import { App, Button, Checkbox, Input, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { IMPORT_FIELD_LABELS, type ImportField, type ImportKind, type ImportRowInput, type RowOutcome } from '../../../../shared/api'
import { call } from '../../api'
import { saveFile } from '../../download'
import type { Checked } from './state'

const FIELD_WIDTHS: Partial<Record<ImportField, number>> = { name: 100, gender: 70, idCard: 190, phone: 140, unit: 210, community: 130, registeredAt: 120, signedAt: 90, veteran: 90, note: 160 }

const ACTION_COLORS: Record<RowOutcome['action'], string> = {
  create: 'green',
  update: 'blue',
  match: 'cyan',
  unchanged: 'default',
  already: 'default',
  duplicate: 'default',
  excluded: 'default',
  confirm: 'orange',
  error: 'red'
}

type Decision = Pick<ImportRowInput, 'exclude' | 'choice'>

/** Step 3: every row with main's verdict; fix cells, confirm members or exclude rows until none blocks the import. */
export function PreviewRows({
  kind,
  eventId,
  checked: { preview, rows, outcomes },
  onRowsChange,
  onCommit
}: {
  kind: ImportKind
  eventId?: number
  checked: Checked
  onRowsChange: (rows: ImportRowInput[]) => void
  onCommit: () => void
}) {
  const { message } = App.useApp()
  const [onlyProblems, setOnlyProblems] = useState(false)
  const editRow = (i: number, patch: Partial<ImportRowInput>): void => onRowsChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))

  const counts = useMemo(() => {
    const c: Partial<Record<RowOutcome['action'], number>> = {}
    for (const o of outcomes) c[o.action] = (c[o.action] ?? 0) + 1
    return c
  }, [outcomes])
  const blocking = (counts.error ?? 0) + (counts.confirm ?? 0)

  const mappedFields = preview.mapping.map((f, c) => [f, c] as const).filter((x): x is readonly [ImportField, number] => !!x[0])
  const shown = rows.map((r, i) => ({ r, o: outcomes[i], i })).filter(({ o }) => !onlyProblems || o?.action === 'error' || o?.action === 'confirm')

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        {(Object.entries(counts) as Array<[RowOutcome['action'], number]>).map(([a, n]) => (
          <Tag key={a} color={ACTION_COLORS[a]}>
            {{ create: '新建党员', update: '更新党员', match: '匹配签到', unchanged: '无变化', already: '已签到', duplicate: '文件内重复', excluded: '已排除', confirm: '待确认', error: '有错误' }[a]} {n}
          </Tag>
        ))}
        <Segmented value={onlyProblems ? 'p' : 'a'} onChange={(v) => setOnlyProblems(v === 'p')} options={[{ label: `全部 ${rows.length} 行`, value: 'a' }, { label: `只看需处理的 ${blocking} 行`, value: 'p' }]} />
      </Space>
      <Table
        rowKey={({ r }) => r.index}
        size="small"
        dataSource={shown}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, showSizeChanger: false, showTotal: (t) => `共 ${t} 行` }}
        columns={[
          { title: '行号', width: 60, render: (_, { r }) => r.index },
          {
            title: '排除',
            width: 56,
            render: (_, { r, i }) => <Checkbox checked={!!r.exclude} onChange={(e) => editRow(i, { exclude: e.target.checked } as Decision)} aria-label={`排除第${r.index}行`} />
          },
          {
            title: '处理',
            width: 220,
            render: (_, { r, o, i }) =>
              o?.action === 'confirm' || (o?.candidates && r.choice !== undefined) ? (
                <Select
                  size="small"
                  style={{ width: 210 }}
                  placeholder="请确认是哪位党员"
                  value={r.choice}
                  status={r.choice === undefined ? 'warning' : undefined}
                  onChange={(choice) => editRow(i, { choice } as Decision)}
                  options={[...(o.candidates ?? []).map((c) => ({ value: c.id, label: `${c.name} · ${c.unitName ?? '无单位'} · ${c.phone}` })), { value: 'new', label: '不是以上人员，新建党员' }]}
                  aria-label={`第${r.index}行是哪位党员`}
                />
              ) : (
                <Tooltip title={o?.problems.row}>
                  <Tag color={ACTION_COLORS[o?.action ?? 'error']}>{o?.label}</Tag>
                </Tooltip>
              )
          },
          ...mappedFields.map(([field]) => ({
            title: IMPORT_FIELD_LABELS[field],
            key: field,
            width: FIELD_WIDTHS[field] ?? 120,
            render: (_: unknown, { r, o, i }: { r: ImportRowInput; o: RowOutcome; i: number }) => {
              const problem = o?.problems[field]
              const warning = o?.warnings[field]
              return (
                <Tooltip title={problem ?? warning}>
                  <Input
                    size="small"
                    variant={problem || warning ? 'outlined' : 'borderless'}
                    status={problem ? 'error' : warning ? 'warning' : undefined}
                    defaultValue={r.values[field] ?? ''}
                    key={`${r.index}-${field}-${r.values[field] ?? ''}`}
                    onBlur={(e) => {
                      if (e.target.value !== (r.values[field] ?? '')) editRow(i, { values: { ...r.values, [field]: e.target.value }, ...(field === 'idCard' ? { idNumeric: false } : {}) })
                    }}
                    aria-label={`第${r.index}行${IMPORT_FIELD_LABELS[field]}`}
                  />
                  {(problem || warning) && <div style={{ color: problem ? '#cf1322' : '#d46b08', fontSize: 12, maxWidth: 260, whiteSpace: 'normal' }}>{problem ?? warning}</div>}
                </Tooltip>
              )
            }
          }))
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" disabled={blocking > 0 || !!preview.already} onClick={onCommit}>
          导入
        </Button>
        {blocking > 0 && (
          <>
            <Typography.Text type="danger">还有 {blocking} 行需要处理：修改标红的单元格、确认党员，或勾选“排除”。</Typography.Text>
            <Button
              onClick={() =>
                call('import.rejects', { kind, eventId, fileName: preview.fileName, headers: preview.headers, mapping: preview.mapping, rows }).then(saveFile, (e: Error) => message.error(e.message))
              }
            >
              导出有问题的行（退回社区）
            </Button>
          </>
        )}
      </Space>
    </>
  )
}
