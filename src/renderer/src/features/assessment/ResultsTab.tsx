import { DownloadOutlined, LockOutlined, UnlockOutlined } from '@ant-design/icons'
import { Alert, App, Button, Card, Checkbox, Input, Modal, Popconfirm, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link } from 'react-router'
import type { AssessPeriod, AssessResult, AssessSummaryRow, PeriodStatus } from '../../../../shared/api'
import { call, useApi, useCall } from '../../api'
import { CommunitySelect, UnitSelect } from '../../components/RegisterSelect'
import { saveFile } from '../../download'
import { formatDateTime } from '../../format'
import { num } from './period'

/** How a period's results stand: confirmed (and by whom, with which scheme version) or following the data. */
export function StatusLine({ status }: { status: PeriodStatus }) {
  if (status.confirmed) {
    const c = status.confirmed
    return (
      <Alert
        type="success"
        showIcon
        icon={<LockOutlined />}
        title={`${status.label}的考核结果已于 ${formatDateTime(c.confirmedAt)} 确认${c.operator ? `(${c.operator})` : ''}，按方案第 ${c.schemeVersion} 版，共 ${c.members} 人。此后数据变动不改变本期结果。`}
      />
    )
  }
  return (
    <Alert
      type={status.ended ? 'warning' : 'info'}
      showIcon
      title={`${status.label}（${status.from} 至 ${status.to}）的结果尚未确认，按当前数据和${status.schemeVersion ? `方案第 ${status.schemeVersion} 版` : '默认方案（本年度尚未保存方案）'}计算${status.ended ? '，考核期已结束，核对无误后请确认。' : '，考核期尚未结束。'}`}
    />
  )
}

export function gradeColor(grade: string, grades: string[]): string {
  const i = grades.indexOf(grade)
  if (i < 0) return 'default'
  if (i === grades.length - 1) return 'red'
  return ['green', 'blue', 'cyan', 'gold', 'orange', 'purple', 'magenta'][i] ?? 'default'
}

