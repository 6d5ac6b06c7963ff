import { ImportOutlined, InboxOutlined, UndoOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Checkbox, Input, InputNumber, Popconfirm, Progress as ProgressBar, Result, Segmented, Select, Space, Spin, Table, Tag, Tooltip, Typography, Upload } from 'antd'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import {
  IMPORT_FIELD_LABELS,
  IMPORT_FIELDS,
  IMPORT_KIND_LABELS,
  type ImportBatch,
  type ImportField,
  type ImportKind,
  type ImportPreview,
  type ImportRowInput,
  type Progress,
  type RowOutcome
} from '../../../shared/api'
import { ApiCallError, call, onProgress, useApi, useCall } from '../api'
import { usePage } from '../components/list'
import { saveFile } from '../download'
import { formatDateTime } from '../format'

const MAX_BYTES = 20 * 1024 * 1024
const FIELD_WIDTHS: Partial<Record<ImportField, number>> = { name: 100, gender: 70, idCard: 190, phone: 140, unit: 210, community: 130, registeredAt: 120, signedAt: 90, veteran: 90, note: 160 }
const ACCEPT = '.xlsx,.xls,.et,.ods,.csv'

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

function toBase64(file: File): Promise<string> {
  return new Promise((ok, fail) => {
    const reader = new FileReader()
    reader.onload = () => ok(String(reader.result).split(',')[1] ?? '')
    reader.onerror = () => fail(new Error('无法读取该文件,请确认文件没有被其他程序占用。'))
    reader.readAsDataURL(file)
  })
}

export function ImportsPage() {
  const { page, pagination } = usePage()
  const list = useApi('import.list', page)
  const undo = useCall('import.undo')
  const navigate = useNavigate()
  const { message } = App.useApp()
  const [eventId, setEventId] = useState<number | null>(null)
  const [keyword, setKeyword] = useState('')
  const events = useApi('event.list', { keyword, pageSize: 20 })
  return (
    <Card>
      <h2 className="page-title">导入</h2>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<ImportOutlined />} onClick={() => navigate('/imports/new?kind=roster')}>
          导入名册
        </Button>
        <Typography.Text type="secondary">或者为活动</Typography.Text>
        <Select
          showSearch={{ filterOption: false, onSearch: setKeyword }}
          placeholder="选择活动(可输入名称查找)"
          style={{ width: 320 }}
          value={eventId ?? undefined}
          onChange={setEventId}
          options={(events.data?.rows ?? []).map((e) => ({ value: e.id, label: `${e.date} ${e.title}` }))}
          aria-label="选择活动"
        />
        <Button icon={<ImportOutlined />} disabled={!eventId} onClick={() => navigate(`/imports/new?kind=signin&eventId=${eventId}`)}>
          导入签到表
        </Button>
      </Space>
      <Table<ImportBatch>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows}
        pagination={pagination(list.data?.total)}
        columns={[
          { title: '批次', dataIndex: 'id', width: 70 },
          { title: '导入时间', dataIndex: 'createdAt', width: 160, render: formatDateTime },
          { title: '类型', dataIndex: 'kind', width: 80, render: (k: ImportKind) => IMPORT_KIND_LABELS[k] },
          { title: '文件', dataIndex: 'fileName', ellipsis: true },
          { title: '活动', dataIndex: 'eventTitle', ellipsis: true, render: (t, b) => (t ? <Link to={`/events/${b.eventId}`}>{t}</Link> : '—') },
          {
            title: '结果',
            width: 300,
            render: (_, b) => `新增 ${b.membersCreated} 人,更新 ${b.membersUpdated} 人,签到 ${b.attendance} 人次,跳过 ${b.skipped} 行${b.unitsCreated ? `,新建单位 ${b.unitsCreated} 个` : ''}`
          },
          { title: '操作员', dataIndex: 'operator', width: 90 },
          {
            title: '操作',
            width: 120,
            render: (_, b) =>
              b.undoneAt ? (
                <Tag>已撤销</Tag>
              ) : (
                <Popconfirm
                  title={`撤销第 ${b.id} 批导入?`}
                  description="将删除这批导入新增的党员、单位和签到,并把被它更新的党员恢复原样。"
                  okText="撤销导入"
                  cancelText="取消"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => undo.mutateAsync({ id: b.id }).then(() => message.success(`已撤销第 ${b.id} 批导入`), (e: ApiCallError) => message.error(e.message))}
                >
                  <Button size="small" icon={<UndoOutlined />}>
                    撤销导入
                  </Button>
                </Popconfirm>
              )
          }
        ]}
      />
    </Card>
  )
}

type Decision = Pick<ImportRowInput, 'exclude' | 'choice'>

