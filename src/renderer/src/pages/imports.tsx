import { ImportOutlined, UndoOutlined } from '@ant-design/icons'
import { App, Button, Card, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useReducer, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { IMPORT_KIND_LABELS, type ImportBatch, type ImportKind, type ImportRowInput } from '../../../shared/api'
import { ApiCallError, call, onProgress, useApi, useCall } from '../api'
import { Clip, TOP_BAR_HEIGHT } from '../components/columns'
import { usePage } from '../components/list'
import { ChooseFile } from '../features/import/ChooseFile'
import { Done } from '../features/import/Done'
import { MapColumns } from '../features/import/MapColumns'
import { PreviewRows } from '../features/import/PreviewRows'
import { initialWizardState, shownFile, wizardReducer, type ChosenFile, type ReadOptions } from '../features/import/state'
import { Working } from '../features/import/Working'
import { formatDateTime } from '../format'

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
          placeholder="选择活动（可输入名称查找）"
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
        sticky={{ offsetHeader: TOP_BAR_HEIGHT }}
        scroll={{ x: 1090 }}
        loading={list.isFetching}
        dataSource={list.data?.rows}
        pagination={pagination(list.data?.total)}
        columns={[
          { title: '批次', dataIndex: 'id', width: 64 },
          { title: '导入时间', dataIndex: 'createdAt', width: 150, render: formatDateTime },
          { title: '类型', dataIndex: 'kind', width: 80, render: (k: ImportKind) => IMPORT_KIND_LABELS[k] },
          { title: '文件', dataIndex: 'fileName', width: 160, ellipsis: { showTitle: false }, render: (v: string) => <Clip text={v} /> },
          { title: '活动', dataIndex: 'eventTitle', width: 160, ellipsis: { showTitle: false }, render: (t, b) => (t ? <Clip text={t}><Link to={`/events/${b.eventId}`}>{t}</Link></Clip> : '—') },
          {
            title: '结果',
            width: 300,
            render: (_, b) => `新增 ${b.membersCreated} 人，更新 ${b.membersUpdated} 人，签到 ${b.attendance} 人次，跳过 ${b.skipped} 行${b.unitsCreated ? `，新建单位 ${b.unitsCreated} 个` : ''}`
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
                  title={`撤销第 ${b.id} 批导入？`}
                  description="将删除这批导入新增的党员、单位和签到，并把被它更新的党员恢复原样。"
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

export function ImportWizard() {
  const [params] = useSearchParams()
  const kind = (params.get('kind') === 'signin' ? 'signin' : 'roster') as ImportKind
  const eventId = params.get('eventId') ? Number(params.get('eventId')) : undefined
  const event = useApi('event.get', { id: eventId ?? 0 }, !!eventId)
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const [state, dispatch] = useReducer(wizardReducer, initialWizardState)
  useEffect(() => onProgress((progress) => dispatch({ type: 'progress', progress })), [])

  const read = async (file: ChosenFile, opts: ReadOptions = {}): Promise<void> => {
    dispatch({ type: 'read', file })
    try {
      dispatch({ type: 'read-ok', preview: await call('import.read', { kind, eventId, fileName: file.name, fileBase64: file.base64, ...opts }) })
    } catch (e) {
      dispatch({ type: 'read-failed', error: (e as Error).message })
    }
  }

  const recheck = async (rows: ImportRowInput[]): Promise<void> => {
    dispatch({ type: 'edit', rows })
    try {
      dispatch({ type: 'checked', rows, outcomes: (await call('import.check', { kind, eventId, rows })).outcomes })
    } catch (e) {
      message.error((e as Error).message)
    }
  }

  const commit = async (): Promise<void> => {
    if (state.step !== 'preview') return
    const { preview, rows } = state
    dispatch({ type: 'commit' })
    try {
      dispatch({ type: 'committed', batch: await call('import.commit', { kind, eventId, fileName: preview.fileName, fileHash: preview.fileHash, headers: preview.headers, mapping: preview.mapping, rows }) })
      void queryClient.invalidateQueries()
    } catch (e) {
      message.error((e as Error).message)
      dispatch({ type: 'commit-failed' })
    }
  }

  if (state.step === 'done') return <Done batch={state.batch} eventId={eventId} />

  const title = kind === 'signin' ? `导入签到表${event.data ? `:${event.data.title}(${event.data.date})` : ''}` : '导入名册'
  const { file } = state
  const shown = shownFile(state)
  return (
    <Working state={state}>
      <ChooseFile title={title} kind={kind} eventId={eventId} file={file} error={state.step === 'choose' ? state.error : null} onRead={(f, opts) => void read(f, opts)} />
      {shown && file && (
        <Card style={{ marginTop: 16 }}>
          <MapColumns preview={shown.preview} onRead={(opts) => void read(file, opts)} />
          <PreviewRows kind={kind} eventId={eventId} checked={shown} onRowsChange={(rows) => void recheck(rows)} onCommit={() => void commit()} />
        </Card>
      )}
    </Working>
  )
}
