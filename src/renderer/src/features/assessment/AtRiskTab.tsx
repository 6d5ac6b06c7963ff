import { DownloadOutlined } from '@ant-design/icons'
import { App, Button, DatePicker, Input, Space, Table, Tag, Typography } from 'antd'
import type { Dayjs } from 'dayjs'
import { useEffect, useState } from 'react'
import { Link } from 'react-router'
import type { AtRiskRow } from '../../../../shared/api'
import { call, useApi } from '../../api'
import { CommunitySelect, UnitSelect } from '../../components/RegisterSelect'
import { saveFile } from '../../download'
import { today } from '../../format'
import { num } from './period'

/** 预警名单: as of a day, who is still short of the period's minimum, and by how much. */
export function AtRiskTab() {
  const { message } = App.useApp()
  const [asOf, setAsOf] = useState<Dayjs>(() => today())
  const [filters, setFilters] = useState<{ communityId?: number; unitId?: number; keyword: string }>({ keyword: '' })
  const [page, setPage] = useState({ page: 1, pageSize: 20 })
  useEffect(() => setPage((p) => ({ ...p, page: 1 })), [asOf, filters])
  const q = { asOf: asOf.format('YYYY-MM-DD'), ...filters }
  const risk = useApi('assessment.atRisk', { ...q, ...page })
  const d = risk.data
  const [exporting, setExporting] = useState(false)
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <DatePicker aria-label="截至日期" value={asOf} allowClear={false} onChange={(v) => v && setAsOf(v)} />
          <CommunitySelect allowClear placeholder="全部村居" style={{ width: 160 }} value={filters.communityId} onChange={(v) => setFilters((f) => ({ ...f, communityId: v ?? undefined }))} />
          <UnitSelect allowClear placeholder="全部单位" style={{ width: 200 }} value={filters.unitId} onChange={(v) => setFilters((f) => ({ ...f, unitId: v ?? undefined }))} />
          <Input.Search allowClear placeholder="姓名或拼音" style={{ width: 180 }} onSearch={(keyword) => setFilters((f) => ({ ...f, keyword }))} />
        </Space>
        <Button
          icon={<DownloadOutlined />}
          loading={exporting}
          onClick={() => {
            setExporting(true)
            call('assessment.export', { kind: 'atRisk', asOf: q.asOf, communityId: q.communityId, unitId: q.unitId })
              .then((f) => (saveFile(f), message.success(`已导出 ${f.fileName}`)), (e: Error) => message.error(e.message))
              .finally(() => setExporting(false))
          }}
        >
          导出预警名单（手机号隐藏）
        </Button>
      </Space>
      {d && (
        <Typography.Text type="secondary">
          {d.periodLabel}({d.from} 至 {d.to})，截至 {d.asOf}：以下 {d.total} 人尚未达到方案的最低要求或尚未复报到。标"已过"的是已结束、无法再补足的季度或半年。
        </Typography.Text>
      )}
      <Table<AtRiskRow>
        rowKey="memberId"
        size="middle"
        loading={risk.isFetching}
        dataSource={d?.rows}
        pagination={{ current: page.page, pageSize: page.pageSize, total: d?.total ?? 0, showSizeChanger: true, showTotal: (t) => `共 ${t} 人`, onChange: (p, s) => setPage({ page: p, pageSize: s }) }}
        columns={[
          { title: '报到村居', dataIndex: 'communityName', width: 120 },
          { title: '工作单位', dataIndex: 'unitName', width: 180, render: (v) => v ?? '—' },
          { title: '姓名', dataIndex: 'name', width: 90, render: (v, r) => d && <Link to={`/assessment/members/${r.memberId}?year=${d.year}&period=${d.period}`}>{v}</Link> },
          { title: '手机号', dataIndex: 'phone', width: 120 },
          { title: '已参加活动', dataIndex: 'activities', width: 100, align: 'right' },
          { title: '已计时长', dataIndex: 'hours', width: 90, align: 'right', render: (v: number) => num(v) },
          { title: '尚缺', dataIndex: 'missing', render: (m: string[]) => m.map((x) => <Tag key={x} color={x.includes('已过') ? 'red' : 'orange'}>{x}</Tag>) }
        ]}
      />
    </Space>
  )
}