export function ImportWizard() {
  const [params] = useSearchParams()
  const kind = (params.get('kind') === 'signin' ? 'signin' : 'roster') as ImportKind
  const eventId = params.get('eventId') ? Number(params.get('eventId')) : undefined
  const event = useApi('event.get', { id: eventId ?? 0 }, !!eventId)
  const { message } = App.useApp()
  const navigate = useNavigate()
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [rows, setRows] = useState<ImportRowInput[]>([])
  const [outcomes, setOutcomes] = useState<RowOutcome[]>([])
  const [busy, setBusy] = useState<string | null>(null)
  const [readError, setReadError] = useState<string | null>(null)
  const [onlyProblems, setOnlyProblems] = useState(false)
  const [done, setDone] = useState<ImportBatch | null>(null)
  const queryClient = useQueryClient()
  const [progress, setProgress] = useState<Progress | null>(null)
  useEffect(() => onProgress(setProgress), [])

  const load = async (f: { name: string; base64: string }, opts: { sheet?: number; headerRow?: number; mapping?: Array<ImportField | null> } = {}): Promise<void> => {
    setBusy('正在读取和核对文件…')
    setProgress(null)
    setReadError(null)
    try {
      const p = await call('import.read', { kind, eventId, fileName: f.name, fileBase64: f.base64, ...opts })
      setPreview(p)
      setRows(p.rows)
      setOutcomes(p.outcomes)
    } catch (e) {
      setReadError((e as Error).message)
      setPreview(null)
    } finally {
      setBusy(null)
    }
  }

  const recheck = async (next: ImportRowInput[]): Promise<void> => {
    setRows(next)
    try {
      setOutcomes((await call('import.check', { kind, eventId, rows: next })).outcomes)
    } catch (e) {
      message.error((e as Error).message)
    }
  }
  const editRow = (i: number, patch: Partial<ImportRowInput>): void => void recheck(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))

  const counts = useMemo(() => {
    const c: Partial<Record<RowOutcome['action'], number>> = {}
    for (const o of outcomes) c[o.action] = (c[o.action] ?? 0) + 1
    return c
  }, [outcomes])
  const blocking = (counts.error ?? 0) + (counts.confirm ?? 0)

  const submit = async (): Promise<void> => {
    if (!preview) return
    setBusy(`正在导入 ${rows.length} 行…`)
    try {
      setDone(await call('import.commit', { kind, eventId, fileName: preview.fileName, fileHash: preview.fileHash, headers: preview.headers, mapping: preview.mapping, rows }))
      void queryClient.invalidateQueries()
    } catch (e) {
      message.error((e as Error).message)
    } finally {
      setBusy(null)
    }
  }

  const title = kind === 'signin' ? `导入签到表${event.data ? `:${event.data.title}(${event.data.date})` : ''}` : '导入名册'

  if (done) {
    return (
      <Card>
        <Result
          status="success"
          title={`第 ${done.id} 批导入完成`}
          subTitle={`新增 ${done.membersCreated} 人,更新 ${done.membersUpdated} 人,签到 ${done.attendance} 人次,跳过 ${done.skipped} 行${done.unitsCreated ? `,新建单位 ${done.unitsCreated} 个` : ''}。`}
          extra={[
            eventId ? (
              <Button type="primary" key="event" onClick={() => navigate(`/events/${eventId}`)}>
                查看活动签到
              </Button>
            ) : (
              <Button type="primary" key="members" onClick={() => navigate('/members')}>
                查看党员名单
              </Button>
            ),
            <Button key="list" onClick={() => navigate('/imports')}>
              查看导入记录
            </Button>
          ]}
        />
      </Card>
    )
  }

  const mappedFields = (preview?.mapping ?? []).map((f, c) => [f, c] as const).filter((x): x is readonly [ImportField, number] => !!x[0])
  const shown = rows.map((r, i) => ({ r, o: outcomes[i], i })).filter(({ o }) => !onlyProblems || o?.action === 'error' || o?.action === 'confirm')

  return (
    <Spin
      spinning={!!busy}
      description={
        busy && (
          <div style={{ width: 320, margin: '0 auto' }}>
            <div>{progress && busy.startsWith('正在读取') ? `${progress.task}:${progress.done} / ${progress.total}` : busy}</div>
            {progress && busy.startsWith('正在读取') && <ProgressBar percent={Math.round((progress.done / Math.max(progress.total, 1)) * 100)} size="small" />}
          </div>
        )
      }
    >
      <Card>
        <h2 className="page-title">{title}</h2>
        <Upload.Dragger
          accept={ACCEPT}
          showUploadList={false}
          beforeUpload={(f) => {
            if (f.size > MAX_BYTES) {
              message.error(`文件有 ${(f.size / 1024 / 1024).toFixed(1)} MB,超过 20 MB 的上限。`)
              return false
            }
            void toBase64(f).then(
              (base64) => {
                const next = { name: f.name, base64 }
                setFile(next)
                return load(next)
              },
              (e: Error) => message.error(e.message)
            )
            return false
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{file ? `已选择:${file.name}(点击或拖入可换一个文件)` : `把${IMPORT_KIND_LABELS[kind]}拖到这里,或点击选择文件`}</p>
          <p className="ant-upload-hint">支持 .xlsx、.xls、.et、.ods、.csv(UTF-8 或 GBK),不超过 20 MB</p>
        </Upload.Dragger>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          没有现成的表格?
          <Typography.Link onClick={() => call('import.template', { kind, eventId }).then(saveFile, (e: Error) => message.error(e.message))}>
            下载{IMPORT_KIND_LABELS[kind]}模板
          </Typography.Link>
          ,按模板填写的表格导入时不需要再对应列。
        </Typography.Paragraph>
        {readError && (
          <Alert
            style={{ marginTop: 16 }}
            type="error"
            showIcon
            message={readError}
            action={
              file && /表头/.test(readError) ? (
                <Space>
                  表头在第
                  <InputNumber min={1} max={20} size="small" onChange={(v) => v && void load(file, { headerRow: Number(v) - 1 })} aria-label="表头行" />行
                </Space>
              ) : undefined
            }
          />
        )}
      </Card>
      {preview && file && (
        <Card style={{ marginTop: 16 }}>
          {preview.already && (
            <Alert style={{ marginBottom: 16 }} type="warning" showIcon message={`该文件已于 ${formatDateTime(preview.already.at)} 导入过(第 ${preview.already.batchId} 批),不会重复导入。如需重新导入,请先在导入记录中撤销那一批。`} />
          )}
          <Space wrap style={{ marginBottom: 12 }}>
            <span>工作表</span>
            <Select style={{ width: 160 }} value={preview.sheet} onChange={(sheet) => void load(file, { sheet })} options={preview.sheets.map((s, i) => ({ value: i, label: s }))} aria-label="工作表" />
            <span>表头在第</span>
            <InputNumber min={1} max={20} value={preview.headerRow + 1} onChange={(v) => v && void load(file, { sheet: preview.sheet, headerRow: Number(v) - 1 })} aria-label="表头行" />
            <span>行</span>
            {preview.remembered && <Tag color="blue">已套用上次确认的列对应关系</Tag>}
          </Space>
          <div style={{ marginBottom: 12 }}>
            <Typography.Text strong>列对应:</Typography.Text>
            <Space wrap style={{ marginTop: 8 }}>
              {preview.headers.map((h, c) => (
                <Space.Compact key={c}>
                  <Tag style={{ margin: 0, lineHeight: '30px' }}>{h || `第${c + 1}列`}</Tag>
                  <Select
                    style={{ width: 130 }}
                    value={preview.mapping[c] ?? ''}
                    aria-label={`"${h || `第${c + 1}列`}"对应`}
                    onChange={(v) => {
                      const mapping = preview.mapping.map((f, j) => (j === c ? (v || null) : f === v ? null : f)) as Array<ImportField | null>
                      void load(file, { sheet: preview.sheet, headerRow: preview.headerRow, mapping })
                    }}
                    options={[{ value: '', label: '不导入' }, ...IMPORT_FIELDS.map((f) => ({ value: f, label: IMPORT_FIELD_LABELS[f] }))]}
                  />
                </Space.Compact>
              ))}
            </Space>
          </div>
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
                      options={[...(o.candidates ?? []).map((c) => ({ value: c.id, label: `${c.name} · ${c.unitName ?? '无单位'} · ${c.phone}` })), { value: 'new', label: '不是以上人员,新建党员' }]}
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
            <Button type="primary" disabled={blocking > 0 || !!preview.already} onClick={() => void submit()}>
              导入
            </Button>
            {blocking > 0 && (
              <>
                <Typography.Text type="danger">还有 {blocking} 行需要处理:修改标红的单元格、确认党员,或勾选"排除"。</Typography.Text>
                <Button
                  onClick={() =>
                    call('import.rejects', { kind, eventId, fileName: preview.fileName, headers: preview.headers, mapping: preview.mapping, rows }).then(saveFile, (e: Error) => message.error(e.message))
                  }
                >
                  导出有问题的行(退回社区)
                </Button>
              </>
            )}
          </Space>
        </Card>
      )}
    </Spin>
  )
}
