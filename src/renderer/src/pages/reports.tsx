import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons'
import { App, Button, Card, Checkbox, DatePicker, Modal, Progress as ProgressBar, Radio, Select, Space, Table, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useEffect, useState } from 'react'
import type { ColumnType } from 'antd/es/table'
import { useNavigate, useSearchParams } from 'react-router'
import { REPORT_FILTERS, REPORT_KINDS, REPORT_TITLES, type Progress, type ReportCell, type ReportKind } from '../../../shared/api'
import { call, onProgress, useApi } from '../api'
import { Clip, textWidth } from '../components/columns'
import { CommunitySelect, UnitSelect } from '../components/RegisterSelect'
import { saveFile } from '../download'
import { QUICK_RANGES, quickRange } from '../format'

/** 报表: each report as a table for a range (its end is the 截至 date), exported as formatted Excel or CSV. */
export function ReportsPage() {
  const [params, setParams] = useSearchParams()
  const kind = (REPORT_KINDS as readonly string[]).includes(params.get('kind') ?? '') ? (params.get('kind') as ReportKind) : 'registration'
  // the range and filters live in the address, so the dashboard can open exactly the report behind a number
  const [from, to] = [params.get('from'), params.get('to')]
  const range: [Dayjs, Dayjs] = from && to ? [dayjs(from), dayjs(to)] : quickRange('本年')
  const filters = REPORT_FILTERS[kind]
  const communityId = filters.includes('community') && params.get('communityId') ? Number(params.get('communityId')) : undefined
  const unitId = filters.includes('unit') && params.get('unitId') ? Number(params.get('unitId')) : undefined
  const set = (changes: Record<string, string | number | undefined>): void => {
    const next = new URLSearchParams(params)
    for (const [k, v] of Object.entries(changes)) v === undefined || v === '' ? next.delete(k) : next.set(k, String(v))
    setParams(next)
  }
  const setRange = ([a, b]: [Dayjs, Dayjs]): void => set({ from: a.format('YYYY-MM-DD'), to: b.format('YYYY-MM-DD') })
  const [page, setPage] = useState({ page: 1, pageSize: 50 })
  const scope = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), communityId, unitId }
  const report = useApi('report.get', { kind, ...scope, ...page })
  const r = report.data
  const [exporting, setExporting] = useState(false)
  const communities = useApi('community.options', {}).data
  const units = useApi('unit.options', {}).data
  const scopeName = [communities?.find((c) => c.id === communityId)?.name, units?.find((u) => u.id === unitId)?.name].filter(Boolean).join('、')
  const navigate = useNavigate()
  // the first column (村居, 姓名…) stays in view while the rest scroll sideways inside the card; no title wraps
  const columns: ColumnType<Record<string, ReportCell>>[] = (r?.columns ?? []).map((c, i) => ({
    title: c.title,
    dataIndex: c.key,
    key: c.key,
    align: c.numeric ? 'right' : 'left',
    fixed: i === 0 ? 'left' : undefined,
    width: Math.max(c.width * 8, textWidth(c.title) + 18),
    ellipsis: c.numeric ? undefined : { showTitle: false },
    render: (v: ReportCell) => (v === null || v === undefined ? '—' : c.rate ? Number(v).toFixed(1) : c.numeric ? v : <Clip text={String(v)} />)
  }))
  useEffect(() => setPage((p) => ({ ...p, page: 1 })), [kind, communityId, unitId, scope.from, scope.to])

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <h2 className="page-title" style={{ margin: 0 }}>
          报表
        </h2>
        <Space>
          <Button icon={<PrinterOutlined />} onClick={() => navigate(`/print/report?${printQuery(kind, scope)}`)}>
            打印
          </Button>
          <Button type="primary" icon={<DownloadOutlined />} onClick={() => setExporting(true)}>
            导出
          </Button>
        </Space>
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select style={{ width: 220 }} value={kind} onChange={(k) => set({ kind: k })} options={REPORT_KINDS.map((k) => ({ value: k, label: REPORT_TITLES[k] }))} aria-label="报表" />
        <Select
          style={{ width: 110 }}
          placeholder="快速选择"
          value={QUICK_RANGES.find((q) => quickRange(q).every((d, i) => d.isSame(range[i], 'day'))) ?? null}
          onChange={(q) => setRange(quickRange(q))}
          options={QUICK_RANGES.map((q) => ({ value: q, label: q }))}
          aria-label="快速选择期间"
        />
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} aria-label="统计期间" />
        {filters.includes('community') && (
          <CommunitySelect allowClear placeholder="全部村居" style={{ width: 160 }} value={communityId} onChange={(v) => set({ communityId: v ?? undefined })} />
        )}
        {filters.includes('unit') && <UnitSelect allowClear placeholder="全部单位" style={{ width: 200 }} value={unitId} onChange={(v) => set({ unitId: v ?? undefined })} />}
      </Space>
      <Typography.Title level={4} style={{ textAlign: 'center' }}>
        {r?.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
        {range[0].format('YYYY-MM-DD') <= '2000-01-01' ? `截至${range[1].format('YYYY年M月D日')}` : `统计时间：${range[0].format('YYYY年M月D日')}至${range[1].format('YYYY年M月D日')}`}
        {scopeName ? `　范围：${scopeName}` : ''}
      </Typography.Paragraph>
      <Table<Record<string, ReportCell>>
        rowKey={(_, i) => String(i)}
        size="small"
        bordered
        loading={report.isFetching}
        dataSource={r?.rows}
        scroll={{ x: columns.reduce((w, c) => w + (c.width as number), 0), y: 'max(240px, calc(100vh - 360px))' }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: r?.total ?? 0, showSizeChanger: true, pageSizeOptions: [50, 100, 200], showTotal: (t) => `共 ${t} 条`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={columns}
        summary={() =>
          r?.sum ? (
            <Table.Summary fixed>
              <Table.Summary.Row style={{ fontWeight: 600 }}>
                {r.columns.map((c, i) => (
                  <Table.Summary.Cell key={c.key} index={i} align={c.numeric ? 'right' : 'left'}>
                    {r.sum![c.key] ?? ''}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            </Table.Summary>
          ) : null
        }
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        说明：{r?.note}
      </Typography.Paragraph>
      <ExportDialog open={exporting} onClose={() => setExporting(false)} current={kind} scope={scope} />
    </Card>
  )
}

function ExportDialog({ open, onClose, current, scope }: { open: boolean; onClose: () => void; current: ReportKind; scope: { from: string; to: string; communityId?: number; unitId?: number } }) {
  const { message, modal } = App.useApp()
  const [kinds, setKinds] = useState<ReportKind[]>([current])
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx')
  const [full, setFull] = useState(false)
  const [job, setJob] = useState<string | null>(null)
  const [progress, setProgress] = useState<Progress | null>(null)
  useEffect(() => {
    if (open) setKinds([current])
  }, [open, current])
  useEffect(() => onProgress((p) => p.task.startsWith('正在导出') && setProgress(p)), [])

  const run = (): void => {
    const jobId = `export-${Date.now()}`
    setJob(jobId)
    setProgress(null)
    call('report.export', { kinds, format, full, jobId, ...scope }).then(
      (file) => {
        saveFile(file)
        message.success(`已导出 ${file.fileName}`)
        onClose()
      },
      (e: Error) => message.error(e.message)
    ).finally(() => setJob(null))
  }

  return (
    <Modal
      title="导出报表"
      open={open}
      onCancel={() => (job ? void call('report.cancel', { jobId: job }) : onClose())}
      footer={
        job
          ? [<Button key="cancel" onClick={() => void call('report.cancel', { jobId: job })}>取消导出</Button>]
          : [
              <Button key="close" onClick={onClose}>关闭</Button>,
              <Button key="go" type="primary" disabled={!kinds.length || (format === 'csv' && kinds.length !== 1)} onClick={run}>
                导出
              </Button>
            ]
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Checkbox.Group value={kinds} onChange={(v) => setKinds(v as ReportKind[])} options={REPORT_KINDS.map((k) => ({ value: k, label: REPORT_TITLES[k] }))} style={{ display: 'grid', gap: 6 }} />
        <Radio.Group value={format} onChange={(e) => setFormat(e.target.value)} options={[{ value: 'xlsx', label: 'Excel（每张报表一个工作表）' }, { value: 'csv', label: 'CSV（只能选一张）' }]} />
        <Checkbox
          checked={full}
          onChange={(e) => {
            if (!e.target.checked) return setFull(false)
            modal.confirm({
              title: '导出完整手机号？',
              content: '完整号码属于个人信息，请只在确有需要时导出，并妥善保管文件。',
              okText: '导出完整号码',
              cancelText: '仍然隐藏',
              onOk: () => setFull(true)
            })
          }}
        >
          导出完整手机号（默认隐藏中间四位）
        </Checkbox>
        {job && (
          <div>
            <div>{progress ? `${progress.task}:${progress.done} / ${progress.total} 行` : '正在准备…'}</div>
            <ProgressBar percent={progress ? Math.round((progress.done / Math.max(progress.total, 1)) * 100) : 0} />
          </div>
        )}
      </Space>
    </Modal>
  )
}

/** The print route's query for a report and its scope. */
function printQuery(kind: ReportKind, scope: { from: string; to: string; communityId?: number; unitId?: number }): string {
  const q = new URLSearchParams({ kind, from: scope.from, to: scope.to })
  if (scope.communityId) q.set('communityId', String(scope.communityId))
  if (scope.unitId) q.set('unitId', String(scope.unitId))
  return q.toString()
}
