import { ImportOutlined, UndoOutlined } from '@ant-design/icons'
import { App, Button, Card, Select, Space, Table, Tag, Typography } from 'antd'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useReducer, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { IMPORT_KIND_LABELS, type ImportBatch, type ImportKind, type ImportLeftOut, type ImportRowInput, type ImportTarget } from '../../../shared/api'
import { ApiCallError, call, onProgress, useApi, useCall } from '../api'
import { usePage } from '../components/list'
import { ChooseFile } from '../features/import/ChooseFile'
import { CommunitySelect } from '../components/RegisterSelect'
import { BySheet } from '../features/import/BySheet'
import { batchSummary, Done } from '../features/import/Done'
import { LeftOut } from '../features/import/LeftOut'
import { MapColumns } from '../features/import/MapColumns'
import { PreviewRows, toTarget } from '../features/import/PreviewRows'
import { initialWizardState, rowOrder, shownFile, wizardReducer, type Checked, type ChosenFile, type ReadOptions } from '../features/import/state'
import { Working } from '../features/import/Working'
import { formatDateTime } from '../format'

/**
 * 撤销导入: first asks main what the undo would take back besides the import (rows changed after it), so a later
 * hand edit is never undone without the clerk having read which.
 */
function UndoButton({ batch }: { batch: ImportBatch }) {
  const undo = useCall('import.undo')
  const { message, modal } = App.useApp()
  const [checking, setChecking] = useState(false)
  const run = (overwriteEdits: boolean): Promise<void> =>
    undo.mutateAsync({ id: batch.id, overwriteEdits }).then(
      () => void message.success(`已撤销第 ${batch.id} 批导入`),
      (e: ApiCallError) => void message.error(e.message)
    )
  const ask = async (): Promise<void> => {
    setChecking(true)
    const since = await call('import.undoCheck', { id: batch.id }).finally(() => setChecking(false))
    const plain = '将删除这批导入新增的党员、单位、结对、活动和签到，并把被它更新的党员和单位恢复原样。'
    modal.confirm({
      title: `撤销第 ${batch.id} 批导入？`,
      width: since.total ? 560 : 416,
      content: since.total ? (
        <>
          <p>{plain}</p>
          <Typography.Paragraph type="danger" strong>
            导入之后，有 {since.total} 条记录又被修改过（手工编辑、转移等）。撤销会把这些修改一并撤回：
          </Typography.Paragraph>
          <ul style={{ maxHeight: 200, overflow: 'auto', paddingLeft: 20 }}>
            {since.edited.map((name) => (
              <li key={name}>{name}</li>
            ))}
            {since.total > since.edited.length && <li>等共 {since.total} 条</li>}
          </ul>
          <p>如要保留这些修改，请点“取消”：不撤销这批导入，把导入有误的记录逐条改正。</p>
        </>
      ) : (
        plain
      ),
      okText: since.total ? '仍然撤销（撤回这些修改）' : '撤销导入',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => run(since.total > 0)
    })
  }
  return (
    <Button size="small" icon={<UndoOutlined />} loading={checking} onClick={() => void ask().catch((e: Error) => message.error(e.message))}>
      撤销导入
    </Button>
  )
}

export function ImportsPage() {
  const { page, pagination } = usePage()
  const list = useApi('import.list', page)
  const navigate = useNavigate()
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
        <Button icon={<ImportOutlined />} onClick={() => navigate('/imports/new?kind=unit')}>
          导入单位名单
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
        <Button icon={<ImportOutlined />} onClick={() => navigate('/imports/new?kind=signin')}>
          导入多日签到表（每个工作表一个活动）
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
          {
            title: '活动',
            // wraps rather than cut: the activity is what the clerk looks for in this list
            render: (_, b) =>
              b.eventTitle ? (
                <Link to={`/events/${b.eventId}`}>{b.eventTitle}</Link>
              ) : b.events.length ? (
                <Space size={4} wrap>
                  {b.events.map((e) => (
                    <Link key={e.id} to={`/events/${e.id}`}>
                      {e.date.slice(5)} {e.title}
                    </Link>
                  ))}
                </Space>
              ) : b.eventsCreated ? (
                `${b.eventsCreated} 个活动（已随撤销删除）`
              ) : (
                '—'
              )
          },
          { title: '结果', width: 320, render: (_, b) => batchSummary(b) },
          { title: '操作员', dataIndex: 'operator', width: 90 },
          {
            title: '操作',
            width: 120,
            render: (_, b) =>
              b.undoneAt ? (
                <Tag>已撤销</Tag>
              ) : (
                <UndoButton batch={b} />
              )
          }
        ]}
      />
    </Card>
  )
}

