import { CheckOutlined, DownloadOutlined, SendOutlined } from '@ant-design/icons'
import { Alert, App, Button, DatePicker, Input, Modal, Popconfirm, Progress as Bar, Segmented, Space, Table, Tag, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useEffect, useState } from 'react'
import { FEEDBACK_STATUS_LABELS, type AssessPeriod, type FeedbackStatus, type Progress, type UnitFeedbackRow } from '../../../../shared/api'
import { call, onProgress, useApi, useCall } from '../../api'
import { CommunitySelect } from '../../components/RegisterSelect'
import { saveFile } from '../../download'
import { today } from '../../format'

const STATUS_COLORS: Record<FeedbackStatus, string> = { unsent: 'default', sent: 'blue', receipted: 'green' }
const rate = (v: number | null): string => (v === null ? '—' : `${v.toFixed(1)}%`)

/**
 * 反馈单位: every unit of a period with its line (应报到, 已报到, 报到率, 服务完成率, 考核资格) and whether its members'
 * 表现反馈表 was sent and receipted; each unit's workbook, or all of them in one .zip; sent and receipt dates set here.
 */
export function FeedbackTab({ year, period }: { year: number; period: AssessPeriod }) {
  const { message } = App.useApp()
  const [filters, setFilters] = useState<{ communityId?: number; status?: FeedbackStatus; keyword: string }>({ keyword: '' })
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  useEffect(() => setPage((p) => ({ ...p, page: 1 })), [year, period, filters])
  const list = useApi('unitFeedback.list', { year, period, ...filters, ...page })
  const mark = useCall('unitFeedback.mark')
  const [selected, setSelected] = useState<number[]>([])
  useEffect(() => setSelected([]), [year, period])
  const [asking, setAsking] = useState<{ what: 'sent' | 'receipted'; unitIds: number[] } | null>(null)
  const [day, setDay] = useState<Dayjs>(() => today())
  const [exporting, setExporting] = useState<number | 'all' | null>(null)
  const [progress, setProgress] = useState<Progress | null>(null)
  useEffect(() => onProgress((p) => p.task === '正在导出表现反馈表' && setProgress(p)), [])
  const d = list.data

  const exportOne = (u: UnitFeedbackRow): void => {
    setExporting(u.unitId)
    call('unitFeedback.export', { year, period, unitId: u.unitId })
      .then((f) => (saveFile(f), message.success(`已导出 ${f.fileName}`)), (e: Error) => message.error(e.message))
      .finally(() => setExporting(null))
  }
  const exportAll = (): void => {
    setExporting('all')
    setProgress(null)
    call('unitFeedback.exportAll', { year, period, ...filters })
      .then((f) => (saveFile(f), message.success(`已导出 ${f.units} 个单位的表现反馈表：${f.fileName}`)), (e: Error) => message.error(e.message))
      .finally(() => (setExporting(null), setProgress(null)))
  }
  const setMark = (what: 'sent' | 'receipted' | 'unsent' | 'unreceipted', unitIds: number[], date?: string): Promise<unknown> =>
    mark.mutateAsync({ year, period, unitIds, what, date }).then(
      (r) => {
        message.success(`${{ sent: '已登记发送', receipted: '已登记回执', unsent: '已撤销发送登记', unreceipted: '已撤销回执登记' }[what]}：${r.changed} 个单位`)
        setSelected([])
      },
      (e: Error) => (message.error(e.message), Promise.reject(e))
    )

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {d && (
        <Alert
          type="info"
          showIcon
          title={`${d.label}（${d.from} 至 ${d.to}）各单位的在职党员表现反馈表${d.confirmed ? '，按已确认的考核结果' : '，考核结果尚未确认，按当前数据计算'}。${d.rule || '本年度考核方案未设单位报到率、服务完成率要求。'}`}
        />
      )}
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Segmented
            aria-label="发送状态"
            value={filters.status ?? 'all'}
            onChange={(v) => setFilters((f) => ({ ...f, status: v === 'all' ? undefined : (v as FeedbackStatus) }))}
            options={[
              { value: 'all', label: `全部 ${d ? d.counts.unsent + d.counts.sent + d.counts.receipted : ''}` },
              ...(['unsent', 'sent', 'receipted'] as const).map((s) => ({ value: s, label: `${FEEDBACK_STATUS_LABELS[s]} ${d?.counts[s] ?? ''}` }))
            ]}
          />
          <CommunitySelect allowClear placeholder="全部村居" style={{ width: 160 }} value={filters.communityId} onChange={(v) => setFilters((f) => ({ ...f, communityId: v ?? undefined }))} />
          <Input.Search allowClear placeholder="单位名称或拼音" style={{ width: 180 }} onSearch={(keyword) => setFilters((f) => ({ ...f, keyword }))} />
        </Space>
        <Space wrap>
          <Button icon={<SendOutlined />} disabled={!selected.length} onClick={() => (setDay(today()), setAsking({ what: 'sent', unitIds: selected }))}>
            所选登记已发送{selected.length ? ` ${selected.length} 个` : ''}
          </Button>
          <Button icon={<CheckOutlined />} disabled={!selected.length} onClick={() => (setDay(today()), setAsking({ what: 'receipted', unitIds: selected }))}>
            所选登记已回执
          </Button>
          <Button type="primary" icon={<DownloadOutlined />} loading={exporting === 'all'} disabled={!d?.total} onClick={exportAll}>
            导出{filters.status || filters.communityId || filters.keyword ? '筛选出的' : '全部'} {d?.total ?? 0} 个单位（压缩包）
          </Button>
        </Space>
      </Space>
      {exporting === 'all' && progress && (
        <Space>
          <Typography.Text type="secondary">
            正在导出表现反馈表：{progress.done} / {progress.total} 个单位
          </Typography.Text>
          <Bar percent={Math.round((progress.done / Math.max(progress.total, 1)) * 100)} size="small" style={{ width: 240, margin: 0 }} />
        </Space>
      )}
      <Table<UnitFeedbackRow>
        rowKey="unitId"
        size="middle"
        loading={list.isFetching}
        dataSource={d?.rows}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: d?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 个单位`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: '单位', dataIndex: 'unitName', width: 180 },
          { title: '参评党员', dataIndex: 'rated', width: 80, align: 'right' },
          { title: '应报到', dataIndex: 'expected', width: 72, align: 'right', render: (v: number | null) => v ?? <Typography.Text type="secondary">未录入</Typography.Text> },
          { title: '已报到', dataIndex: 'registered', width: 72, align: 'right' },
          { title: '报到率', dataIndex: 'registrationRate', width: 76, align: 'right', render: rate },
          { title: '服务完成率', dataIndex: 'completionRate', width: 92, align: 'right', render: rate },
          {
            title: '考核资格',
            dataIndex: 'qualified',
            width: 84,
            render: (q: boolean | null) => (q === null ? <Typography.Text type="secondary">不作要求</Typography.Text> : q ? <Tag color="green">有</Tag> : <Tag color="red">无</Tag>)
          },
          {
            title: '状态',
            key: 'status',
            width: 180,
            render: (_, u) => (
              <Space size={4} wrap>
                <Tag color={STATUS_COLORS[u.status]}>{FEEDBACK_STATUS_LABELS[u.status]}</Tag>
                {u.sentOn && <Typography.Text type="secondary">发送 {u.sentOn}</Typography.Text>}
                {u.receiptedOn && <Typography.Text type="secondary">回执 {u.receiptedOn}</Typography.Text>}
              </Space>
            )
          },
          {
            title: '操作',
            key: 'actions',
            width: 220,
            render: (_, u) => (
              <Space size={4} wrap>
                <Button size="small" icon={<DownloadOutlined />} loading={exporting === u.unitId} onClick={() => exportOne(u)}>
                  反馈表
                </Button>
                {u.status === 'unsent' && (
                  <Button size="small" onClick={() => (setDay(today()), setAsking({ what: 'sent', unitIds: [u.unitId] }))}>
                    登记发送
                  </Button>
                )}
                {u.status === 'sent' && (
                  <Button size="small" onClick={() => (setDay(today()), setAsking({ what: 'receipted', unitIds: [u.unitId] }))}>
                    登记回执
                  </Button>
                )}
                {u.status !== 'unsent' && (
                  <Popconfirm
                    title={u.status === 'receipted' ? '撤销回执登记？' : '撤销发送登记？'}
                    okText="撤销"
                    cancelText="取消"
                    onConfirm={() => setMark(u.status === 'receipted' ? 'unreceipted' : 'unsent', [u.unitId]).catch(() => {})}
                  >
                    <Button size="small" type="link">
                      撤销
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            )
          }
        ]}
      />
      <Modal
        title={asking?.what === 'receipted' ? '登记已回执' : '登记已发送'}
        open={!!asking}
        okText="登记"
        cancelText="取消"
        confirmLoading={mark.isPending}
        onCancel={() => setAsking(null)}
        onOk={() => setMark(asking!.what, asking!.unitIds, day.format('YYYY-MM-DD')).then(() => setAsking(null), () => {})}
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {asking?.unitIds.length === 1 ? (d?.rows.find((r) => r.unitId === asking.unitIds[0])?.unitName ?? '') : `所选 ${asking?.unitIds.length ?? 0} 个单位`}
            ，{d?.label}的表现反馈表
            {asking?.what === 'receipted' ? '收到单位回执的日期：' : '发送给单位的日期：'}
          </Typography.Text>
          <DatePicker aria-label={asking?.what === 'receipted' ? '回执日期' : '发送日期'} value={day} allowClear={false} onChange={(v) => v && setDay(v)} disabledDate={(v) => v.isAfter(today(), 'day')} />
        </Space>
      </Modal>
    </Space>
  )
}
