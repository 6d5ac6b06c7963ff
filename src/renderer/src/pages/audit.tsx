import { Card, DatePicker, Select, Table, Tag, Typography } from 'antd'
import { useState } from 'react'
import type { AuditEntry, Input as In } from '../../../shared/api'
import { useApi } from '../api'
import { Clip, TOP_BAR_HEIGHT } from '../components/columns'
import { SearchBox } from '../components/list'
import { formatDateTime } from '../format'

const KIND_COLORS: Record<string, string> = { 删除: 'red', 归档: 'orange', 查看号码: 'purple', 完整导出: 'magenta', 导入: 'blue', 撤销导入: 'gold', 导出: 'cyan' }

/** 操作日志: read-only; entries are kept at least six months and cannot be edited from anywhere. */
export function AuditPage() {
  const [q, setQ] = useState<In<'audit.list'>>({ page: 1, pageSize: 50 })
  const list = useApi('audit.list', q)
  const filter = (patch: Partial<In<'audit.list'>>): void => setQ((s) => ({ ...s, ...patch, page: 1 }))
  return (
    <Card>
      <h2 className="page-title">操作日志</h2>
      <Typography.Paragraph type="secondary">记录每一次新建、修改、归档、删除、导入、撤销、导出和查看完整号码。日志不能修改，至少保留半年。</Typography.Paragraph>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 16 }}>
        <DatePicker.RangePicker onChange={(r) => filter({ from: r?.[0]?.format('YYYY-MM-DD') ?? '', to: r?.[1]?.format('YYYY-MM-DD') ?? '' })} aria-label="时间" />
        <Select allowClear placeholder="操作员" style={{ width: 140 }} onChange={(operator) => filter({ operator: operator ?? '' })} options={(list.data?.operators ?? []).map((o) => ({ value: o, label: o }))} />
        <Select allowClear placeholder="操作类型" style={{ width: 140 }} onChange={(kind) => filter({ kind: kind ?? '' })} options={(list.data?.kinds ?? []).map((k) => ({ value: k, label: k }))} />
        <SearchBox label="查找日志" placeholder="记录或内容，如 张三" width={240} value={q.keyword ?? ''} onSearch={(keyword) => filter({ keyword })} />
      </div>
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        sticky={{ offsetHeader: TOP_BAR_HEIGHT }}
        scroll={{ x: 840 }}
        loading={list.isFetching}
        dataSource={list.data?.rows}
        pagination={{ current: q.page, pageSize: q.pageSize, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 条`, onChange: (page, pageSize) => setQ((s) => ({ ...s, page, pageSize })) }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 150, render: formatDateTime },
          { title: '操作员', dataIndex: 'operator', width: 90, render: (v: string) => v || <span className="muted">未设置</span> },
          { title: '类型', dataIndex: 'kind', width: 100, render: (k: string) => <Tag color={KIND_COLORS[k]}>{k}</Tag> },
          { title: '记录', dataIndex: 'recordName', width: 160, ellipsis: { showTitle: false }, render: (v: string) => <Clip text={v} /> },
          { title: '内容', dataIndex: 'summary', width: 340 }
        ]}
      />
    </Card>
  )
}