export function ImportWizard() {
  const [params] = useSearchParams()
  const kind = (params.get('kind') === 'signin' ? 'signin' : params.get('kind') === 'unit' ? 'unit' : 'roster') as ImportKind
  const eventId = params.get('eventId') ? Number(params.get('eventId')) : undefined
  // a sign-in workbook without an activity chosen: each sheet goes to its own activity
  const bySheetOnly = kind === 'signin' && !eventId
  const event = useApi('event.get', { id: eventId ?? 0 }, !!eventId)
  const { message } = App.useApp()
  const queryClient = useQueryClient()
  const [state, dispatch] = useReducer(wizardReducer, initialWizardState)
  const [communityId, setCommunityId] = useState<number | null>(null)
  useEffect(() => onProgress((progress) => dispatch({ type: 'progress', progress })), [])

  const read = async (file: ChosenFile, opts: ReadOptions = {}): Promise<void> => {
    const withMode: ReadOptions = bySheetOnly || opts.bySheet ? { ...opts, bySheet: { communityId: opts.bySheet?.communityId ?? communityId ?? event.data?.communityId } } : opts
    dispatch({ type: 'read', file, opts: withMode })
    try {
      const input = { kind, eventId: withMode.bySheet ? undefined : eventId, fileName: file.name, fileBase64: file.base64, ...withMode }
      dispatch({ type: 'read-ok', preview: await call('import.read', input) })
    } catch (e) {
      dispatch({ type: 'read-failed', error: (e as Error).message })
    }
  }

  const bySheetOf = (shown: Checked, targets = shown.targets) =>
    shown.preview.bySheet && shown.preview.bySheet.communityId && targets ? { bySheet: { communityId: shown.preview.bySheet.communityId, targets: targets.map(toTarget) } } : {}

  const recheck = async (shown: Checked, rows: ImportRowInput[], changes: { leftOut?: ImportLeftOut[]; targets?: ImportTarget[] } = {}): Promise<void> => {
    dispatch({ type: 'edit', rows, ...changes })
    // each sheet its own activity, but no community yet: every row already says to choose one
    if (shown.preview.bySheet && !shown.preview.bySheet.communityId) return
    try {
      const r = await call('import.check', { kind, eventId: shown.preview.bySheet ? undefined : eventId, rows, ...bySheetOf(shown, changes.targets ?? shown.targets) })
      dispatch({ type: 'checked', rows, outcomes: r.outcomes, summary: r.summary })
    } catch (e) {
      message.error((e as Error).message)
    }
  }

  const commit = async (): Promise<void> => {
    if (state.step !== 'preview') return
    const { preview, rows } = state
    dispatch({ type: 'commit' })
    try {
      const more = preview.parts.filter((p) => p.sheet !== preview.sheet).map((p) => ({ headers: p.headers, mapping: p.mapping }))
      const batch = await call('import.commit', {
        kind, eventId: preview.bySheet ? undefined : eventId, fileName: preview.fileName, fileHash: preview.fileHash, headers: preview.headers, mapping: preview.mapping,
        ...(more.length ? { more } : {}), rows, ...bySheetOf(state)
      })
      dispatch({ type: 'committed', batch })
      void queryClient.invalidateQueries()
    } catch (e) {
      message.error((e as Error).message)
      dispatch({ type: 'commit-failed' })
    }
  }

  if (state.step === 'done') return <Done batch={state.batch} eventId={state.batch.eventId ?? undefined} />

  const { file } = state
  const shown = shownFile(state)
  const title =
    kind === 'roster' ? '导入名册' : kind === 'unit' ? '导入单位名单（单位名称、单位类型、党组织名称、联系人、联系电话、结对村居、报到日期）' : eventId && !shown?.preview.bySheet ? `导入签到表${event.data ? `:${event.data.title}(${event.data.date})` : ''}` : '导入签到表（每个工作表导入各自的活动）'
  const chooseCommunity = bySheetOnly && !shown && (
    <Space wrap style={{ marginBottom: 12 }}>
      <Typography.Text>活动所属社区：</Typography.Text>
      <CommunitySelect value={communityId} onChange={setCommunityId} style={{ width: 200 }} placeholder="请选择社区" />
      <Typography.Text type="secondary">已有同一天的活动会直接导入；没有的会在该社区下新建，活动名称和时间取自各工作表的标题。</Typography.Text>
    </Space>
  )
  return (
    <Working state={state}>
      <ChooseFile title={title} kind={kind} eventId={eventId} file={file} extra={chooseCommunity} error={state.step === 'choose' ? state.error : null} onRead={(f, opts) => void read(f, opts)} />
      {shown && file && (
        <Card style={{ marginTop: 16 }}>
          <MapColumns kind={kind} preview={shown.preview} opts={shown.opts} bySheetOffered={!!eventId} onRead={(opts) => void read(file, opts)} />
          {shown.preview.bySheet && shown.targets && (
            <BySheet
              communityId={shown.preview.bySheet.communityId}
              targets={shown.targets}
              onCommunity={(id) => {
                setCommunityId(id)
                void read(file, { ...shown.opts, bySheet: { communityId: id ?? undefined } })
              }}
              onTargets={(targets) => void recheck(shown, [...shown.rows], { targets })}
            />
          )}
          <LeftOut
            leftOut={shown.leftOut}
            sheets={shown.preview.sheets}
            onBringBack={(l) => void recheck(shown, [...shown.rows, l.row].sort(rowOrder), { leftOut: shown.leftOut.filter((x) => x !== l) })}
          />
          <PreviewRows kind={kind} eventId={eventId} checked={shown} onRowsChange={(rows) => void recheck(shown, rows)} onCommit={() => void commit()} />
        </Card>
      )}
    </Working>
  )
}