export function ResultsTab({ year, period }: { year: number; period: AssessPeriod }) {
  const { message } = App.useApp()
  const [filters, setFilters] = useState<{ communityId?: number; unitId?: number; grade?: string; keyword: string; onlyShort: boolean }>({ keyword: '', onlyShort: false })
  const [page, setPage] = useState({ page: 1, pageSize: 20, sort: 'community' as 'community' | 'unit' | 'name' | 'points', order: 'asc' as 'asc' | 'desc' })
  useEffect(() => setPage((p) => ({ ...p, page: 1 })), [year, period, filters])
  const res = useApi('assessment.results', { year, period, ...filters, ...page })
  const confirm = useCall('assessment.confirm')
  const reopen = useCall('assessment.reopen')
  const [reopening, setReopening] = useState(false)
  const [reason, setReason] = useState('')
  const [exporting, setExporting] = useState<string | null>(null)
  if (res.error) return <Alert type="error" showIcon title={res.error.message} />
  const d = res.data
  const status = d?.status
  const exportFile = (kind: 'results' | 'summary'): void => {
    setExporting(kind)
    call('assessment.export', { kind, year, period, communityId: filters.communityId, unitId: filters.unitId })
      .then((f) => (saveFile(f), message.success(`已导出 ${f.fileName}`)), (e: Error) => message.error(e.message))
      .finally(() => setExporting(null))
  }
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {status && <StatusLine status={status} />}
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space size={32} wrap>
          <Statistic title="参评人数" value={d?.rated ?? 0} suffix="人" />
          {d?.counts.map((c) => <Statistic key={c.grade} title={c.grade} value={c.count} suffix="人" />)}
          <Statistic title="不参评" value={d?.notRated ?? 0} suffix="人" />
          <Statistic title="平均分" value={d?.average ?? 0} />
        </Space>
        <Space wrap>
          {status && !status.confirmed && (
            <Popconfirm
              title={`确认${status.label}的考核结果？`}
              description="确认后结果固定保存：此后补录签到、修改时长或方案，都不再改变本期结果；如需更改，须重新打开并写明原因。"
              okText="确认结果"
              cancelText="取消"
              disabled={!status.ended}
              onConfirm={() => confirm.mutateAsync({ year, period }).then((s) => message.success(`已确认 ${s.confirmed?.members ?? 0} 人的考核结果`), (e: Error) => message.error(e.message))}
            >
              <Button type="primary" icon={<LockOutlined />} disabled={!status.ended} loading={confirm.isPending}>
                确认结果
              </Button>
            </Popconfirm>
          )}
          {status?.confirmed && (
            <Button icon={<UnlockOutlined />} onClick={() => (setReason(''), setReopening(true))}>
              重新打开
            </Button>
          )}
          <Button icon={<DownloadOutlined />} loading={exporting === 'results'} onClick={() => exportFile('results')}>
            导出结果名单
          </Button>
          <Button icon={<DownloadOutlined />} loading={exporting === 'summary'} onClick={() => exportFile('summary')}>
            导出汇总表
          </Button>
        </Space>
      </Space>
      <Space wrap>
        <CommunitySelect allowClear placeholder="全部村居" style={{ width: 160 }} value={filters.communityId} onChange={(v) => setFilters((f) => ({ ...f, communityId: v ?? undefined }))} />
        <UnitSelect allowClear placeholder="全部单位" style={{ width: 200 }} value={filters.unitId} onChange={(v) => setFilters((f) => ({ ...f, unitId: v ?? undefined }))} />
        <Select
          allowClear
          aria-label="等次"
          placeholder="全部等次"
          style={{ width: 130 }}
          value={filters.grade}
          onChange={(v) => setFilters((f) => ({ ...f, grade: v ?? undefined }))}
          options={[...(status?.grades ?? []), '不参评'].map((g) => ({ value: g, label: g }))}
        />
        <Input.Search allowClear placeholder="姓名或拼音" style={{ width: 180 }} onSearch={(keyword) => setFilters((f) => ({ ...f, keyword }))} />
        <Checkbox checked={filters.onlyShort} onChange={(e) => setFilters((f) => ({ ...f, onlyShort: e.target.checked }))}>
          只看未达最低要求
        </Checkbox>
      </Space>
      <Table<AssessResult>
        rowKey="memberId"
        size="middle"
        loading={res.isFetching}
        dataSource={d?.rows}
        onChange={(p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter
          setPage({
            page: p.current ?? 1,
            pageSize: p.pageSize ?? 20,
            sort: s?.order ? (String(s.columnKey) as 'community' | 'unit' | 'name' | 'points') : 'community',
            order: s?.order === 'descend' ? 'desc' : 'asc'
          })
        }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: d?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 人` }}
        columns={[
          { key: 'community', title: '报到村居', dataIndex: 'communityName', width: 120, sorter: true },
          { key: 'unit', title: '工作单位', dataIndex: 'unitName', width: 180, sorter: true, render: (v) => v ?? '—' },
          { key: 'name', title: '姓名', dataIndex: 'name', width: 90, sorter: true, render: (v, r) => <Link to={`/assessment/members/${r.memberId}?year=${year}&period=${period}`}>{v}</Link> },
          { title: '手机号', dataIndex: 'phone', width: 120 },
          { title: '活动', dataIndex: 'activities', width: 70, align: 'right' },
          { title: '计入时长', dataIndex: 'hours', width: 90, align: 'right', render: (v: number) => num(v) },
          { key: 'points', title: '得分', dataIndex: 'points', width: 80, align: 'right', sorter: true, render: (v: number) => <strong>{num(v)}</strong> },
          // while the period runs, a grade is where the member stands today, not the period's result
          { title: status && !status.ended && !status.confirmed ? '等次（截至今天）' : '等次', dataIndex: 'grade', width: 90, render: (g: string, r) => (r.rated ? <Tag color={gradeColor(g, status?.grades ?? [])}>{g}</Tag> : <Tag>不参评</Tag>) },
          { title: '未达最低要求', dataIndex: 'shortfall', render: (v: string) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : '') },
          { title: '说明', dataIndex: 'note', render: (v: string) => <Typography.Text type="secondary">{v}</Typography.Text> }
        ]}
      />
      <SummaryCard year={year} period={period} />
      <Modal
        title="重新打开考核结果"
        open={reopening}
        okText="重新打开"
        cancelText="取消"
        okButtonProps={{ disabled: !reason.trim(), danger: true }}
        onCancel={() => setReopening(false)}
        onOk={() =>
          reopen.mutateAsync({ year, period, reason }).then(
            () => (setReopening(false), message.success('已重新打开，结果重新按当前数据计算')),
            (e: Error) => message.error(e.message)
          )
        }
      >
        <Typography.Paragraph>重新打开后，结果将按当前数据和最新方案重新计算；原确认的结果保留在记录中。请写明原因（记入操作日志）。</Typography.Paragraph>
        <Input.TextArea aria-label="重新打开的原因" rows={3} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="如：补录某社区6月签到" />
      </Modal>
    </Space>
  )
}

function SummaryCard({ year, period }: { year: number; period: AssessPeriod }) {
  const [by, setBy] = useState<'community' | 'unit'>('community')
  const s = useApi('assessment.summary', { year, period })
  const d = s.data
  const rows = d ? [...(by === 'community' ? d.byCommunity : d.byUnit), d.total] : []
  return (
    <Card title="考核结果汇总" extra={<Segmented value={by} onChange={(v) => setBy(v as 'community' | 'unit')} options={[{ value: 'community', label: '按村居' }, { value: 'unit', label: '按单位' }]} />}>
      <Table<AssessSummaryRow>
        rowKey={(r) => `${r.id ?? 'none'}-${r.name}`}
        size="small"
        bordered
        loading={s.isFetching}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: by === 'community' ? '村居' : '单位', dataIndex: 'name', render: (v: string, r) => (r.name === '合计' && r.id === null ? <strong>{v}</strong> : v) },
          { title: '参评', dataIndex: 'rated', align: 'right' },
          ...(d?.grades ?? []).map((g) => ({ title: g, key: g, align: 'right' as const, render: (_: unknown, r: AssessSummaryRow) => r.counts[g] ?? 0 })),
          { title: '不参评', dataIndex: 'notRated', align: 'right' },
          { title: '未达最低要求', dataIndex: 'short', align: 'right' },
          { title: '平均分', dataIndex: 'average', align: 'right' },
          ...(by === 'unit'
            ? [
                { title: '报到率（%）', dataIndex: 'registrationRate', align: 'right' as const, render: (v: number | null | undefined) => v ?? '—' },
                { title: '服务完成率（%）', dataIndex: 'completionRate', align: 'right' as const, render: (v: number | null | undefined) => v ?? '—' },
                { title: '考核资格', dataIndex: 'qualified', render: (v: boolean | null | undefined) => (v === true ? <Tag color="green">有</Tag> : v === false ? <Tag color="red">无</Tag> : '—') }
              ]
            : [])
        ]}
      />
      {d && <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>说明：{d.note}</Typography.Paragraph>}
    </Card>
  )
}
