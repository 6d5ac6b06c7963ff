import { App, Button, Checkbox, Input, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { importFieldLabel, type ImportCandidate, type ImportField, type ImportKind, type ImportRowInput, type RowOutcome } from '../../../../shared/api'
import { call } from '../../api'
import { saveFile } from '../../download'
import { rowPlace } from './LeftOut'
import { Summary } from './Summary'
import { rowKey, type Checked } from './state'

const FIELD_WIDTHS: Partial<Record<ImportField, number>> = {
  name: 100, gender: 70, idCard: 190, phone: 140, unit: 210, community: 130, registeredAt: 120, signedAt: 90, signedOutAt: 90, hours: 90, veteran: 90, note: 160
}

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

/** A candidate in full: name, unit, community and masked phone, never cut off. */
const candidateText = (c: ImportCandidate): string => `${c.name} · ${c.unitName ?? '无单位'} · ${c.communityName} · ${c.phone}`

/**
 * Step 3: every row with main's verdict; fix cells, confirm members or exclude rows (one at a time, or all rows
 * of a kind at once) until none blocks the import. The summary says what committing will do.
 */
export function PreviewRows({
  kind,
  eventId,
  checked: { preview, rows, outcomes, summary, targets },
  onRowsChange,
  onCommit
}: {
  kind: ImportKind
  eventId?: number
  checked: Checked
  onRowsChange: (rows: ImportRowInput[]) => void
  onCommit: () => void
}) {
  const { message, modal } = App.useApp()
  const [onlyProblems, setOnlyProblems] = useState(false)
  const editRow = (i: number, patch: Partial<ImportRowInput>): void => onRowsChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  const editAll = (action: RowOutcome['action'], patch: (r: ImportRowInput) => Partial<ImportRowInput>): void =>
    onRowsChange(rows.map((r, i) => (outcomes[i]?.action === action ? { ...r, ...patch(r) } : r)))

  const counts = useMemo(() => {
    const c: Partial<Record<RowOutcome['action'], number>> = {}
    for (const o of outcomes) c[o.action] = (c[o.action] ?? 0) + 1
    return c
  }, [outcomes])
  const blocking = (counts.error ?? 0) + (counts.confirm ?? 0)
  const blocks = Math.max(1, ...preview.parts.map((p) => p.blocks.length))

  // one column per field: blocks side by side and sheets taken together repeat them
  const fields = [...new Set(preview.parts.flatMap((p) => p.mapping.filter((f): f is ImportField => !!f)))]
  const shown = rows.map((r, i) => ({ r, o: outcomes[i], i })).filter(({ o }) => !onlyProblems || o?.action === 'error' || o?.action === 'confirm')
  const positioned = blocks > 1 || preview.parts.length > 1

  const confirmCommit = (): void => {
    void modal.confirm({
      title: '确认导入',
      width: 520,
      content: (
        <>
          <Typography.Paragraph style={{ marginBottom: 0 }}>导入后将：</Typography.Paragraph>
          <Summary kind={kind} summary={summary} />
          <Typography.Text type="secondary">导入后可在“导入记录”中整批撤销（导入时记下了每一处改动）；当天第一次导入前还会自动备份全部数据。</Typography.Text>
        </>
      ),
      okText: '确认导入',
      cancelText: '再看看',
      onOk: onCommit
    })
  }

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        {(Object.entries(counts) as Array<[RowOutcome['action'], number]>).map(([a, n]) => (
          <Tag key={a} color={ACTION_COLORS[a]}>
            {
              {
                create: kind === 'signin' ? '新增未报到人员' : kind === 'unit' ? '新建单位' : '新建党员', update: kind === 'unit' ? '更新单位' : '更新党员', match: '匹配签到', unchanged: '无变化', already: '已签到', duplicate: '文件内重复',
                excluded: '已排除', confirm: '待确认', error: '有错误'
              }[a]
            }{' '}
            {n}
          </Tag>
        ))}
        <Segmented value={onlyProblems ? 'p' : 'a'} onChange={(v) => setOnlyProblems(v === 'p')} options={[{ label: `全部 ${rows.length} 行`, value: 'a' }, { label: `只看需处理的 ${blocking} 行`, value: 'p' }]} />
      </Space>
      {(counts.confirm ?? 0) + (counts.error ?? 0) > 0 && (
        <Space wrap style={{ marginBottom: 12 }}>
          {counts.confirm ? (
            <>
              <Typography.Text>待确认的 {counts.confirm} 行：</Typography.Text>
              <Button size="small" onClick={() => editAll('confirm', () => ({ choice: 'new', exclude: false }))}>
                {kind === 'signin' ? '全部登记为未报到人员' : '全部新建党员'}
              </Button>
              <Button size="small" onClick={() => editAll('confirm', () => ({ exclude: true }))}>
                全部跳过
              </Button>
            </>
          ) : null}
          {counts.error ? (
            <Button size="small" onClick={() => editAll('error', () => ({ exclude: true }))}>
              排除全部 {counts.error} 行有错误的行
            </Button>
          ) : null}
        </Space>
      )}
      <Table
        rowKey={({ r }) => rowKey(r)}
        size="small"
        dataSource={shown}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 50, showSizeChanger: false, showTotal: (t) => `共 ${t} 行` }}
        columns={[
          { title: positioned ? '位置' : '行号', width: positioned ? 130 : 60, render: (_, { r }) => (positioned ? rowPlace(r, preview.sheets, blocks) : r.index) },
          {
            title: '排除',
            width: 56,
            render: (_, { r, i }) => <Checkbox checked={!!r.exclude} onChange={(e) => editRow(i, { exclude: e.target.checked } as Decision)} aria-label={`排除${rowPlace(r, preview.sheets, blocks)}`} />
          },
          {
            title: '处理',
            width: 300,
            render: (_, { r, o, i }) =>
              o?.action === 'confirm' || (o?.candidates && r.choice !== undefined) ? (
                <Space orientation="vertical" size={2}>
                  <Select
                    size="small"
                    style={{ width: 290 }}
                    popupMatchSelectWidth={false}
                    placeholder={o.label}
                    value={r.choice}
                    status={r.choice === undefined ? 'warning' : undefined}
                    onChange={(choice) => editRow(i, { choice } as Decision)}
                    optionRender={(opt) => <span style={{ whiteSpace: 'normal' }}>{opt.label}</span>}
                    options={[
                      ...(o.candidates ?? []).map((c) => ({ value: c.id, label: candidateText(c), title: candidateText(c) })),
                      { value: 'new', label: kind === 'signin' ? '不是以上人员，登记为未报到人员' : '不是以上人员，新建党员' }
                    ]}
                    aria-label={`${rowPlace(r, preview.sheets, blocks)}是哪位党员`}
                  />
                  {o.action === 'confirm' && <Typography.Text type="warning" style={{ fontSize: 12 }}>{o.label}</Typography.Text>}
                </Space>
              ) : (
                <Tooltip title={o?.problems.row}>
                  <Tag color={ACTION_COLORS[o?.action ?? 'error']} style={{ whiteSpace: 'normal' }}>
                    {o?.label}
                  </Tag>
                  {o?.problems.row && <div style={{ color: '#cf1322', fontSize: 12, maxWidth: 290, whiteSpace: 'normal' }}>{o.problems.row}</div>}
                </Tooltip>
              )
          },
          ...fields.map((field) => ({
            title: importFieldLabel(kind, field),
            key: field,
            width: (kind === 'unit' ? { name: 190, partyOrg: 190, unitKind: 100, contact: 90 }[field as string] : undefined) ?? FIELD_WIDTHS[field] ?? 120,
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
                    key={`${rowKey(r)}-${field}-${r.values[field] ?? ''}`}
                    onBlur={(e) => {
                      if (e.target.value !== (r.values[field] ?? '')) editRow(i, { values: { ...r.values, [field]: e.target.value }, ...(field === 'idCard' ? { idNumeric: false } : {}) })
                    }}
                    aria-label={`${rowPlace(r, preview.sheets, blocks)}${importFieldLabel(kind, field)}`}
                  />
                  {(problem || warning) && <div style={{ color: problem ? '#cf1322' : '#d46b08', fontSize: 12, maxWidth: 260, whiteSpace: 'normal' }}>{problem ?? warning}</div>}
                </Tooltip>
              )
            }
          })),
          ...(kind === 'signin' ? [{ title: '计入时长', key: '_hours', width: 80, render: (_: unknown, { o }: { o: RowOutcome }) => (o?.hours !== undefined ? `${o.hours} 小时` : '') }] : [])
        ]}
      />
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 4 }} strong>
        导入后将：
      </Typography.Paragraph>
      <Summary kind={kind} summary={summary} />
      <Space style={{ marginTop: 8 }}>
        <Button type="primary" disabled={blocking > 0 || !!preview.already || !rows.length} onClick={confirmCommit}>
          导入
        </Button>
        {blocking > 0 && (
          <>
            <Typography.Text type="danger">还有 {blocking} 行需要处理：修改标红的单元格、确认党员，或勾选"排除"。</Typography.Text>
            <Button
              onClick={() =>
                call('import.rejects', {
                  kind, eventId, fileName: preview.fileName, headers: preview.headers, mapping: preview.mapping, rows,
                  ...(preview.bySheet && targets && preview.bySheet.communityId ? { bySheet: { communityId: preview.bySheet.communityId, targets: targets.map(toTarget) } } : {})
                }).then(saveFile, (e: Error) => message.error(e.message))
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

/** A target as the contract takes it. */
export const toTarget = ({ sheet, eventId, title, date, startTime, endTime }: { sheet: number; eventId: number | null; title: string; date: string; startTime?: string; endTime?: string }) => ({
  sheet, eventId, title, date, startTime, endTime
})
